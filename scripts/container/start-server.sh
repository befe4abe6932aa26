#!/bin/sh
# Starts the HTTP server of the production build (the container's default command). It applies
# pending migrations at start; settings come from the environment, or a .env file in the
# working directory, which is also where a relative DATA_DIR lives.
exec node --max-old-space-size=256 --max-semi-space-size=8 --enable-source-maps \
  "$(dirname "$0")/dist/server.js" "$@"
