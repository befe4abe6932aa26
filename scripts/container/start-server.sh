#!/bin/sh
# Starts the HTTP server of the production build (the container's default command). It applies
# pending migrations at start; settings come from the environment, or a .env file in the
# working directory, which is also where a relative DATA_DIR lives.
# glibc's allocator with two arenas, and blocks of 128 KiB or more in mappings of their own
# that go back to the system when freed: a burst of large answers leaves far less resident
# (docs/decisions/0033). Either can be overridden from the environment.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
exec node --max-old-space-size=256 --max-semi-space-size=8 --no-allocation-site-pretenuring --enable-source-maps \
  "$(dirname "$0")/dist/server.js" "$@"
