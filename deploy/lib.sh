# shellcheck shell=bash
# Shared helpers for deploy/*.sh. Source it; it does not change shell options.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Node 24 (npm devDependency) must win over the machine's node 20; the temporal
# CLI may live in ~/go/bin (pre-built) or .data/bin (built by up.sh).
# KONTOR_ORIG_PATH keeps the caller's PATH (for the machine's npm) and stops
# nested scripts (test.sh -> up.sh) from prefixing twice.
export KONTOR_ORIG_PATH="${KONTOR_ORIG_PATH:-$PATH}"
export PATH="$ROOT/node_modules/.bin:/usr/local/go/bin:$HOME/go/bin:$ROOT/.data/bin:$KONTOR_ORIG_PATH"

# An instance is one data folder (KONTOR_DATA_DIR, default .data): its pids,
# logs, Temporal state, keys and the settings it was first brought up with
# (instance.env). Settings given in the environment win; otherwise the saved
# ones apply, so restart.sh and down.sh act on the same instance without the
# caller exporting anything again.
export KONTOR_DATA_DIR="${KONTOR_DATA_DIR:-$ROOT/.data}"
DATA_DIR="$KONTOR_DATA_DIR"
INSTANCE_ENV="$DATA_DIR/instance.env"
INSTANCE_VARS=(DATABASE_URL DATABASE_SOCKET_DIR NATS_URL TEMPORAL_ADDRESS TEMPORAL_NAMESPACE TEMPORAL_UI_PORT TEMPORAL_TASK_QUEUE PORT WEB_PORT CHROMIUM_PATH PDF_CHROMIUM_PATH EXCHANGE_RATES_FILE KONTOR_VALIDATE_REPLIES KONTOR_PAYMENT_WEBHOOK_SECRET)
if [[ -f $INSTANCE_ENV ]]; then
  while IFS='=' read -r _k _v; do
    [[ -n $_k && -z ${!_k:-} ]] && export "$_k=$_v"
  done <"$INSTANCE_ENV"
  unset _k _v
fi

export DATABASE_URL="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/kontor}"
# Empty: up.sh connects the services through PostgreSQL's Unix socket where the database runs here and accepts it
# there (shared/config.ts says why); a folder chooses the socket's, "none" keeps them on DATABASE_URL's TCP host.
export DATABASE_SOCKET_DIR="${DATABASE_SOCKET_DIR:-}"
export NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
export TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
export TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
export TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
export TEMPORAL_TASK_QUEUE="${TEMPORAL_TASK_QUEUE:-kontor-sales}"
export PORT="${PORT:-3000}"
# The staff web app listens next to the API unless told otherwise.
export WEB_PORT="${WEB_PORT:-$((PORT + 1))}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
# Empty: the document service prints with Chromium's headless shell where installed (up.sh installs it), else CHROMIUM_PATH.
export PDF_CHROMIUM_PATH="${PDF_CHROMIUM_PATH:-}"
# Demo and test rates in ECB format; production points this at the downloaded eurofxref-daily.xml.
export EXCHANGE_RATES_FILE="${EXCHANGE_RATES_FILE:-$ROOT/deploy/rates/ecb-sample.xml}"
# 1: every service checks each NATS reply against its command's reply schema before sending it
# (the test instance does; it costs CPU, so the demo and production leave it off).
export KONTOR_VALIDATE_REPLIES="${KONTOR_VALIDATE_REPLIES:-0}"
# The shared secret the payment provider signs webhook calls with (HMAC-SHA256): generated once per
# instance when none is given, and kept in its instance.env (readable by its owner only) by up.sh.
if [[ -z ${KONTOR_PAYMENT_WEBHOOK_SECRET:-} ]]; then
  KONTOR_PAYMENT_WEBHOOK_SECRET="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
fi
export KONTOR_PAYMENT_WEBHOOK_SECRET

RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"
STARTED_INFRA="$RUN_DIR/started-infra"
mkdir -p "$RUN_DIR" "$LOG_DIR"

# save_instance_env: records this instance's settings (up.sh, once they work).
save_instance_env() {
  local k
  (umask 077 && for k in "${INSTANCE_VARS[@]}"; do printf '%s=%s\n' "$k" "${!k}"; done >"$INSTANCE_ENV.tmp")
  mv "$INSTANCE_ENV.tmp" "$INSTANCE_ENV"
}

# Our own processes, in start order (down.sh stops them in reverse).
# shellcheck disable=SC2034 # used by the scripts that source this file
APP_NAMES=(quote order fulfillment invoicing document worker gateway web)

