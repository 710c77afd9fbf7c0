#!/usr/bin/env bash
# Benchmark of calorie-core's bucketing: 1,000,000 events into daily and hourly buckets of
# Europe/Rome and America/New_York, single core, median of 7 runs, natively and as wasm32
# under Node (wasm-bindgen-test-runner). Both use the workspace release profile (what the
# worker ships). Prints a Markdown table on stdout; build noise goes to stderr.
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen-test-runner (wasm-bindgen-cli) and node.
set -euo pipefail
cd "$(dirname "$0")/.."

native_cmd=(cargo run --quiet --release -p calorie-core --example bench_bucket)
# No --quiet here: cargo would pass it on to wasm-bindgen-test-runner, which rejects it.
wasm_cmd=(cargo test --release -p calorie-core --features bench
          --target wasm32-unknown-unknown --test wasm_bench -- --nocapture)

echo "\$ ${native_cmd[*]}" >&2
native=$("${native_cmd[@]}" | grep '^BENCH' || true)
echo "\$ ${wasm_cmd[*]}" >&2
wasm=$("${wasm_cmd[@]}" 2>/dev/null | grep '^BENCH' || true)

if [[ -z "$native" ]]; then
    echo "native benchmark produced no results" >&2
    exit 1
fi

fmt() { LC_ALL=C awk '{ printf "%.1f M", $1 / 1e6 }' <<<"$1"; }

echo "Bucketing 1,000,000 events, single core, median of 7 runs (events/s)."
echo
echo "| case | native events/s | wasm32/Node events/s |"
echo "|---|---:|---:|"
mismatch=0
while IFS=$'\t' read -r _ case rate buckets kcal; do
    wasm_line=$(awk -F'\t' -v c="$case" '$2 == c' <<<"$wasm")
    if [[ -n "$wasm_line" ]]; then
        IFS=$'\t' read -r _ _ wrate wbuckets wkcal <<<"$wasm_line"
        wasm_rate=$(fmt "$wrate")
        if [[ "$wbuckets" != "$buckets" || "$wkcal" != "$kcal" ]]; then
            mismatch=1
        fi
    else
        wasm_rate="n/a"
    fi
    echo "| $case | $(fmt "$rate") | $wasm_rate |"
done <<<"$native"
echo
echo "Native: \`${native_cmd[*]}\`"
echo "wasm32: \`${wasm_cmd[*]}\`"
echo "Machine: $(uname -m), $(nproc) cores; rustc $(rustc --version | cut -d' ' -f2); node $(node --version 2>/dev/null || echo n/a)."
if [[ -z "$wasm" ]]; then
    echo "WARNING: the wasm32 benchmark produced no results; run the wasm32 command above to see why." >&2
    exit 1
fi
if [[ "$mismatch" == 1 ]]; then
    echo "WARNING: native and wasm32 bucket counts or totals differ." >&2
    exit 1
fi
