#!/usr/bin/env bash
# The production build: what the server and the worker run, in one self-contained folder
# (docs/decisions/0028). Usage: scripts/container/build.sh [OUT], OUT defaults to build/guestlist.
# The result needs only `node` (24): dist/ holds the bundled JavaScript, node_modules/ the
# registry's packages (production dependencies only), web/ the browser app, and the start scripts.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "${1:-$root/build/guestlist}")
cd "$root"

export TURBO_TELEMETRY_DISABLED=1
pnpm exec turbo run build --filter=@guestlist/server --filter=@guestlist/web --output-logs=errors-only

rm -rf "$out"
# Hoisted: the bundle imports the registry's packages from one flat node_modules beside it.
# No automatic peers: they would bring TypeScript along as a peer of tRPC.
pnpm --filter=@guestlist/server deploy --prod --config.node-linker=hoisted \
  --config.auto-install-peers=false "$out" >/dev/null
# The workspace's own packages are bundled into dist/: their TypeScript sources are not needed.
rm -rf "$out/node_modules/@guestlist" "$out/pnpm-workspace.yaml"
cp -R apps/web/dist "$out/web"
cp scripts/container/start-server.sh scripts/container/start-worker.sh \
  scripts/container/guestlist-server.sh "$out/"
echo "production build in $out"
