#!/usr/bin/env bash
# Brings the stack up (idempotent), then runs the whole jest suite in band.
# Extra arguments go to jest, e.g. `npm test -- test/e2e/quote.test.ts`.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

start=$SECONDS
# shellcheck disable=SC2317 # called by the EXIT trap
report() { log "total wall time: $((SECONDS - start))s"; }
trap report EXIT

bash "$ROOT/deploy/up.sh"

# Static gates first: strict types, and the lint rule that keeps workflow code deterministic.
log "type check (tsc) and lint (eslint)"
"$ROOT/node_modules/.bin/node" node_modules/typescript/bin/tsc -p tsconfig.json
"$ROOT/node_modules/.bin/node" node_modules/eslint/bin/eslint.js .

# jest needs vm modules for ESM; Node 24 from node_modules runs the .ts files.
rc=0
"$ROOT/node_modules/.bin/node" --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand "$@" </dev/null || rc=$?
exit "$rc"
