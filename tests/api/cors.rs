//! CORS for browser clients: the test stack allows https://app.example.com only.

use calorie_e2e::{call, Stack};

#[test]
fn an_allowed_origin_gets_cors_headers_and_others_do_not() {
    let stack = Stack::from_env();
    let preflight = call(
        ureq::request("OPTIONS", &stack.url("/api/v1/calorie-events"))
            .set("origin", "https://app.example.com")
            .set("access-control-request-method", "POST")
            .set(
                "access-control-request-headers",
                "authorization, content-type",
            ),
        None,
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight
            .headers
            .get("access-control-allow-origin")
            .map(String::as_str),
        Some("https://app.example.com")
    );
    assert!(preflight.headers["access-control-allow-methods"].contains("POST"));
    assert!(preflight.headers["access-control-allow-headers"].contains("authorization"));

    let answer = call(
        ureq::get(&stack.url("/health")).set("origin", "https://app.example.com"),
        None,
    );
    assert_eq!(
        answer
            .headers
            .get("access-control-allow-origin")
            .map(String::as_str),
        Some("https://app.example.com")
    );
    assert!(answer.headers["access-control-expose-headers"].contains("x-request-id"));

    let other = call(
        ureq::get(&stack.url("/health")).set("origin", "https://evil.example.com"),
        None,
    );
    assert!(!other.headers.contains_key("access-control-allow-origin"));
    let other_preflight = call(
        ureq::request("OPTIONS", &stack.url("/api/v1/calorie-events"))
            .set("origin", "https://evil.example.com"),
        None,
    );
    assert!(!other_preflight
        .headers
        .contains_key("access-control-allow-methods"));
}

#[test]
fn every_answer_carries_a_request_id_and_a_sane_incoming_one_is_kept() {
    let stack = Stack::from_env();
    let fresh = stack.get("/health");
    assert_eq!(fresh.headers.get("x-request-id").map(String::len), Some(32));
    let kept = call(
        ureq::get(&stack.url("/health")).set("x-request-id", "trace-123"),
        None,
    );
    assert_eq!(
        kept.headers.get("x-request-id").map(String::as_str),
        Some("trace-123")
    );
}
