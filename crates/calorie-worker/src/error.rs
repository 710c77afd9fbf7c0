//! The API's one error type and its mapping to RFC 9457 `application/problem+json`.

use serde::Serialize;
use worker::{console_error, Headers, Response};

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Everything a request can fail with. Each variant documents its HTTP status; internal causes
/// are logged and never returned to the client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Return `404 Not Found`: no route, or no resource the caller may see.
    #[error("no resource at {0}")]
    NotFound(String),
    /// Return `405 Method Not Allowed`: the path exists, the method does not.
    #[error("method not allowed on this path")]
    MethodNotAllowed,
    /// Return `500 Internal Server Error`: a binding is missing or invalid (the detail names it).
    #[error("server misconfigured: {0}")]
    Misconfigured(String),
    /// Return `503 Service Unavailable`: the database API could not be reached or is failing.
    #[error("upstream unavailable: {0}")]
    UpstreamUnavailable(String),
    /// Return `504 Gateway Timeout`: the database API did not answer within the time limit.
    #[error("upstream did not answer within {0} ms")]
    UpstreamTimeout(u64),
    /// Return `500 Internal Server Error`: a bug or runtime failure; the cause is only logged.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<worker::Error> for ApiError {
    fn from(err: worker::Error) -> Self {
        ApiError::Internal(err.to_string())
    }
}

/// An RFC 9457 problem details body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// A URI reference naming the problem type.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, safe to show to the caller.
    pub detail: String,
    /// The input field at fault, for validation errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            ApiError::NotFound(_) => 404,
            ApiError::MethodNotAllowed => 405,
            ApiError::Misconfigured(_) | ApiError::Internal(_) => 500,
            ApiError::UpstreamUnavailable(_) => 503,
            ApiError::UpstreamTimeout(_) => 504,
        }
    }

    /// The problem body: stable type and title per variant, a detail that leaks no internals.
    pub fn problem(&self) -> Problem {
        let (slug, title, detail) = match self {
            ApiError::NotFound(_) => ("not-found", "Not Found", self.to_string()),
            ApiError::MethodNotAllowed => {
                ("method-not-allowed", "Method Not Allowed", self.to_string())
            }
            ApiError::Misconfigured(_) => ("misconfigured", "Server Misconfigured", self.to_string()),
            ApiError::UpstreamUnavailable(_) => {
                ("upstream-unavailable", "Upstream Unavailable", self.to_string())
            }
            ApiError::UpstreamTimeout(_) => ("upstream-timeout", "Upstream Timeout", self.to_string()),
            ApiError::Internal(_) => (
                "internal",
                "Internal Server Error",
                "an unexpected error occurred; it has been logged".to_owned(),
            ),
        };
        Problem {
            problem_type: format!("/problems/{slug}"),
            title: title.to_owned(),
            status: self.status(),
            detail,
            field: None,
        }
    }

    /// The HTTP response: problem+json with the variant's status. Server-side causes are logged.
    pub fn into_response(self) -> Response {
        if self.status() >= 500 {
            console_error!("{self}");
        }
        problem_response(&self.problem())
    }
}

/// Builds a problem+json response. Serialising a `Problem` cannot fail, and neither can setting
/// a valid header, so the fallbacks below are unreachable in practice but keep this panic-free.
pub fn problem_response(problem: &Problem) -> Response {
    let body = serde_json::to_string(problem).unwrap_or_else(|_| "{}".to_owned());
    let headers = Headers::new();
    let _ = headers.set("content-type", PROBLEM_JSON);
    Response::ok(body)
        .map(|r| r.with_status(problem.status).with_headers(headers))
        .unwrap_or_else(|_| Response::empty().expect("empty response").with_status(500))
}

/// The router answers unknown methods with a plain-text 405 of its own; give it our shape.
pub fn problem_for_router_fallback(response: Response) -> Response {
    let is_problem = response
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .is_some_and(|t| t.starts_with(PROBLEM_JSON));
    if response.status_code() == 405 && !is_problem {
        ApiError::MethodNotAllowed.into_response()
    } else {
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let problem = ApiError::Internal("password=hunter2".into()).problem();
        assert_eq!(problem.status, 500);
        assert!(!problem.detail.contains("hunter2"));
    }

    #[test]
    fn upstream_failures_map_to_gateway_statuses() {
        assert_eq!(ApiError::UpstreamUnavailable("refused".into()).status(), 503);
        assert_eq!(ApiError::UpstreamTimeout(2000).status(), 504);
    }

    #[test]
    fn a_problem_serialises_with_the_rfc_9457_member_names() {
        let json = serde_json::to_value(ApiError::NotFound("/x".into()).problem()).unwrap();
        assert_eq!(json["type"], "/problems/not-found");
        assert_eq!(json["title"], "Not Found");
        assert_eq!(json["status"], 404);
        assert_eq!(json["detail"], "no resource at /x");
        assert!(json.get("field").is_none());
    }
}
