#!/bin/sh
# The server's tools in the production build (spec §10): `guestlist-server.sh export --out FILE`,
# `guestlist-server.sh import --in FILE`, with the server's settings, heap cap and allocator
# (start-server.sh says why; either setting can be overridden from the environment).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
exec node --max-old-space-size=256 --max-semi-space-size=8 --no-allocation-site-pretenuring --enable-source-maps \
  "$(dirname "$0")/dist/guestlist-server.js" "$@"
