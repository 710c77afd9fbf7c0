//! Liveness and readiness.

use super::AppState;
use crate::error::ApiError;
use crate::supabase::PostgrestClient;
use serde::Serialize;
use worker::{Method, Request, Response, RouteContext};

/// Readiness must answer quickly even when the database API hangs.
const READINESS_TIMEOUT_MS: u64 = 2_000;

#[derive(Serialize)]
struct Health {
    service: &'static str,
    version: &'static str,
    status: &'static str,
}

/// `GET /health`: the worker is running. No auth, no upstream call.
pub fn get_health(_req: Request, _ctx: RouteContext<AppState>) -> worker::Result<Response> {
    Response::from_json(&Health {
        service: env!("CARGO_PKG_NAME"),
        version: env!("CARGO_PKG_VERSION"),
        status: "ok",
    })
}

/// `GET /health/ready`: the configuration is complete and PostgREST answers, within a time limit.
pub async fn get_readiness(_req: Request, ctx: RouteContext<AppState>) -> worker::Result<Response> {
    Ok(match check_upstream(&ctx.data).await {
        Ok(()) => Response::from_json(&Health {
            service: env!("CARGO_PKG_NAME"),
            version: env!("CARGO_PKG_VERSION"),
            status: "ready",
        })?,
        Err(err) => not_ready(err),
    })
}

async fn check_upstream(state: &AppState) -> Result<(), ApiError> {
    let config = state.as_ref().map_err(|e| ApiError::Misconfigured(e.clone()))?;
    let client = PostgrestClient::new(config);
    let probe = client.anonymous(Method::Get, "/").timeout_ms(READINESS_TIMEOUT_MS);
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

/// Not ready is a 503 whatever the cause, with the cause in the detail.
fn not_ready(err: ApiError) -> Response {
    let mut problem = err.problem();
    problem.status = 503;
    problem.title = "Not Ready".into();
    problem.detail = err.to_string();
    crate::error::problem_response(&problem)
}
