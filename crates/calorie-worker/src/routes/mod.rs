//! Dispatch: a matched [`table::Route`] to its handler, with the configuration checked and the
//! caller verified first where the route needs one.

mod analytics;
mod events;
mod goals;
mod health;
mod metabolic;
mod openapi;
mod profile;
pub mod table;
mod users;

use crate::auth::{self, Caller};
use crate::config::Config;
use crate::error::ApiError;
use crate::supabase::PostgrestClient;
use serde::Serialize;
use table::{NoRoute, Route};
use worker::{Request, Response};

/// Everything a handler may use for one request.
pub struct App {
    /// The configuration, read once for this request.
    pub config: Config,
    /// PostgREST, timing its calls for the request log.
    pub client: PostgrestClient,
    /// Seconds since the epoch when the request arrived.
    pub now: i64,
}

/// What dispatch reports for the request log.
pub struct Outcome {
    /// The matched route's name, or `-` when none matched.
    pub route: &'static str,
    /// The response to send.
    pub response: Response,
    /// Milliseconds spent waiting for PostgREST.
    pub upstream_ms: f64,
}

/// Routes `req` and runs its handler; every failure becomes a problem+json response.
pub async fn dispatch(
    req: Request,
    config: Result<Config, ApiError>,
    now: i64,
    request_id: &str,
) -> Outcome {
    let path = req.path();
    let route = match table::route(&req.method(), &path) {
        Ok(route) => route,
        Err(no_route) => {
            let response = match no_route {
                NoRoute::NotFound => ApiError::NotFound(path.clone()).into_response(),
                NoRoute::MethodNotAllowed(allowed) => {
                    let response = ApiError::MethodNotAllowed.into_response();
                    let _ = response.headers().set("allow", allowed);
                    response
                }
            };
            return Outcome {
                route: "-",
                response,
                upstream_ms: 0.0,
            };
        }
    };
    let name = route.name();
    let (result, upstream_ms) = match (route, config) {
        // Liveness and the API description need nothing, not even a complete configuration.
        (Route::Health, _) => (health::get_health(), 0.0),
        (Route::OpenApi, _) => (openapi::get_openapi(), 0.0),
        (Route::Readiness, Err(err)) => (Ok(health::not_ready(err)), 0.0),
        (_, Err(err)) => (Err(err), 0.0),
        (route, Ok(config)) => {
            let app = App {
                client: PostgrestClient::new(&config, request_id),
                config,
                now,
            };
            let result = run(route, req, &app).await;
            (result, app.client.upstream_ms())
        }
    };
    let response = result.unwrap_or_else(ApiError::into_response);
    Outcome {
        route: name,
        response,
        upstream_ms,
    }
}

async fn run(route: Route<'_>, mut req: Request, app: &App) -> Result<Response, ApiError> {
    // Liveness and the API description are answered by `dispatch`; readiness needs no caller.
    if route == Route::Readiness {
        return health::get_readiness(app).await;
    }
    // Verified here, before any upstream call: a refused token never leaves the worker.
    let caller = authenticate(&req, app)?;
    let req = &mut req;
    match route {
        Route::ListUsers => users::list_users(app, &caller).await,
        Route::CreateUser => users::create_user(app, &caller, req).await,
        Route::GetCurrentUser => users::get_current_user(app, &caller).await,
        Route::UpdateCurrentUser => users::update_current_user(app, &caller, req).await,
        Route::GetProfile => profile::get_profile(app, &caller).await,
        Route::PutProfile => profile::put_profile(app, &caller, req).await,
        Route::ListGoals => goals::list_goals(app, &caller, req).await,
        Route::CreateGoal => goals::create_goal(app, &caller, req).await,
        Route::GetGoal(id) => goals::get_goal(app, &caller, id).await,
        Route::UpdateGoal(id) => goals::update_goal(app, &caller, id, req).await,
        Route::DeactivateGoal(id) => goals::deactivate_goal(app, &caller, id).await,
        Route::ListMetabolicProfiles => metabolic::list_metabolic_profiles(app, &caller).await,
        Route::GetCurrentMetabolicProfile => {
            metabolic::get_current_metabolic_profile(app, &caller).await
        }
        Route::CalculateMetabolicProfile => {
            metabolic::calculate_metabolic_profile(app, &caller, req).await
        }
        Route::ListEvents => events::list_events(app, &caller, req).await,
        Route::CreateEvent => events::create_event(app, &caller, req).await,
        Route::CreateEventBatch => events::create_event_batch(app, &caller, req).await,
        Route::GetEvent(id) => events::get_event(app, &caller, id).await,
        Route::UpdateEvent(id) => events::update_event(app, &caller, id, req).await,
        Route::DeleteEvent(id) => events::delete_event(app, &caller, id).await,
        Route::Summary(granularity) => analytics::get_summary(app, &caller, req, granularity).await,
        Route::Balance => analytics::get_balance(app, &caller, req).await,
        // Answered above or by `dispatch`; listed for exhaustiveness.
        Route::Health | Route::Readiness | Route::OpenApi => health::get_health(),
    }
}

fn authenticate(req: &Request, app: &App) -> Result<Caller, ApiError> {
    let header = req.headers().get("authorization").ok().flatten();
    let token = auth::bearer_token(header.as_deref())?;
    Ok(auth::verify(token, &app.config.keys, app.now)?)
}

/// A JSON response with `status`.
pub fn json<T: Serialize>(status: u16, body: &T) -> Result<Response, ApiError> {
    Ok(Response::from_json(body)?.with_status(status))
}

/// A JSON response with `status` whose body is already JSON text (from PostgREST).
pub fn json_text(status: u16, body: String) -> Result<Response, ApiError> {
    let response = Response::ok(body)?.with_status(status);
    response.headers().set("content-type", "application/json")?;
    Ok(response)
}

/// `204 No Content`.
pub fn no_content() -> Result<Response, ApiError> {
    Ok(Response::empty()?.with_status(204))
}
