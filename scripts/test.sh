#!/usr/bin/env bash
# `make test`: everything, from a clean clone. Installs what is missing, checks formatting and
# lints, runs the unit tests (native and wasm32), the SQL tests on a throwaway cluster and the
# end-to-end tests against a stack of its own (its own ports, stopped on exit, pass or fail).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG=test

export STACK_DIR=$ROOT/.dev/test PG_PORT=${TEST_PG_PORT:-55322} REST_PORT=${TEST_REST_PORT:-55321} \
  WORKER_PORT=${TEST_WORKER_PORT:-58787} DEV_VARS=$ROOT/.dev/test/dev.vars STACK_THROWAWAY=1 WORKER_INSPECTOR=0 \
  UPSTREAM_TIMEOUT_MS=2000 CORS_ALLOWED_ORIGINS=https://app.example.com
mkdir -p "$STACK_DIR"
results=$STACK_DIR/results.log
: >"$results"

cleanup() { "$ROOT/scripts/stack.sh" down >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# step NAME COMMAND...: run one step, keep its output for the final count.
step() {
  local name=$1
  shift
  log "── $name"
  "$@" 2>&1 | tee -a "$results"
}

cd "$ROOT"
step "install missing tools" "$ROOT/scripts/ensure-tools.sh"
step "cargo fmt" cargo fmt --all -- --check
step "clippy (native)" cargo clippy --workspace --all-targets --locked -- -D warnings
step "clippy (wasm32)" cargo clippy -p calorie-core -p calorie-worker --target wasm32-unknown-unknown --locked -- -D warnings
step "unit and doc tests (native)" cargo test --workspace --exclude calorie-e2e --locked
step "calorie-core tests (wasm32 under Node)" cargo test -p calorie-core --target wasm32-unknown-unknown --locked
step "start the test stack" "$ROOT/scripts/stack.sh" up
# shellcheck disable=SC1091
. "$STACK_DIR/env"
step "SQL tests (pgTAP)" "$ROOT/sql/tests/run.sh" "$DATABASE_URL"
step "data migration tests (legacy database, 1M events)" "$ROOT/sql/migrate/test.sh" "$DATABASE_URL"
export E2E_ENV_FILE=$STACK_DIR/env
step "end-to-end tests" cargo test -p calorie-e2e --locked --test api
step "fuzzing (schemathesis, bounded)" "$ROOT/scripts/fuzz.sh" short
# Last: it stops the PostgREST-protocol server on purpose.
step "end-to-end outage test" cargo test -p calorie-e2e --locked --test outage

# One closing line over every runner: cargo's "test result:" lines, pg_prove's "Tests=" line and
# the migration suite's "migrate-data: N passed, M failed".
sum() { awk '{ s += $1 } END { print s + 0 }'; }
passed=$( (sed -n 's/^test result: [a-zA-Z]*\. \([0-9]*\) passed.*/\1/p' "$results"
  sed -n 's/^Files=[0-9]*, Tests=\([0-9]*\),.*/\1/p' "$results"
  sed -n 's/^migrate-data: \([0-9]*\) passed.*/\1/p' "$results") | sum)
failed=$( (sed -n 's/^test result: .*; \([0-9]*\) failed.*/\1/p' "$results"
  sed -n 's/^migrate-data: [0-9]* passed, \([0-9]*\) failed.*/\1/p' "$results") | sum)
echo
echo "make test: $passed passed, $failed failed"
