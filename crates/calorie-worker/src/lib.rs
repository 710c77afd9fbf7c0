//! The calorie-balance JSON HTTP API as a Cloudflare Worker.
//!
//! The worker validates input, computes with [`calorie_core`], and reads and writes through
//! Supabase's PostgREST with the caller's own JWT plus the anon key, so row-level security
//! decides what each caller sees. It never holds a key that bypasses RLS on a user's request.

mod auth;
mod config;
mod error;
mod routes;
mod supabase;

pub use config::Config;
pub use error::{ApiError, Problem};
pub use supabase::{PostgrestClient, RestRequest};

use worker::{event, Context, Env, Request, Response};

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    let config = Config::from_env(&env);
    let response = routes::router(config).run(req, env).await?;
    Ok(error::problem_for_router_fallback(response))
}
