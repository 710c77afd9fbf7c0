use calorie_e2e::Stack;

#[test]
fn health_answers_with_the_service_name_and_version() {
    let answer = Stack::from_env().get("/health");
    assert_eq!(answer.status, 200);
    assert!(answer.content_type.starts_with("application/json"));
    assert_eq!(answer.json["service"], "calorie-worker");
    assert_eq!(answer.json["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn readiness_is_200_when_postgrest_answers() {
    let answer = Stack::from_env().get("/health/ready");
    assert_eq!(answer.status, 200, "{:?}", answer.json);
    assert_eq!(answer.json["status"], "ready");
}

#[test]
fn an_unknown_path_is_a_404_problem() {
    let answer = Stack::from_env().get("/no/such/route");
    assert_eq!(answer.status, 404);
    assert_eq!(answer.content_type, "application/problem+json");
    assert_eq!(answer.json["status"], 404);
    assert_eq!(answer.json["title"], "Not Found");
    assert!(answer.json["detail"]
        .as_str()
        .unwrap()
        .contains("/no/such/route"));
}

#[test]
fn a_wrong_method_on_a_known_path_is_a_405_problem() {
    let stack = Stack::from_env();
    let answer = calorie_e2e::call(ureq::delete(&format!("{}/health", stack.worker_url)), None);
    assert_eq!(answer.status, 405);
    assert_eq!(answer.content_type, "application/problem+json");
}
