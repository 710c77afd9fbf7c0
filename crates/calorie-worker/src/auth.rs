//! Verifying the caller's JWT at the edge, before any upstream call.
//!
//! Accepted: HS256 signed with the project's JWT secret, and ES256 signed by a key of the
//! configured JWKS (Supabase's asymmetric signing keys), matched by `kid`. Everything else —
//! no token, a malformed one, another algorithm (including `none`), a bad signature, an expired
//! or not-yet-valid token, a token without a user (`sub`) or for a role other than
//! `authenticated` — is refused with 401 and nothing leaves the worker. A verified token is
//! forwarded upstream unchanged, so PostgREST and RLS see exactly what the caller sent.
//!
//! The role check matters: the service-role key is itself a JWT signed with the same secret.
//! Forwarding it would make PostgREST bypass RLS, so only user tokens pass.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use serde::Deserialize;
use sha2::Sha256;

/// Clock skew tolerated on `exp` and `nbf`, in seconds (PostgREST allows the same 30 s).
pub const LEEWAY_SECONDS: i64 = 30;

/// Why a token was refused. The message is safe to return to the caller.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// No `Authorization: Bearer …` header.
    #[error("missing bearer token: send Authorization: Bearer <JWT>")]
    Missing,
    /// Not three base64url parts with JSON header and claims.
    #[error("malformed token")]
    Malformed,
    /// An algorithm other than HS256 or (with a JWKS configured) ES256.
    #[error("unsupported token algorithm {0}")]
    Algorithm(String),
    /// The signature does not verify, or no configured key matches.
    #[error("invalid token signature")]
    Signature,
    /// `exp` is in the past (or missing).
    #[error("token expired")]
    Expired,
    /// `nbf` is in the future.
    #[error("token not yet valid")]
    NotYetValid,
    /// No user id, or a role that is not `authenticated`.
    #[error("token is not a signed-in user's token")]
    NotAUser,
}

/// The keys tokens may be signed with.
#[derive(Clone, Default)]
pub struct Keys {
    hs256_secret: Vec<u8>,
    es256: Vec<(Option<String>, VerifyingKey)>,
}

impl std::fmt::Debug for Keys {
    // The HS256 secret never appears in logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("es256_keys", &self.es256.len())
            .finish_non_exhaustive()
    }
}

/// The claims the worker relies on. The token itself is forwarded, not these.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Claims {
    /// The user's id (Supabase auth user id).
    pub sub: String,
    /// The PostgreSQL role PostgREST will switch to.
    pub role: String,
    /// Expiry, seconds since the epoch.
    pub exp: i64,
    /// Not-before, seconds since the epoch.
    #[serde(default)]
    pub nbf: Option<i64>,
    /// The user's email, when the issuer includes it.
    #[serde(default)]
    pub email: Option<String>,
}

/// A caller whose token verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The verified claims.
    pub claims: Claims,
    /// The token exactly as received, for forwarding.
    pub token: String,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

#[derive(Deserialize)]
struct Jwk {
    kty: String,
    #[serde(default)]
    crv: Option<String>,
    #[serde(default)]
    kid: Option<String>,
    #[serde(default)]
    x: Option<String>,
    #[serde(default)]
    y: Option<String>,
}

impl Keys {
    /// Keys from the HS256 secret and an optional JWKS document (JSON). JWKS entries that are not
    /// P-256 EC keys are skipped (Supabase's set may also list other kinds).
    ///
    /// # Errors
    /// A message naming what is wrong with the JWKS.
    pub fn new(hs256_secret: &str, jwks_json: Option<&str>) -> Result<Keys, String> {
        let mut keys = Keys {
            hs256_secret: hs256_secret.as_bytes().to_vec(),
            es256: Vec::new(),
        };
        if let Some(json) = jwks_json.filter(|j| !j.trim().is_empty()) {
            let jwks: Jwks =
                serde_json::from_str(json).map_err(|e| format!("JWT_JWKS is not a JWKS: {e}"))?;
            for jwk in jwks.keys {
                if jwk.kty != "EC" || jwk.crv.as_deref() != Some("P-256") {
                    continue;
                }
                let coordinate = |c: Option<String>| {
                    c.and_then(|c| URL_SAFE_NO_PAD.decode(c).ok())
                        .filter(|b| b.len() == 32)
                        .ok_or("JWT_JWKS: an EC key has a bad x or y coordinate")
                };
                let mut point = vec![0x04];
                point.extend(coordinate(jwk.x)?);
                point.extend(coordinate(jwk.y)?);
                let key = VerifyingKey::from_sec1_bytes(&point)
                    .map_err(|_| "JWT_JWKS: an EC key is not on P-256".to_owned())?;
                keys.es256.push((jwk.kid, key));
            }
        }
        Ok(keys)
    }
}

