//! Bad input: a clear problem naming the field, never a panic, a 500 or a silent truncation.

use calorie_e2e::{call_with_body, Stack};
use serde_json::json;

#[test]
fn malformed_json_is_400_and_wrong_shapes_are_422_naming_the_field() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let raw = |body: &str| {
        call_with_body(
            ureq::post(&stack.url("/api/v1/calorie-events"))
                .set("content-type", "application/json"),
            Some(&user.token),
            Some(body.to_owned()),
        )
    };
    raw("{\"event_type\": ").problem(400);
    raw("").problem(400);
    let cases = [
        (
            json!({"event_type": "consumed", "calories_amount": "lots", "event_timestamp": "2025-03-09T12:00:00Z"}),
            "calories_amount",
        ),
        (
            json!({"event_type": "snack", "calories_amount": 1, "event_timestamp": "2025-03-09T12:00:00Z"}),
            "event_type",
        ),
        (
            json!({"event_type": "consumed", "calories_amount": 1, "event_timestamp": "yesterday"}),
            "event_timestamp",
        ),
        (
            json!({"event_type": "consumed", "calories_amount": 1, "event_timestamp": "1970-01-01T00:00:00Z"}),
            "event_timestamp",
        ),
        (
            json!({"event_type": "consumed", "calories_amount": 1e9, "event_timestamp": "2025-03-09T12:00:00Z"}),
            "calories_amount",
        ),
        (
            json!({"event_type": "consumed", "calories_amount": 1, "event_timestamp": "2025-03-09T12:00:00Z", "kcal": 1}),
            "kcal",
        ),
        (
            json!({"event_type": "consumed", "calories_amount": 1, "event_timestamp": "2025-03-09T12:00:00Z", "source": "fax"}),
            "source",
        ),
        (
            json!({"event_type": "consumed", "calories_amount": 1, "event_timestamp": "2025-03-09T12:00:00Z", "metadata": [1]}),
            "metadata",
        ),
        (
            json!({"event_type": "consumed", "calories_amount": 1, "event_timestamp": "2025-03-09T12:00:00Z", "id": "nope"}),
            "id",
        ),
        (
            json!({"calories_amount": 1, "event_timestamp": "2025-03-09T12:00:00Z"}),
            "event_type",
        ),
    ];
    for (body, field) in cases {
        let answer = stack.post(&user, "/api/v1/calorie-events", &body);
        let problem = answer.problem(422);
        assert!(
            problem["field"].as_str().unwrap().starts_with(field),
            "{body}: {}",
            answer.text
        );
    }
}

#[test]
fn a_body_that_is_not_json_is_415_and_an_oversized_one_413() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let text = call_with_body(
        ureq::post(&stack.url("/api/v1/calorie-events")).set("content-type", "text/plain"),
        Some(&user.token),
        Some("hello".into()),
    );
    text.problem(415);
    let huge = format!(
        "{{\"events\": [{}]}}",
        vec!["{\"event_type\":\"consumed\"}"; 60_000].join(",")
    );
    assert!(huge.len() > 1024 * 1024);
    let answer = call_with_body(
        ureq::post(&stack.url("/api/v1/calorie-events/batch"))
            .set("content-type", "application/json"),
        Some(&user.token),
        Some(huge),
    );
    answer.problem(413);
}

#[test]
fn a_batch_over_1000_events_is_refused_whole() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let events: Vec<_> = (0..1001)
        .map(|_| json!({"event_type": "consumed", "calories_amount": 1, "event_timestamp": "2025-03-09T12:00:00Z"}))
        .collect();
    let answer = stack.post(
        &user,
        "/api/v1/calorie-events/batch",
        &json!({"events": events}),
    );
    assert_eq!(answer.problem(422)["field"], "events");
    assert_eq!(
        stack.get_as(&user, "/api/v1/calorie-events").json["events"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn query_parameters_are_checked() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let cases = [
        (
            "/api/v1/analytics/daily-summary?from=2025-03-10T00:00:00Z&to=2025-03-01T00:00:00Z",
            "from",
        ),
        (
            "/api/v1/analytics/hourly-summary?from=2020-01-01T00:00:00Z&to=2025-01-01T00:00:00Z",
            "to",
        ),
        ("/api/v1/analytics/daily-summary?tz=Mars/Olympus_Mons", "tz"),
        ("/api/v1/analytics/daily-summary?tz=Not%20A%20Zone", "tz"),
        (
            "/api/v1/analytics/weekly-summary?week_start=friday",
            "week_start",
        ),
        ("/api/v1/analytics/daily-summary?from=last-week", "from"),
        (
            "/api/v1/analytics/daily-summary?form=2025-01-01T00:00:00Z",
            "form",
        ),
        ("/api/v1/calorie-events?limit=0", "limit"),
        ("/api/v1/calorie-events?limit=5000", "limit"),
        ("/api/v1/calorie-events?cursor=garbage", "cursor"),
        ("/api/v1/calorie-events?event_type=snack", "event_type"),
        ("/api/v1/calorie-goals?active=maybe", "active"),
    ];
    for (path, field) in cases {
        let answer = stack.get_as(&user, path);
        assert_eq!(
            answer.problem(422)["field"],
            field,
            "{path}: {}",
            answer.text
        );
    }
}

#[test]
fn analytics_without_parameters_default_to_a_recent_range() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    for summary in [
        "hourly-summary",
        "daily-summary",
        "weekly-summary",
        "monthly-summary",
        "calorie-balance",
    ] {
        let answer = stack.get_as(&user, &format!("/api/v1/analytics/{summary}"));
        assert_eq!(answer.status, 200, "{summary}: {}", answer.text);
        assert!(answer.json.is_array());
    }
}
