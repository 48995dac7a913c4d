#!/usr/bin/env bash
# The plain 3-line sale of test/bench/sale.ts, today's code against an earlier
# commit's, on this machine in one run: each side on a bench instance of its own
# (data under .data/bench/, own database, NATS, Temporal dev server and port).
# Only one side is up while it is measured: an idle instance is not free (its
# pollers, its supervisor, its consumers catching up), and with both up each
# side paid for the other's. Prints sales/s per side and the ratio current ÷ baseline.
#
#   bash test/bench/sale-compare.sh <git-ref> [levels=8,32] [seconds=40]
#
# The baseline checkout is a detached git worktree in .data/bench/baseline-src
# sharing our node_modules (hard links); both instances are stopped at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REF=${1:?usage: sale-compare.sh <git-ref> [levels] [seconds]}
LEVELS=${2:-8,32}
SECS=${3:-40}
BENCH=$ROOT/.data/bench
BASE_SRC=$BENCH/baseline-src
NODE=$ROOT/node_modules/.bin/node
mkdir -p "$BENCH"

if [[ ! -d $BASE_SRC ]]; then git -C "$ROOT" worktree add --detach "$BASE_SRC" "$REF"; else git -C "$BASE_SRC" checkout -q --detach "$REF"; fi
[[ -d $BASE_SRC/node_modules ]] || cp -al "$ROOT/node_modules" "$BASE_SRC/node_modules"

# side → source folder and ports (API, NATS, Temporal, UI)
declare -A SRC=([baseline]=$BASE_SRC [current]=$ROOT)
# (BENCH_PORTS_BASELINE / BENCH_PORTS_CURRENT choose others, e.g. for a second checkout on the same machine)
declare -A PORTS=([baseline]="${BENCH_PORTS_BASELINE:-3600 4722 7733 8733}" [current]="${BENCH_PORTS_CURRENT:-3700 4822 7833 8833}")
DB_SUFFIX=$(basename "$ROOT" | tr -c 'a-z0-9\n' '_')
side_env() {
  local side=$1; read -r api nats tmp ui <<<"${PORTS[$side]}"
  echo "KONTOR_DATA_DIR=$BENCH/$side PORT=$api NATS_URL=nats://127.0.0.1:$nats TEMPORAL_ADDRESS=127.0.0.1:$tmp TEMPORAL_UI_PORT=$ui DATABASE_URL=postgresql://postgres@127.0.0.1:5432/kontor_bench_${side}_$DB_SUFFIX"
}
# Each run starts both sides afresh (data folder and database), so that neither carries sales of an earlier run.
fresh() {
  down "$1"
  rm -rf "${BENCH:?}/$1"
  psql -h 127.0.0.1 -U postgres -qc "drop database if exists kontor_bench_${1}_$DB_SUFFIX" >/dev/null
}
up() { fresh "$1"; (cd "${SRC[$1]}" && env -u DATABASE_URL -u NATS_URL -u TEMPORAL_ADDRESS -u PORT $(side_env "$1") bash deploy/up.sh >"$BENCH/$1-up.log" 2>&1); }
down() { (cd "${SRC[$1]}" && env $(side_env "$1") bash deploy/down.sh >>"$BENCH/$1-up.log" 2>&1) || true; }
trap 'down baseline; down current' EXIT

echo "baseline: $(git -C "$BASE_SRC" log --oneline -1)"
echo "current:  $(git -C "$ROOT" log --oneline -1)"
IFS=, read -ra levels <<<"$LEVELS"
for side in baseline current; do
  up "$side"
  for level in "${levels[@]}"; do
    echo "… $side at $level clients" >&2
    (cd "$ROOT" && env $(side_env "$side") "$NODE" test/bench/sale.ts --levels="$level" --seconds="$SECS" 2>/dev/null) | tail -1 >"$BENCH/$side-$level.json"
  done
  down "$side"
done

"$NODE" -e '
const [dir, levels] = process.argv.slice(1);
const read = (side, l) => JSON.parse(require("fs").readFileSync(`${dir}/${side}-${l}.json`, "utf8")).results[0];
console.log("clients  side       sales/s  events  KB    activities  Temporal CPU-s/sale  worker CPU-s/sale  failed");
for (const l of levels.split(",")) {
  const rows = ["baseline", "current"].map((side) => [side, read(side, l)]);
  for (const [side, r] of rows) {
    const h = r.history, c = r.cpuSecondsPerSale;
    console.log(`${String(l).padEnd(9)}${side.padEnd(11)}${r.salesPerSecond.toFixed(2).padStart(7)}  ${h.eventsMean.toFixed(0).padStart(6)}  ${(h.bytesMean / 1024).toFixed(1).padStart(5)} ${h.activitiesMean.toFixed(0).padStart(11)}  ${(c.temporal ?? NaN).toFixed(3).padStart(19)}  ${(c.worker ?? NaN).toFixed(3).padStart(17)}  ${r.failures}`);
  }
  console.log(`${String(l).padEnd(9)}ratio current ÷ baseline: ${(rows[1][1].salesPerSecond / rows[0][1].salesPerSecond).toFixed(2)}× sales/s`);
}' "$BENCH" "$LEVELS"
