//! Runs last in `make test`: it stops parts of the stack on purpose.

use calorie_e2e::Stack;

fn assert_not_ready(stack: &Stack, reason: &str) {
    let ready = stack.get("/health/ready");
    assert_eq!(ready.status, 503, "{:?}", ready.json);
    assert_eq!(ready.content_type, "application/problem+json");
    assert_eq!(ready.json["status"], 503);
    let detail = ready.json["detail"].as_str().unwrap_or_default();
    assert!(detail.contains(reason), "the detail names the reason: {detail}");
}

#[test]
fn readiness_turns_503_when_postgrest_or_the_gateway_goes_and_the_worker_keeps_serving() {
    let stack = Stack::from_env();
    assert_eq!(stack.get("/health/ready").status, 200, "precondition: the stack is up");

    // PostgREST down behind a running gateway: the gateway answers 502.
    stack.script("stop-postgrest");
    assert_not_ready(&stack, "the database API answered 502");
    assert_eq!(stack.get("/health").status, 200, "liveness is unaffected");

    // Nothing listening at SUPABASE_URL: the connection is refused.
    stack.script("stop-gateway");
    assert_not_ready(&stack, "the database API could not be reached");
    assert_eq!(stack.get("/health").status, 200, "the worker did not crash");
    assert_eq!(stack.get("/nope").status, 404, "routing still works");
}
