//! Benchmark: bucketing 1,000,000 events into daily and hourly buckets of `Europe/Rome`
//! and `America/New_York`, single core, median of 7 runs.
//!
//! ```text
//! cargo run --release -p calorie-core --example bench_bucket
//! ```
//!
//! Prints one `BENCH<TAB>case<TAB>events/s<TAB>buckets<TAB>Σkcal` line per case for
//! `scripts/bench-core.sh`. The wasm32 twin is `tests/wasm_bench.rs`.

mod data;

use std::time::Instant;

fn main() {
    let origin = Instant::now();
    let now_ms = || origin.elapsed().as_secs_f64() * 1000.0;
    for r in data::run_all(now_ms) {
        println!(
            "BENCH\t{}\t{:.0}\t{}\t{:.2}",
            r.case, r.median_events_per_second, r.buckets, r.total_kcal
        );
    }
}