/// The token of an `Authorization` header value.
///
/// # Errors
/// [`AuthError::Missing`] when there is no `Bearer` token.
pub fn bearer_token(authorization: Option<&str>) -> Result<&str, AuthError> {
    let value = authorization.ok_or(AuthError::Missing)?.trim();
    let (scheme, token) = value.split_once(' ').ok_or(AuthError::Missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(AuthError::Missing);
    }
    Ok(token.trim())
}

/// Verifies `token` against `keys` at `now` (seconds since the epoch).
///
/// # Errors
/// The [`AuthError`] saying why the token is refused.
pub fn verify(token: &str, keys: &Keys, now: i64) -> Result<Caller, AuthError> {
    let mut parts = token.split('.');
    let (Some(header_b64), Some(claims_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(AuthError::Malformed);
    };
    let header: Header = decode_json(header_b64)?;
    let signature = URL_SAFE_NO_PAD
        .decode(signature_b64)
        .map_err(|_| AuthError::Malformed)?;
    let signed = &token[..header_b64.len() + 1 + claims_b64.len()];
    match header.alg.as_str() {
        "HS256" => verify_hs256(signed.as_bytes(), &signature, &keys.hs256_secret)?,
        "ES256" if !keys.es256.is_empty() => {
            verify_es256(signed.as_bytes(), &signature, header.kid.as_deref(), keys)?
        }
        other => return Err(AuthError::Algorithm(other.to_owned())),
    }
    let claims: Claims = decode_json(claims_b64)?;
    if claims.exp + LEEWAY_SECONDS <= now {
        return Err(AuthError::Expired);
    }
    if claims.nbf.is_some_and(|nbf| nbf - LEEWAY_SECONDS > now) {
        return Err(AuthError::NotYetValid);
    }
    if claims.role != "authenticated" || claims.sub.trim().is_empty() {
        return Err(AuthError::NotAUser);
    }
    Ok(Caller {
        claims,
        token: token.to_owned(),
    })
}

fn decode_json<T: for<'de> Deserialize<'de>>(part: &str) -> Result<T, AuthError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| AuthError::Malformed)?;
    serde_json::from_slice(&bytes).map_err(|_| AuthError::Malformed)
}

fn verify_hs256(signed: &[u8], signature: &[u8], secret: &[u8]) -> Result<(), AuthError> {
    if secret.is_empty() {
        return Err(AuthError::Signature);
    }
    // HMAC accepts keys of any length; `verify_slice` compares in constant time.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(|_| AuthError::Signature)?;
    mac.update(signed);
    mac.verify_slice(signature)
        .map_err(|_| AuthError::Signature)
}

