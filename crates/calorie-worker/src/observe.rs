//! Request ids and the one structured log line per request.
//!
//! The line carries no token, key, query string or body: only what an operator needs to follow
//! a request (id, method, route pattern, status, upstream and total time).

use serde::Serialize;

/// The id of a request: the caller's `x-request-id` when it is a sane token (so ids can be
/// followed across systems), otherwise a fresh random one.
pub fn request_id(incoming: Option<&str>, random: impl FnOnce() -> String) -> String {
    match incoming {
        Some(id)
            if !id.is_empty()
                && id.len() <= 64
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            id.to_owned()
        }
        _ => random(),
    }
}

/// One request, as logged.
#[derive(Debug, Serialize)]
pub struct RequestLog<'a> {
    /// Always `"request"`, to tell these lines from others.
    pub msg: &'static str,
    /// The request id (also returned as `x-request-id`).
    pub request_id: &'a str,
    /// HTTP method.
    pub method: &'a str,
    /// The matched route pattern (`GET /api/v1/calorie-events/{id}`), or `-`.
    pub route: &'a str,
    /// Response status.
    pub status: u16,
    /// Milliseconds waiting for PostgREST.
    pub upstream_ms: f64,
    /// Milliseconds from arrival to response.
    pub total_ms: f64,
}

impl RequestLog<'_> {
    /// The JSON line.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sane_incoming_request_id_is_kept_and_anything_else_replaced() {
        let fresh = || "fresh".to_owned();
        assert_eq!(request_id(Some("abc-123_X"), fresh), "abc-123_X");
        assert_eq!(request_id(Some("has space"), fresh), "fresh");
        assert_eq!(request_id(Some("<script>"), fresh), "fresh");
        assert_eq!(request_id(Some(&"a".repeat(65)), fresh), "fresh");
        assert_eq!(request_id(None, fresh), "fresh");
    }

    #[test]
    fn the_log_line_is_one_json_object_with_the_documented_fields() {
        let line = RequestLog {
            msg: "request",
            request_id: "r1",
            method: "GET",
            route: "GET /health",
            status: 200,
            upstream_ms: 0.0,
            total_ms: 3.0,
        }
        .to_line();
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["route"], "GET /health");
        assert_eq!(value["status"], 200);
        assert!(!line.contains('\n'));
    }
}
