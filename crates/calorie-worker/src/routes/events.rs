//! `/api/v1/calorie-events`: the high-frequency event stream.
//!
//! Writes go through the database function `ingest_calorie_events`, one statement per request:
//! a batch is stored whole or not at all, and an event's client-supplied `id` makes a retry
//! store nothing twice (the answer says which ids were new and which were already stored).

use super::{json, json_text, no_content, App};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::input::{is_uuid, json_body, Query};
use crate::supabase::parse_answer;
use calorie_core::{parse_timestamp, Event, EventSource, EventType};
use serde::{Deserialize, Serialize};
use worker::{Method, Request, Response};

const COLUMNS: &str =
    "id,user_id,event_type,calories_amount,event_timestamp,metadata,source,created_at";

/// Most events in one batch.
pub const MAX_BATCH: usize = 1000;
/// Most events in one page of the list.
pub const MAX_PAGE: usize = 1000;
/// Events per page when `limit` is not given.
pub const DEFAULT_PAGE: usize = 100;
/// Largest `metadata` object, serialised.
pub const MAX_METADATA_BYTES: usize = 4096;
/// Earliest and latest instants the table accepts (2000-01-01, 2100-01-01).
const TIMESTAMP_RANGE: std::ops::Range<i64> = 946_684_800..4_102_444_800;

/// An event as stored and returned.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredEvent {
    id: String,
    user_id: String,
    event_type: EventType,
    /// kcal, or kg for `weight` events.
    calories_amount: f64,
    event_timestamp: String,
    metadata: Option<serde_json::Value>,
    source: EventSource,
    created_at: String,
}

/// What a batch's answer reads of each stored event. The answer is
/// `{"inserted": n, "duplicates": [ids already stored], "events": [every event of the batch, in
/// request order, as stored, with `inserted`]}`.
#[derive(Deserialize)]
struct IngestAnswer {
    id: String,
    inserted: bool,
}

/// One stored event and whether this request stored it.
#[derive(Debug, Serialize, Deserialize)]
struct IngestedEvent {
    #[serde(flatten)]
    event: StoredEvent,
    inserted: bool,
}

/// An event as a client sends it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    event_type: EventType,
    calories_amount: f64,
    event_timestamp: String,
    #[serde(default = "manual")]
    source: EventSource,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    metadata: Option<serde_json::Value>,
}

fn manual() -> EventSource {
    EventSource::Manual
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewBatch {
    events: Vec<NewEvent>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct EventChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    event_type: Option<EventType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    calories_amount: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event_timestamp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<EventSource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    metadata: Option<serde_json::Value>,
}

#[derive(Serialize)]
struct Page {
    events: Vec<StoredEvent>,
    /// Pass as `cursor` for the next (older) page; null on the last page.
    next_cursor: Option<String>,
}

/// `GET /api/v1/calorie-events`: newest first, filtered by `from` (inclusive), `to`
/// (exclusive), `event_type`, `source`; `limit` per page; `cursor` from the previous page.
pub async fn list_events(app: &App, caller: &Caller, req: &Request) -> Result<Response, ApiError> {
    let query = Query::parse(
        req,
        &["from", "to", "event_type", "source", "limit", "cursor"],
    )?;
    let limit = match query.get("limit") {
        None => DEFAULT_PAGE,
        Some(text) => text
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| {
                ApiError::invalid(
                    "limit",
                    format!("must be a whole number from 1 to {MAX_PAGE}"),
                )
            })?,
    };
    let mut request = app
        .client
        .as_caller(caller, Method::Get, "/calorie_events")
        .query("select", COLUMNS)
        .query("order", "event_timestamp.desc,id.desc")
        // One more than asked, to know whether there is a next page.
        .query("limit", &(limit + 1).to_string());
    let from = query
        .get("from")
        .map(|t| checked_instant(t, "from"))
        .transpose()?;
    let to = query
        .get("to")
        .map(|t| checked_instant(t, "to"))
        .transpose()?;
    if let (Some((from_at, _)), Some((to_at, _))) = (&from, &to) {
        if from_at >= to_at {
            return Err(ApiError::invalid("from", "must be before to"));
        }
    }
    // Quoted: timestamps hold characters PostgREST's logic-tree syntax reserves.
    let mut bounds = Vec::new();
    if let Some((_, text)) = &from {
        bounds.push(format!("event_timestamp.gte.\"{text}\""));
    }
    if let Some((_, text)) = &to {
        bounds.push(format!("event_timestamp.lt.\"{text}\""));
    }
    if !bounds.is_empty() {
        request = request.query("and", &format!("({})", bounds.join(",")));
    }
    if let Some(kind) = query.get("event_type") {
        let kind: EventType = kind.parse()?;
        request = request.query("event_type", &format!("eq.{kind}"));
    }
    if let Some(source) = query.get("source") {
        let source: EventSource = source.parse()?;
        request = request.query("source", &format!("eq.{source}"));
    }
    if let Some(cursor) = query.get("cursor") {
        let (at, id) = decode_cursor(cursor)?;
        request = request.query(
            "or",
            &format!("(event_timestamp.lt.{at},and(event_timestamp.eq.{at},id.lt.{id}))"),
        );
    }
    let mut events: Vec<StoredEvent> = app.client.fetch(&request).await?;
    let next_cursor = if events.len() > limit {
        events.truncate(limit);
        events
            .last()
            .map(|last| encode_cursor(&last.event_timestamp, &last.id))
    } else {
        None
    };
    json(
        200,
        &Page {
            events,
            next_cursor,
        },
    )
}