fn verify_es256(
    signed: &[u8],
    signature: &[u8],
    kid: Option<&str>,
    keys: &Keys,
) -> Result<(), AuthError> {
    let signature = Signature::from_slice(signature).map_err(|_| AuthError::Signature)?;
    let candidates = keys
        .es256
        .iter()
        .filter(|(key_id, _)| kid.is_none() || key_id.as_deref() == kid);
    for (_, key) in candidates {
        if key.verify(signed, &signature).is_ok() {
            return Ok(());
        }
    }
    Err(AuthError::Signature)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer;
    use p256::ecdsa::SigningKey;

    const SECRET: &str = "a-test-secret-of-at-least-32-characters!";
    pub(crate) const NOW: i64 = 1_800_000_000;
    const ALICE: &str = "00000000-0000-4000-8000-00000000a11c";

    fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    pub(crate) fn hs256(header: &str, claims: &str, secret: &str) -> String {
        let signed = format!("{}.{}", b64(header.as_bytes()), b64(claims.as_bytes()));
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(signed.as_bytes());
        format!("{signed}.{}", b64(&mac.finalize().into_bytes()))
    }

    pub(crate) fn user_claims(exp: i64) -> String {
        format!(r#"{{"sub":"{ALICE}","role":"authenticated","exp":{exp}}}"#)
    }

    fn keys() -> Keys {
        Keys::new(SECRET, None).unwrap()
    }

    #[test]
    fn a_valid_hs256_user_token_is_accepted_and_kept_verbatim() {
        let token = hs256(
            r#"{"alg":"HS256","typ":"JWT"}"#,
            &user_claims(NOW + 60),
            SECRET,
        );
        let caller = verify(&token, &keys(), NOW).unwrap();
        assert_eq!(caller.claims.sub, ALICE);
        assert_eq!(caller.token, token);
    }

    #[test]
    fn a_token_signed_with_another_secret_is_refused() {
        let token = hs256(
            r#"{"alg":"HS256"}"#,
            &user_claims(NOW + 60),
            "another-secret",
        );
        assert_eq!(verify(&token, &keys(), NOW), Err(AuthError::Signature));
    }

    #[test]
    fn alg_none_is_refused_even_without_a_signature() {
        let token = format!(
            "{}.{}.",
            b64(br#"{"alg":"none"}"#),
            b64(user_claims(NOW + 60).as_bytes())
        );
        assert_eq!(
            verify(&token, &keys(), NOW),
            Err(AuthError::Algorithm("none".into()))
        );
    }

    #[test]
    fn es256_is_refused_when_no_jwks_is_configured() {
        let token = hs256(r#"{"alg":"ES256"}"#, &user_claims(NOW + 60), SECRET);
        assert_eq!(
            verify(&token, &keys(), NOW),
            Err(AuthError::Algorithm("ES256".into()))
        );
    }

    #[test]
    fn an_expired_token_is_refused_after_the_leeway() {
        let token = hs256(r#"{"alg":"HS256"}"#, &user_claims(NOW - 10), SECRET);
        assert!(
            verify(&token, &keys(), NOW).is_ok(),
            "within the 30 s leeway"
        );
        let token = hs256(r#"{"alg":"HS256"}"#, &user_claims(NOW - 31), SECRET);
        assert_eq!(verify(&token, &keys(), NOW), Err(AuthError::Expired));
    }

    #[test]
    fn a_token_without_exp_is_refused_as_malformed() {
        let claims = format!(r#"{{"sub":"{ALICE}","role":"authenticated"}}"#);
        let token = hs256(r#"{"alg":"HS256"}"#, &claims, SECRET);
        assert_eq!(verify(&token, &keys(), NOW), Err(AuthError::Malformed));
    }

    #[test]
    fn a_token_not_yet_valid_is_refused() {
        let claims = format!(
            r#"{{"sub":"{ALICE}","role":"authenticated","exp":{},"nbf":{}}}"#,
            NOW + 600,
            NOW + 300
        );
        let token = hs256(r#"{"alg":"HS256"}"#, &claims, SECRET);
        assert_eq!(verify(&token, &keys(), NOW), Err(AuthError::NotYetValid));
    }

    #[test]
    fn the_service_role_key_and_the_anon_key_are_not_user_tokens() {
        for role in ["service_role", "anon"] {
            let claims = format!(r#"{{"sub":"{ALICE}","role":"{role}","exp":{}}}"#, NOW + 60);
            let token = hs256(r#"{"alg":"HS256"}"#, &claims, SECRET);
            assert_eq!(
                verify(&token, &keys(), NOW),
                Err(AuthError::NotAUser),
                "{role}"
            );
        }
    }

    #[test]
    fn garbage_is_malformed_not_a_panic() {
        for token in ["", "a", "a.b", "a.b.c.d", "!!.??.**", "e30.e30.e30"] {
            assert!(verify(token, &keys(), NOW).is_err(), "{token}");
        }
    }

    #[test]
    fn the_bearer_scheme_is_required() {
        assert_eq!(bearer_token(Some("Bearer abc")), Ok("abc"));
        assert_eq!(bearer_token(Some("bearer  abc ")), Ok("abc"));
        assert_eq!(bearer_token(Some("Basic abc")), Err(AuthError::Missing));
        assert_eq!(bearer_token(Some("Bearer ")), Err(AuthError::Missing));
        assert_eq!(bearer_token(None), Err(AuthError::Missing));
    }

    #[test]
    fn an_es256_token_verifies_against_the_jwks_key_with_its_kid() {
        let signing = SigningKey::from_slice(&[7u8; 32]).unwrap();
        let point = signing.verifying_key().to_encoded_point(false);
        let jwks = format!(
            r#"{{"keys":[{{"kty":"oct","k":"x"}},{{"kty":"EC","crv":"P-256","kid":"k1","x":"{}","y":"{}"}}]}}"#,
            b64(point.x().unwrap()),
            b64(point.y().unwrap())
        );
        let keys = Keys::new(SECRET, Some(&jwks)).unwrap();
        let signed = format!(
            "{}.{}",
            b64(br#"{"alg":"ES256","kid":"k1"}"#),
            b64(user_claims(NOW + 60).as_bytes())
        );
        let signature: Signature = signing.sign(signed.as_bytes());
        let token = format!("{signed}.{}", b64(&signature.to_bytes()));
        assert!(verify(&token, &keys, NOW).is_ok());

        let rotated = Keys::new(SECRET, Some(&jwks.replace("\"k1\"", "\"k2\""))).unwrap();
        assert_eq!(
            verify(&token, &rotated, NOW),
            Err(AuthError::Signature),
            "kid must match"
        );
    }
}