app_entry() {
  case "$1" in
    quote | order | fulfillment | invoicing | document | gateway | web) echo "services/$1/src/main.ts" ;;
    worker) echo "workflows/src/worker.ts" ;;
    *) return 1 ;;
  esac
}

# ---------------------------------------------------------------- logging
# Colour only on a terminal, so CI logs stay plain text.
if [[ -t 2 ]]; then _C_LOG=$'\e[1;34m' _C_WARN=$'\e[1;33m' _C_ERR=$'\e[1;31m' _C_OFF=$'\e[0m'; else _C_LOG='' _C_WARN='' _C_ERR='' _C_OFF=''; fi
log() { printf '%s[%s]%s %s\n' "$_C_LOG" "$(date +%H:%M:%S)" "$_C_OFF" "$*" >&2; }
warn() { printf '%s[%s] WARN:%s %s\n' "$_C_WARN" "$(date +%H:%M:%S)" "$_C_OFF" "$*" >&2; }
die() {
  printf '%s[%s] ERROR:%s %s\n' "$_C_ERR" "$(date +%H:%M:%S)" "$_C_OFF" "$*" >&2
  exit 1
}
# Last lines of a process log, indented, for error messages.
log_tail() {
  local file="$LOG_DIR/$1.log"
  [[ -f $file ]] || return 0
  echo "----- last ${2:-30} lines of $file -----" >&2
  tail -n "${2:-30}" "$file" | sed 's/^/    /' >&2
  echo "-----" >&2
}

