//! The calorie-balance JSON HTTP API as a Cloudflare Worker.
//!
//! The worker verifies the caller's JWT, validates input, computes with `calorie_core`, and reads
//! and writes through Supabase's PostgREST with the caller's own JWT plus the anon key, so
//! row-level security decides what each caller sees. It never holds a key that bypasses RLS.

mod auth;
mod config;
mod cors;
mod error;
mod input;
mod observe;
mod routes;
mod supabase;

pub use config::Config;
pub use error::{ApiError, Problem};
pub use supabase::{PostgrestClient, RestRequest};

use worker::{console_log, event, js_sys, Context, Date, Env, Method, Request, Response};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let started = Date::now().as_millis();
    let header = |name: &str| req.headers().get(name).ok().flatten();
    let request_id = observe::request_id(header("x-request-id").as_deref(), random_id);
    let origin = header("origin");
    let method = req.method();

    let config = Config::from_env(&env);
    let allowed_origin = config
        .as_ref()
        .ok()
        .and_then(|c| c.allowed_origins.allow(origin.as_deref()));
    let (route, mut response, upstream_ms) = if method == Method::Options {
        // A CORS preflight: answered here, never routed or authenticated.
        (("OPTIONS *"), preflight(allowed_origin.is_some()), 0.0)
    } else {
        let now = (started / 1000) as i64;
        let outcome = routes::dispatch(req, config, now, &request_id).await;
        (outcome.route, outcome.response, outcome.upstream_ms)
    };

    let headers = response.headers_mut();
    let _ = headers.set("x-request-id", &request_id);
    if let Some(origin) = allowed_origin {
        let _ = headers.set("access-control-allow-origin", &origin);
        let _ = headers.set("access-control-expose-headers", cors::EXPOSED_HEADERS);
        let _ = headers.append("vary", "Origin");
    }
    let log = observe::RequestLog {
        msg: "request",
        request_id: &request_id,
        method: method.as_ref(),
        route,
        status: response.status_code(),
        upstream_ms,
        total_ms: Date::now().as_millis().saturating_sub(started) as f64,
    };
    console_log!("{}", log.to_line());
    Ok(response)
}

fn preflight(allowed: bool) -> Response {
    let response = Response::builder().with_status(204).empty();
    if allowed {
        let headers = response.headers();
        let _ = headers.set("access-control-allow-methods", cors::ALLOWED_METHODS);
        let _ = headers.set("access-control-allow-headers", cors::ALLOWED_HEADERS);
        let _ = headers.set("access-control-max-age", "600");
    }
    response
}

/// 128 random bits as hex. `Math.random` suffices: ids need to be unique, not secret.
fn random_id() -> String {
    let word = || (js_sys::Math::random() * u64::MAX as f64) as u64;
    format!("{:016x}{:016x}", word(), word())
}
