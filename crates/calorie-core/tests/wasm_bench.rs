//! The wasm32 twin of `examples/bench_bucket`: the same cases, timed with Node's
//! `performance.now()`. Compiled only with `--features bench` on wasm32:
//!
//! ```text
//! cargo test --release -p calorie-core --features bench --target wasm32-unknown-unknown --test wasm_bench -- --nocapture
//! ```
#![cfg(all(target_arch = "wasm32", feature = "bench"))]

#[path = "../examples/bench_bucket/data.rs"]
#[allow(dead_code)]
mod data;

use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

#[wasm_bindgen_test]
fn bucketing_a_million_events_under_node() {
    for r in data::run_all(performance_now) {
        console_log!(
            "BENCH\t{}\t{:.0}\t{}\t{:.2}",
            r.case,
            r.median_events_per_second,
            r.buckets,
            r.total_kcal
        );
    }
}
