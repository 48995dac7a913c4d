#!/usr/bin/env bash
# Brings the stack up (idempotent), then runs the whole jest suite in band.
# Extra arguments go to jest, e.g. `npm test -- test/e2e/quote.test.ts`.
set -euo pipefail
DEMO_DATA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.data"

# The tests run on a stack instance of their own (data folder .data/test, its
# own database, NATS server, Temporal dev server and gateway port), so that a
# test run never changes or kills anything of the demo system. Its settings are
# saved in .data/test/instance.env on the first run; the KONTOR_TEST_* variables
# choose others for a fresh test instance.
export KONTOR_DATA_DIR="${KONTOR_TEST_DATA_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.data/test}"
unset DATABASE_URL NATS_URL TEMPORAL_ADDRESS TEMPORAL_NAMESPACE TEMPORAL_UI_PORT TEMPORAL_TASK_QUEUE PORT WEB_PORT
# Every reply of every service is checked against its contract while the tests run: a reply that
# does not fit its schema answers 500 and fails the test that caused it.
export KONTOR_VALIDATE_REPLIES=1
if [[ ! -f $KONTOR_DATA_DIR/instance.env ]]; then
  export PORT="${KONTOR_TEST_PORT:-3100}"
  export NATS_URL="${KONTOR_TEST_NATS_URL:-nats://127.0.0.1:4322}"
  export TEMPORAL_ADDRESS="${KONTOR_TEST_TEMPORAL_ADDRESS:-127.0.0.1:7333}"
  export TEMPORAL_UI_PORT="${KONTOR_TEST_TEMPORAL_UI_PORT:-8333}"
  export DATABASE_URL="${KONTOR_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/kontor_test}"
fi
# The test instance renders with an overriding template folder of its own (empty: the built-in templates), so
# that an e2e test can change a template as a firm would (KONTOR_TEMPLATE_DIR) and regenerate a document.
export KONTOR_TEMPLATE_DIR="${KONTOR_TEMPLATE_DIR:-$KONTOR_DATA_DIR/templates}"
mkdir -p "$KONTOR_TEMPLATE_DIR"
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

start=$SECONDS
# shellcheck disable=SC2317 # called by the EXIT trap
report() { log "total wall time: $((SECONDS - start))s"; }
trap report EXIT

# The demo system, if it runs: its fingerprint before and after proves the tests left it alone.
demo_fingerprint() {
  [[ -f $DEMO_DATA_DIR/instance.env && $DEMO_DATA_DIR != "$KONTOR_DATA_DIR" ]] || return 0
  env -i PATH="$KONTOR_ORIG_PATH" HOME="$HOME" KONTOR_DATA_DIR="$DEMO_DATA_DIR" \
    bash -c 'source deploy/lib.sh && node_modules/.bin/node scripts/demo-fingerprint.ts' 2>/dev/null
}
demo_before=$(demo_fingerprint || true)

log "test instance: $KONTOR_DATA_DIR (API :$PORT, NATS $NATS_URL, Temporal $TEMPORAL_ADDRESS, $DATABASE_URL)"
bash "$ROOT/deploy/up.sh"

# Static gates first: strict types, lint (import zones, deterministic workflow code) and formatting.
log "type check (tsc), lint (eslint), formatting (prettier)"
"$ROOT/node_modules/.bin/node" node_modules/typescript/bin/tsc -p tsconfig.json
"$ROOT/node_modules/.bin/node" node_modules/eslint/bin/eslint.js .
# One formatter (Prettier, line width 160, .prettierrc.json): `npm run format` rewrites, this checks.
"$ROOT/node_modules/.bin/node" node_modules/prettier/bin/prettier.cjs --check --log-level warn .

# jest needs vm modules for ESM; Node 24 from node_modules runs the .ts files.
rc=0
"$ROOT/node_modules/.bin/node" --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand "$@" </dev/null || rc=$?
if [[ -n $demo_before ]]; then
  if [[ $(demo_fingerprint || true) == "$demo_before" ]]; then
    log "demo system untouched by the tests (settings, documents, processes)"
  else
    warn "the demo system changed during the test run"
    rc=1
  fi
fi
exit "$rc"
