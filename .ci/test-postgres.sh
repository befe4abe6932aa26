#!/usr/bin/env bash
# The database-facing part of the test suite against the system's PostgreSQL (15 on Debian
# bookworm), the oldest release Guestlist supports (spec §10); the rest of the suite runs on the
# embedded 18. Chosen for coverage per minute: the domain against the database, the REST
# surface's main paths, the worker's deliveries, and the production build (which also proves
# the migrations on this server).
set -euo pipefail
cd "$(dirname "$0")/.."

run_tests() {
  local status=0
  (cd packages/core && pnpm exec vitest run --exclude test/embedded.test.ts) || status=1
  (cd apps/server && pnpm exec vitest run \
    test/invites.rest.test.ts test/redeem.rest.test.ts test/contract.rest.test.ts \
    test/accounts.rest.test.ts test/namespaces.rest.test.ts test/list.rest.test.ts \
    test/outbox.rest.test.ts test/webhooks.rest.test.ts test/rolling-upgrade.test.ts) || status=1
  (cd apps/worker && pnpm exec vitest run test/webhooks.test.ts) || status=1
  return "$status"
}

if [ -n "${DATABASE_URL:-}" ]; then
  run_tests
else
  export -f run_tests
  .ci/postgres.sh -- bash -c run_tests
fi
