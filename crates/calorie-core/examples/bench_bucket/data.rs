//! The benchmark's data and timing loop, shared by the native example (`main.rs`) and the
//! wasm32 benchmark test (`tests/wasm_bench.rs`), so both measure the same code.

use calorie_core::{BucketSize, Bucketing, Event, EventType, TimeZone};
use jiff::Timestamp;

/// Number of events per run.
pub const EVENTS: usize = 1_000_000;
/// Timed runs per case; the median is reported.
pub const RUNS: usize = 7;

/// The four benchmark cases.
pub const CASES: [(&str, BucketSize); 4] = [
    ("Europe/Rome", BucketSize::Day),
    ("Europe/Rome", BucketSize::Hour),
    ("America/New_York", BucketSize::Day),
    ("America/New_York", BucketSize::Hour),
];

/// One case's result.
#[derive(Debug)]
pub struct CaseResult {
    pub case: String,
    pub buckets: u64,
    pub total_kcal: f64,
    pub median_events_per_second: f64,
}

/// `n` events sorted by time from 2024-01-01T00:00:00Z, 1 to 125 s apart (mean 63 s, so
/// 1,000,000 events span about two years and cross four DST changes), deterministic
/// (xorshift64*), 75 % consumed, 10 % burned_exercise, 10 % burned_bmr, 5 % weight.
pub fn events(n: usize) -> Vec<Event> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let mut t: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z
    (0..n)
        .map(|_| {
            let r = next();
            t += 1 + (r % 125) as i64;
            let kind = match (r >> 32) % 20 {
                0..=14 => EventType::Consumed,
                15 | 16 => EventType::BurnedExercise,
                17 | 18 => EventType::BurnedBmr,
                _ => EventType::Weight,
            };
            let amount = match kind {
                EventType::Weight => 70.0 + ((r >> 40) % 2000) as f64 / 100.0,
                _ => ((r >> 40) % 200_000) as f64 / 100.0,
            };
            Event::new(Timestamp::from_second(t).unwrap(), kind, amount).unwrap()
        })
        .collect()
}

/// Streams every bucket of one case; returns (buckets, Σ total_kcal) as a checksum.
pub fn bucket_once(bucketing: &Bucketing, events: &[Event]) -> (u64, f64) {
    bucketing
        .buckets(events)
        .fold((0, 0.0), |(n, sum), bucket| match bucket {
            Ok(b) => (n + 1, sum + b.total_kcal),
            Err(e) => panic!("benchmark events are sorted: {e}"),
        })
}

/// Runs every case `RUNS` times (after one warm-up) with `now_ms` as the clock.
pub fn run_all(now_ms: impl Fn() -> f64) -> Vec<CaseResult> {
    let events = events(EVENTS);
    CASES
        .iter()
        .map(|&(zone, size)| {
            let bucketing = Bucketing::new(TimeZone::get(zone).unwrap(), size);
            let (buckets, total_kcal) = bucket_once(&bucketing, &events);
            let mut rates: Vec<f64> = (0..RUNS)
                .map(|_| {
                    let start = now_ms();
                    let checksum = bucket_once(&bucketing, &events);
                    let elapsed_ms = now_ms() - start;
                    assert_eq!(checksum.0, buckets);
                    events.len() as f64 / (elapsed_ms / 1000.0)
                })
                .collect();
            rates.sort_by(f64::total_cmp);
            CaseResult {
                case: format!("{zone} {size}"),
                buckets,
                total_kcal,
                median_events_per_second: rates[RUNS / 2],
            }
        })
        .collect()
}
