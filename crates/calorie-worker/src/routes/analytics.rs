//! `/api/v1/analytics/*`: summaries and the daily balance, computed by the database's summary
//! functions (rollups: cost follows the buckets returned, not the events stored), never by
//! shipping raw events to the edge. The database's JSON array is passed on as it is: parsing and
//! re-encoding it in the worker was most of the worker's own time on these routes.

use super::table::Granularity;
use super::{json_text, App};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::input::{time_zone_name, Query};
use calorie_core::{parse_timestamp, WeekStart};
use worker::{Method, Request, Response};

const DAY: i64 = 86_400;

/// The columns of a summary bucket, as the database computes them (`public.calorie_bucket`
/// without `user_id`, which is always the caller). `total_calories`, `event_count`,
/// `avg_calories_per_event`, `first_event` and `last_event` count calorie events only; weight
/// events (kg) are reported apart as `weight_count` and `avg_weight_kg`.
const BUCKET_COLUMNS: &str = "bucket_start,bucket_end,local_start,time_zone,total_calories,event_count,\
avg_calories_per_event,first_event,last_event,consumed,burned_exercise,burned_bmr,weight_count,avg_weight_kg";

/// The columns of one day's balance (`public.calorie_balance_day` without `user_id`).
/// `bmr_source` is `events` (the day's burned_bmr events), `profile` (the active metabolic
/// profile's BMR, as the day had none) or `none`.
const BALANCE_COLUMNS: &str = "day,calories_consumed,calories_burned,bmr_source,net_balance,\
daily_calorie_target,target_variance";

/// The range and zone of a summary request.
#[derive(Debug, PartialEq)]
struct Range {
    from: String,
    to: String,
    tz: Option<String>,
    week_start: Option<WeekStart>,
}

impl Range {
    /// The summary functions' arguments. Absent options are left out rather than sent as null,
    /// so the functions' defaults (the profile's zone and week start) apply on PostgREST and on
    /// the local stand-in alike (the stand-in passes a JSON null as an empty string).
    fn rpc_args(&self) -> serde_json::Value {
        let mut args = serde_json::json!({ "p_from": self.from, "p_to": self.to });
        if let Some(tz) = &self.tz {
            args["p_tz"] = serde_json::json!(tz);
        }
        if let Some(week_start) = self.week_start {
            args["p_week_start"] = serde_json::json!(week_start);
        }
        args
    }
}

impl Granularity {
    fn function(self) -> &'static str {
        match self {
            Granularity::Hourly => "hourly_summary",
            Granularity::Daily => "daily_summary",
            Granularity::Weekly => "weekly_summary",
            Granularity::Monthly => "monthly_summary",
        }
    }

    /// The default span when `from` is not given, and the largest span allowed (seconds).
    fn spans(self) -> (i64, i64) {
        match self {
            Granularity::Hourly => (DAY, 92 * DAY),
            Granularity::Daily => (30 * DAY, 1_098 * DAY),
            Granularity::Weekly => (12 * 7 * DAY, 3_660 * DAY),
            Granularity::Monthly => (366 * DAY, 36_600 * DAY),
        }
    }
}

/// The balance's default and largest spans: those of daily summaries.
const BALANCE_SPANS: (i64, i64) = (30 * DAY, 1_098 * DAY);

/// `GET /api/v1/analytics/{hourly,daily,weekly,monthly}-summary?from&to&tz&week_start`.
pub async fn get_summary(
    app: &App,
    caller: &Caller,
    req: &Request,
    granularity: Granularity,
) -> Result<Response, ApiError> {
    let known: &[&str] = match granularity {
        Granularity::Weekly => &["from", "to", "tz", "week_start"],
        _ => &["from", "to", "tz"],
    };
    let range = parse_range(&Query::parse(req, known)?, app.now, granularity.spans())?;
    call_summary(app, caller, granularity.function(), BUCKET_COLUMNS, &range).await
}

/// `GET /api/v1/analytics/calorie-balance?from&to&tz`: one row per local day with events.
pub async fn get_balance(app: &App, caller: &Caller, req: &Request) -> Result<Response, ApiError> {
    let range = parse_range(
        &Query::parse(req, &["from", "to", "tz"])?,
        app.now,
        BALANCE_SPANS,
    )?;
    call_summary(app, caller, "calorie_balance", BALANCE_COLUMNS, &range).await
}

