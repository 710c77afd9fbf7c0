//! `/api/v1/calorie-goals`: goals, their daily calorie target computed by calorie-core.

use super::{json, no_content, profile, App};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::input::{is_uuid, json_body, parse_json, Query};
use calorie_core::{
    daily_target, parse_date, CalorieTarget, Goal, GoalSettings, GoalType, GuardRail, PlanContext,
    Weight,
};
use serde::{Deserialize, Serialize};
use worker::{Method, Request, Response};

const COLUMNS: &str =
    "id,user_id,daily_calorie_target,goal_type,target_weight_kg,target_date,is_active,created_at,updated_at";

/// A goal as stored and returned.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredGoal {
    id: String,
    user_id: String,
    daily_calorie_target: i64,
    goal_type: GoalType,
    target_weight_kg: Option<f64>,
    target_date: Option<String>,
    is_active: bool,
    created_at: String,
    updated_at: String,
}

/// Guard-rail overrides a caller may send; each named, each visible in the answer.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuardRailOverrides {
    /// Largest loss per week as a fraction of body weight; `null` switches it off.
    #[serde(default, with = "double_option")]
    max_weekly_loss_fraction: Option<Option<f64>>,
    /// Largest gain per week as a fraction of body weight; `null` switches it off.
    #[serde(default, with = "double_option")]
    max_weekly_gain_fraction: Option<Option<f64>>,
    /// `false` switches the minimum-intake floor off.
    #[serde(default)]
    intake_floor: Option<bool>,
}

/// Distinguishes an absent field (`None`) from an explicit `null` (`Some(None)`).
mod double_option {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<f64>>, D::Error> {
        Option::<f64>::deserialize(d).map(Some)
    }
}

#[derive(Serialize)]
struct AppliedGuardRail {
    guard_rail: GuardRail,
    reason: String,
    requested: f64,
    limit: f64,
    before_kcal_per_day: f64,
    after_kcal_per_day: f64,
}

#[derive(Serialize)]
struct Plan {
    /// The unrounded target calorie-core computed (stored rounded to whole kcal).
    kcal_per_day: f64,
    requested_kcal_per_day: f64,
    tdee: f64,
    /// `metabolic_profile` (the active one) or `profile_mifflin_st_jeor` (computed now).
    tdee_source: &'static str,
    weekly_change_kg: f64,
    target_reached: bool,
    today: String,
    guard_rails_applied: Vec<AppliedGuardRail>,
}