/// `GET /api/v1/calorie-events/{id}`.
pub async fn get_event(app: &App, caller: &Caller, id: &str) -> Result<Response, ApiError> {
    let not_found = || ApiError::NotFound(format!("/api/v1/calorie-events/{id}"));
    if !is_uuid(id) {
        return Err(not_found());
    }
    let request = app
        .client
        .as_caller(caller, Method::Get, "/calorie_events")
        .query("id", &format!("eq.{id}"))
        .query("select", COLUMNS);
    let events: Vec<StoredEvent> = app.client.fetch(&request).await?;
    json(200, &events.into_iter().next().ok_or_else(not_found)?)
}

/// `POST /api/v1/calorie-events`: one event; 201 when stored, 200 when its `id` was already
/// stored by an earlier (retried) request.
pub async fn create_event(
    app: &App,
    caller: &Caller,
    req: &mut Request,
) -> Result<Response, ApiError> {
    let event: NewEvent = json_body(req).await?;
    validate_event(&event)?;
    let rows = ingest_rows(app, caller, &[event]).await?;
    let mut stored: Vec<IngestedEvent> = parse_answer(&rows)?;
    let one = stored
        .pop()
        .ok_or_else(|| ApiError::Internal("ingest returned no row".into()))?;
    json(if one.inserted { 201 } else { 200 }, &one.event)
}

/// `POST /api/v1/calorie-events/batch`: up to 1000 events, all or nothing.
pub async fn create_event_batch(
    app: &App,
    caller: &Caller,
    req: &mut Request,
) -> Result<Response, ApiError> {
    let batch: NewBatch = json_body(req).await?;
    if batch.events.is_empty() || batch.events.len() > MAX_BATCH {
        return Err(ApiError::invalid(
            "events",
            format!("must hold 1 to {MAX_BATCH} events"),
        ));
    }
    for (index, event) in batch.events.iter().enumerate() {
        validate_event(event).map_err(|err| at_index(index, err))?;
    }
    // The rows are passed on as the database wrote them (re-encoding 1000 events was most of the
    // worker's time on this route); only what the summary needs is read from them.
    let rows = ingest_rows(app, caller, &batch.events).await?;
    let answers: Vec<IngestAnswer> = parse_answer(&rows)?;
    let inserted = answers.iter().filter(|a| a.inserted).count();
    let duplicates: Vec<&str> = answers
        .iter()
        .filter(|a| !a.inserted)
        .map(|a| a.id.as_str())
        .collect();
    let status = if inserted > 0 { 201 } else { 200 };
    let duplicates =
        serde_json::to_string(&duplicates).map_err(|err| ApiError::Internal(err.to_string()))?;
    json_text(
        status,
        format!(r#"{{"inserted":{inserted},"duplicates":{duplicates},"events":{rows}}}"#),
    )
}

/// `PATCH /api/v1/calorie-events/{id}`: late corrections; summaries follow.
pub async fn update_event(
    app: &App,
    caller: &Caller,
    id: &str,
    req: &mut Request,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::NotFound(format!("/api/v1/calorie-events/{id}"));
    let changes: EventChanges = json_body(req).await?;
    if !is_uuid(id) {
        return Err(not_found());
    }
    if changes.event_type.is_none()
        && changes.calories_amount.is_none()
        && changes.event_timestamp.is_none()
        && changes.source.is_none()
        && changes.metadata.is_none()
    {
        return Err(ApiError::invalid(
            "body",
            "give at least one field to change",
        ));
    }
    if let Some(text) = &changes.event_timestamp {
        checked_instant(text, "event_timestamp")?;
    }
    if let Some(metadata) = &changes.metadata {
        validate_metadata(metadata)?;
    }
    // The amount's range depends on the type (kcal or kg): check against the stored type when
    // only one of the two changes.
    if changes.calories_amount.is_some() || changes.event_type.is_some() {
        let current = current_type_and_amount(app, caller, id)
            .await?
            .ok_or_else(not_found)?;
        let kind = changes.event_type.unwrap_or(current.0);
        let amount = changes.calories_amount.unwrap_or(current.1);
        check_amount(kind, amount)?;
    }
    let request = app
        .client
        .as_caller(caller, Method::Patch, "/calorie_events")
        .query("id", &format!("eq.{id}"))
        .query("select", COLUMNS)
        .prefer("return=representation")
        .json(&changes)?;
    let updated: Vec<StoredEvent> = app.client.fetch(&request).await?;
    json(200, &updated.into_iter().next().ok_or_else(not_found)?)
}

/// `DELETE /api/v1/calorie-events/{id}`: 204, or 404 when there is no such event of the caller.
pub async fn delete_event(app: &App, caller: &Caller, id: &str) -> Result<Response, ApiError> {
    let not_found = || ApiError::NotFound(format!("/api/v1/calorie-events/{id}"));
    if !is_uuid(id) {
        return Err(not_found());
    }
    let request = app
        .client
        .as_caller(caller, Method::Delete, "/calorie_events")
        .query("id", &format!("eq.{id}"))
        .query("select", "id")
        .prefer("return=representation");
    let deleted: Vec<serde_json::Value> = app.client.fetch(&request).await?;
    if deleted.is_empty() {
        return Err(not_found());
    }
    no_content()
}

/// The arguments of `ingest_calorie_events`, serialised straight from the events (not through a
/// `serde_json::Value` tree, which cost more than the rest of the encoding).
#[derive(Serialize)]
struct IngestArgs<'a> {
    p_events: &'a [NewEvent],
}

