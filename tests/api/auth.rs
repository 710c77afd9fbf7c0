//! The JWT matrix: every refused token is a 401 problem with `WWW-Authenticate`, and the request
//! never reaches the database API (the gateway logs every request it sees, by request id).

use calorie_e2e::{call, sign_es256, sign_hs256, unique_uuid, unix_now, Stack};
use serde_json::json;

fn get_with(stack: &Stack, authorization: Option<&str>) -> (calorie_e2e::Answer, String) {
    let request_id = format!("jwt-{}", unique_uuid());
    let mut request = ureq::get(&stack.url("/api/v1/users/me")).set("x-request-id", &request_id);
    if let Some(value) = authorization {
        request = request.set("authorization", value);
    }
    (call(request, None), request_id)
}

fn assert_refused_at_the_edge(stack: &Stack, authorization: Option<&str>, case: &str) {
    let (answer, request_id) = get_with(stack, authorization);
    answer.problem(401);
    assert!(
        answer
            .headers
            .get("www-authenticate")
            .is_some_and(|v| v.starts_with("Bearer")),
        "{case}"
    );
    assert_eq!(
        answer.headers.get("x-request-id"),
        Some(&request_id),
        "{case}"
    );
    assert_eq!(
        stack.upstream_requests(&request_id),
        0,
        "{case}: the request reached the database API"
    );
}

#[test]
fn refused_tokens_never_leave_the_worker() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let secret = &stack.vars["JWT_SECRET"];
    let now = unix_now();
    let claims = |extra: serde_json::Value| {
        let mut claims = json!({"sub": user.id, "role": "authenticated", "exp": now + 600});
        claims
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        claims
    };
    let parts: Vec<&str> = user.token.split('.').collect();
    let unsigned = format!(
        "{}.{}.",
        base64_url(br#"{"alg":"none","typ":"JWT"}"#),
        parts[1]
    );
    let cases: Vec<(String, Option<String>)> = vec![
        ("no header".into(), None),
        ("not bearer".into(), Some(format!("Basic {}", user.token))),
        ("malformed".into(), Some("Bearer not.a.jwt".into())),
        ("garbage".into(), Some("Bearer ???".into())),
        (
            "wrong signature".into(),
            Some(format!(
                "Bearer {}",
                sign_hs256("another-secret", &claims(json!({})))
            )),
        ),
        ("alg none".into(), Some(format!("Bearer {unsigned}"))),
        (
            "expired".into(),
            Some(format!(
                "Bearer {}",
                sign_hs256(secret, &claims(json!({"exp": now - 3600})))
            )),
        ),
        (
            "not yet valid".into(),
            Some(format!(
                "Bearer {}",
                sign_hs256(secret, &claims(json!({"nbf": now + 3600})))
            )),
        ),
        (
            "anon key".into(),
            Some(format!("Bearer {}", stack.vars["SUPABASE_ANON_KEY"])),
        ),
        (
            "service role".into(),
            Some(format!(
                "Bearer {}",
                sign_hs256(secret, &claims(json!({"role": "service_role"})))
            )),
        ),
    ];
    for (case, authorization) in &cases {
        assert_refused_at_the_edge(&stack, authorization.as_deref(), case);
    }

    // The control: a valid token goes upstream, unchanged, and is answered.
    let (answer, request_id) = get_with(&stack, Some(&format!("Bearer {}", user.token)));
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert!(stack.upstream_requests(&request_id) >= 1);
}

fn base64_url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[test]
fn an_es256_token_of_the_projects_signing_key_is_accepted_end_to_end() {
    let stack = Stack::from_env();
    let user = stack.new_user();
    let now = unix_now();
    let claims =
        json!({"sub": user.id, "role": "authenticated", "aud": "authenticated", "exp": now + 600});
    let token = sign_es256(
        &stack.vars["ES256_PRIVATE_KEY"],
        &stack.vars["ES256_KID"],
        &claims,
    );
    let (answer, request_id) = get_with(&stack, Some(&format!("Bearer {token}")));
    assert_eq!(
        answer.status, 200,
        "the worker and PostgREST both accept it: {}",
        answer.text
    );
    assert_eq!(answer.json["id"], user.id.as_str());
    assert!(stack.upstream_requests(&request_id) >= 1);

    // Signed by another key under the same kid: refused at the edge.
    let forged = sign_es256(&"11".repeat(32), &stack.vars["ES256_KID"], &claims);
    assert_refused_at_the_edge(
        &stack,
        Some(&format!("Bearer {forged}")),
        "es256 with another key",
    );
}
