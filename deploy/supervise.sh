#!/usr/bin/env bash
# The instance's supervisor, started by up.sh and stopped first by down.sh:
# restarts any of our processes that died (crash, OOM kill, kill -9), with a
# growing pause for one that keeps dying. It takes the deploy lock for each
# start, so it never races up.sh or restart.sh.
set -uo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 1

INTERVAL=${KONTOR_SUPERVISE_INTERVAL:-2}
declare -A next_try=() pause=()

restart_dead() {
  local name=$1
  (
    exec 9>"$RUN_DIR/deploy.lock"
    flock -n 9 || exit 0 # a deploy script is at work; look again next round
    is_running "$name" && exit 0
    log "supervisor: $name is not running; starting it"
    start_app "$name"
  )
}

while sleep "$INTERVAL"; do
  now=$SECONDS
  for name in "${APP_NAMES[@]}"; do
    if is_running "$name"; then
      # Up for a minute: forget earlier crashes.
      ((now >= ${next_try[$name]:-0} + 60)) && pause[$name]=0
      continue
    fi
    ((now >= ${next_try[$name]:-0})) || continue
    restart_dead "$name"
    p=${pause[$name]:-0}
    pause[$name]=$((p == 0 ? 2 : (p * 2 > 60 ? 60 : p * 2)))
    next_try[$name]=$((now + ${pause[$name]}))
  done
done
