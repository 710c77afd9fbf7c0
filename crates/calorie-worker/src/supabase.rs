//! A thin PostgREST client: requests are built as plain values (testable offline) and only
//! [`PostgrestClient::send`] touches the network.
//!
//! Every request carries the anon key as `apikey` and a bearer token: the caller's own JWT on
//! user requests, so PostgREST switches to the caller's role and RLS applies. The service-role
//! key is never part of this client. PostgREST's errors are mapped to [`ApiError`] in one place,
//! [`upstream_error`].

use crate::auth::Caller;
use crate::config::{Config, Secret};
use crate::error::ApiError;
use futures_util::future::{select, Either};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use worker::wasm_bindgen_futures::JsFuture;
use worker::{
    console_error, web_sys, AbortController, Date, Delay, Fetch, Headers, Method, Request,
    RequestInit,
};

/// PostgREST of one Supabase project, for one incoming request.
#[derive(Debug, Clone)]
pub struct PostgrestClient {
    rest_url: String,
    anon_key: Secret,
    timeout_ms: u64,
    request_id: String,
    /// Milliseconds spent in upstream exchanges so far (for the request log).
    upstream_ms: Cell<f64>,
}

/// One request to PostgREST, fully built but not sent.
#[derive(Debug, Clone, PartialEq)]
pub struct RestRequest {
    /// HTTP method.
    pub method: Method,
    /// Absolute URL including the query string.
    pub url: String,
    /// Headers in the order they were added.
    pub headers: Vec<(String, String)>,
    /// JSON body, if any.
    pub body: Option<String>,
    /// Time limit for the whole exchange.
    pub timeout_ms: u64,
}

/// What PostgREST answered.
#[derive(Debug, Clone, PartialEq)]
pub struct RestResponse {
    /// HTTP status.
    pub status: u16,
    /// Raw body text.
    pub body: String,
}

impl PostgrestClient {
    /// The client for the project in `config` (PostgREST lives at `/rest/v1`). `request_id` is
    /// forwarded as `x-request-id` so upstream logs can be joined with ours.
    pub fn new(config: &Config, request_id: &str) -> Self {
        Self {
            rest_url: format!("{}/rest/v1", config.supabase_url),
            anon_key: config.anon_key.clone(),
            timeout_ms: config.upstream_timeout_ms,
            request_id: request_id.to_owned(),
            upstream_ms: Cell::new(0.0),
        }
    }

    /// Milliseconds this client has spent waiting for PostgREST.
    pub fn upstream_ms(&self) -> f64 {
        self.upstream_ms.get()
    }

    /// A request for `path` (relative to `/rest/v1`, e.g. `/calorie_events`) with the apikey set
    /// and no caller identity yet.
    pub fn request(&self, method: Method, path: &str) -> RestRequest {
        RestRequest {
            method,
            url: format!("{}{}", self.rest_url, path),
            headers: vec![
                ("apikey".to_owned(), self.anon_key.expose().to_owned()),
                ("x-request-id".to_owned(), self.request_id.clone()),
            ],
            body: None,
            timeout_ms: self.timeout_ms,
        }
    }

    /// A request made as the caller: their verified token, unchanged, as bearer.
    pub fn as_caller(&self, caller: &Caller, method: Method, path: &str) -> RestRequest {
        self.request(method, path).bearer(&caller.token)
    }

    /// A request made as the anonymous role (anon key as bearer): for probes, never for user data.
    pub fn anonymous(&self, method: Method, path: &str) -> RestRequest {
        let bearer = self.anon_key.expose().to_owned();
        self.request(method, path).bearer(&bearer)
    }

    /// Sends `request` and parses a successful JSON answer as `T`.
    ///
    /// # Errors
    /// PostgREST's error mapped by [`upstream_error`], or the transport errors of [`Self::send`].
    pub async fn fetch<T: DeserializeOwned>(&self, request: &RestRequest) -> Result<T, ApiError> {
        // The exchange is not generic (one copy in the wasm); only the parse is.
        parse_answer(&self.fetch_text(request).await?)
    }

    /// Sends `request` and returns the body of a successful answer.
    ///
    /// # Errors
    /// As [`Self::fetch`].
    pub async fn fetch_text(&self, request: &RestRequest) -> Result<String, ApiError> {
        let response = self.send(request).await?;
        if (200..300).contains(&response.status) {
            Ok(response.body)
        } else {
            Err(upstream_error(response.status, &response.body))
        }
    }