#[derive(Serialize)]
struct CreatedGoal {
    goal: StoredGoal,
    plan: Plan,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalChanges {
    daily_calorie_target: Option<f64>,
    target_weight_kg: Option<f64>,
    target_date: Option<String>,
    is_active: Option<bool>,
}

impl GoalChanges {
    /// The columns to update; the target is whole kcal (the column is an integer).
    fn to_row(&self) -> serde_json::Value {
        let mut row = serde_json::Map::new();
        if let Some(kcal) = self.daily_calorie_target {
            row.insert(
                "daily_calorie_target".into(),
                serde_json::json!(kcal as i64),
            );
        }
        if let Some(kg) = self.target_weight_kg {
            row.insert("target_weight_kg".into(), serde_json::json!(kg));
        }
        if let Some(date) = &self.target_date {
            row.insert("target_date".into(), serde_json::json!(date));
        }
        if let Some(active) = self.is_active {
            row.insert("is_active".into(), serde_json::json!(active));
        }
        serde_json::Value::Object(row)
    }
}

/// `GET /api/v1/calorie-goals[?active=true|false]`, newest first.
pub async fn list_goals(app: &App, caller: &Caller, req: &Request) -> Result<Response, ApiError> {
    let query = Query::parse(req, &["active"])?;
    let mut request = app
        .client
        .as_caller(caller, Method::Get, "/calorie_goals")
        .query("select", COLUMNS)
        .query("order", "created_at.desc,id.desc");
    match query.get("active") {
        None => {}
        Some(value @ ("true" | "false")) => {
            request = request.query("is_active", &format!("eq.{value}"))
        }
        Some(_) => return Err(ApiError::invalid("active", "must be true or false")),
    }
    let goals: Vec<StoredGoal> = app.client.fetch(&request).await?;
    json(200, &goals)
}

/// `GET /api/v1/calorie-goals/{id}`.
pub async fn get_goal(app: &App, caller: &Caller, id: &str) -> Result<Response, ApiError> {
    json(200, &fetch_goal(app, caller, id).await?)
}

/// `POST /api/v1/calorie-goals`: computes the target from the profile and the goal, stores it
/// as the active goal (the database deactivates the previous one in the same statement).
pub async fn create_goal(
    app: &App,
    caller: &Caller,
    req: &mut Request,
) -> Result<Response, ApiError> {
    let mut body: serde_json::Map<String, serde_json::Value> = json_body(req).await?;
    let today = body.remove("today");
    let overrides = body.remove("guard_rails");
    check_goal_fields(&body)?;
    let goal: Goal = parse_json(&serde_json::to_vec(&body).unwrap_or_default())?;
    let settings = goal_settings(overrides)?;

    let profile = profile::fetch_profile(app, caller).await?.ok_or_else(|| {
        ApiError::Conflict("set your profile first: PUT /api/v1/users/me/profile".into())
    })?;
    let (person, activity_level) = profile.person()?;
    let (tdee, tdee_source) = match super::metabolic::fetch_active(app, caller).await? {
        Some(active) => (active.tdee, "metabolic_profile"),
        None => {
            let computed = calorie_core::MetabolicProfile::compute(
                &person,
                activity_level,
                calorie_core::BmrEquation::MifflinStJeor,
            )?;
            (computed.tdee, "profile_mifflin_st_jeor")
        }
    };
    let today = match today {
        Some(serde_json::Value::String(text)) => parse_date(&text, "today")?,
        Some(_) => return Err(ApiError::invalid("today", "must be a date like 2025-03-09")),
        None => local_today(app, caller, &profile.time_zone).await?,
    };
    let context = PlanContext {
        weight: person.weight,
        gender: person.gender,
        tdee,
        today,
    };
    let target = daily_target(&goal, &context, &settings)?;

    let (target_weight_kg, target_date) = match &goal {
        Goal::TargetWeight {
            target_weight,
            target_date,
            ..
        } => (Some(target_weight.kg()), Some(target_date.to_string())),
        _ => (None, None),
    };
    let row = serde_json::json!({
        "user_id": caller.claims.sub,
        // The column is whole kcal; the unrounded value is in the answer's plan.
        "daily_calorie_target": target.kcal_per_day.round() as i64,
        "goal_type": target.goal_type,
        "target_weight_kg": target_weight_kg,
        "target_date": target_date,
        "is_active": true,
    });
    let request = app
        .client
        .as_caller(caller, Method::Post, "/calorie_goals")
        .query("select", COLUMNS)
        .prefer("return=representation")
        .json(&row)?;
    let stored: Vec<StoredGoal> = app.client.fetch(&request).await?;
    let goal = stored
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("insert returned no row".into()))?;
    let plan = Plan {
        kcal_per_day: target.kcal_per_day,
        requested_kcal_per_day: target.requested_kcal_per_day,
        tdee: target.tdee,
        tdee_source,
        weekly_change_kg: target.weekly_change_kg,
        target_reached: target.target_reached,
        today: today.to_string(),
        guard_rails_applied: target
            .adjustments
            .iter()
            .map(|a| AppliedGuardRail {
                guard_rail: a.guard_rail,
                reason: a.to_string(),
                requested: a.requested,
                limit: a.limit,
                before_kcal_per_day: a.before_kcal_per_day,
                after_kcal_per_day: a.after_kcal_per_day,
            })
            .collect(),
    };
    json(201, &CreatedGoal { goal, plan })
}

/// `PATCH /api/v1/calorie-goals/{id}`: edits a goal; `is_active: true` makes it the active one.
pub async fn update_goal(
    app: &App,
    caller: &Caller,
    id: &str,
    req: &mut Request,
) -> Result<Response, ApiError> {
    let changes: GoalChanges = json_body(req).await?;
    if changes.daily_calorie_target.is_none()
        && changes.target_weight_kg.is_none()
        && changes.target_date.is_none()
        && changes.is_active.is_none()
    {
        return Err(ApiError::invalid(
            "body",
            "give at least one of daily_calorie_target, target_weight_kg, target_date, is_active",
        ));
    }
    if let Some(kcal) = changes.daily_calorie_target {
        CalorieTarget::from_kcal_per_day(kcal)?;
        if kcal.fract() != 0.0 {
            return Err(ApiError::invalid(
                "daily_calorie_target",
                "must be whole kcal",
            ));
        }
    }
    if let Some(kg) = changes.target_weight_kg {
        Weight::target_from_kg(kg)?;
    }
    if let Some(date) = &changes.target_date {
        parse_date(date, "target_date")?;
    }
    let updated = patch_goal(app, caller, id, &changes.to_row()).await?;
    json(200, &updated)
}

/// `DELETE /api/v1/calorie-goals/{id}`: deactivates the goal (history is kept).
pub async fn deactivate_goal(app: &App, caller: &Caller, id: &str) -> Result<Response, ApiError> {
    patch_goal(app, caller, id, &serde_json::json!({ "is_active": false })).await?;
    no_content()
}