/// Calls the summary function `function` for `range` as the caller; answers its rows' `columns`.
async fn call_summary(
    app: &App,
    caller: &Caller,
    function: &str,
    columns: &str,
    range: &Range,
) -> Result<Response, ApiError> {
    let request = app
        .client
        .as_caller(caller, Method::Post, &format!("/rpc/{function}"))
        .query("select", columns)
        .json(&range.rpc_args())?;
    let rows = app
        .client
        .fetch_text(&request)
        .await
        .map_err(name_rpc_field)?;
    json_text(200, rows)
}

/// `from` (inclusive) and `to` (exclusive) as RFC 3339 instants: `to` defaults to now, `from` to
/// `to` minus the default span; `from` must be before `to`, and the span at most the largest.
fn parse_range(
    query: &Query,
    now: i64,
    (default_span, max_span): (i64, i64),
) -> Result<Range, ApiError> {
    let instant = |name: &'static str| -> Result<Option<i64>, ApiError> {
        query
            .get(name)
            .map(|text| parse_timestamp(text, name).map(|t| t.as_second()))
            .transpose()
            .map_err(ApiError::from)
    };
    let to = instant("to")?.unwrap_or(now);
    let from = instant("from")?.unwrap_or(to - default_span);
    if from >= to {
        return Err(ApiError::invalid("from", "must be before to"));
    }
    if to - from > max_span {
        return Err(ApiError::invalid(
            "to",
            format!(
                "the range may span at most {} days for this summary",
                max_span / DAY
            ),
        ));
    }
    let tz = match query.get("tz") {
        Some(name) => Some(time_zone_name(name, "tz")?.to_owned()),
        None => None,
    };
    let week_start = query
        .get("week_start")
        .map(str::parse::<WeekStart>)
        .transpose()?;
    Ok(Range {
        from: iso(from)?,
        to: iso(to)?,
        tz,
        week_start,
    })
}

fn iso(seconds: i64) -> Result<String, ApiError> {
    calorie_core::jiff::Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .map_err(|_| ApiError::invalid("from", "is out of range"))
}

/// The summary functions raise 22023 naming their parameter (`p_tz: …`): name ours (`tz`).
fn name_rpc_field(err: ApiError) -> ApiError {
    match err {
        ApiError::Validation { detail, .. } => {
            let field = ["p_tz", "p_week_start", "p_from", "p_to"]
                .into_iter()
                .find(|p| detail.starts_with(p))
                .map_or("query", |p| &p[2..]);
            ApiError::Validation {
                field: field.to_owned(),
                detail,
            }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> Query {
        let known = ["from", "to", "tz", "week_start"];
        Query::from_pairs(
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())),
            &known,
        )
        .unwrap()
    }

    const NOW: i64 = 1_741_478_400; // 2025-03-09T00:00:00Z

    #[test]
    fn the_range_defaults_to_the_span_before_now() {
        let range = parse_range(&query(&[]), NOW, Granularity::Daily.spans()).unwrap();
        assert_eq!(range.to, "2025-03-09T00:00:00Z");
        assert_eq!(range.from, "2025-02-07T00:00:00Z");
        assert_eq!(range.tz, None);
    }

    #[test]
    fn from_after_to_and_huge_ranges_are_refused_naming_the_field() {
        let err = parse_range(
            &query(&[
                ("from", "2025-03-02T00:00:00Z"),
                ("to", "2025-03-01T00:00:00Z"),
            ]),
            NOW,
            Granularity::Daily.spans(),
        )
        .unwrap_err();
        assert_eq!(err.problem().field.as_deref(), Some("from"));
        let err = parse_range(
            &query(&[
                ("from", "2020-01-01T00:00:00Z"),
                ("to", "2025-01-01T00:00:00Z"),
            ]),
            NOW,
            Granularity::Hourly.spans(),
        )
        .unwrap_err();
        assert_eq!(err.problem().field.as_deref(), Some("to"));
    }

    #[test]
    fn a_malformed_time_zone_or_unknown_week_start_is_named() {
        let err = parse_range(
            &query(&[("tz", "Mars Olympus")]),
            NOW,
            Granularity::Daily.spans(),
        )
        .unwrap_err();
        assert_eq!(err.problem().field.as_deref(), Some("tz"));
        let err = parse_range(
            &query(&[("week_start", "friday")]),
            NOW,
            Granularity::Weekly.spans(),
        )
        .unwrap_err();
        assert_eq!(err.problem().field.as_deref(), Some("week_start"));
        let range = parse_range(
            &query(&[("tz", "Europe/Rome"), ("week_start", "sunday")]),
            NOW,
            Granularity::Weekly.spans(),
        )
        .unwrap();
        assert_eq!(range.tz.as_deref(), Some("Europe/Rome"));
        assert_eq!(range.week_start, Some(WeekStart::Sunday));
    }
}
