//! Two users: B can neither read nor change A's data, by id or by filter, on any route.

use calorie_e2e::Stack;
use serde_json::json;

#[test]
fn another_users_resources_are_404_exactly_like_missing_ones_and_stay_unchanged() {
    let stack = Stack::from_env();
    let alice = stack.new_user();
    let bob = stack.new_user();
    let profile = json!({"height_cm": 165, "weight_kg": 60, "age": 35, "gender": "female", "activity_level": "lightly_active"});
    assert_eq!(
        stack
            .put(&alice, "/api/v1/users/me/profile", &profile)
            .status,
        200
    );
    let goal = stack.post(
        &alice,
        "/api/v1/calorie-goals",
        &json!({"method": "explicit", "daily_calorie_target": 1800}),
    );
    let goal_id = goal.json["goal"]["id"].as_str().unwrap().to_owned();
    let event = stack.post(&alice, "/api/v1/calorie-events",
        &json!({"event_type": "consumed", "calories_amount": 700, "event_timestamp": "2025-03-09T12:00:00Z"}));
    let event_id = event.json["id"].as_str().unwrap().to_owned();
    assert_eq!(
        stack
            .post(&alice, "/api/v1/metabolic-profiles/calculate", &json!({}))
            .status,
        201
    );

    let missing = "00000000-0000-4000-8000-0000000000ff";
    for (resource, id, change) in [
        ("calorie-goals", &goal_id, json!({"is_active": false})),
        ("calorie-events", &event_id, json!({"calories_amount": 1})),
    ] {
        let theirs = format!("/api/v1/{resource}/{id}");
        let nobodys = format!("/api/v1/{resource}/{missing}");
        for path in [&theirs, &nobodys] {
            let read = stack.get_as(&bob, path);
            let changed = stack.patch(&bob, path, &change);
            let deleted = stack.delete(&bob, path);
            for answer in [read, changed, deleted] {
                // Same status, type and title for someone else's resource as for a missing one.
                let problem = answer.problem(404);
                assert_eq!(problem["type"], "/problems/not-found");
            }
        }
    }

    // Lists and summaries show Bob nothing of Alice's.
    assert_eq!(
        stack
            .get_as(&bob, "/api/v1/users")
            .json
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        stack
            .get_as(&bob, "/api/v1/calorie-goals")
            .json
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        stack
            .get_as(&bob, "/api/v1/metabolic-profiles")
            .json
            .as_array()
            .unwrap()
            .len(),
        0
    );
    stack
        .get_as(&bob, "/api/v1/metabolic-profiles/current")
        .problem(404);
    stack.get_as(&bob, "/api/v1/users/me/profile").problem(404);
    let events = stack.get_as(
        &bob,
        "/api/v1/calorie-events?from=2025-03-01T00:00:00Z&to=2025-04-01T00:00:00Z",
    );
    assert_eq!(events.json["events"].as_array().unwrap().len(), 0);
    for summary in [
        "hourly-summary",
        "daily-summary",
        "weekly-summary",
        "monthly-summary",
        "calorie-balance",
    ] {
        let answer = stack.get_as(
            &bob,
            &format!(
                "/api/v1/analytics/{summary}?from=2025-03-09T00:00:00Z&to=2025-03-10T00:00:00Z"
            ),
        );
        assert_eq!(answer.status, 200, "{summary}: {}", answer.text);
        assert_eq!(answer.json.as_array().unwrap().len(), 0, "{summary}");
    }

    // Alice's data is intact.
    assert_eq!(
        stack
            .get_as(&alice, &format!("/api/v1/calorie-goals/{goal_id}"))
            .json["is_active"],
        true
    );
    assert_eq!(
        stack
            .get_as(&alice, &format!("/api/v1/calorie-events/{event_id}"))
            .json["calories_amount"]
            .as_f64(),
        Some(700.0)
    );
    let alices_days = stack.get_as(
        &alice,
        "/api/v1/analytics/daily-summary?from=2025-03-09T00:00:00Z&to=2025-03-10T00:00:00Z&tz=UTC",
    );
    assert_eq!(
        alices_days.json[0]["total_calories"].as_f64(),
        Some(700.0),
        "{}",
        alices_days.text
    );
}

#[test]
fn a_forged_user_id_in_a_body_is_not_accepted() {
    let stack = Stack::from_env();
    let alice = stack.new_user();
    let bob = stack.new_user();
    // The API has no user_id field: the owner is always the token's subject.
    let answer = stack.post(&bob, "/api/v1/calorie-events",
        &json!({"user_id": alice.id, "event_type": "consumed", "calories_amount": 1, "event_timestamp": "2025-03-09T12:00:00Z"}));
    assert_eq!(answer.problem(422)["field"], "user_id");
}
