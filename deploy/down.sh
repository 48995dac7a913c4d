#!/usr/bin/env bash
# Stops exactly what deploy/up.sh started: our processes first (they hold
# connections to the infrastructure), then the infrastructure pieces recorded in
# .data/run/started-infra. Anything that was already running before up.sh is
# left alone. Idempotent.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
deploy_lock

# The supervisor first, or it would start again what we stop.
stop_bg supervisor 5
# Reverse start order: the gateway stops taking requests before its backends go.
for ((i = ${#APP_NAMES[@]} - 1; i >= 0; i--)); do
  stop_bg "${APP_NAMES[i]}" 10
done

if [[ -f $STARTED_INFRA ]]; then
  # Reverse order of starting, one line per piece.
  mapfile -t infra < <(tac "$STARTED_INFRA")
  for piece in "${infra[@]}"; do
    # shellcheck disable=SC2086
    set -- $piece
    case "$1" in
      temporal | nats)
        # Temporal flushes its SQLite state on TERM; give it time.
        stop_bg "$1" 20
        ;;
      postgresql)
        log "stopping PostgreSQL $2/$3"
        pg_ctlcluster --skip-systemctl-redirect "$2" "$3" stop >>"$LOG_DIR/postgresql.log" 2>&1 </dev/null 9>&- ||
          warn "pg_ctlcluster $2 $3 stop failed (already stopped?)"
        ;;
      *) warn "unknown entry in $STARTED_INFRA: $piece" ;;
    esac
    infra_unmark "$piece"
  done
  rm -f "$STARTED_INFRA"
fi
log "down"