/// Stores `events` in one statement; the database's JSON rows, one per distinct event, in
/// request order.
async fn ingest_rows(app: &App, caller: &Caller, events: &[NewEvent]) -> Result<String, ApiError> {
    let request = app
        .client
        .as_caller(caller, Method::Post, "/rpc/ingest_calorie_events")
        .json(&IngestArgs { p_events: events })?;
    app.client.fetch_text(&request).await
}

async fn current_type_and_amount(
    app: &App,
    caller: &Caller,
    id: &str,
) -> Result<Option<(EventType, f64)>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        event_type: EventType,
        calories_amount: f64,
    }
    let request = app
        .client
        .as_caller(caller, Method::Get, "/calorie_events")
        .query("id", &format!("eq.{id}"))
        .query("select", "event_type,calories_amount");
    let rows: Vec<Row> = app.client.fetch(&request).await?;
    Ok(rows
        .into_iter()
        .next()
        .map(|r| (r.event_type, r.calories_amount)))
}

fn validate_event(event: &NewEvent) -> Result<(), ApiError> {
    if let Some(id) = &event.id {
        if !is_uuid(id) {
            return Err(ApiError::invalid(
                "id",
                "must be a UUID like 00000000-0000-4000-8000-000000000000",
            ));
        }
    }
    checked_instant(&event.event_timestamp, "event_timestamp")?;
    check_amount(event.event_type, event.calories_amount)?;
    if let Some(metadata) = &event.metadata {
        validate_metadata(metadata)?;
    }
    Ok(())
}

/// calorie-core's range for the amount: kcal for calorie events, kg for weight events.
fn check_amount(kind: EventType, amount: f64) -> Result<(), ApiError> {
    let at = calorie_core::jiff::Timestamp::UNIX_EPOCH;
    Event::new(at, kind, amount)
        .map(|_| ())
        .map_err(|err| ApiError::invalid("calories_amount", err.to_string()))
}

/// An RFC 3339 instant within the table's range; returns it with its text.
fn checked_instant<'t>(
    text: &'t str,
    field: &'static str,
) -> Result<(calorie_core::jiff::Timestamp, &'t str), ApiError> {
    let at = parse_timestamp(text, field)?;
    if !TIMESTAMP_RANGE.contains(&at.as_second()) {
        return Err(ApiError::invalid(
            field,
            "must be between 2000-01-01 and 2100-01-01",
        ));
    }
    Ok((at, text))
}

