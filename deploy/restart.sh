#!/usr/bin/env bash
# deploy/restart.sh NAME: stops and starts one of our processes (e.g. a test
# that kills the worker mid-workflow and brings it back).
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

name=${1:-}
entry=$(app_entry "$name") || die "usage: $0 $(IFS='|' && echo "{${APP_NAMES[*]}}")"
[[ -f $entry ]] || die "$name: entry point $entry does not exist"
deploy_lock

stop_bg "$name" 10
log "starting $name"
start_app "$name"
# Same early-crash check as up.sh: a process dying at once is an error.
for ((i = 0; i < 8; i++)); do
  sleep 0.25
  is_running "$name" || { log_tail "$name" 40; die "$name exited right after start"; }
done
log "$name running (pid $(read_pid "$name"))"
