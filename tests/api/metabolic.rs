use calorie_e2e::Stack;
use serde_json::json;

#[test]
fn calculating_stores_the_active_profile_with_its_equation() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    stack
        .post(&user, "/api/v1/metabolic-profiles/calculate", &json!({}))
        .problem(409);
    let profile = json!({"height_cm": 180, "weight_kg": 80, "age": 30, "gender": "male", "activity_level": "sedentary"});
    assert_eq!(
        stack
            .put(&user, "/api/v1/users/me/profile", &profile)
            .status,
        200
    );
    stack
        .get_as(&user, "/api/v1/metabolic-profiles/current")
        .problem(404);

    let first = stack.post(&user, "/api/v1/metabolic-profiles/calculate", &json!({}));
    assert_eq!(first.status, 201, "{}", first.text);
    assert_eq!(
        first.json["bmr"].as_f64(),
        Some(1780.0),
        "wger's check: Mifflin 1780.00"
    );
    assert_eq!(first.json["tdee"].as_f64(), Some(2136.0), "× 1.2");
    assert_eq!(first.json["equation"], "mifflin_st_jeor");

    let second = stack.post(
        &user,
        "/api/v1/metabolic-profiles/calculate",
        &json!({"equation": "katch_mcardle", "body_fat_percentage": 20}),
    );
    assert_eq!(second.status, 201, "{}", second.text);
    // LBM = 80 × 0.8 = 64 kg → 370 + 21.6 × 64 = 1752.4.
    assert!((second.json["bmr"].as_f64().unwrap() - 1752.4).abs() < 0.005);
    let current = stack.get_as(&user, "/api/v1/metabolic-profiles/current");
    assert_eq!(current.json["id"], second.json["id"]);
    let all = stack.get_as(&user, "/api/v1/metabolic-profiles");
    let all = all.json.as_array().unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all.iter().filter(|p| p["is_active"] == true).count(), 1);
}

#[test]
fn an_equation_that_needs_body_fat_says_so() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let profile = json!({"height_cm": 170, "weight_kg": 60, "age": 40, "gender": "female", "activity_level": "very_active"});
    assert_eq!(
        stack
            .put(&user, "/api/v1/users/me/profile", &profile)
            .status,
        200
    );
    let answer = stack.post(
        &user,
        "/api/v1/metabolic-profiles/calculate",
        &json!({"equation": "cunningham"}),
    );
    assert_eq!(
        answer.problem(422)["field"],
        "body_fat_percentage",
        "{}",
        answer.text
    );
    let answer = stack.post(
        &user,
        "/api/v1/metabolic-profiles/calculate",
        &json!({"equation": "phrenology"}),
    );
    assert_eq!(answer.problem(422)["field"], "equation");
}
