//! `/api/v1/users/me/profile`: the caller's calorie-specific profile.

use super::{json, App};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::input::{json_body, time_zone_name};
use calorie_core::{ActivityLevel, Age, Gender, Height, Person, WeekStart, Weight};
use serde::{Deserialize, Serialize};
use worker::{Method, Request, Response};

const COLUMNS: &str =
    "id,user_id,height_cm,weight_kg,age,gender,activity_level,time_zone,week_start,created_at,updated_at";

/// A profile as stored and returned. The seed's columns are nullable, so legacy rows may lack
/// values; a profile written through this API always has them all.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Profile {
    id: String,
    user_id: String,
    /// Height in cm.
    pub height_cm: Option<f64>,
    /// Weight in kg.
    pub weight_kg: Option<f64>,
    /// Age in whole years.
    pub age: Option<u32>,
    /// `male`, `female` or `other`.
    pub gender: Option<Gender>,
    /// One of the five activity levels.
    pub activity_level: Option<ActivityLevel>,
    /// IANA time zone summaries bucket in.
    pub time_zone: String,
    /// `monday` or `sunday`.
    pub week_start: WeekStart,
    created_at: String,
    updated_at: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProfileInput {
    height_cm: f64,
    weight_kg: f64,
    age: u32,
    gender: Gender,
    activity_level: ActivityLevel,
    #[serde(default = "utc")]
    time_zone: String,
    #[serde(default)]
    week_start: WeekStart,
}

fn utc() -> String {
    "UTC".to_owned()
}

impl Profile {
    /// The person the energy equations need, or a 409 naming the first missing value.
    ///
    /// # Errors
    /// [`ApiError::Conflict`] when the profile lacks a value (legacy rows), or the validation
    /// error of a stored value outside calorie-core's ranges.
    pub fn person(&self) -> Result<(Person, ActivityLevel), ApiError> {
        let missing = |field: &str| {
            ApiError::Conflict(format!(
                "the profile has no {field}: PUT /api/v1/users/me/profile first"
            ))
        };
        let person = Person::new(
            Weight::from_kg(self.weight_kg.ok_or_else(|| missing("weight_kg"))?)?,
            Height::from_cm(self.height_cm.ok_or_else(|| missing("height_cm"))?)?,
            Age::from_years(self.age.ok_or_else(|| missing("age"))?)?,
            self.gender.ok_or_else(|| missing("gender"))?,
        );
        Ok((
            person,
            self.activity_level
                .ok_or_else(|| missing("activity_level"))?,
        ))
    }
}

/// `GET /api/v1/users/me/profile`.
pub async fn get_profile(app: &App, caller: &Caller) -> Result<Response, ApiError> {
    json(200, &require_profile(app, caller).await?)
}

/// `PUT /api/v1/users/me/profile`: creates or replaces the caller's profile.
pub async fn put_profile(
    app: &App,
    caller: &Caller,
    req: &mut Request,
) -> Result<Response, ApiError> {
    let input: ProfileInput = json_body(req).await?;
    // calorie-core's ranges (stricter than the table's); the zone's existence is checked by the
    // database (constraint time_zone_valid, mapped to a 422 on `time_zone`).
    Height::from_cm(input.height_cm)?;
    Weight::from_kg(input.weight_kg)?;
    Age::from_years(input.age)?;
    time_zone_name(&input.time_zone, "time_zone")?;
    let row = serde_json::json!({
        "user_id": caller.claims.sub,
        "height_cm": input.height_cm,
        "weight_kg": input.weight_kg,
        "age": input.age,
        "gender": input.gender,
        "activity_level": input.activity_level,
        "time_zone": input.time_zone,
        "week_start": input.week_start,
    });
    let request = app
        .client
        .as_caller(caller, Method::Post, "/user_profiles")
        .query("on_conflict", "user_id")
        .query("select", COLUMNS)
        .prefer("resolution=merge-duplicates,return=representation")
        .json(&row)?;
    let stored: Vec<Profile> = app.client.fetch(&request).await?;
    let profile = stored
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("upsert returned no row".into()))?;
    json(200, &profile)
}

/// The caller's profile, if any.
pub async fn fetch_profile(app: &App, caller: &Caller) -> Result<Option<Profile>, ApiError> {
    let request = app
        .client
        .as_caller(caller, Method::Get, "/user_profiles")
        .query("user_id", &format!("eq.{}", caller.claims.sub))
        .query("select", COLUMNS);
    let profiles: Vec<Profile> = app.client.fetch(&request).await?;
    Ok(profiles.into_iter().next())
}

/// The caller's profile, or 404.
pub async fn require_profile(app: &App, caller: &Caller) -> Result<Profile, ApiError> {
    fetch_profile(app, caller)
        .await?
        .ok_or_else(|| ApiError::NotFound("/api/v1/users/me/profile".into()))
}
