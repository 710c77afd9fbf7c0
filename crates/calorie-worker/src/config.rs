//! Typed configuration, read per request from the worker's bindings and validated once per
//! isolate: parsing the JWKS (ES256 public keys) on every request cost more than the request's
//! own work.

use crate::auth::Keys;
use crate::cors::AllowedOrigins;
use crate::error::ApiError;
use std::cell::RefCell;
use worker::Env;

/// The worker's configuration. No handler reads a binding itself.
#[derive(Clone)]
pub struct Config {
    /// Base URL of the Supabase project (`SUPABASE_URL` var), e.g. `https://xyz.supabase.co`.
    /// PostgREST is reached at `{supabase_url}/rest/v1`.
    pub supabase_url: String,
    /// The project's anon (publishable) key (`SUPABASE_ANON_KEY` secret), sent as `apikey`.
    pub anon_key: Secret,
    /// Keys callers' tokens may be signed with: the HS256 `JWT_SECRET` secret, plus the ES256 keys of the
    /// optional `JWT_JWKS` var (Supabase's asymmetric signing keys, as a JWKS JSON document).
    pub keys: Keys,
    /// How long a user request waits for PostgREST before answering 504 (`UPSTREAM_TIMEOUT_MS`
    /// var, default 8000).
    pub upstream_timeout_ms: u64,
    /// Browser origins allowed by CORS (`CORS_ALLOWED_ORIGINS` var: empty, `*`, or a
    /// comma-separated list).
    pub allowed_origins: AllowedOrigins,
}

/// The raw binding values, as read from the environment.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Bindings {
    /// `SUPABASE_URL` (var).
    pub supabase_url: Option<String>,
    /// `SUPABASE_ANON_KEY` (secret).
    pub anon_key: Option<String>,
    /// `JWT_SECRET` (secret).
    pub jwt_secret: Option<String>,
    /// `JWT_JWKS` (var, optional).
    pub jwks: Option<String>,
    /// `CORS_ALLOWED_ORIGINS` (var, optional).
    pub cors_allowed_origins: Option<String>,
    /// `UPSTREAM_TIMEOUT_MS` (var, optional).
    pub upstream_timeout_ms: Option<String>,
}

