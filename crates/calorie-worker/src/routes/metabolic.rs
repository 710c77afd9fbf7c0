//! `/api/v1/metabolic-profiles`: BMR and TDEE computed by calorie-core from the stored profile.

use super::{json, profile, App};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::input::json_body;
use calorie_core::{ActivityLevel, BmrEquation, BodyFat, MetabolicProfile};
use serde::{Deserialize, Serialize};
use worker::{Method, Request, Response};

const COLUMNS: &str = "id,user_id,bmr,tdee,calories_burned_bmr,calories_burned_activities,equation,activity_level,calculated_at,is_active,created_at,updated_at";

/// A metabolic profile as stored and returned. `equation` and `activity_level` are null on
/// rows from before they were recorded.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredMetabolicProfile {
    id: String,
    user_id: String,
    bmr: f64,
    /// Total daily energy expenditure, kcal/day.
    pub tdee: f64,
    /// The BMR share of expenditure per day (used by the balance when a day has no
    /// `burned_bmr` events).
    pub calories_burned_bmr: f64,
    calories_burned_activities: Option<f64>,
    equation: Option<BmrEquation>,
    activity_level: Option<ActivityLevel>,
    calculated_at: String,
    is_active: bool,
    created_at: String,
    updated_at: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalculateInput {
    #[serde(default)]
    equation: Option<BmrEquation>,
    #[serde(default)]
    body_fat_percentage: Option<f64>,
}

/// `GET /api/v1/metabolic-profiles`, newest first.
pub async fn list_metabolic_profiles(app: &App, caller: &Caller) -> Result<Response, ApiError> {
    let request = app
        .client
        .as_caller(caller, Method::Get, "/metabolic_profiles")
        .query("select", COLUMNS)
        .query("order", "calculated_at.desc,id.desc");
    let profiles: Vec<StoredMetabolicProfile> = app.client.fetch(&request).await?;
    json(200, &profiles)
}

/// `GET /api/v1/metabolic-profiles/current`: the active one, or 404.
pub async fn get_current_metabolic_profile(
    app: &App,
    caller: &Caller,
) -> Result<Response, ApiError> {
    let active = fetch_active(app, caller)
        .await?
        .ok_or_else(|| ApiError::NotFound("/api/v1/metabolic-profiles/current".into()))?;
    json(200, &active)
}

/// `POST /api/v1/metabolic-profiles/calculate`: computes from the stored profile (optionally
/// with another equation and a body-fat percentage) and stores the result as the active profile.
pub async fn calculate_metabolic_profile(
    app: &App,
    caller: &Caller,
    req: &mut Request,
) -> Result<Response, ApiError> {
    let input: CalculateInput = json_body(req).await?;
    let stored = profile::fetch_profile(app, caller).await?.ok_or_else(|| {
        ApiError::Conflict("set your profile first: PUT /api/v1/users/me/profile".into())
    })?;
    let (mut person, activity_level) = stored.person()?;
    if let Some(percentage) = input.body_fat_percentage {
        person = person.with_body_fat(BodyFat::from_percentage(percentage)?);
    }
    let equation = input.equation.unwrap_or_default();
    let computed = MetabolicProfile::compute(&person, activity_level, equation)?;
    let row = serde_json::json!({
        "user_id": caller.claims.sub,
        "bmr": computed.bmr,
        "tdee": computed.tdee,
        "calories_burned_bmr": computed.calories_burned_bmr,
        "calories_burned_activities": computed.calories_burned_activities,
        "equation": computed.equation,
        "activity_level": computed.activity_level,
        "is_active": true,
    });
    let request = app
        .client
        .as_caller(caller, Method::Post, "/metabolic_profiles")
        .query("select", COLUMNS)
        .prefer("return=representation")
        .json(&row)?;
    let created: Vec<StoredMetabolicProfile> = app.client.fetch(&request).await?;
    let created = created
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("insert returned no row".into()))?;
    json(201, &created)
}

/// The caller's active metabolic profile, if any.
pub async fn fetch_active(
    app: &App,
    caller: &Caller,
) -> Result<Option<StoredMetabolicProfile>, ApiError> {
    let request = app
        .client
        .as_caller(caller, Method::Get, "/metabolic_profiles")
        .query("is_active", "eq.true")
        .query("select", COLUMNS);
    let profiles: Vec<StoredMetabolicProfile> = app.client.fetch(&request).await?;
    Ok(profiles.into_iter().next())
}
