//! CORS for browser clients, from the configured list of allowed origins.
//!
//! The API authenticates with bearer tokens, never cookies, so credentials are not allowed and a
//! configured `*` is safe; by default no origin is allowed (server-to-server and mobile clients
//! do not need CORS).

/// Allowed origins: exact `scheme://host[:port]` strings, or any origin.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum AllowedOrigins {
    /// No browser origin (the default).
    #[default]
    None,
    /// Every origin (`*`).
    Any,
    /// These origins exactly.
    List(Vec<String>),
}

/// Methods the API answers, for preflight responses.
pub const ALLOWED_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
/// Request headers browsers may send.
pub const ALLOWED_HEADERS: &str = "authorization, content-type, x-request-id";
/// Response headers scripts may read.
pub const EXPOSED_HEADERS: &str = "x-request-id, location, www-authenticate";

impl AllowedOrigins {
    /// Parses `CORS_ALLOWED_ORIGINS`: empty → none, `*` → any, else comma-separated origins.
    ///
    /// # Errors
    /// A message naming the first entry that is not an `http(s)://host[:port]` origin.
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        let value = value.unwrap_or("").trim();
        if value.is_empty() {
            return Ok(AllowedOrigins::None);
        }
        if value == "*" {
            return Ok(AllowedOrigins::Any);
        }
        let mut origins = Vec::new();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let rest = entry
                .strip_prefix("https://")
                .or_else(|| entry.strip_prefix("http://"));
            match rest {
                Some(host) if !host.is_empty() && !host.contains('/') => {
                    origins.push(entry.to_owned())
                }
                _ => {
                    return Err(format!(
                    "CORS_ALLOWED_ORIGINS: {entry:?} is not an origin like https://app.example.com"
                ))
                }
            }
        }
        Ok(AllowedOrigins::List(origins))
    }

    /// The `Access-Control-Allow-Origin` value for a request from `origin`, if it is allowed.
    pub fn allow(&self, origin: Option<&str>) -> Option<String> {
        let origin = origin?;
        match self {
            AllowedOrigins::None => None,
            AllowedOrigins::Any => Some("*".to_owned()),
            AllowedOrigins::List(list) => {
                list.iter().any(|o| o == origin).then(|| origin.to_owned())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_default_no_origin_is_allowed() {
        let origins = AllowedOrigins::parse(None).unwrap();
        assert_eq!(origins.allow(Some("https://app.example.com")), None);
    }

    #[test]
    fn a_listed_origin_is_echoed_and_others_are_not() {
        let origins =
            AllowedOrigins::parse(Some("https://app.example.com, http://localhost:5173")).unwrap();
        assert_eq!(
            origins.allow(Some("http://localhost:5173")).as_deref(),
            Some("http://localhost:5173")
        );
        assert_eq!(origins.allow(Some("https://evil.example.com")), None);
        assert_eq!(origins.allow(None), None);
    }

    #[test]
    fn a_star_allows_any_origin() {
        let origins = AllowedOrigins::parse(Some("*")).unwrap();
        assert_eq!(
            origins.allow(Some("https://x.example")).as_deref(),
            Some("*")
        );
    }

    #[test]
    fn an_entry_that_is_not_an_origin_is_named() {
        let err =
            AllowedOrigins::parse(Some("https://ok.example, app.example.com/path")).unwrap_err();
        assert!(err.contains("app.example.com/path"), "{err}");
    }
}
