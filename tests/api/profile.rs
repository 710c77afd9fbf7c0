use calorie_e2e::Stack;
use serde_json::json;

fn profile(zone: &str) -> serde_json::Value {
    json!({"height_cm": 175, "weight_kg": 75, "age": 30, "gender": "male",
           "activity_level": "moderately_active", "time_zone": zone, "week_start": "sunday"})
}

#[test]
fn a_profile_is_created_replaced_and_read() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    stack.get_as(&user, "/api/v1/users/me/profile").problem(404);

    let stored = stack.put(&user, "/api/v1/users/me/profile", &profile("Europe/Rome"));
    assert_eq!(stored.status, 200, "{}", stored.text);
    assert_eq!(stored.json["time_zone"], "Europe/Rome");
    assert_eq!(stored.json["week_start"], "sunday");

    let replaced = stack.put(
        &user,
        "/api/v1/users/me/profile",
        &profile("America/New_York"),
    );
    assert_eq!(replaced.status, 200);
    assert_eq!(
        replaced.json["id"], stored.json["id"],
        "one profile per user, replaced in place"
    );

    let read = stack.get_as(&user, "/api/v1/users/me/profile");
    assert_eq!(read.json["time_zone"], "America/New_York");
    assert_eq!(read.json["weight_kg"].as_f64(), Some(75.0));
}

#[test]
fn an_unknown_time_zone_is_a_422_on_time_zone() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    for zone in ["Mars/Olympus_Mons", "Europe/Rome; drop table users"] {
        let answer = stack.put(&user, "/api/v1/users/me/profile", &profile(zone));
        assert_eq!(
            answer.problem(422)["field"],
            "time_zone",
            "{zone}: {}",
            answer.text
        );
    }
}

#[test]
fn out_of_range_and_unknown_values_name_their_field() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let cases = [
        ("height_cm", json!(20)),
        ("weight_kg", json!(-3)),
        ("age", json!(200)),
        ("gender", json!("robot")),
        ("activity_level", json!("couch")),
        ("week_start", json!("friday")),
    ];
    for (field, value) in cases {
        let mut body = profile("UTC");
        body[field] = value;
        let answer = stack.put(&user, "/api/v1/users/me/profile", &body);
        assert_eq!(answer.problem(422)["field"], field, "{}", answer.text);
    }
}
