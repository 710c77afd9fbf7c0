//! Runs last in `make test`: it slows and then stops parts of the stack on purpose.

use calorie_e2e::{call, Stack};
use std::time::{Duration, Instant};

fn assert_not_ready(stack: &Stack, reason: &str) {
    let ready = stack.get("/health/ready");
    let problem = ready.problem(503);
    let detail = problem["detail"].as_str().unwrap_or_default();
    assert!(
        detail.contains(reason),
        "the detail names the reason: {detail}"
    );
}

fn set_gateway_delay(stack: &Stack, ms: u64) {
    let answer = call(
        ureq::post(&format!("{}/__gateway/delay?ms={ms}", stack.supabase_url)),
        None,
    );
    assert_eq!(answer.status, 200, "{}", answer.text);
}

#[test]
fn the_worker_answers_503_or_504_when_the_database_api_is_slow_or_gone_and_keeps_serving() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    assert_eq!(
        stack.get("/health/ready").status,
        200,
        "precondition: the stack is up"
    );

    // Slow upstream: the test stack's worker waits UPSTREAM_TIMEOUT_MS = 2000 ms, then answers
    // 504 without waiting for the 8 s the gateway now holds each request.
    set_gateway_delay(&stack, 8_000);
    let started = Instant::now();
    let slow = stack.get_as(&user, "/api/v1/users/me");
    let waited = started.elapsed();
    set_gateway_delay(&stack, 0);
    slow.problem(504);
    assert!(
        waited < Duration::from_secs(8),
        "gave up at its own limit, not the upstream's ({waited:?})"
    );
    assert_eq!(
        stack.get_as(&user, "/api/v1/users/me").status,
        200,
        "recovers once upstream is fast"
    );

    // PostgREST down behind a running gateway: the gateway answers 502.
    stack.script("stop-postgrest");
    assert_not_ready(&stack, "the database API answered 502");
    stack.get_as(&user, "/api/v1/users/me").problem(503);
    assert_eq!(stack.get("/health").status, 200, "liveness is unaffected");

    // Nothing listening at SUPABASE_URL: the connection is refused.
    stack.script("stop-gateway");
    assert_not_ready(&stack, "the database API could not be reached");
    stack.get_as(&user, "/api/v1/users/me").problem(503);
    assert_eq!(stack.get("/health").status, 200, "the worker did not crash");
    stack.get("/nope").problem(404);
}
