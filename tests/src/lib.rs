//! Helpers for the end-to-end tests: where the stack is, users with signed tokens, and plain
//! HTTP calls to the worker.
//!
//! The stack is started by `scripts/test.sh` (or `make dev`), which writes its settings to an
//! env file; `E2E_ENV_FILE` names it (default `.dev/test/env`, relative to the workspace root).
//! Every test makes its own users, so row-level security keeps tests' data apart and they can
//! run in parallel against one database.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The running stack, as described by its env file.
#[derive(Debug, Clone)]
pub struct Stack {
    /// Base URL of the worker under `wrangler dev`.
    pub worker_url: String,
    /// Base URL of the gateway (`/rest/v1` below it).
    pub supabase_url: String,
    /// Every `KEY=value` of the env file.
    pub vars: HashMap<String, String>,
    /// The directory holding the stack's pid files and logs.
    pub dir: PathBuf,
}

/// An HTTP answer, whatever its status.
#[derive(Debug)]
pub struct Answer {
    /// Status code.
    pub status: u16,
    /// `content-type` header, empty when absent.
    pub content_type: String,
    /// Every header, names lower-cased.
    pub headers: HashMap<String, String>,
    /// Body parsed as JSON (`Null` when it is not JSON).
    pub json: Value,
    /// The raw body.
    pub text: String,
}

/// A signed-in test user: an auth user in the database and a token for them.
#[derive(Debug, Clone)]
pub struct User {
    /// The auth user id (`sub`).
    pub id: String,
    /// Their email.
    pub email: String,
    /// A valid HS256 token for them.
    pub token: String,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

impl Stack {
    /// Reads the env file written by `scripts/stack.sh up`.
    ///
    /// # Panics
    /// When the file is missing: the tests need a running stack (`make test` starts one).
    pub fn from_env() -> Stack {
        // Relative paths are relative to the workspace root (cargo runs tests in the crate dir).
        let file =
            root().join(std::env::var("E2E_ENV_FILE").unwrap_or_else(|_| ".dev/test/env".into()));
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| {
            panic!(
                "no stack env file at {} ({e}); run `make test`",
                file.display()
            )
        });
        let vars: HashMap<String, String> = text
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Stack {
            worker_url: vars["WORKER_URL"].clone(),
            supabase_url: vars["SUPABASE_URL"].clone(),
            dir: file.parent().map(PathBuf::from).unwrap_or_else(root),
            vars,
        }
    }

    /// `GET {worker_url}{path}` without credentials.
    pub fn get(&self, path: &str) -> Answer {
        call(ureq::get(&self.url(path)), None)
    }