    /// Sends `request`, giving up after its time limit (the fetch is aborted, not left running).
    ///
    /// # Errors
    /// [`ApiError::UpstreamTimeout`] after the limit, [`ApiError::UpstreamUnavailable`] when the
    /// connection fails.
    pub async fn send(&self, request: &RestRequest) -> Result<RestResponse, ApiError> {
        let controller = AbortController::default();
        let signal = controller.signal();
        let fetch = Fetch::Request(request.to_worker_request()?);
        let exchange = Box::pin(async move {
            let response = fetch.send_with_signal(&signal).await?;
            let status = response.status_code();
            let body = body_text(response).await?;
            Ok::<_, worker::Error>(RestResponse { status, body })
        });
        let deadline = Box::pin(Delay::from(std::time::Duration::from_millis(
            request.timeout_ms,
        )));
        let started = Date::now().as_millis();
        let outcome = select(exchange, deadline).await;
        let spent = Date::now().as_millis().saturating_sub(started);
        self.upstream_ms.set(self.upstream_ms.get() + spent as f64);
        match outcome {
            Either::Left((Ok(response), _)) => Ok(response),
            Either::Left((Err(err), _)) => {
                console_error!("upstream fetch failed: {err}");
                Err(ApiError::UpstreamUnavailable(
                    "the database API could not be reached".into(),
                ))
            }
            Either::Right(((), _)) => {
                controller.abort();
                Err(ApiError::UpstreamTimeout(request.timeout_ms))
            }
        }
    }
}

impl RestRequest {
    /// Adds `Authorization: Bearer <token>`.
    pub fn bearer(self, token: &str) -> Self {
        self.header("authorization", &format!("Bearer {token}"))
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Adds a `Prefer` header (e.g. `return=representation`).
    pub fn prefer(self, value: &str) -> Self {
        self.header("prefer", value)
    }

    /// Appends `key=value` to the query string, percent-encoding both.
    pub fn query(mut self, key: &str, value: &str) -> Self {
        let separator = if self.url.contains('?') { '&' } else { '?' };
        self.url = format!("{}{separator}{}={}", self.url, encode(key), encode(value));
        self
    }

    /// Sets a JSON body.
    ///
    /// # Errors
    /// [`ApiError::Internal`] if `body` cannot be serialised (not expected for our types).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, ApiError> {
        let text = serde_json::to_string(body).map_err(|e| ApiError::Internal(e.to_string()))?;
        self.body = Some(text);
        Ok(self.header("content-type", "application/json"))
    }

    /// Sets the time limit.
    pub fn timeout_ms(mut self, timeout_ms: u64) -> Self {
        self.timeout_ms = timeout_ms;
        self
    }

    fn to_worker_request(&self) -> Result<Request, ApiError> {
        let headers = Headers::new();
        for (name, value) in &self.headers {
            headers.append(name, value)?;
        }
        let mut init = RequestInit::new();
        init.with_method(self.method.clone()).with_headers(headers);
        if let Some(body) = &self.body {
            init.with_body(Some(body.as_str().into()));
        }
        Ok(Request::new_with_init(&self.url, &init)?)
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
/// A successful PostgREST answer's JSON as `T`; anything else is our bug, not the caller's.
///
/// # Errors
/// [`ApiError::Internal`] with the start of the body.
pub fn parse_answer<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|err| {
        ApiError::Internal(format!("unexpected PostgREST answer ({err}): {body:.200}"))
    })
}

/// The whole body of a fetched response, read by the runtime in one call. (workers-rs'
/// `Response::text` pulls a fetched body chunk by chunk through a Rust stream, one JS promise
/// per chunk, which made a 1000-event batch answer cost milliseconds.)
async fn body_text(response: worker::Response) -> worker::Result<String> {
    let response: web_sys::Response = response.into();
    let text = JsFuture::from(response.text()?).await?;
    Ok(text.as_string().unwrap_or_default())
}

fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// PostgREST's error body.
#[derive(Debug, Default, Deserialize)]
struct PostgrestError {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    message: Option<String>,
}

/// The one mapping from a PostgREST error answer to the API's error.
///
/// Database messages are not passed through (they name constraints and tables); the detail
/// says what the caller can act on, and the cause is logged for operators by the caller of
/// `into_response` when it is a 5xx.
pub fn upstream_error(status: u16, body: &str) -> ApiError {
    let error: PostgrestError = serde_json::from_str(body).unwrap_or_default();
    let code = error.code.as_deref().unwrap_or("");
    let message = error.message.as_deref().unwrap_or("");
    match code {
        "23505" => ApiError::Conflict("a resource with these unique values already exists".into()),
        "23503" => ApiError::Conflict(
            "a resource this one refers to does not exist (create your user first: POST /api/v1/users)"
                .into(),
        ),
        "23514" | "23502" | "22P02" | "22P05" | "22023" | "22007" | "22008" | "22003" | "P0001" => {
            ApiError::invalid(field_of(message), rule_of(code, message))
        }
        // Row-level security refused a write: PostgREST answers 403 (the local stand-in, 401).
        "42501" => ApiError::Forbidden("the database refused this write for the caller".into()),
        "PGRST116" => ApiError::NotFound("the requested resource".into()),
        _ if status >= 500 => ApiError::UpstreamUnavailable(format!("the database API answered {status}")),
        _ => ApiError::Internal(format!("PostgREST answered {status}: {body:.300}")),
    }
}

