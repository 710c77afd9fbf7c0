//! Reading requests: bodies (size limit, media type, JSON with the failing field named), query
//! strings (known parameters only), path ids.

use crate::error::ApiError;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use worker::Request;

/// The largest request body accepted: a batch of 1000 events with metadata fits comfortably.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Reads and parses a JSON body.
///
/// # Errors
/// 415 for another media type, 413 over [`MAX_BODY_BYTES`], 400 for malformed JSON, 422 naming
/// the field for JSON of the wrong shape (wrong type, unknown field, missing field, bad enum).
pub async fn json_body<T: DeserializeOwned>(req: &mut Request) -> Result<T, ApiError> {
    let content_type = req
        .headers()
        .get("content-type")
        .ok()
        .flatten()
        .unwrap_or_default();
    if !content_type
        .to_ascii_lowercase()
        .starts_with("application/json")
    {
        return Err(ApiError::UnsupportedMediaType);
    }
    let declared = req.headers().get("content-length").ok().flatten();
    if declared
        .and_then(|n| n.trim().parse::<usize>().ok())
        .is_some_and(|n| n > MAX_BODY_BYTES)
    {
        return Err(ApiError::PayloadTooLarge(MAX_BODY_BYTES));
    }
    let bytes = req.bytes().await?;
    parse_json(&bytes)
}

/// Parses JSON bytes as `T` (separate from [`json_body`] so it is testable natively).
///
/// # Errors
/// As [`json_body`], without the media type.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.len() > MAX_BODY_BYTES {
        return Err(ApiError::PayloadTooLarge(MAX_BODY_BYTES));
    }
    // One pass over the bytes (no intermediate `Value`). Tracking the path costs about half
    // again as much, so it is done only for a body that fails, to name the field: a syntax error
    // is a 400, well-formed JSON of the wrong shape a 422 naming the field.
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let parsed: Result<T, _> = serde_path_to_error::deserialize(&mut deserializer);
    let value = parsed.map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        if !inner.is_data() {
            return ApiError::BadRequest(format!("malformed JSON: {inner}"));
        }
        let detail = inner.to_string();
        // A missing field is reported at its parent's path: name the field itself.
        let missing = detail
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next());
        let field = match (path.as_str(), missing) {
            (".", Some(name)) => name.to_owned(),
            (".", None) => "body".to_owned(),
            (parent, Some(name)) => format!("{parent}.{name}"),
            (parent, None) => parent.to_owned(),
        };
        ApiError::invalid(&field, strip_position(&detail))
    })?;
    deserializer
        .end()
        .map_err(|e| ApiError::BadRequest(format!("malformed JSON: trailing characters ({e})")))?;
    Ok(value)
}

/// serde_json appends " at line L column C" to data errors; the field name says where.
fn strip_position(detail: &str) -> String {
    match detail.rfind(" at line ") {
        Some(at) => detail[..at].to_owned(),
        None => detail.to_owned(),
    }
}

/// Query parameters of a request, restricted to the ones a route knows.
#[derive(Debug, Default)]
pub struct Query(BTreeMap<String, String>);

impl Query {
    /// The parameters of `req`'s URL; any name outside `known` is a 422 naming it, and so is a
    /// repeated name.
    ///
    /// # Errors
    /// [`ApiError::Validation`] naming the parameter.
    pub fn parse(req: &Request, known: &[&str]) -> Result<Query, ApiError> {
        let url = req.url()?;
        Query::from_pairs(
            url.query_pairs()
                .map(|(k, v)| (k.into_owned(), v.into_owned())),
            known,
        )
    }

    /// As [`Query::parse`], from decoded pairs.
    ///
    /// # Errors
    /// [`ApiError::Validation`] naming the parameter.
    pub fn from_pairs(
        pairs: impl IntoIterator<Item = (String, String)>,
        known: &[&str],
    ) -> Result<Query, ApiError> {
        let mut map = BTreeMap::new();
        for (key, value) in pairs {
            if !known.contains(&key.as_str()) {
                return Err(ApiError::invalid(
                    &key,
                    format!("unknown query parameter; allowed: {}", known.join(", ")),
                ));
            }
            if map.insert(key.clone(), value).is_some() {
                return Err(ApiError::invalid(&key, "given more than once"));
            }
        }
        Ok(Query(map))
    }

    /// The value of `name`, if present.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
}

