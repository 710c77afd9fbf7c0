//! `make bench`: latency through the worker vs straight to the PostgREST-protocol server, and
//! batch ingest throughput, on loopback against a running stack. Prints a Markdown section.
//!
//! Sequential requests on one keep-alive connection per target, after a warm-up; p50/p99 of
//! each case. The machine is shared and noisy: compare cases within one run, not across runs.

use calorie_e2e::{Stack, User};
use serde_json::json;
use std::time::{Duration, Instant};

const SAMPLES: usize = 400;
const WARMUP: usize = 40;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

fn measure(mut send: impl FnMut() -> u16) -> (f64, f64) {
    for _ in 0..WARMUP {
        assert!(send() < 400, "warm-up request failed");
    }
    let mut samples: Vec<Duration> = (0..SAMPLES)
        .map(|_| {
            let started = Instant::now();
            let status = send();
            let spent = started.elapsed();
            assert!(status < 400, "request failed with {status}");
            spent
        })
        .collect();
    samples.sort();
    (percentile(&samples, 0.5), percentile(&samples, 0.99))
}

fn main() {
    let stack = Stack::from_env();
    let user: User = stack.new_user();
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(30))
        .build();
    let profile = json!({"height_cm": 180, "weight_kg": 80, "age": 30, "gender": "male", "activity_level": "sedentary", "time_zone": "Europe/Rome"});
    assert_eq!(
        stack
            .put(&user, "/api/v1/users/me/profile", &profile)
            .status,
        200
    );

    // Sixty days of events every 10 minutes (8640), so summaries have something to sum.
    let start = 1_735_689_600_i64; // 2025-01-01T00:00:00Z
    let events: Vec<_> = (0..8640)
        .map(|i| {
            let at = calorie_core::jiff::Timestamp::from_second(start + i * 600).unwrap();
            json!({"event_type": if i % 3 == 0 { "burned_exercise" } else { "consumed" },
                   "calories_amount": 10 + i % 90, "event_timestamp": at.to_string()})
        })
        .collect();
    for chunk in events.chunks(1000) {
        assert_eq!(
            stack
                .post(
                    &user,
                    "/api/v1/calorie-events/batch",
                    &json!({"events": chunk})
                )
                .status,
            201
        );
    }

    let worker = |path: &str| {
        let url = stack.url(path);
        let token = user.token.clone();
        let agent = agent.clone();
        move || {
            agent
                .get(&url)
                .set("authorization", &format!("Bearer {token}"))
                .call()
                .map(|r| r.status())
                .unwrap_or(599)
        }
    };
    let rest = |path: &str, body: Option<serde_json::Value>| {
        let url = format!("{}/rest/v1{path}", stack.supabase_url);
        let token = user.token.clone();
        let apikey = stack.vars["SUPABASE_ANON_KEY"].clone();
        let agent = agent.clone();
        move || {
            let request = match &body {
                Some(_) => agent.post(&url),
                None => agent.get(&url),
            }
            .set("authorization", &format!("Bearer {token}"))
            .set("apikey", &apikey);
            let result = match &body {
                Some(body) => request.send_json(body.clone()),
                None => request.call(),
            };
            result.map(|r| r.status()).unwrap_or(599)
        }
    };

    let range = "from=2025-01-01T00:00:00Z&to=2025-03-02T00:00:00Z";
    let health = measure(worker("/health"));
    // The local runtime's cost of one subrequest: /health/ready does nothing but one fetch of
    // PostgREST's root, which is also measured straight.
    let ready = measure(worker("/health/ready"));
    let root_direct = measure(rest("/", None));
    let daily_worker = measure(worker(&format!("/api/v1/analytics/daily-summary?{range}")));
    let daily_direct = measure(rest(
        "/rpc/daily_summary",
        Some(json!({"p_from": "2025-01-01T00:00:00Z", "p_to": "2025-03-02T00:00:00Z"})),
    ));
    let list_worker = measure(worker("/api/v1/calorie-events?limit=10"));
    let list_direct = measure(rest(
        "/calorie_events?select=id,user_id,event_type,calories_amount,event_timestamp,metadata,source,created_at&order=event_timestamp.desc,id.desc&limit=11",
        None,
    ));

    // Batch ingest: 20 batches of 1000 fresh events, end to end through the worker.
    let batches: Vec<serde_json::Value> = (0..20)
        .map(|b| {
            let events: Vec<_> = (0..1000)
                .map(|i| {
                    let at = calorie_core::jiff::Timestamp::from_second(1_767_225_600 + (b * 1000 + i) * 60).unwrap();
                    json!({"event_type": "consumed", "calories_amount": 12.5, "event_timestamp": at.to_string()})
                })
                .collect();
            json!({"events": events})
        })
        .collect();
    let started = Instant::now();
    for batch in &batches[..10] {
        let answer = stack.post(&user, "/api/v1/calorie-events/batch", batch);
        assert_eq!(answer.status, 201, "{}", answer.text);
    }
    let ingest = 10_000.0 / started.elapsed().as_secs_f64();
    // The same kind of batches straight to the database function the worker calls.
    let started = Instant::now();
    for batch in &batches[10..] {
        let answer = agent
            .post(&format!(
                "{}/rest/v1/rpc/ingest_calorie_events",
                stack.supabase_url
            ))
            .set("authorization", &format!("Bearer {}", user.token))
            .set("apikey", &stack.vars["SUPABASE_ANON_KEY"])
            .send_json(json!({"p_events": batch["events"]}));
        assert!(answer.is_ok(), "direct ingest failed");
    }
    let ingest_direct = 10_000.0 / started.elapsed().as_secs_f64();

    let subrequest = ready.0 - health.0 - root_direct.0;
    let overhead = |worker: (f64, f64), direct: (f64, f64)| worker.0 - direct.0 - health.0;
    println!("### Worker latency and ingest (loopback, {SAMPLES} sequential requests per case after {WARMUP} warm-up)");
    println!();
    println!("| case | p50 ms | p99 ms |");
    println!("|---|---:|---:|");
    println!(
        "| `GET /health` through the worker (the runtime's floor) | {:.2} | {:.2} |",
        health.0, health.1
    );
    println!(
        "| `GET /health/ready` through the worker (one subrequest to PostgREST's root) | {:.2} | {:.2} |",
        ready.0, ready.1
    );
    println!(
        "| PostgREST's root straight (via the gateway) | {:.2} | {:.2} |",
        root_direct.0, root_direct.1
    );
    println!(
        "| daily summary, 60 days, through the worker | {:.2} | {:.2} |",
        daily_worker.0, daily_worker.1
    );
    println!(
        "| daily summary, same RPC straight to PostgREST (via the gateway) | {:.2} | {:.2} |",
        daily_direct.0, daily_direct.1
    );
    println!(
        "| 10-event list through the worker | {:.2} | {:.2} |",
        list_worker.0, list_worker.1
    );
    println!(
        "| 10-event list straight to PostgREST (via the gateway) | {:.2} | {:.2} |",
        list_direct.0, list_direct.1
    );
    println!();
    println!(
        "Worker − direct − /health floor at p50: daily summary {:.2} ms, list {:.2} ms (target ≤ 1 ms). \
         Of that, one subrequest costs the local runtime {subrequest:.2} ms by itself (/health/ready − /health − direct root), \
         leaving the worker's own work at {:.2} ms and {:.2} ms.",
        overhead(daily_worker, daily_direct),
        overhead(list_worker, list_direct),
        overhead(daily_worker, daily_direct) - subrequest,
        overhead(list_worker, list_direct) - subrequest
    );
    println!();
    println!(
        "Batch ingest, 10 × 1000 events each way: through the worker (`POST /api/v1/calorie-events/batch`) **{ingest:.0} events/s** \
         (target ≥ 20,000); the same batches straight to `rpc/ingest_calorie_events` {ingest_direct:.0} events/s."
    );
}