/// The API field a database message is about, from the constraint or column it names.
fn field_of(message: &str) -> &'static str {
    const CONSTRAINTS: &[(&str, &str)] = &[
        ("height_check", "height_cm"),
        ("weight_check", "weight_kg"),
        ("age_check", "age"),
        ("time_zone", "time_zone"),
        ("week_start", "week_start"),
        ("positive_calories", "calories_amount"),
        ("calories_amount", "calories_amount"),
        ("weight_kg_plausible", "calories_amount"),
        ("event_timestamp", "event_timestamp"),
        ("event_type", "event_type"),
        ("source", "source"),
        ("metadata", "metadata"),
        ("positive_target_weight", "target_weight_kg"),
        ("daily_calorie_target", "daily_calorie_target"),
        ("tz", "tz"),
    ];
    CONSTRAINTS
        .iter()
        .find(|(needle, _)| message.contains(needle))
        .map_or("body", |(_, field)| field)
}

fn rule_of(code: &str, message: &str) -> String {
    match code {
        "23502" => "a required value is missing".into(),
        "22P02" | "22007" | "22008" => "a value has the wrong format".into(),
        "22P05" => "a text value holds a character the database cannot store".into(),
        "22003" => "a number is out of range".into(),
        // Our own functions raise 22023 / P0001 with messages written for callers.
        "22023" | "P0001" => message.to_owned(),
        _ => "a value is outside the allowed range".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> PostgrestClient {
        let config = Config::from_values(
            Some("http://127.0.0.1:54321".into()),
            Some("anon-key".into()),
            Some("jwt-secret".into()),
        )
        .unwrap();
        PostgrestClient::new(&config, "req-1")
    }

    #[test]
    fn requests_go_to_rest_v1_with_the_anon_key_as_apikey_and_the_request_id() {
        let request = client().request(Method::Get, "/users");
        assert_eq!(request.url, "http://127.0.0.1:54321/rest/v1/users");
        assert_eq!(
            request.headers,
            vec![
                ("apikey".to_owned(), "anon-key".to_owned()),
                ("x-request-id".to_owned(), "req-1".to_owned())
            ]
        );
    }

    #[test]
    fn an_anonymous_probe_uses_the_anon_key_as_bearer() {
        let request = client().anonymous(Method::Get, "/").timeout_ms(1500);
        assert!(request
            .headers
            .contains(&("authorization".to_owned(), "Bearer anon-key".to_owned())));
        assert_eq!(request.timeout_ms, 1500);
    }

    #[test]
    fn query_values_are_percent_encoded() {
        let request = client()
            .request(Method::Get, "/calorie_events")
            .query("event_timestamp", "gte.2025-03-09T12:00:00+01:00")
            .query("select", "id,event_type");
        assert_eq!(
            request.url,
            "http://127.0.0.1:54321/rest/v1/calorie_events?event_timestamp=gte.2025-03-09T12%3A00%3A00%2B01%3A00&select=id%2Cevent_type"
        );
    }

    #[test]
    fn a_json_body_sets_the_content_type() {
        let request = client()
            .request(Method::Post, "/users")
            .json(&[1, 2])
            .unwrap();
        assert_eq!(request.body.as_deref(), Some("[1,2]"));
        assert!(request
            .headers
            .contains(&("content-type".to_owned(), "application/json".to_owned())));
    }

    #[test]
    fn postgrest_errors_map_to_api_statuses() {
        let error = |status, code: &str, message: &str| {
            upstream_error(
                status,
                &serde_json::json!({ "code": code, "message": message }).to_string(),
            )
        };
        assert_eq!(error(409, "23505", "duplicate key").status(), 409);
        assert_eq!(error(409, "23503", "fk").status(), 409);
        let check = error(400, "23514", "violates check constraint \"height_check\"");
        assert_eq!(check.status(), 422);
        assert_eq!(check.problem().field.as_deref(), Some("height_cm"));
        assert_eq!(error(401, "42501", "row-level security").status(), 403);
        assert_eq!(error(403, "42501", "row-level security").status(), 403);
        assert_eq!(error(406, "PGRST116", "0 rows").status(), 404);
        assert_eq!(error(502, "", "").status(), 503);
        assert_eq!(upstream_error(503, "not json").status(), 503);
        assert_eq!(
            error(400, "PGRST100", "parse error").status(),
            500,
            "our bug, not the caller's"
        );
    }

    #[test]
    fn database_messages_are_not_passed_to_the_caller() {
        let err = upstream_error(
            400,
            r#"{"code":"23514","message":"new row for relation \"calorie_events\" violates check constraint \"calories_amount_plausible\""}"#,
        );
        assert!(!err.to_string().contains("calorie_events\""), "{err}");
    }
}