/// A plausible IANA time-zone name (`Europe/Rome`, `UTC`, `Etc/GMT+5`). Whether the zone exists
/// is the database's call: it buckets with its own tz database, so it is the one that must know
/// the name (and the worker need not ship a second copy of the database).
///
/// # Errors
/// [`ApiError::Validation`] naming `field`.
pub fn time_zone_name<'a>(text: &'a str, field: &str) -> Result<&'a str, ApiError> {
    let plausible = !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'_' | b'-' | b'+'));
    if plausible {
        Ok(text)
    } else {
        Err(ApiError::invalid(
            field,
            format!("{text:?} is not an IANA time zone name like Europe/Rome"),
        ))
    }
}

/// Whether `id` is a UUID in its canonical text form. A path id that is not one cannot name a
/// resource, so it is answered 404 without asking the database.
pub fn is_uuid(id: &str) -> bool {
    id.len() == 36
        && id.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        #[allow(dead_code)]
        calories_amount: f64,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Batch {
        #[allow(dead_code)]
        events: Vec<Item>,
    }

    #[test]
    fn malformed_json_is_a_400_and_a_wrong_shape_a_422_naming_the_field() {
        assert_eq!(parse_json::<Batch>(b"{not json").unwrap_err().status(), 400);
        let err =
            parse_json::<Batch>(br#"{"events":[{"calories_amount":1},{"calories_amount":"x"}]}"#)
                .unwrap_err();
        assert_eq!(err.status(), 422);
        assert_eq!(
            err.problem().field.as_deref(),
            Some("events[1].calories_amount")
        );
    }

    #[test]
    fn an_unknown_field_is_rejected_not_ignored() {
        let err = parse_json::<Item>(br#"{"calories_amount":1,"calories":2}"#).unwrap_err();
        assert_eq!(err.status(), 422);
        assert_eq!(err.problem().field.as_deref(), Some("calories"));
        assert!(err.to_string().contains("unknown field"), "{err}");
    }

    #[test]
    fn a_missing_field_is_named_with_its_path() {
        let err = parse_json::<Item>(br#"{}"#).unwrap_err();
        assert_eq!(err.problem().field.as_deref(), Some("calories_amount"));
        let err = parse_json::<Batch>(br#"{"events":[{}]}"#).unwrap_err();
        assert_eq!(
            err.problem().field.as_deref(),
            Some("events[0].calories_amount")
        );
    }

    #[test]
    fn trailing_garbage_after_the_json_is_a_400() {
        assert_eq!(
            parse_json::<Item>(br#"{"calories_amount":1} {"#)
                .unwrap_err()
                .status(),
            400
        );
        assert_eq!(parse_json::<Item>(b"").unwrap_err().status(), 400);
    }

    #[test]
    fn a_body_over_the_limit_is_a_413() {
        let big = vec![b' '; MAX_BODY_BYTES + 1];
        assert_eq!(parse_json::<Item>(&big).unwrap_err().status(), 413);
    }

    #[test]
    fn unknown_and_repeated_query_parameters_are_named() {
        let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
            p.iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let query = Query::from_pairs(pairs(&[("from", "a")]), &["from", "to"]).unwrap();
        assert_eq!(query.get("from"), Some("a"));
        assert_eq!(query.get("to"), None);
        let err = Query::from_pairs(pairs(&[("form", "a")]), &["from"]).unwrap_err();
        assert_eq!(err.problem().field.as_deref(), Some("form"));
        let err = Query::from_pairs(pairs(&[("from", "a"), ("from", "b")]), &["from"]).unwrap_err();
        assert!(err.to_string().contains("more than once"));
    }

    #[test]
    fn time_zone_names_are_screened_before_the_database_checks_them() {
        assert!(time_zone_name("America/Argentina/Buenos_Aires", "tz").is_ok());
        assert!(time_zone_name("Etc/GMT+5", "tz").is_ok());
        for bad in ["", "Europe/Rome;drop", "a b", &"x".repeat(65)] {
            assert_eq!(
                time_zone_name(bad, "tz")
                    .unwrap_err()
                    .problem()
                    .field
                    .as_deref(),
                Some("tz")
            );
        }
    }

    #[test]
    fn only_canonical_uuids_are_ids() {
        assert!(is_uuid("00000000-0000-4000-8000-00000000a11c"));
        assert!(!is_uuid("00000000-0000-4000-8000-00000000a11"));
        assert!(!is_uuid("00000000x0000-4000-8000-00000000a11c"));
        assert!(!is_uuid("batch"));
        assert!(!is_uuid("' or 1=1 --"));
    }
}
