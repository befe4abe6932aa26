#!/bin/sh
# Starts a worker of the production build: emails, webhook deliveries, the expiry sweep. Any
# number may run beside any number of servers, against the same DATABASE_URL and SECRET_KEY.
# The allocator settings of start-server.sh (docs/decisions/0033).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
exec node --max-old-space-size=256 --max-semi-space-size=8 --no-allocation-site-pretenuring --enable-source-maps \
  "$(dirname "$0")/dist/worker.js" "$@"