# ---------------------------------------------------------------- network
# port_open HOST PORT: true if something accepts TCP connections there.
# The timeout keeps a filtered/black-holed port from hanging the script.
port_open() {
  # shellcheck disable=SC2016 # $1/$2 expand in the inner bash
  timeout 1 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# wait_port HOST PORT SECONDS [NAME]
wait_port() {
  local host=$1 port=$2 secs=$3 i
  for ((i = 0; i < secs * 4; i++)); do
    port_open "$host" "$port" && return 0
    sleep 0.25
  done
  return 1
}

# url_field URL FIELD: host | port | db | admin (same URL pointing at the
# "postgres" database). Node's WHATWG URL handles user:pass@, IPv6, ?params.
url_field() {
  node -e '
    const [raw, field] = process.argv.slice(1);
    const u = new URL(raw);
    const defaults = { "postgresql:": "5432", "postgres:": "5432", "nats:": "4222" };
    const out = {
      host: u.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1",
      port: u.port || defaults[u.protocol] || "",
      db: decodeURIComponent(u.pathname.replace(/^\//, "")),
      user: decodeURIComponent(u.username) || "postgres",
    };
    if (field === "admin") { u.pathname = "/postgres"; out.admin = u.toString(); }
    process.stdout.write(String(out[field]));
  ' "$1" "$2"
}

# ---------------------------------------------------------------- apt
_APT_UPDATED=0
# apt_install PKG...: installs quietly (output goes to .data/logs/apt.log so that
# daemons started by postinst scripts never inherit our stdout/CI pipes).
apt_install() {
  local sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo -n)
  export DEBIAN_FRONTEND=noninteractive
  if [[ $_APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    "${sudo[@]}" apt-get update >>"$LOG_DIR/apt.log" 2>&1 </dev/null 9>&- ||
      { log_tail apt; die "apt-get update failed"; }
    _APT_UPDATED=1
  fi
  log "apt-get install $*"
  "${sudo[@]}" apt-get install -y --no-install-recommends "$@" >>"$LOG_DIR/apt.log" 2>&1 </dev/null 9>&- ||
    { log_tail apt; die "apt-get install $* failed"; }
}

# ---------------------------------------------------------------- pid files
pid_file() { echo "$RUN_DIR/$1.pid"; }

# Kernel start time of a pid (field 22 of /proc/PID/stat); guards against a
# stale pid file matching an unrelated process that reused the pid.
proc_starttime() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) } # drop "pid (comm) " - comm may contain spaces
  # shellcheck disable=SC2086
  set -- $stat
  echo "${20}"
}

# read_pid NAME: prints the recorded pid (empty if none).
read_pid() {
  local f
  f=$(pid_file "$1")
  [[ -f $f ]] && tr -dc '0-9' <"$f"
  return 0
}

# is_running NAME: true if the process recorded for NAME is alive.
# Builtins only: the supervisor asks this for every process every few seconds,
# and each fork (cat, awk, a command substitution) costs about a millisecond
# of CPU on these VMs; with forks it kept 15 % of a core busy.
is_running() {
  local name=$1 pid="" start_rec="" stat
  [[ -f $RUN_DIR/$name.pid ]] && read -r pid <"$RUN_DIR/$name.pid"
  pid=${pid//[^0-9]/}
  [[ -n $pid ]] || return 1
  { read -r stat <"/proc/$pid/stat"; } 2>/dev/null || return 1
  stat=${stat##*) } # drop "pid (comm) " - comm may contain spaces
  # shellcheck disable=SC2086
  set -- $stat
  [[ -f $RUN_DIR/$name.start ]] && read -r start_rec <"$RUN_DIR/$name.start"
  # The start time guards against a stale pid file naming an unrelated process that reused the pid.
  [[ -z $start_rec || $start_rec == "${20}" ]] || return 1
  # A zombie (exited, not yet reaped) is not running.
  [[ $1 != Z ]]
}

# start_app NAME: starts one of our Node processes (app_entry). A young generation
# of 32 MB semi-spaces (V8's default is 16) halves the scavenges of these
# allocation-heavy request handlers; KONTOR_NODE_FLAGS replaces the flags.
start_app() {
  local entry
  entry=$(app_entry "$1") || return 1
  # shellcheck disable=SC2086
  start_bg "$1" "$ROOT/node_modules/.bin/node" ${KONTOR_NODE_FLAGS---max-semi-space-size=32} "$entry"
}

# start_bg NAME CMD...: runs CMD detached in its own session (so the process
# group id == pid and stop_bg can kill it with all its children), output
# appended to .data/logs/NAME.log, pid in .data/run/NAME.pid.
start_bg() {
  local name=$1 pid
  shift
  local logf="$LOG_DIR/$name.log"
  # A previous instance killed with -9 may have left children in its group.
  stop_bg "$name" 5
  printf '\n===== %s starting: %s\n' "$(date '+%F %T')" "$*" >>"$logf"
  # No job control in scripts, so the background child is not a group leader
  # and setsid(1) calls setsid() in place instead of forking: $! is the process.
  (cd "$ROOT" && exec setsid "$@") >>"$logf" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid" >"$(pid_file "$name")"
  proc_starttime "$pid" >"$RUN_DIR/$name.start" 2>/dev/null || true
}

# group_alive PGID: any live (non-zombie) process left in the group? Zombies
# count as gone: orphans are reaped by PID 1, which may take its time.
group_alive() {
  ps -e -o pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { found = 1 } END { exit !found }'
}

# stop_bg NAME [GRACE_SECONDS]: TERM the process group, wait, then KILL.
stop_bg() {
  local name=$1 grace=${2:-10} pid i
  pid=$(read_pid "$name")
  if [[ -z $pid ]]; then
    rm -f "$RUN_DIR/$name.start"
    return 0
  fi
  # Leader alive but with another start time: the pid was reused, not ours.
  local start_rec start_now
  start_rec=$(cat "$RUN_DIR/$name.start" 2>/dev/null || true)
  start_now=$(proc_starttime "$pid" || true)
  if [[ -n $start_now && -n $start_rec && $start_now != "$start_rec" ]]; then
    warn "$name: pid $pid belongs to another process now; only removing the pid file"
    rm -f "$(pid_file "$name")" "$RUN_DIR/$name.start"
    return 0
  fi
  if group_alive "$pid"; then
    log "stopping $name (pgid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 4; i++)); do
      group_alive "$pid" || break
      sleep 0.25
    done
    if group_alive "$pid"; then
      warn "$name did not stop within ${grace}s; sending KILL"
      kill -KILL -- "-$pid" 2>/dev/null || true
      sleep 0.5
    fi
  fi
  rm -f "$(pid_file "$name")" "$RUN_DIR/$name.start"
}

# ---------------------------------------------------------------- lock
# up/down/restart may be run by several people or tests at once; without this
# two up.sh runs would both see a service stopped and start it twice.
# Fd 9 holds the lock: everything that may leave a daemon behind (start_bg,
# pg_ctlcluster, apt-get) closes it, or the daemon would hold the lock forever.
deploy_lock() {
  exec 9>"$RUN_DIR/deploy.lock"
  flock -w 600 9 || die "another deploy script has held $RUN_DIR/deploy.lock for 10 minutes"
}

# ---------------------------------------------------------------- started-infra
# One line per infrastructure piece that up.sh started itself (temporal, nats,
# "postgresql <version> <cluster>"); down.sh stops only those.
infra_mark() {
  touch "$STARTED_INFRA"
  grep -qxF "$*" "$STARTED_INFRA" || echo "$*" >>"$STARTED_INFRA"
}
infra_unmark() {
  [[ -f $STARTED_INFRA ]] || return 0
  grep -vxF "$*" "$STARTED_INFRA" >"$STARTED_INFRA.tmp" || true
  mv "$STARTED_INFRA.tmp" "$STARTED_INFRA"
}
