use calorie_e2e::{Stack, User};
use serde_json::json;

/// A user with a profile: male, 75 kg, 175 cm, 30 y, moderately active → Mifflin 1698.75,
/// TDEE 2633.0625 (the original service's acceptance payload).
fn user_with_profile(stack: &Stack) -> User {
    let user = stack.new_user();
    let profile = json!({"height_cm": 175, "weight_kg": 75, "age": 30, "gender": "male",
                         "activity_level": "moderately_active", "time_zone": "Europe/Rome"});
    assert_eq!(
        stack
            .put(&user, "/api/v1/users/me/profile", &profile)
            .status,
        200
    );
    user
}

#[test]
fn a_weekly_rate_goal_is_computed_by_calorie_core_and_becomes_the_active_goal() {
    let stack = Stack::from_env();
    let user = user_with_profile(&stack);
    let created = stack.post(
        &user,
        "/api/v1/calorie-goals",
        &json!({"method": "weekly_rate", "goal_type": "weight_loss", "weekly_rate_kg": 0.5}),
    );
    assert_eq!(created.status, 201, "{}", created.text);
    let plan = &created.json["plan"];
    // 2633.0625 − 0.5 × 7700 / 7 = 2083.0625 kcal/day, no guard rail needed (limit 0.75 kg/week).
    assert!(
        (plan["kcal_per_day"].as_f64().unwrap() - 2083.0625).abs() < 1e-6,
        "{plan}"
    );
    assert_eq!(plan["tdee_source"], "profile_mifflin_st_jeor");
    assert_eq!(plan["guard_rails_applied"].as_array().unwrap().len(), 0);
    assert_eq!(created.json["goal"]["daily_calorie_target"], 2083);
    assert_eq!(created.json["goal"]["is_active"], true);
}

