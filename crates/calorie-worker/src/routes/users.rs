//! `/api/v1/users`: the caller's own user record (`users.id` is their auth user id).

use super::{json, App};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::input::json_body;
use serde::{Deserialize, Serialize};
use worker::{Method, Request, Response};

const COLUMNS: &str = "id,email,username,created_at,updated_at";

/// A user as stored and returned.
#[derive(Debug, Serialize, Deserialize)]
pub struct User {
    id: String,
    email: String,
    username: String,
    created_at: String,
    updated_at: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewUser {
    email: String,
    username: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct UserChanges {
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    username: Option<String>,
}

/// `GET /api/v1/users`: the users RLS lets the caller see (their own).
pub async fn list_users(app: &App, caller: &Caller) -> Result<Response, ApiError> {
    let request = app
        .client
        .as_caller(caller, Method::Get, "/users")
        .query("select", COLUMNS);
    let users: Vec<User> = app.client.fetch(&request).await?;
    json(200, &users)
}

/// `GET /api/v1/users/me`.
pub async fn get_current_user(app: &App, caller: &Caller) -> Result<Response, ApiError> {
    json(200, &fetch_current_user(app, caller).await?)
}

/// `POST /api/v1/users`: creates the caller's user; the id is the token's `sub`.
pub async fn create_user(
    app: &App,
    caller: &Caller,
    req: &mut Request,
) -> Result<Response, ApiError> {
    let new: NewUser = json_body(req).await?;
    validate_email(&new.email)?;
    validate_username(&new.username)?;
    let row = serde_json::json!({ "id": caller.claims.sub, "email": new.email, "username": new.username });
    let request = app
        .client
        .as_caller(caller, Method::Post, "/users")
        .query("select", COLUMNS)
        .prefer("return=representation")
        .json(&row)?;
    let created: Vec<User> = app.client.fetch(&request).await.map_err(|err| match err {
        ApiError::Conflict(_) => {
            ApiError::Conflict("this user, email or username already exists".into())
        }
        other => other,
    })?;
    let user = created
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::Internal("insert returned no row".into()))?;
    json(201, &user)
}

/// `PATCH /api/v1/users/me`: changes email and/or username.
pub async fn update_current_user(
    app: &App,
    caller: &Caller,
    req: &mut Request,
) -> Result<Response, ApiError> {
    let changes: UserChanges = json_body(req).await?;
    if changes.email.is_none() && changes.username.is_none() {
        return Err(ApiError::invalid("body", "give email and/or username"));
    }
    if let Some(email) = &changes.email {
        validate_email(email)?;
    }
    if let Some(username) = &changes.username {
        validate_username(username)?;
    }
    let request = app
        .client
        .as_caller(caller, Method::Patch, "/users")
        .query("id", &format!("eq.{}", caller.claims.sub))
        .query("select", COLUMNS)
        .prefer("return=representation")
        .json(&changes)?;
    let updated: Vec<User> = app.client.fetch(&request).await.map_err(|err| match err {
        ApiError::Conflict(_) => ApiError::Conflict("this email or username is taken".into()),
        other => other,
    })?;
    let user = updated
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::NotFound("/api/v1/users/me".into()))?;
    json(200, &user)
}

/// The caller's user row, or 404 when they have not created it yet.
pub async fn fetch_current_user(app: &App, caller: &Caller) -> Result<User, ApiError> {
    let request = app
        .client
        .as_caller(caller, Method::Get, "/users")
        .query("id", &format!("eq.{}", caller.claims.sub))
        .query("select", COLUMNS);
    let users: Vec<User> = app.client.fetch(&request).await?;
    users
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::NotFound("/api/v1/users/me".into()))
}

fn validate_email(email: &str) -> Result<(), ApiError> {
    let valid = email.len() <= 255
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if valid {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "email",
            "must be an email address like name@example.com (at most 255 characters)",
        ))
    }
}

fn validate_username(username: &str) -> Result<(), ApiError> {
    let valid = (3..=50).contains(&username.chars().count())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if valid {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "username",
            "must be 3 to 50 characters of letters, digits, '_', '.' or '-'",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plausible_emails_pass_and_others_name_the_field() {
        for ok in ["a@b.co", "alice.smith+tag@example.com"] {
            assert!(validate_email(ok).is_ok(), "{ok}");
        }
        for bad in [
            "", "a", "a@b", "@b.co", "a@.co", "a b@c.co", "a@b.co.", "a@@b.co",
        ] {
            let err = validate_email(bad).unwrap_err();
            assert_eq!(err.problem().field.as_deref(), Some("email"), "{bad}");
        }
    }

    #[test]
    fn usernames_are_3_to_50_safe_characters() {
        assert!(validate_username("alice_01").is_ok());
        assert!(validate_username("al").is_err());
        assert!(validate_username(&"a".repeat(51)).is_err());
        assert!(validate_username("al ice").is_err());
        assert!(validate_username("<b>").is_err());
    }
}