    /// The worker URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.worker_url, path)
    }

    /// Runs `scripts/stack.sh ARG` against this stack.
    pub fn script(&self, arg: &str) {
        let status = Command::new(root().join("scripts/stack.sh"))
            .arg(arg)
            .env("STACK_DIR", &self.dir)
            .status()
            .expect("scripts/stack.sh runs");
        assert!(status.success(), "scripts/stack.sh {arg} failed");
    }

    /// Runs SQL as the database superuser (test set-up only; the API never does this).
    pub fn sql(&self, sql: &str) -> String {
        let output = Command::new("psql")
            .arg(&self.vars["DATABASE_URL"])
            .args(["--no-psqlrc", "-qAt", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .output()
            .expect("psql runs");
        assert!(
            output.status.success(),
            "psql failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// A fresh auth user (as Supabase Auth would create at sign-up) with a valid token. The
    /// app's `users` row is not created: that is `POST /api/v1/users`.
    pub fn new_auth_user(&self) -> User {
        let id = unique_uuid();
        let email = format!("{}@test.example", &id[..8]);
        self.sql(&format!(
            "insert into auth.users (id, aud, role, email) values ('{id}', 'authenticated', 'authenticated', '{email}')"
        ));
        let now = unix_now();
        let token = self.sign(&json!({
            "sub": id, "role": "authenticated", "aud": "authenticated", "email": email,
            "iat": now, "exp": now + 3600
        }));
        User { id, email, token }
    }

    /// A fresh user with their `users` row created through the API.
    pub fn new_user(&self) -> User {
        let user = self.new_auth_user();
        let username = format!("u{}", &user.id[..8]);
        let created = self.post(
            &user,
            "/api/v1/users",
            &json!({"email": user.email, "username": username}),
        );
        assert_eq!(
            created.status, 201,
            "creating the test user: {}",
            created.text
        );
        user
    }

    /// An HS256 token for `claims`, signed with the project's JWT secret.
    pub fn sign(&self, claims: &Value) -> String {
        sign_hs256(&self.vars["JWT_SECRET"], claims)
    }

    /// `GET` as `user`.
    pub fn get_as(&self, user: &User, path: &str) -> Answer {
        call(ureq::get(&self.url(path)), Some(&user.token))
    }

    /// `POST` JSON as `user`.
    pub fn post(&self, user: &User, path: &str, body: &Value) -> Answer {
        send_json(ureq::post(&self.url(path)), Some(&user.token), body)
    }

    /// `PUT` JSON as `user`.
    pub fn put(&self, user: &User, path: &str, body: &Value) -> Answer {
        send_json(ureq::put(&self.url(path)), Some(&user.token), body)
    }

    /// `PATCH` JSON as `user`.
    pub fn patch(&self, user: &User, path: &str, body: &Value) -> Answer {
        send_json(
            ureq::request("PATCH", &self.url(path)),
            Some(&user.token),
            body,
        )
    }

    /// `DELETE` as `user`.
    pub fn delete(&self, user: &User, path: &str) -> Answer {
        call(ureq::delete(&self.url(path)), Some(&user.token))
    }

    /// Lines the gateway logged for requests carrying `request_id` (it logs every request that
    /// reaches it, by `x-request-id`).
    pub fn upstream_requests(&self, request_id: &str) -> usize {
        let log = std::fs::read_to_string(self.dir.join("gateway.log")).unwrap_or_default();
        log.lines()
            .filter(|line| line.contains(&format!("request_id={request_id} ")))
            .count()
    }
}

/// An HS256 JWT of `claims` signed with `secret`.
pub fn sign_hs256(secret: &str, claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(claims.to_string());
    let signed = format!("{header}.{body}");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(signed.as_bytes());
    format!(
        "{signed}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

/// An ES256 JWT of `claims` signed with the P-256 private key `private_key_hex`, with `kid`.
pub fn sign_es256(private_key_hex: &str, kid: &str, claims: &Value) -> String {
    use p256::ecdsa::signature::Signer;
    let bytes: Vec<u8> = (0..private_key_hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&private_key_hex[i..i + 2], 16).expect("hex key"))
        .collect();
    let key = p256::ecdsa::SigningKey::from_slice(&bytes).expect("a P-256 private key");
    let header =
        URL_SAFE_NO_PAD.encode(json!({"alg": "ES256", "typ": "JWT", "kid": kid}).to_string());
    let signed = format!("{header}.{}", URL_SAFE_NO_PAD.encode(claims.to_string()));
    let signature: p256::ecdsa::Signature = key.sign(signed.as_bytes());
    format!("{signed}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
}

/// Seconds since the epoch.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// A random-enough v4-shaped UUID, unique within and across test runs.
pub fn unique_uuid() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0) as u64;
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mixed =
        nanos ^ (u64::from(std::process::id()) << 40) ^ count.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let hex = format!("{mixed:016x}{:016x}", count ^ nanos.rotate_left(17));
    format!(
        "{}-{}-4{}-8{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        &hex[17..20],
        &hex[20..32]
    )
}

fn send_json(request: ureq::Request, token: Option<&str>, body: &Value) -> Answer {
    call_with_body(
        request.set("content-type", "application/json"),
        token,
        Some(body.to_string()),
    )
}

/// Sends a request and returns the answer, error statuses included.
pub fn call(request: ureq::Request, token: Option<&str>) -> Answer {
    call_with_body(request, token, None)
}

/// Sends a request with an optional raw body and returns the answer, error statuses included.
pub fn call_with_body(request: ureq::Request, token: Option<&str>, body: Option<String>) -> Answer {
    let mut request = request.timeout(Duration::from_secs(60));
    if let Some(token) = token {
        request = request.set("authorization", &format!("Bearer {token}"));
    }
    let result = match body {
        Some(body) => request.send_string(&body),
        None => request.call(),
    };
    let response = match result {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(err) => panic!("request failed: {err}"),
    };
    let status = response.status();
    let headers = response
        .headers_names()
        .into_iter()
        .filter_map(|name| {
            response
                .header(&name)
                .map(|v| (name.to_lowercase(), v.to_owned()))
        })
        .collect::<HashMap<_, _>>();
    let content_type = response
        .header("content-type")
        .unwrap_or_default()
        .to_owned();
    let text = response.into_string().unwrap_or_default();
    Answer {
        status,
        content_type,
        headers,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

impl Answer {
    /// Asserts a problem+json answer with `status`, returning the problem.
    pub fn problem(&self, status: u16) -> &Value {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(
            self.content_type, "application/problem+json",
            "{}",
            self.text
        );
        assert_eq!(self.json["status"], status);
        assert!(
            self.json["title"].is_string() && self.json["detail"].is_string(),
            "{}",
            self.text
        );
        &self.json
    }
}
