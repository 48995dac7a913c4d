#!/usr/bin/env bash
# Brings up the whole Kontor stack on this machine: Temporal dev server, NATS,
# PostgreSQL, Chromium, then our services. Idempotent: whatever already runs is
# left alone, and a second run only (re)starts what is missing.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
deploy_lock

# Search attributes the workflows upsert; Temporal rejects unknown ones.
SEARCH_ATTRIBUTES=(
  KontorDocumentNumber=Keyword
  KontorCustomer=Keyword
  KontorStage=Keyword
  KontorTotalBase=Double
  KontorDocuments=KeywordList
  KontorOrderType=Keyword
  KontorMilestoneOverdue=Bool
  KontorNextMilestoneDate=Datetime
  KontorAwaitingStock=Bool
)
TEMPORAL_CLI_VERSION=v1.5.1

is_local_host() { [[ $1 == 127.* || $1 == localhost || $1 == ::1 || $1 == 0.0.0.0 ]]; }

# ---------------------------------------------------------------- a. npm deps
ensure_node_modules() {
  if [[ ! -d node_modules || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "installing npm dependencies (npm ci)"
    # The machine's npm; Node 24 itself arrives as the `node` devDependency.
    PATH="$KONTOR_ORIG_PATH" npm ci --no-audit --no-fund </dev/null
  fi
  [[ -x node_modules/.bin/node ]] || die "node_modules/.bin/node missing after npm ci (the 'node' devDependency provides Node 24)"
  hash -r
}

# ---------------------------------------------------------------- b. Temporal
ensure_temporal_cli() {
  if command -v temporal >/dev/null; then return 0; fi
  command -v go >/dev/null || die "temporal CLI not found and no Go toolchain (/usr/local/go/bin/go) to build it"
  # Into Go's own bin folder (~/go/bin, on PATH), so that every clone and
  # instance on this machine shares one build.
  log "building temporal CLI $TEMPORAL_CLI_VERSION into $HOME/go/bin (takes a few minutes; log: $LOG_DIR/go-install.log)"
  GOBIN="$HOME/go/bin" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" \
    >>"$LOG_DIR/go-install.log" 2>&1 </dev/null || { log_tail go-install; die "go install of the temporal CLI failed"; }
  hash -r
  command -v temporal >/dev/null || die "temporal CLI still not on PATH after go install"
}

temporal_healthy() {
  temporal operator cluster health --address "$TEMPORAL_ADDRESS" --command-timeout 3s >/dev/null 2>&1 &&
    temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" --address "$TEMPORAL_ADDRESS" \
      --command-timeout 3s >/dev/null 2>&1
}

ensure_temporal() {
  local host=${TEMPORAL_ADDRESS%:*} port=${TEMPORAL_ADDRESS##*:} db="$DATA_DIR/temporal/temporal.db" i ours=0
  ensure_temporal_cli
  if ! port_open "$host" "$port"; then
    is_local_host "$host" || die "Temporal at $TEMPORAL_ADDRESS is not reachable and is not on this machine"
    if ! is_running temporal; then
      mkdir -p "$DATA_DIR/temporal"
      local args=(server start-dev --ip "$host" --port "$port" --ui-port "$TEMPORAL_UI_PORT"
        --db-filename "$db" --namespace "$TEMPORAL_NAMESPACE" --log-level warn
        # WAL: the dev server's SQLite writes dominate a sale's cost; this roughly doubles throughput.
        --sqlite-pragma journal_mode=wal --sqlite-pragma synchronous=normal
        # One task-queue partition instead of four: one worker polls them all, and with four the server forwards
        # tasks and polls between partitions. About 14 % less server and worker CPU per sale (test/bench/sale.ts).
        --dynamic-config-value matching.numTaskqueueReadPartitions=1
        --dynamic-config-value matching.numTaskqueueWritePartitions=1)
      # Only on a fresh database: with an existing one start-dev logs an error
      # for already registered attributes and skips the rest. ensure_search_attributes
      # below covers both cases.
      if [[ ! -f $db ]]; then
        for i in "${SEARCH_ATTRIBUTES[@]}"; do args+=(--search-attribute "$i"); done
      fi
      log "starting Temporal dev server on $TEMPORAL_ADDRESS (UI :$TEMPORAL_UI_PORT, state $db)"
      # GOGC: the server's garbage collector took ~8 % of its CPU under the sale bench; a larger
      # heap target (soft-capped by GOMEMLIMIT) collects less often. Callers' own values win.
      start_bg temporal env GOGC="${GOGC:-400}" GOMEMLIMIT="${GOMEMLIMIT:-1GiB}" temporal "${args[@]}"
      infra_mark temporal
    fi
    ours=1
  fi
  log "waiting for Temporal to be healthy"
  for ((i = 0; i < 120; i++)); do
    temporal_healthy && break
    if ((ours)) && ! is_running temporal; then
      log_tail temporal
      infra_unmark temporal
      die "Temporal dev server exited during startup"
    fi
    sleep 0.5
  done
  if ! temporal_healthy; then
    log_tail temporal
    if ((ours)); then stop_bg temporal 10 && infra_unmark temporal; fi
    die "Temporal at $TEMPORAL_ADDRESS not healthy after 60s"
  fi
  ensure_search_attributes
}

# Registers missing search attributes one by one (the CLI silently drops all but
# the first of several --name flags); creating an existing one with the same
# type succeeds, so this is safe to repeat. A type clash is a real error.
ensure_search_attributes() {
  local existing sa name type have
  existing=$(temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" \
    --namespace "$TEMPORAL_NAMESPACE" -o json --command-timeout 10s |
    node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8"));
      for (const [k, v] of Object.entries(j.customAttributes ?? {}))
        console.log(k + "=" + v.replace("INDEXED_VALUE_TYPE_", "").toLowerCase().replace("_", ""));') ||
    die "could not list Temporal search attributes"
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do
    name=${sa%%=*} type=${sa#*=}
    have=$(grep "^$name=" <<<"$existing" | cut -d= -f2 || true)
    if [[ -z $have ]]; then
      log "registering search attribute $name ($type)"
      local out
      out=$(temporal operator search-attribute create --name "$name" --type "$type" \
        --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE" --command-timeout 10s 2>&1) ||
        grep -qi 'already exists' <<<"$out" || die "creating search attribute $name failed: $out"
    elif [[ $have != "${type,,}" ]]; then
      die "search attribute $name exists with type $have, expected $type (reset .data/temporal or fix by hand)"
    fi
  done
}

# ---------------------------------------------------------------- c. NATS
ensure_nats() {
  local first=${NATS_URL%%,*} host port
  host=$(url_field "$first" host) port=$(url_field "$first" port)
  port_open "$host" "$port" && return 0
  is_local_host "$host" || die "NATS at $first is not reachable and is not on this machine"
  command -v nats-server >/dev/null || apt_install nats-server
  if ! is_running nats; then
    mkdir -p "$DATA_DIR/nats"
    log "starting nats-server with JetStream on $host:$port (store $DATA_DIR/nats)"
    # GOGC as for Temporal below: the Go collector collects less often for a larger heap target.
    start_bg nats env GOGC="${GOGC:-400}" nats-server -a "$host" -p "$port" -js -sd "$DATA_DIR/nats"
    infra_mark nats
  fi
  wait_port "$host" "$port" 20 || {
    log_tail nats
    stop_bg nats 5 && infra_unmark nats
    die "NATS did not open $host:$port within 20s"
  }
}

# ---------------------------------------------------------------- d. PostgreSQL
# Fresh Debian clusters want passwords over TCP; DATABASE_URL has none, so a
# cluster we install ourselves trusts loopback connections (dev machines only).
pg_trust_loopback() {
  local hba="/etc/postgresql/$1/$2/pg_hba.conf"
  [[ -f $hba ]] || return 0
  sed -i -E 's#^(host[[:space:]]+all[[:space:]]+all[[:space:]]+(127\.0\.0\.1/32|::1/128)[[:space:]]+)[^[:space:]]+#\1trust#' "$hba"
}

# Debian cluster ("version name") configured for a port, from pg_lsclusters.
pg_cluster_for_port() {
  command -v pg_lsclusters >/dev/null || return 0
  pg_lsclusters -h 2>/dev/null | awk -v p="$1" '$3 == p { print $1, $2; exit }'
}

ensure_postgres() {
  local host port db admin cluster installed=0 exists
  host=$(url_field "$DATABASE_URL" host) port=$(url_field "$DATABASE_URL" port)
  db=$(url_field "$DATABASE_URL" db) admin=$(url_field "$DATABASE_URL" admin)
  if ! port_open "$host" "$port"; then
    is_local_host "$host" || die "PostgreSQL at $host:$port is not reachable and is not on this machine"
    if ! command -v pg_ctlcluster >/dev/null; then
      apt_install postgresql # its postinst creates the "main" cluster on 5432
      installed=1
    fi
    cluster=$(pg_cluster_for_port "$port")
    [[ -n $cluster ]] || die "no PostgreSQL cluster configured for port $port (see pg_lsclusters); fix DATABASE_URL or create one"
    # shellcheck disable=SC2086 # "version name"
    set -- $cluster
    ((installed)) && pg_trust_loopback "$1" "$2"
    if ((installed)) && port_open "$host" "$port"; then
      # The package's postinst may already have started it; pick up pg_hba.conf.
      pg_ctlcluster --skip-systemctl-redirect "$1" "$2" reload >>"$LOG_DIR/postgresql.log" 2>&1 </dev/null 9>&- || true
    else
      log "starting PostgreSQL cluster $1/$2"
      pg_ctlcluster --skip-systemctl-redirect "$1" "$2" start >>"$LOG_DIR/postgresql.log" 2>&1 </dev/null 9>&- ||
        { log_tail postgresql; die "pg_ctlcluster $1 $2 start failed"; }
    fi
    infra_mark "postgresql $1 $2"
    wait_port "$host" "$port" 30 || die "PostgreSQL did not open $host:$port within 30s"
  fi
  [[ -n $db ]] || die "DATABASE_URL has no database name"
  # psql -c does not interpolate variables, stdin does: keeps odd names safe.
  exists=$(psql "$admin" -X -v ON_ERROR_STOP=1 -v db="$db" -tA <<<"SELECT 1 FROM pg_database WHERE datname = :'db'") ||
    die "cannot connect to PostgreSQL at $host:$port as given by DATABASE_URL"
  if [[ $exists != 1 ]]; then
    log "creating database $db"
    psql "$admin" -X -q -v ON_ERROR_STOP=1 -v db="$db" <<<'CREATE DATABASE :"db"' || die "CREATE DATABASE $db failed"
  fi
  if [[ -z $DATABASE_SOCKET_DIR ]] && is_local_host "$host"; then
    DATABASE_SOCKET_DIR=$(pg_socket_dir "$port" "$(url_field "$DATABASE_URL" user)" "$db")
    if [[ -n $DATABASE_SOCKET_DIR ]]; then log "services reach PostgreSQL through its Unix socket in $DATABASE_SOCKET_DIR"; fi
  fi
}

# The folder of PostgreSQL's Unix socket for this port, if a connection through it is accepted (peer
# authentication may refuse what loopback TCP trusts); nothing otherwise.
pg_socket_dir() {
  local dir
  for dir in /var/run/postgresql /tmp; do
    [[ -S $dir/.s.PGSQL.$1 ]] || continue
    psql "host=$dir port=$1 user=$2 dbname=$3" -X -tAc 'select 1' >/dev/null 2>&1 </dev/null && { echo "$dir"; return; }
  done
  return 0
}

# ---------------------------------------------------------------- e. Chromium, pdftotext
ensure_tools() {
  if [[ ! -x $CHROMIUM_PATH ]]; then
    # Fonts too: without any, Chromium renders PDFs with invisible text.
    apt_install chromium fonts-liberation fonts-dejavu-core
    [[ -x $CHROMIUM_PATH ]] || die "CHROMIUM_PATH=$CHROMIUM_PATH still missing after installing chromium"
  fi
  # PDFs print in Chromium's headless shell (services/document/src/pdf/renderer.ts says why); the web tests use the full browser.
  [[ -n $PDF_CHROMIUM_PATH || -x /usr/lib/chromium/chromium-headless-shell ]] || apt_install chromium-headless-shell
  command -v pdftotext >/dev/null || apt_install poppler-utils
  # Customers' names in Chinese, Japanese, Korean or with emoji: without these fonts they print as empty boxes.
  [[ $(fc-list : family 2>/dev/null) == *"Noto Sans CJK"*"Noto Color Emoji"* || $(fc-list : family 2>/dev/null) == *"Noto Color Emoji"*"Noto Sans CJK"* ]] || apt_install fonts-noto-cjk fonts-noto-color-emoji
}

# ---------------------------------------------------------------- f. our processes
# newer_sources FILE: prints a source file changed after FILE (a pid file), so
# that a second `up` after an edit restarts the processes instead of testing old code.
newer_sources() {
  find services shared workflows templates -newer "$1" \( -name '*.ts' -o -name '*.ejs' -o -name '*.css' -o -name '*.js' \) -print -quit 2>/dev/null
}

start_apps() {
  local name entry missing=() started=() i
  for name in "${APP_NAMES[@]}"; do
    entry=$(app_entry "$name")
    [[ -f $entry ]] || missing+=("$entry")
  done
  ((${#missing[@]} == 0)) || die "missing entry point(s): ${missing[*]}"

  for name in "${APP_NAMES[@]}"; do
    if is_running "$name"; then
      if [[ -z $(newer_sources "$(pid_file "$name")") ]]; then
        log "$name already running (pid $(read_pid "$name"))"
        continue
      fi
      log "$name runs older code than the work tree: restarting it"
    fi
    log "starting $name"
    start_app "$name"
    started+=("$name")
  done
  ((${#started[@]} > 0)) || return 0
  # Crashes on import/config errors show up within the first seconds.
  for ((i = 0; i < 12; i++)); do
    sleep 0.25
    for name in "${started[@]}"; do
      if ! is_running "$name"; then
        log_tail "$name" 40
        die "$name exited right after start (log: $LOG_DIR/$name.log); fix it and rerun 'npm run up'"
      fi
    done
  done
}

# The supervisor restarts whatever of ours dies from now on (deploy/supervise.sh).
start_supervisor() {
  is_running supervisor && return 0
  log "starting supervisor"
  start_bg supervisor bash "$ROOT/deploy/supervise.sh"
}

# ---------------------------------------------------------------- g. readiness, demo data
run_script() {
  local script="scripts/$1.ts"
  [[ -f $script ]] || die "$script is missing"
  log "node $script"
  "$ROOT/node_modules/.bin/node" "$script" </dev/null
}

wait_ready() {
  run_script wait-ready && return 0
  local name
  for name in "${APP_NAMES[@]}"; do
    is_running "$name" || { warn "$name is not running"; log_tail "$name" 20; }
  done
  die "services did not become ready (logs: $LOG_DIR)"
}

# ---------------------------------------------------------------- main
ensure_node_modules
ensure_temporal
ensure_nats
ensure_postgres
ensure_tools
start_apps
start_supervisor
wait_ready
# Keys first: the demo data goes in through the REST API with them.
run_script demo-keys || die "creating demo API keys failed"
run_script seed-demo || die "seeding demo data failed"
save_instance_env

cat <<EOF

Kontor is up.
  Staff web    http://127.0.0.1:$WEB_PORT  (demo sign-ins above: name / name-demo)
  API          http://127.0.0.1:$PORT/api/v1
  API docs     http://127.0.0.1:$PORT/api/v1/docs
  Health       http://127.0.0.1:$PORT/health
  Temporal UI  http://127.0.0.1:$TEMPORAL_UI_PORT
  Logs         $LOG_DIR/<name>.log  (pids in $RUN_DIR, settings in $INSTANCE_ENV)
  Stop with    npm run down
EOF
