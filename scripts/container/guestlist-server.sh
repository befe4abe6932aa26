#!/bin/sh
# The server's tools in the production build (spec §10): `guestlist-server.sh export --out FILE`,
# `guestlist-server.sh import --in FILE`, with the server's settings and heap cap.
exec node --max-old-space-size=256 --enable-source-maps \
  "$(dirname "$0")/dist/guestlist-server.js" "$@"
