//! The route table: one place that maps paths to handlers.

mod health;

use crate::config::Config;
use crate::error::ApiError;
use worker::{Request, Response, RouteContext, Router};

/// Shared per-request state: the configuration, or why it could not be read.
pub type AppState = Result<Config, String>;

/// Every route of the API.
pub fn router(config: Result<Config, ApiError>) -> Router<'static, AppState> {
    Router::with_data(config.map_err(|e| e.to_string()))
        .get("/health", health::get_health)
        .get_async("/health/ready", health::get_readiness)
        .or_else_any_method("/", not_found)
        .or_else_any_method("/*path", not_found)
}

fn not_found(req: Request, _ctx: RouteContext<AppState>) -> worker::Result<Response> {
    Ok(ApiError::NotFound(req.path()).into_response())
}
