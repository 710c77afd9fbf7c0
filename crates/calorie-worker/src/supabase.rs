//! A thin PostgREST client: requests are built as plain values (testable offline) and only
//! [`PostgrestClient::send`] touches the network.
//!
//! Every request carries the anon key as `apikey` and a bearer token: the caller's own JWT on
//! user requests, so PostgREST switches to the caller's role and RLS applies. The service-role
//! key is never part of this client.

use crate::config::{Config, Secret};
use crate::error::ApiError;
use futures_util::future::{select, Either};
use worker::{console_error, AbortController, Delay, Fetch, Headers, Method, Request, RequestInit};

/// How long a user request waits for PostgREST before answering 504.
pub const DEFAULT_TIMEOUT_MS: u64 = 8_000;

/// PostgREST of one Supabase project.
#[derive(Debug, Clone)]
pub struct PostgrestClient {
    rest_url: String,
    anon_key: Secret,
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
    /// The client for the project in `config` (PostgREST lives at `/rest/v1`).
    pub fn new(config: &Config) -> Self {
        Self {
            rest_url: format!("{}/rest/v1", config.supabase_url),
            anon_key: config.anon_key.clone(),
        }
    }

    /// A request for `path` (relative to `/rest/v1`, e.g. `/calorie_events`) with the apikey set
    /// and no caller identity yet.
    pub fn request(&self, method: Method, path: &str) -> RestRequest {
        RestRequest {
            method,
            url: format!("{}{}", self.rest_url, path),
            headers: vec![("apikey".to_owned(), self.anon_key.expose().to_owned())],
            body: None,
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }

    /// A request made as the anonymous role (anon key as bearer): for probes, never for user data.
    pub fn anonymous(&self, method: Method, path: &str) -> RestRequest {
        let bearer = self.anon_key.expose().to_owned();
        self.request(method, path).bearer(&bearer)
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
            let mut response = fetch.send_with_signal(&signal).await?;
            let body = response.text().await?;
            Ok::<_, worker::Error>(RestResponse { status: response.status_code(), body })
        });
        let deadline = Box::pin(Delay::from(std::time::Duration::from_millis(request.timeout_ms)));
        let outcome = select(exchange, deadline).await;
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
        PostgrestClient::new(&config)
    }

    #[test]
    fn requests_go_to_rest_v1_with_the_anon_key_as_apikey() {
        let request = client().request(Method::Get, "/users");
        assert_eq!(request.url, "http://127.0.0.1:54321/rest/v1/users");
        assert_eq!(request.headers, vec![("apikey".to_owned(), "anon-key".to_owned())]);
    }

    #[test]
    fn a_user_request_forwards_the_callers_token_unchanged() {
        let request = client().request(Method::Get, "/users").bearer("caller.jwt.sig");
        assert!(request
            .headers
            .contains(&("authorization".to_owned(), "Bearer caller.jwt.sig".to_owned())));
    }

    #[test]
    fn an_anonymous_probe_uses_the_anon_key_as_bearer() {
        let request = client().anonymous(Method::Get, "/").timeout_ms(1500);
        assert!(request
            .headers
            .contains(&("authorization".to_owned(), "Bearer anon-key".to_owned())));
        assert_eq!(request.timeout_ms, 1500);
    }
}
