//! `make bench`: latency through the worker vs straight to the PostgREST-protocol server, and
//! batch ingest throughput, on loopback against a running stack. Prints a Markdown section.
//!
//! Every case is a closure sending one request on its own keep-alive connection. The cases are
//! interleaved (round-robin, after a warm-up), so the shared machine's noise falls on all of them
//! alike and their differences can be compared; p50/p99 per case.
//!
//! `INSPECTED_WORKER_URL` (optional): the same worker with wrangler's DevTools inspector attached,
//! as `make dev` runs it; its floor and subrequest cost are reported for comparison.

use calorie_e2e::{Stack, User};
use serde_json::json;
use std::time::{Duration, Instant};

const SAMPLES: usize = 400;
const WARMUP: usize = 40;
/// Batches of 1000 events sent each way.
const BATCHES: i64 = 20;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index].as_secs_f64() * 1000.0
}

type Send<'a> = Box<dyn FnMut() -> u16 + 'a>;

/// p50 and p99 (ms) of each case, sampled round-robin.
fn measure(cases: &mut [Send<'_>]) -> Vec<(f64, f64)> {
    for _ in 0..WARMUP {
        for send in cases.iter_mut() {
            let status = send();
            assert!(status < 400, "warm-up request failed with {status}");
        }
    }
    let mut samples = vec![Vec::with_capacity(SAMPLES); cases.len()];
    for _ in 0..SAMPLES {
        for (send, samples) in cases.iter_mut().zip(&mut samples) {
            let started = Instant::now();
            let status = send();
            samples.push(started.elapsed());
            assert!(status < 400, "request failed with {status}");
        }
    }
    samples
        .into_iter()
        .map(|mut samples| {
            samples.sort();
            (percentile(&samples, 0.5), percentile(&samples, 0.99))
        })
        .collect()
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

    let new_agent = || {
        ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(30))
            .build()
    };
    let worker_at = |base: &str, path: &str| -> Send<'_> {
        let url = format!("{base}{path}");
        let token = user.token.clone();
        let agent = new_agent();
        Box::new(move || {
            agent
                .get(&url)
                .set("authorization", &format!("Bearer {token}"))
                .call()
                .map(|r| r.status())
                .unwrap_or(599)
        })
    };
    let worker = |path: &str| worker_at(&stack.worker_url, path);
    let rest = |path: &str, body: Option<serde_json::Value>| -> Send<'_> {
        let url = format!("{}/rest/v1{path}", stack.supabase_url);
        let token = user.token.clone();
        let apikey = stack.vars["SUPABASE_ANON_KEY"].clone();
        let agent = new_agent();
        Box::new(move || {
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
        })
    };

    let range = "from=2025-01-01T00:00:00Z&to=2025-03-02T00:00:00Z";
    let daily_args = json!({"p_from": "2025-01-01T00:00:00Z", "p_to": "2025-03-02T00:00:00Z"});
    // The same upstream requests the worker makes.
    let daily_rpc = "/rpc/daily_summary?select=bucket_start,bucket_end,local_start,time_zone,total_calories,event_count,\
avg_calories_per_event,first_event,last_event,consumed,burned_exercise,burned_bmr,weight_count,avg_weight_kg";
    let list_rest = "/calorie_events?select=id,user_id,event_type,calories_amount,event_timestamp,metadata,source,created_at\
&order=event_timestamp.desc,id.desc&limit=11";
    let inspected = std::env::var("INSPECTED_WORKER_URL").ok();
    let mut cases: Vec<Send<'_>> = vec![
        worker("/health"),
        // The local runtime's cost of one subrequest: /health/ready does nothing but one fetch of
        // PostgREST's root, which is also measured straight.
        worker("/health/ready"),
        rest("/", None),
        worker(&format!("/api/v1/analytics/daily-summary?{range}")),
        rest(daily_rpc, Some(daily_args)),
        worker("/api/v1/calorie-events?limit=10"),
        rest(list_rest, None),
    ];
    if let Some(base) = &inspected {
        cases.push(worker_at(base, "/health"));
        cases.push(worker_at(base, "/health/ready"));
    }
    let results = measure(&mut cases);
    drop(cases);
    let [health, ready, root_direct, daily_worker, daily_direct, list_worker, list_direct] =
        <[(f64, f64); 7]>::try_from(&results[..7]).expect("seven cases");

    // Batch ingest: batches of 1000 fresh events as a syncing app sends them (client ids, so a
    // retry stores nothing twice; mixed types), alternately through the worker and straight to
    // the database function the worker calls.
    // Ids unique to this run's user: its own id's first three groups.
    let id_prefix = &user.id[..18];
    let batches: Vec<serde_json::Value> = (0..2 * BATCHES)
        .map(|b| {
            let events: Vec<_> = (0..1000)
                .map(|i| {
                    let n = b * 1000 + i;
                    let at =
                        calorie_core::jiff::Timestamp::from_second(1_767_225_600 + n * 60).unwrap();
                    let (kind, amount) = match n % 10 {
                        0 => ("consumed", 350.0),
                        1..=2 => ("burned_bmr", 1.2),
                        _ => ("burned_exercise", 4.5),
                    };
                    json!({"id": format!("{id_prefix}-8000-{n:012}"), "event_type": kind,
                           "calories_amount": amount, "event_timestamp": at.to_string(),
                           "source": "fitness_tracker"})
                })
                .collect();
            json!({"events": events})
        })
        .collect();
    let (mut through_worker, mut direct) = (Duration::ZERO, Duration::ZERO);
    for pair in batches.chunks(2) {
        let started = Instant::now();
        let answer = stack.post(&user, "/api/v1/calorie-events/batch", &pair[0]);
        through_worker += started.elapsed();
        assert_eq!(answer.status, 201, "{}", answer.text);
        let started = Instant::now();
        let answer = agent
            .post(&format!(
                "{}/rest/v1/rpc/ingest_calorie_events",
                stack.supabase_url
            ))
            .set("authorization", &format!("Bearer {}", user.token))
            .set("apikey", &stack.vars["SUPABASE_ANON_KEY"])
            .send_json(json!({"p_events": pair[1]["events"]}));
        direct += started.elapsed();
        assert!(answer.is_ok(), "direct ingest failed");
    }
    let events_each_way = (BATCHES * 1000) as f64;
    let ingest = events_each_way / through_worker.as_secs_f64();
    let ingest_direct = events_each_way / direct.as_secs_f64();

    let subrequest = ready.0 - health.0 - root_direct.0;
    let overhead = |worker: (f64, f64), direct: (f64, f64)| worker.0 - direct.0 - health.0;
    println!("### Worker latency and ingest (loopback; {SAMPLES} requests per case, sequential, the cases interleaved, after {WARMUP} rounds of warm-up)");
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
    if let [inspected_health, inspected_ready] = results[7..] {
        println!(
            "| `GET /health`, DevTools inspector attached (as `make dev`) | {:.2} | {:.2} |",
            inspected_health.0, inspected_health.1
        );
        println!(
            "| `GET /health/ready`, DevTools inspector attached (as `make dev`) | {:.2} | {:.2} |",
            inspected_ready.0, inspected_ready.1
        );
    }
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
    if let [inspected_health, inspected_ready] = results[7..] {
        println!();
        println!(
            "With wrangler's DevTools inspector attached (the `wrangler dev` CLI always attaches it; \
             `make dev` keeps it), one subrequest costs {:.2} ms instead of {subrequest:.2} ms: the runtime \
             reports every fetch to DevTools. The figures above are without it, as on Cloudflare's edge.",
            inspected_ready.0 - inspected_health.0 - root_direct.0
        );
    }
    println!();
    println!(
        "Batch ingest, {BATCHES} × 1000 events each way, alternating: through the worker (`POST /api/v1/calorie-events/batch`) **{ingest:.0} events/s** \
         (target ≥ 20,000); the same batches straight to `rpc/ingest_calorie_events` {ingest_direct:.0} events/s."
    );
}