async fn patch_goal(
    app: &App,
    caller: &Caller,
    id: &str,
    changes: &serde_json::Value,
) -> Result<StoredGoal, ApiError> {
    let not_found = || ApiError::NotFound(format!("/api/v1/calorie-goals/{id}"));
    if !is_uuid(id) {
        return Err(not_found());
    }
    let request = app
        .client
        .as_caller(caller, Method::Patch, "/calorie_goals")
        .query("id", &format!("eq.{id}"))
        .query("select", COLUMNS)
        .prefer("return=representation")
        .json(changes)?;
    let updated: Vec<StoredGoal> = app.client.fetch(&request).await?;
    updated.into_iter().next().ok_or_else(not_found)
}

async fn fetch_goal(app: &App, caller: &Caller, id: &str) -> Result<StoredGoal, ApiError> {
    let not_found = || ApiError::NotFound(format!("/api/v1/calorie-goals/{id}"));
    if !is_uuid(id) {
        return Err(not_found());
    }
    let request = app
        .client
        .as_caller(caller, Method::Get, "/calorie_goals")
        .query("id", &format!("eq.{id}"))
        .query("select", COLUMNS);
    let goals: Vec<StoredGoal> = app.client.fetch(&request).await?;
    goals.into_iter().next().ok_or_else(not_found)
}

/// Unknown fields are named, per goal method (serde's tagged enums would ignore them).
fn check_goal_fields(body: &serde_json::Map<String, serde_json::Value>) -> Result<(), ApiError> {
    let allowed: &[&str] = match body.get("method").and_then(|m| m.as_str()) {
        Some("weekly_rate") => &["method", "goal_type", "weekly_rate_kg"],
        Some("target_weight") => &["method", "goal_type", "target_weight_kg", "target_date"],
        Some("explicit") => &["method", "daily_calorie_target"],
        _ => {
            return Err(ApiError::invalid(
                "method",
                "must be one of weekly_rate, target_weight, explicit",
            ))
        }
    };
    match body.keys().find(|key| !allowed.contains(&key.as_str())) {
        Some(key) => Err(ApiError::invalid(
            key,
            format!(
                "unknown field; allowed: {}, today, guard_rails",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

fn goal_settings(overrides: Option<serde_json::Value>) -> Result<GoalSettings, ApiError> {
    let mut settings = GoalSettings::default();
    let Some(value) = overrides else {
        return Ok(settings);
    };
    let overrides: GuardRailOverrides = serde_path_to_error::deserialize(value).map_err(|err| {
        ApiError::invalid(
            &format!("guard_rails.{}", err.path()),
            err.into_inner().to_string(),
        )
    })?;
    if let Some(loss) = overrides.max_weekly_loss_fraction {
        settings.max_weekly_loss_fraction = loss;
    }
    if let Some(gain) = overrides.max_weekly_gain_fraction {
        settings.max_weekly_gain_fraction = gain;
    }
    if overrides.intake_floor == Some(false) {
        settings.intake_floor = None;
    }
    Ok(settings)
}

/// Today's date in `time_zone`, from the database's clock and tz database (the ones that bucket
/// the user's events).
async fn local_today(
    app: &App,
    caller: &Caller,
    time_zone: &str,
) -> Result<calorie_core::jiff::civil::Date, ApiError> {
    let request = app
        .client
        .as_caller(caller, Method::Post, "/rpc/local_date")
        .json(&serde_json::json!({ "p_tz": time_zone }))?;
    let today: String = app.client.fetch(&request).await?;
    Ok(parse_date(&today, "today")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(json: &str) -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn goal_fields_outside_the_method_are_named() {
        assert!(check_goal_fields(&object(
            r#"{"method":"weekly_rate","goal_type":"weight_loss","weekly_rate_kg":0.5}"#
        ))
        .is_ok());
        let err = check_goal_fields(&object(
            r#"{"method":"explicit","daily_calorie_target":1800,"weekly_rate_kg":1}"#,
        ))
        .unwrap_err();
        assert_eq!(err.problem().field.as_deref(), Some("weekly_rate_kg"));
        let err = check_goal_fields(&object(r#"{"method":"guess"}"#)).unwrap_err();
        assert_eq!(err.problem().field.as_deref(), Some("method"));
    }

    #[test]
    fn guard_rails_can_be_overridden_or_switched_off_by_name() {
        let settings = goal_settings(Some(serde_json::json!({
            "max_weekly_loss_fraction": 0.015, "max_weekly_gain_fraction": null, "intake_floor": false
        })))
        .unwrap();
        assert_eq!(settings.max_weekly_loss_fraction, Some(0.015));
        assert_eq!(settings.max_weekly_gain_fraction, None);
        assert!(settings.intake_floor.is_none());
        assert_eq!(goal_settings(None).unwrap(), GoalSettings::default());
        let err = goal_settings(Some(serde_json::json!({"floor": 1}))).unwrap_err();
        assert_eq!(err.status(), 422);
    }
}