/// Default for [`Config::upstream_timeout_ms`].
pub const DEFAULT_UPSTREAM_TIMEOUT_MS: u64 = 8_000;

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
            .field("keys", &self.keys)
            .field("allowed_origins", &self.allowed_origins)
            .finish_non_exhaustive()
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
        Config::from_bindings_reused(Bindings {
            supabase_url: var("SUPABASE_URL"),
            anon_key: secret("SUPABASE_ANON_KEY"),
            jwt_secret: secret("JWT_SECRET"),
            jwks: var("JWT_JWKS"),
            cors_allowed_origins: var("CORS_ALLOWED_ORIGINS"),
            upstream_timeout_ms: var("UPSTREAM_TIMEOUT_MS"),
        })
    }

    /// Validates the three required values (tests and tools; no optional settings).
    ///
    /// # Errors
    /// [`ApiError::Misconfigured`] naming the first binding that is missing, empty or invalid.
    pub fn from_values(
        supabase_url: Option<String>,
        anon_key: Option<String>,
        jwt_secret: Option<String>,
    ) -> Result<Config, ApiError> {
        Config::from_bindings(Bindings {
            supabase_url,
            anon_key,
            jwt_secret,
            ..Bindings::default()
        })
    }

    /// As [`Config::from_bindings`], reusing the configuration built from equal bindings by an
    /// earlier request of this isolate. Bindings are compared, not assumed fixed, so a changed
    /// secret takes effect on the next request.
    ///
    /// # Errors
    /// As [`Config::from_bindings`]; an invalid configuration is not kept.
    pub fn from_bindings_reused(bindings: Bindings) -> Result<Config, ApiError> {
        thread_local! {
            static LAST: RefCell<Option<(Bindings, Config)>> = const { RefCell::new(None) };
        }
        let reused = LAST.with_borrow(|last| match last {
            Some((seen, config)) if *seen == bindings => Some(config.clone()),
            _ => None,
        });
        if let Some(config) = reused {
            return Ok(config);
        }
        let config = Config::from_bindings(bindings.clone())?;
        LAST.set(Some((bindings, config.clone())));
        Ok(config)
    }

    /// Validates raw binding values (separate from [`Config::from_env`] so it is testable natively).
    ///
    /// # Errors
    /// [`ApiError::Misconfigured`] naming the first binding that is missing, empty or invalid.
    pub fn from_bindings(bindings: Bindings) -> Result<Config, ApiError> {
        let Bindings {
            supabase_url,
            anon_key,
            jwt_secret,
            jwks,
            cors_allowed_origins,
            upstream_timeout_ms,
        } = bindings;
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
        let anon_key = required("SUPABASE_ANON_KEY", anon_key)?;
        let jwt_secret = required("JWT_SECRET", jwt_secret)?;
        let keys = Keys::new(&jwt_secret, jwks.as_deref()).map_err(ApiError::Misconfigured)?;
        let allowed_origins = AllowedOrigins::parse(cors_allowed_origins.as_deref())
            .map_err(ApiError::Misconfigured)?;
        let upstream_timeout_ms = match upstream_timeout_ms.as_deref().map(str::trim) {
            None | Some("") => DEFAULT_UPSTREAM_TIMEOUT_MS,
            Some(text) => text
                .parse()
                .ok()
                .filter(|ms| (100..=60_000).contains(ms))
                .ok_or_else(|| {
                    ApiError::Misconfigured("UPSTREAM_TIMEOUT_MS must be 100..=60000".into())
                })?,
        };
        Ok(Config {
            upstream_timeout_ms,
            supabase_url: supabase_url.trim_end_matches('/').to_owned(),
            anon_key: Secret::new(anon_key),
            keys,
            allowed_origins,
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
        assert_eq!(
            err.to_string(),
            "server misconfigured: SUPABASE_ANON_KEY is not set"
        );
        let err = Config::from_values(some("http://x"), some("a"), some("  ")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "server misconfigured: JWT_SECRET is not set"
        );
    }

    #[test]
    fn a_supabase_url_without_a_scheme_is_rejected() {
        let err = Config::from_values(some("db.example"), some("a"), some("s")).unwrap_err();
        assert!(err.to_string().contains("SUPABASE_URL"));
    }

    #[test]
    fn a_bad_jwks_or_cors_setting_is_a_named_configuration_error() {
        let bindings = |jwks: Option<&str>, cors: Option<&str>| Bindings {
            supabase_url: some("http://x"),
            anon_key: some("a"),
            jwt_secret: some("s"),
            jwks: jwks.map(str::to_owned),
            cors_allowed_origins: cors.map(str::to_owned),
            upstream_timeout_ms: None,
        };
        let err = Config::from_bindings(bindings(Some("not json"), None)).unwrap_err();
        assert!(err.to_string().contains("JWT_JWKS"), "{err}");
        let err = Config::from_bindings(bindings(None, Some("nope"))).unwrap_err();
        assert!(err.to_string().contains("CORS_ALLOWED_ORIGINS"), "{err}");
        assert!(Config::from_bindings(bindings(Some(r#"{"keys":[]}"#), Some("*"))).is_ok());
    }

    #[test]
    fn a_reused_configuration_follows_changed_bindings() {
        let bindings = |secret: &str| Bindings {
            supabase_url: some("http://x"),
            anon_key: some("a"),
            jwt_secret: some(secret),
            ..Bindings::default()
        };
        let first = Config::from_bindings_reused(bindings("one")).unwrap();
        let again = Config::from_bindings_reused(bindings("one")).unwrap();
        assert_eq!(format!("{first:?}"), format!("{again:?}"));
        let changed = Config::from_bindings_reused(bindings("two")).unwrap();
        assert!(auth_accepts(&changed, "two") && !auth_accepts(&changed, "one"));
        assert!(Config::from_bindings_reused(bindings(" ")).is_err());
        let back = Config::from_bindings_reused(bindings("one")).unwrap();
        assert!(auth_accepts(&back, "one"));
    }

    /// Whether `config` accepts a user token signed with `secret`.
    fn auth_accepts(config: &Config, secret: &str) -> bool {
        use crate::auth::tests::{hs256, user_claims, NOW};
        let token = hs256(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            &user_claims(NOW + 60),
            secret,
        );
        crate::auth::verify(&token, &config.keys, NOW).is_ok()
    }

    #[test]
    fn secrets_never_show_in_debug_output() {
        let config = Config::from_values(some("http://x"), some("anon-key"), some("jwt")).unwrap();
        let shown = format!("{config:?}");
        assert!(
            !shown.contains("anon-key") && !shown.contains("jwt\""),
            "{shown}"
        );
    }
}
