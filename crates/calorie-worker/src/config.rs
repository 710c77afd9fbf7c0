//! Typed configuration, read once per request from the worker's bindings.

use crate::error::ApiError;
use worker::Env;

/// The worker's configuration. No handler reads a binding itself.
#[derive(Clone)]
pub struct Config {
    /// Base URL of the Supabase project (`SUPABASE_URL` var), e.g. `https://xyz.supabase.co`.
    /// PostgREST is reached at `{supabase_url}/rest/v1`.
    pub supabase_url: String,
    /// The project's anon (publishable) key (`SUPABASE_ANON_KEY` secret), sent as `apikey`.
    pub anon_key: Secret,
    /// The project's JWT secret (`JWT_SECRET` secret), used to verify callers' tokens at the edge.
    pub jwt_secret: Secret,
}

/// A string that must not appear in logs or `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that has to send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(..)")
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("supabase_url", &self.supabase_url)
            .field("anon_key", &self.anon_key)
            .field("jwt_secret", &self.jwt_secret)
            .finish()
    }
}

impl Config {
    /// Reads every binding once.
    ///
    /// # Errors
    /// [`ApiError::Misconfigured`] naming the first binding that is missing, empty or invalid.
    pub fn from_env(env: &Env) -> Result<Config, ApiError> {
        let var = |name: &'static str| env.var(name).ok().map(|v| v.to_string());
        let secret = |name: &'static str| env.secret(name).ok().map(|v| v.to_string());
        Config::from_values(var("SUPABASE_URL"), secret("SUPABASE_ANON_KEY"), secret("JWT_SECRET"))
    }

    /// Validates raw binding values (separate from [`Config::from_env`] so it is testable natively).
    ///
    /// # Errors
    /// [`ApiError::Misconfigured`] naming the first binding that is missing, empty or invalid.
    pub fn from_values(
        supabase_url: Option<String>,
        anon_key: Option<String>,
        jwt_secret: Option<String>,
    ) -> Result<Config, ApiError> {
        let required = |name: &'static str, value: Option<String>| match value {
            Some(v) if !v.trim().is_empty() => Ok(v.trim().to_owned()),
            _ => Err(ApiError::Misconfigured(format!("{name} is not set"))),
        };
        let supabase_url = required("SUPABASE_URL", supabase_url)?;
        if !(supabase_url.starts_with("https://") || supabase_url.starts_with("http://")) {
            return Err(ApiError::Misconfigured(
                "SUPABASE_URL must be an http(s) URL".into(),
            ));
        }
        Ok(Config {
            supabase_url: supabase_url.trim_end_matches('/').to_owned(),
            anon_key: Secret::new(required("SUPABASE_ANON_KEY", anon_key)?),
            jwt_secret: Secret::new(required("JWT_SECRET", jwt_secret)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn a_complete_configuration_is_accepted_and_the_url_loses_its_trailing_slash() {
        let config =
            Config::from_values(some("http://127.0.0.1:3000/"), some("anon"), some("s")).unwrap();
        assert_eq!(config.supabase_url, "http://127.0.0.1:3000");
        assert_eq!(config.anon_key.expose(), "anon");
    }

    #[test]
    fn a_missing_secret_is_named_in_the_error() {
        let err = Config::from_values(some("http://x"), None, some("s")).unwrap_err();
        assert_eq!(err.to_string(), "server misconfigured: SUPABASE_ANON_KEY is not set");
        let err = Config::from_values(some("http://x"), some("a"), some("  ")).unwrap_err();
        assert_eq!(err.to_string(), "server misconfigured: JWT_SECRET is not set");
    }

    #[test]
    fn a_supabase_url_without_a_scheme_is_rejected() {
        let err = Config::from_values(some("db.example"), some("a"), some("s")).unwrap_err();
        assert!(err.to_string().contains("SUPABASE_URL"));
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let config = Config::from_values(some("http://x"), some("anon-key"), some("jwt")).unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("anon-key") && !shown.contains("jwt\""), "{shown}");
    }
}
