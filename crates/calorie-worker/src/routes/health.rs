//! Liveness and readiness.

use super::App;
use crate::error::{problem_response, ApiError};
use serde::Serialize;
use worker::{Method, Response};

/// Readiness must answer quickly even when the database API hangs.
const READINESS_TIMEOUT_MS: u64 = 2_000;

#[derive(Serialize)]
struct Health {
    service: &'static str,
    version: &'static str,
    status: &'static str,
}

fn health(status: &'static str) -> Result<Response, ApiError> {
    Ok(Response::from_json(&Health {
        service: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        status,
    })?)
}

/// `GET /health`: the worker is running. No auth, no upstream call.
pub fn get_health() -> Result<Response, ApiError> {
    health("ok")
}

/// `GET /health/ready`: the configuration is complete and PostgREST answers, within a time limit.
/// Not ready is a 503 whatever the cause, with the cause in the detail.
pub async fn get_readiness(app: &App) -> Result<Response, ApiError> {
    match check_upstream(app).await {
        Ok(()) => health("ready"),
        Err(err) => Ok(not_ready(err)),
    }
}

/// The 503 answer of readiness, naming the cause.
pub fn not_ready(err: ApiError) -> Response {
    let mut problem = err.problem();
    problem.status = 503;
    problem.title = "Not Ready".into();
    problem.detail = err.to_string();
    problem_response(&problem)
}

async fn check_upstream(app: &App) -> Result<(), ApiError> {
    let client = &app.client;
    let probe = client
        .anonymous(Method::Get, "/")
        .timeout_ms(READINESS_TIMEOUT_MS);
    let response = client.send(&probe).await?;
    match response.status {
        401 => Err(ApiError::UpstreamUnavailable(
            "the database API rejected the anon key".into(),
        )),
        s if s >= 500 => Err(ApiError::UpstreamUnavailable(format!(
            "the database API answered {s}"
        ))),
        _ => Ok(()),
    }
}
