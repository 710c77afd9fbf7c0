use calorie_e2e::Stack;
use serde_json::json;

#[test]
fn a_user_is_created_from_the_token_and_read_back() {
    let stack = Stack::from_env();
    let user = stack.new_auth_user();
    let missing = stack.get_as(&user, "/api/v1/users/me");
    missing.problem(404);

    let created = stack.post(
        &user,
        "/api/v1/users",
        &json!({"email": user.email, "username": format!("n{}", &user.id[..8])}),
    );
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(
        created.json["id"],
        user.id.as_str(),
        "the id is the token's sub"
    );

    let me = stack.get_as(&user, "/api/v1/users/me");
    assert_eq!(me.status, 200);
    assert_eq!(me.json["email"], user.email.as_str());

    let listed = stack.get_as(&user, "/api/v1/users");
    assert_eq!(listed.status, 200);
    assert_eq!(
        listed.json.as_array().unwrap().len(),
        1,
        "RLS shows only the caller"
    );
}

#[test]
fn creating_the_same_user_twice_is_a_409() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let again = stack.post(
        &user,
        "/api/v1/users",
        &json!({"email": user.email, "username": format!("x{}", &user.id[..8])}),
    );
    again.problem(409);
}

#[test]
fn a_taken_username_is_a_409() {
    let stack = Stack::from_env();
    let first = stack.new_user();
    let second = stack.new_auth_user();
    let taken = format!("u{}", &first.id[..8]);
    let answer = stack.post(
        &second,
        "/api/v1/users",
        &json!({"email": second.email, "username": taken}),
    );
    answer.problem(409);
}

#[test]
fn the_current_user_can_change_email_and_username() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let changed = stack.patch(
        &user,
        "/api/v1/users/me",
        &json!({"username": format!("renamed{}", &user.id[..6])}),
    );
    assert_eq!(changed.status, 200, "{}", changed.text);
    assert_eq!(
        changed.json["username"],
        format!("renamed{}", &user.id[..6]).as_str()
    );
    let bad = stack.patch(&user, "/api/v1/users/me", &json!({"email": "not-an-email"}));
    assert_eq!(bad.problem(422)["field"], "email");
    let empty = stack.patch(&user, "/api/v1/users/me", &json!({}));
    empty.problem(422);
}