fn validate_metadata(metadata: &serde_json::Value) -> Result<(), ApiError> {
    if !metadata.is_object() {
        return Err(ApiError::invalid("metadata", "must be a JSON object"));
    }
    if has_nul(metadata) {
        // PostgreSQL's jsonb cannot store U+0000.
        return Err(ApiError::invalid(
            "metadata",
            "must not contain the character U+0000",
        ));
    }
    if metadata.to_string().len() > MAX_METADATA_BYTES {
        return Err(ApiError::invalid(
            "metadata",
            format!("must be at most {MAX_METADATA_BYTES} bytes of JSON"),
        ));
    }
    Ok(())
}

fn has_nul(value: &serde_json::Value) -> bool {
    match value {
        serde_json::Value::String(s) => s.contains('\0'),
        serde_json::Value::Array(items) => items.iter().any(has_nul),
        serde_json::Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || has_nul(v)),
        _ => false,
    }
}

/// Prefixes a validation error's field with the batch index (`events[3].calories_amount`).
fn at_index(index: usize, err: ApiError) -> ApiError {
    match err {
        ApiError::Validation { field, detail } => ApiError::Validation {
            field: format!("events[{index}].{field}"),
            detail: format!("events[{index}]: {detail}"),
        },
        other => other,
    }
}

/// Cursors are opaque to clients: base64url of `timestamp|id` of the last event of a page.
fn encode_cursor(at: &str, id: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{at}|{id}"))
}

fn decode_cursor(cursor: &str) -> Result<(String, String), ApiError> {
    use base64::Engine;
    let invalid = || ApiError::invalid("cursor", "is not a cursor this API returned");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (at, id) = text.split_once('|').ok_or_else(invalid)?;
    parse_timestamp(at, "cursor").map_err(|_| invalid())?;
    if !is_uuid(id) {
        return Err(invalid());
    }
    // Quoted: the timestamp holds characters PostgREST's logic-tree syntax reserves.
    Ok((format!("\"{at}\""), id.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(json: &str) -> NewEvent {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_weight_event_is_checked_in_kg_and_a_calorie_event_in_kcal() {
        assert!(validate_event(&event(r#"{"event_type":"weight","calories_amount":80.5,"event_timestamp":"2025-03-09T12:00:00Z"}"#)).is_ok());
        assert!(validate_event(&event(r#"{"event_type":"weight","calories_amount":900,"event_timestamp":"2025-03-09T12:00:00Z"}"#)).is_err());
        assert!(validate_event(&event(r#"{"event_type":"consumed","calories_amount":900,"event_timestamp":"2025-03-09T12:00:00Z"}"#)).is_ok());
        let err = validate_event(&event(r#"{"event_type":"consumed","calories_amount":-1,"event_timestamp":"2025-03-09T12:00:00Z"}"#)).unwrap_err();
        assert_eq!(err.problem().field.as_deref(), Some("calories_amount"));
    }

    #[test]
    fn timestamps_must_be_rfc3339_within_the_tables_range() {
        for (text, ok) in [
            ("2025-03-09T12:00:00+01:00", true),
            ("2025-03-09", false),
            ("yesterday", false),
            ("1999-12-31T23:59:59Z", false),
            ("2100-01-01T00:00:00Z", false),
        ] {
            assert_eq!(
                checked_instant(text, "event_timestamp").is_ok(),
                ok,
                "{text}"
            );
        }
    }

    #[test]
    fn metadata_must_be_a_small_object() {
        assert!(validate_metadata(&serde_json::json!({"meal": "lunch", "ü": "✓"})).is_ok());
        assert!(validate_metadata(&serde_json::json!([1])).is_err());
        assert!(validate_metadata(&serde_json::json!({"a": ["x\u{0}"]})).is_err());
        assert!(validate_metadata(&serde_json::json!({"\u{0}": 1})).is_err());
        assert!(
            validate_metadata(&serde_json::json!({"x": "y".repeat(MAX_METADATA_BYTES)})).is_err()
        );
    }

    #[test]
    fn batch_errors_name_the_index() {
        let err = at_index(3, ApiError::invalid("calories_amount", "too much"));
        assert_eq!(
            err.problem().field.as_deref(),
            Some("events[3].calories_amount")
        );
    }

    #[test]
    fn a_cursor_round_trips_and_garbage_is_rejected() {
        let cursor = encode_cursor(
            "2025-03-09T12:00:00+00:00",
            "00000000-0000-4000-8000-00000000a11c",
        );
        let (at, id) = decode_cursor(&cursor).unwrap();
        assert_eq!(at, "\"2025-03-09T12:00:00+00:00\"");
        assert_eq!(id, "00000000-0000-4000-8000-00000000a11c");
        for bad in ["", "!!", "YWJj", &encode_cursor("x", "y")] {
            assert_eq!(decode_cursor(bad).unwrap_err().status(), 422, "{bad}");
        }
    }
}
