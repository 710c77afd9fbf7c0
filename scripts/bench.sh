#!/usr/bin/env bash
# `make bench`: every benchmark in one run, written to docs/BENCHMARKS.md with the commands that
# produced each figure. Runs its own stack (ports 56521/56522/56621/56787, and 56788 for the worker
# with the DevTools inspector attached) and stops it on exit.
# The machine is shared and noisy: compare figures within one run, as ratios; medians/p50s.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG=bench

"$ROOT/scripts/ensure-tools.sh"
export STACK_DIR=$ROOT/.dev/bench PG_PORT=56522 REST_PORT=56521 PGRST_PORT=56621 WORKER_PORT=56787 \
  DEV_VARS=$ROOT/.dev/bench/dev.vars STACK_THROWAWAY=1 WORKER_INSPECTOR=0
mkdir -p "$STACK_DIR"
trap '"$ROOT/scripts/stack.sh" down >/dev/null 2>&1 || true' EXIT
report=$STACK_DIR/BENCHMARKS.md

cd "$ROOT"
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` (scripts/bench.sh) on $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')."
  echo "Shared and noisy: read figures as ratios within this run."
  echo
  echo "## calorie-core: bucketing 1,000,000 events"
  echo
  "$ROOT/scripts/bench-core.sh"
  echo
} >"$report"

log "building the worker (release) and starting the bench stack"
"$ROOT/scripts/stack.sh" up
# shellcheck disable=SC1091
. "$STACK_DIR/env"
wasm=$ROOT/crates/calorie-worker/build/index_bg.wasm
# The same worker with the DevTools inspector attached, as `make dev` runs it, for comparison.
inspected_port=$((WORKER_PORT + 1))
setsid node "$ROOT/scripts/worker-dev.mjs" --port "$inspected_port" --persist-to "$STACK_DIR/wrangler-state-inspected" \
  --env-file "$DEV_VARS" --inspector >"$STACK_DIR/wrangler-inspected.log" 2>&1 &
inspected_pid=$!
trap 'kill -- -"$inspected_pid" 2>/dev/null || true; "$ROOT/scripts/stack.sh" down >/dev/null 2>&1 || true' EXIT
wait_for_http "http://127.0.0.1:$inspected_port/health" 300 || die "the inspected worker did not start (see $STACK_DIR/wrangler-inspected.log)"
{
  echo "## The worker"
  echo
  echo "Command: \`E2E_ENV_FILE=.dev/bench/env INSPECTED_WORKER_URL=http://127.0.0.1:$inspected_port cargo run --release -p calorie-e2e --bin http-bench\`"
  echo "against the stack of \`WORKER_INSPECTOR=0 scripts/stack.sh up\` plus \`node scripts/worker-dev.mjs --port $inspected_port --inspector\`."
  echo
  E2E_ENV_FILE=$STACK_DIR/env INSPECTED_WORKER_URL=http://127.0.0.1:$inspected_port \
    cargo run --quiet --release -p calorie-e2e --bin http-bench
  kill -- -"$inspected_pid" 2>/dev/null || true
  echo
  echo "Worker wasm (\`crates/calorie-worker/build/index_bg.wasm\` from \`worker-build --release\`, names section kept as worker-build does):"
  echo "$(stat -c %s "$wasm") bytes raw, $(gzip -9c "$wasm" | wc -c) bytes gzip -9 (budget: 400 KB gzip)."
  echo
  echo "## Fuzzing: schemathesis against /openapi.json (long run)"
  echo
  echo '```'
  "$ROOT/scripts/fuzz.sh" long 2>&1 | grep -E '^\$ |generated|passed|failed|No issues|issues found|Selected|Tested' || true
  echo '```'
  echo
} >>"$report"
# The SQL and migration benchmarks need only PostgreSQL: the worker (workerd and wrangler's
# watchers), the gateway and PostgREST would otherwise share the 2 cores with them.
"$ROOT/scripts/stack.sh" stop-edge
# The migration first: the SQL benchmark ends by dropping ~3 GB of databases, whose write-back the
# next run would share the machine with (in a make bench run the 1M-event migration took 11.0 s
# right after it; alone on a quiet machine 8.9-9.6 s).
migration_report=$STACK_DIR/migration-bench.md
"$ROOT/sql/migrate/bench.sh" "$DATABASE_URL" >"$migration_report"  # prints its own heading
{
  "$ROOT/sql/bench/run.sh" "$DATABASE_URL" | grep -v '^apply: '  # prints its own heading
  echo
  cat "$migration_report"
  echo
} >>"$report"
mkdir -p "$ROOT/docs"
cp "$report" "$ROOT/docs/BENCHMARKS.md"
log "wrote docs/BENCHMARKS.md"