#[test]
fn guard_rails_that_change_the_target_are_named_and_can_be_switched_off() {
    let stack = Stack::from_env();
    let user = user_with_profile(&stack);
    let goal = json!({"method": "weekly_rate", "goal_type": "weight_loss", "weekly_rate_kg": 1.5});
    let capped = stack.post(&user, "/api/v1/calorie-goals", &goal);
    assert_eq!(capped.status, 201, "{}", capped.text);
    let applied = capped.json["plan"]["guard_rails_applied"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(applied[0]["guard_rail"], "max_weekly_loss", "{applied:?}");
    assert!(applied[0]["reason"]
        .as_str()
        .unwrap()
        .contains("0.75 kg/week"));
    // Capped at 1 % of 75 kg = 0.75 kg/week: 2633.0625 − 0.75 × 1100 = 1808.0625.
    assert!((capped.json["plan"]["kcal_per_day"].as_f64().unwrap() - 1808.0625).abs() < 1e-6);

    let mut uncapped = goal.clone();
    uncapped["guard_rails"] = json!({"max_weekly_loss_fraction": null, "intake_floor": false});
    let raw = stack.post(&user, "/api/v1/calorie-goals", &uncapped);
    assert_eq!(raw.status, 201, "{}", raw.text);
    assert_eq!(
        raw.json["plan"]["guard_rails_applied"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert!((raw.json["plan"]["kcal_per_day"].as_f64().unwrap() - 983.0625).abs() < 1e-6);
}

#[test]
fn a_new_goal_deactivates_the_previous_one_atomically() {
    let stack = Stack::from_env();
    let user = user_with_profile(&stack);
    let first = stack.post(
        &user,
        "/api/v1/calorie-goals",
        &json!({"method": "explicit", "daily_calorie_target": 2000}),
    );
    let second = stack.post(
        &user,
        "/api/v1/calorie-goals",
        &json!({"method": "explicit", "daily_calorie_target": 2100}),
    );
    assert_eq!(
        (first.status, second.status),
        (201, 201),
        "{} {}",
        first.text,
        second.text
    );
    let active = stack.get_as(&user, "/api/v1/calorie-goals?active=true");
    let active = active.json.as_array().unwrap();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0]["id"], second.json["goal"]["id"]);
    let all = stack.get_as(&user, "/api/v1/calorie-goals");
    assert_eq!(all.json.as_array().unwrap().len(), 2);

    // Re-activating the first deactivates the second.
    let id = first.json["goal"]["id"].as_str().unwrap();
    let reactivated = stack.patch(
        &user,
        &format!("/api/v1/calorie-goals/{id}"),
        &json!({"is_active": true}),
    );
    assert_eq!(reactivated.status, 200, "{}", reactivated.text);
    let active = stack.get_as(&user, "/api/v1/calorie-goals?active=true");
    assert_eq!(active.json[0]["id"], id);
    assert_eq!(active.json.as_array().unwrap().len(), 1);
}

#[test]
fn a_target_weight_goal_uses_today_and_refuses_a_past_date() {
    let stack = Stack::from_env();
    let user = user_with_profile(&stack);
    let created = stack.post(
        &user,
        "/api/v1/calorie-goals",
        &json!({
        "method": "target_weight", "goal_type": "weight_loss", "target_weight_kg": 72,
        "target_date": "2025-05-04", "today": "2025-03-09"}),
    );
    assert_eq!(created.status, 201, "{}", created.text);
    // 3 kg in 56 days: 3 × 7700 / 56 = 412.5 kcal/day below TDEE.
    assert!(
        (created.json["plan"]["kcal_per_day"].as_f64().unwrap() - (2633.0625 - 412.5)).abs() < 1e-6
    );
    assert_eq!(created.json["goal"]["target_date"], "2025-05-04");

    let past = stack.post(&user, "/api/v1/calorie-goals", &json!({
        "method": "target_weight", "goal_type": "weight_loss", "target_weight_kg": 72, "target_date": "2020-01-01"}));
    assert_eq!(past.problem(422)["field"], "target_date", "{}", past.text);
}

#[test]
fn a_goal_can_be_read_edited_and_deactivated() {
    let stack = Stack::from_env();
    let user = user_with_profile(&stack);
    let created = stack.post(
        &user,
        "/api/v1/calorie-goals",
        &json!({"method": "explicit", "daily_calorie_target": 2000}),
    );
    let id = created.json["goal"]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/calorie-goals/{id}");
    assert_eq!(
        stack.get_as(&user, &path).json["daily_calorie_target"],
        2000
    );
    let edited = stack.patch(&user, &path, &json!({"daily_calorie_target": 1900}));
    assert_eq!(edited.json["daily_calorie_target"], 1900, "{}", edited.text);
    assert_eq!(stack.delete(&user, &path).status, 204);
    assert_eq!(stack.get_as(&user, &path).json["is_active"], false);
    stack
        .get_as(
            &user,
            "/api/v1/calorie-goals/00000000-0000-4000-8000-000000000000",
        )
        .problem(404);
    stack
        .get_as(&user, "/api/v1/calorie-goals/not-a-uuid")
        .problem(404);
}

#[test]
fn a_goal_without_a_profile_is_a_409_and_bad_goals_name_the_field() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    stack
        .post(
            &user,
            "/api/v1/calorie-goals",
            &json!({"method": "explicit", "daily_calorie_target": 2000}),
        )
        .problem(409);
    let user = user_with_profile(&stack);
    let cases = [
        (json!({"method": "sideways"}), "method"),
        (
            json!({"method": "weekly_rate", "goal_type": "weight_loss", "weekly_rate_kg": 9}),
            "weekly_rate_kg",
        ),
        (
            json!({"method": "explicit", "daily_calorie_target": 2000, "weekly_rate_kg": 1}),
            "weekly_rate_kg",
        ),
        (
            json!({"method": "explicit", "daily_calorie_target": 2000, "guard_rails": {"floor": 1}}),
            "guard_rails.floor",
        ),
    ];
    for (body, field) in cases {
        let answer = stack.post(&user, "/api/v1/calorie-goals", &body);
        assert_eq!(
            answer.problem(422)["field"],
            field,
            "{body}: {}",
            answer.text
        );
    }
}
