//! The API's one error type and its mapping to RFC 9457 `application/problem+json`.

use crate::auth::AuthError;
use serde::Serialize;
use worker::{console_error, Headers, Response};

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Everything a request can fail with. Each variant documents its HTTP status; internal causes
/// are logged and never returned to the client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Return `400 Bad Request`: the body is not JSON, or not the JSON shape expected.
    #[error("{0}")]
    BadRequest(String),
    /// Return `401 Unauthorized` with `WWW-Authenticate`: no valid user token.
    #[error("{0}")]
    Unauthorized(#[from] AuthError),
    /// Return `403 Forbidden`: the database refused the write for this caller (RLS).
    #[error("{0}")]
    Forbidden(String),
    /// Return `404 Not Found`: no route, or no resource the caller may see.
    #[error("no resource at {0}")]
    NotFound(String),
    /// Return `405 Method Not Allowed`: the path exists, the method does not.
    #[error("method not allowed on this path")]
    MethodNotAllowed,
    /// Return `409 Conflict`: the resource already exists, or another one is in the way.
    #[error("{0}")]
    Conflict(String),
    /// Return `413 Content Too Large`: the body exceeds the limit (in bytes).
    #[error("request body exceeds {0} bytes")]
    PayloadTooLarge(usize),
    /// Return `415 Unsupported Media Type`: a body that is not `application/json`.
    #[error("send the body as application/json")]
    UnsupportedMediaType,
    /// Return `422 Unprocessable Content`: well-formed input that breaks a rule; names the field.
    #[error("{detail}")]
    Validation {
        /// The field at fault, as named in the API.
        field: String,
        /// What is wrong and what is allowed.
        detail: String,
    },
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

impl From<calorie_core::Error> for ApiError {
    fn from(err: calorie_core::Error) -> Self {
        ApiError::Validation {
            field: err.field().to_owned(),
            detail: err.to_string(),
        }
    }
}

impl ApiError {
    /// A 422 for `field`.
    pub fn invalid(field: &str, detail: impl Into<String>) -> Self {
        ApiError::Validation {
            field: field.to_owned(),
            detail: detail.into(),
        }
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
            ApiError::BadRequest(_) => 400,
            ApiError::Unauthorized(_) => 401,
            ApiError::Forbidden(_) => 403,
            ApiError::NotFound(_) => 404,
            ApiError::MethodNotAllowed => 405,
            ApiError::Conflict(_) => 409,
            ApiError::PayloadTooLarge(_) => 413,
            ApiError::UnsupportedMediaType => 415,
            ApiError::Validation { .. } => 422,
            ApiError::Misconfigured(_) | ApiError::Internal(_) => 500,
            ApiError::UpstreamUnavailable(_) => 503,
            ApiError::UpstreamTimeout(_) => 504,
        }
    }

    /// The problem body: stable type and title per variant, a detail that leaks no internals.
    pub fn problem(&self) -> Problem {
        let (slug, title) = match self {
            ApiError::BadRequest(_) => ("bad-request", "Bad Request"),
            ApiError::Unauthorized(_) => ("unauthorized", "Unauthorized"),
            ApiError::Forbidden(_) => ("forbidden", "Forbidden"),
            ApiError::NotFound(_) => ("not-found", "Not Found"),
            ApiError::MethodNotAllowed => ("method-not-allowed", "Method Not Allowed"),
            ApiError::Conflict(_) => ("conflict", "Conflict"),
            ApiError::PayloadTooLarge(_) => ("payload-too-large", "Content Too Large"),
            ApiError::UnsupportedMediaType => ("unsupported-media-type", "Unsupported Media Type"),
            ApiError::Validation { .. } => ("validation", "Invalid Input"),
            ApiError::Misconfigured(_) => ("misconfigured", "Server Misconfigured"),
            ApiError::UpstreamUnavailable(_) => ("upstream-unavailable", "Upstream Unavailable"),
            ApiError::UpstreamTimeout(_) => ("upstream-timeout", "Upstream Timeout"),
            ApiError::Internal(_) => ("internal", "Internal Server Error"),
        };
        let detail = match self {
            ApiError::Internal(_) => "an unexpected error occurred; it has been logged".to_owned(),
            other => other.to_string(),
        };
        let field = match self {
            ApiError::Validation { field, .. } => Some(field.clone()),
            _ => None,
        };
        Problem {
            problem_type: format!("/problems/{slug}"),
            title: title.to_owned(),
            status: self.status(),
            detail,
            field,
        }
    }

    /// The HTTP response: problem+json with the variant's status. Server-side causes are logged.
    pub fn into_response(self) -> Response {
        if self.status() >= 500 {
            console_error!("{self}");
        }
        let response = problem_response(&self.problem());
        if let ApiError::Unauthorized(reason) = &self {
            let challenge = match reason {
                AuthError::Missing => r#"Bearer realm="calorie-balance""#.to_owned(),
                other => format!(
                    r#"Bearer realm="calorie-balance", error="invalid_token", error_description="{other}""#
                ),
            };
            let _ = response.headers().set("www-authenticate", &challenge);
        }
        response
    }
}

/// Builds a problem+json response. Serialising a `Problem` cannot fail and the header is valid,
/// so the fallbacks only keep this free of panics.
pub fn problem_response(problem: &Problem) -> Response {
    let body = serde_json::to_string(problem).unwrap_or_else(|_| "{}".to_owned());
    let headers = Headers::new();
    let _ = headers.set("content-type", PROBLEM_JSON);
    match Response::ok(body) {
        Ok(response) => response.with_status(problem.status).with_headers(headers),
        Err(_) => Response::builder().with_status(500).empty(),
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
        assert_eq!(
            ApiError::UpstreamUnavailable("refused".into()).status(),
            503
        );
        assert_eq!(ApiError::UpstreamTimeout(2000).status(), 504);
    }

    #[test]
    fn a_validation_problem_names_the_field() {
        let json =
            serde_json::to_value(ApiError::invalid("weight_kg", "too heavy").problem()).unwrap();
        assert_eq!(json["status"], 422);
        assert_eq!(json["field"], "weight_kg");
        assert_eq!(json["detail"], "too heavy");
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
