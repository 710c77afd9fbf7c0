//! The route table: every path and method the API answers, as data.
//!
//! Routing is pure (no I/O), so the table is unit-tested natively; `dispatch` in `mod.rs` turns a
//! [`Route`] into a handler call. `ROUTE_NAMES` lists every route for the OpenAPI consistency test.

use worker::Method;

/// A matched route with its path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route<'a> {
    /// `GET /health`
    Health,
    /// `GET /health/ready`
    Readiness,
    /// `GET /openapi.json`
    OpenApi,
    /// `GET /api/v1/users`
    ListUsers,
    /// `POST /api/v1/users`
    CreateUser,
    /// `GET /api/v1/users/me`
    GetCurrentUser,
    /// `PATCH /api/v1/users/me`
    UpdateCurrentUser,
    /// `GET /api/v1/users/me/profile`
    GetProfile,
    /// `PUT /api/v1/users/me/profile`
    PutProfile,
    /// `GET /api/v1/calorie-goals`
    ListGoals,
    /// `POST /api/v1/calorie-goals`
    CreateGoal,
    /// `GET /api/v1/calorie-goals/{id}`
    GetGoal(&'a str),
    /// `PATCH /api/v1/calorie-goals/{id}`
    UpdateGoal(&'a str),
    /// `DELETE /api/v1/calorie-goals/{id}`
    DeactivateGoal(&'a str),
    /// `GET /api/v1/metabolic-profiles`
    ListMetabolicProfiles,
    /// `GET /api/v1/metabolic-profiles/current`
    GetCurrentMetabolicProfile,
    /// `POST /api/v1/metabolic-profiles/calculate`
    CalculateMetabolicProfile,
    /// `GET /api/v1/calorie-events`
    ListEvents,
    /// `POST /api/v1/calorie-events`
    CreateEvent,
    /// `POST /api/v1/calorie-events/batch`
    CreateEventBatch,
    /// `GET /api/v1/calorie-events/{id}`
    GetEvent(&'a str),
    /// `PATCH /api/v1/calorie-events/{id}`
    UpdateEvent(&'a str),
    /// `DELETE /api/v1/calorie-events/{id}`
    DeleteEvent(&'a str),
    /// `GET /api/v1/analytics/{hourly,daily,weekly,monthly}-summary`
    Summary(Granularity),
    /// `GET /api/v1/analytics/calorie-balance`
    Balance,
}

/// The bucket size of a summary route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Granularity {
    /// `hourly-summary`
    Hourly,
    /// `daily-summary`
    Daily,
    /// `weekly-summary`
    Weekly,
    /// `monthly-summary`
    Monthly,
}

/// Why no route matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoRoute {
    /// No such path.
    NotFound,
    /// The path exists with other methods (listed for the `Allow` header).
    MethodNotAllowed(&'static str),
}

/// Every route as `METHOD /pattern`, in table order.
pub const ROUTE_NAMES: &[&str] = &[
    "GET /health",
    "GET /health/ready",
    "GET /openapi.json",
    "GET /api/v1/users",
    "POST /api/v1/users",
    "GET /api/v1/users/me",
    "PATCH /api/v1/users/me",
    "GET /api/v1/users/me/profile",
    "PUT /api/v1/users/me/profile",
    "GET /api/v1/calorie-goals",
    "POST /api/v1/calorie-goals",
    "GET /api/v1/calorie-goals/{id}",
    "PATCH /api/v1/calorie-goals/{id}",
    "DELETE /api/v1/calorie-goals/{id}",
    "GET /api/v1/metabolic-profiles",
    "GET /api/v1/metabolic-profiles/current",
    "POST /api/v1/metabolic-profiles/calculate",
    "GET /api/v1/calorie-events",
    "POST /api/v1/calorie-events",
    "POST /api/v1/calorie-events/batch",
    "GET /api/v1/calorie-events/{id}",
    "PATCH /api/v1/calorie-events/{id}",
    "DELETE /api/v1/calorie-events/{id}",
    "GET /api/v1/analytics/hourly-summary",
    "GET /api/v1/analytics/daily-summary",
    "GET /api/v1/analytics/weekly-summary",
    "GET /api/v1/analytics/monthly-summary",
    "GET /api/v1/analytics/calorie-balance",
];

impl Route<'_> {
    /// The route's name for logs: method and pattern, never the concrete ids.
    pub fn name(&self) -> &'static str {
        use Granularity::*;
        match self {
            Route::Health => ROUTE_NAMES[0],
            Route::Readiness => ROUTE_NAMES[1],
            Route::OpenApi => ROUTE_NAMES[2],
            Route::ListUsers => ROUTE_NAMES[3],
            Route::CreateUser => ROUTE_NAMES[4],
            Route::GetCurrentUser => ROUTE_NAMES[5],
            Route::UpdateCurrentUser => ROUTE_NAMES[6],
            Route::GetProfile => ROUTE_NAMES[7],
            Route::PutProfile => ROUTE_NAMES[8],
            Route::ListGoals => ROUTE_NAMES[9],
            Route::CreateGoal => ROUTE_NAMES[10],
            Route::GetGoal(_) => ROUTE_NAMES[11],
            Route::UpdateGoal(_) => ROUTE_NAMES[12],
            Route::DeactivateGoal(_) => ROUTE_NAMES[13],
            Route::ListMetabolicProfiles => ROUTE_NAMES[14],
            Route::GetCurrentMetabolicProfile => ROUTE_NAMES[15],
            Route::CalculateMetabolicProfile => ROUTE_NAMES[16],
            Route::ListEvents => ROUTE_NAMES[17],
            Route::CreateEvent => ROUTE_NAMES[18],
            Route::CreateEventBatch => ROUTE_NAMES[19],
            Route::GetEvent(_) => ROUTE_NAMES[20],
            Route::UpdateEvent(_) => ROUTE_NAMES[21],
            Route::DeleteEvent(_) => ROUTE_NAMES[22],
            Route::Summary(Hourly) => ROUTE_NAMES[23],
            Route::Summary(Daily) => ROUTE_NAMES[24],
            Route::Summary(Weekly) => ROUTE_NAMES[25],
            Route::Summary(Monthly) => ROUTE_NAMES[26],
            Route::Balance => ROUTE_NAMES[27],
        }
    }
}

/// Matches `method` and `path` against the table.
///
/// # Errors
/// [`NoRoute`] saying whether the path is unknown or only the method is wrong.
pub fn route<'a>(method: &Method, path: &'a str) -> Result<Route<'a>, NoRoute> {
    use Method::{Delete, Get, Patch, Post, Put};
    let segments: Vec<&'a str> = path.trim_matches('/').split('/').collect();
    // Per path: the methods it answers, and the route for this method if any.
    let (allowed, matched): (&'static str, Option<Route<'a>>) = match segments.as_slice() {
        ["health"] => ("GET", matches!(method, Get).then_some(Route::Health)),
        ["health", "ready"] => ("GET", matches!(method, Get).then_some(Route::Readiness)),
        ["openapi.json"] => ("GET", matches!(method, Get).then_some(Route::OpenApi)),
        ["api", "v1", rest @ ..] => match (rest, method) {
            (["users"], Get) => ("", Some(Route::ListUsers)),
            (["users"], Post) => ("", Some(Route::CreateUser)),
            (["users"], _) => ("GET, POST", None),
            (["users", "me"], Get) => ("", Some(Route::GetCurrentUser)),
            (["users", "me"], Patch) => ("", Some(Route::UpdateCurrentUser)),
            (["users", "me"], _) => ("GET, PATCH", None),
            (["users", "me", "profile"], Get) => ("", Some(Route::GetProfile)),
            (["users", "me", "profile"], Put) => ("", Some(Route::PutProfile)),
            (["users", "me", "profile"], _) => ("GET, PUT", None),
            (["calorie-goals"], Get) => ("", Some(Route::ListGoals)),
            (["calorie-goals"], Post) => ("", Some(Route::CreateGoal)),
            (["calorie-goals"], _) => ("GET, POST", None),
            (["calorie-goals", id], Get) => ("", Some(Route::GetGoal(id))),
            (["calorie-goals", id], Patch) => ("", Some(Route::UpdateGoal(id))),
            (["calorie-goals", id], Delete) => ("", Some(Route::DeactivateGoal(id))),
            (["calorie-goals", _], _) => ("GET, PATCH, DELETE", None),
            (["metabolic-profiles"], Get) => ("", Some(Route::ListMetabolicProfiles)),
            (["metabolic-profiles"], _) => ("GET", None),
            (["metabolic-profiles", "current"], Get) => {
                ("", Some(Route::GetCurrentMetabolicProfile))
            }
            (["metabolic-profiles", "current"], _) => ("GET", None),
            (["metabolic-profiles", "calculate"], Post) => {
                ("", Some(Route::CalculateMetabolicProfile))
            }
            (["metabolic-profiles", "calculate"], _) => ("POST", None),
            (["calorie-events"], Get) => ("", Some(Route::ListEvents)),
            (["calorie-events"], Post) => ("", Some(Route::CreateEvent)),
            (["calorie-events"], _) => ("GET, POST", None),
            (["calorie-events", "batch"], Post) => ("", Some(Route::CreateEventBatch)),
            (["calorie-events", "batch"], _) => ("POST", None),
            (["calorie-events", id], Get) => ("", Some(Route::GetEvent(id))),
            (["calorie-events", id], Patch) => ("", Some(Route::UpdateEvent(id))),
            (["calorie-events", id], Delete) => ("", Some(Route::DeleteEvent(id))),
            (["calorie-events", _], _) => ("GET, PATCH, DELETE", None),
            (["analytics", name], Get) => match *name {
                "hourly-summary" => ("", Some(Route::Summary(Granularity::Hourly))),
                "daily-summary" => ("", Some(Route::Summary(Granularity::Daily))),
                "weekly-summary" => ("", Some(Route::Summary(Granularity::Weekly))),
                "monthly-summary" => ("", Some(Route::Summary(Granularity::Monthly))),
                "calorie-balance" => ("", Some(Route::Balance)),
                _ => return Err(NoRoute::NotFound),
            },
            (["analytics", name], _)
                if matches!(
                    *name,
                    "hourly-summary"
                        | "daily-summary"
                        | "weekly-summary"
                        | "monthly-summary"
                        | "calorie-balance"
                ) =>
            {
                ("GET", None)
            }
            _ => return Err(NoRoute::NotFound),
        },
        _ => return Err(NoRoute::NotFound),
    };
    matched.ok_or(NoRoute::MethodNotAllowed(allowed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_routes_match_with_or_without_a_trailing_slash() {
        assert_eq!(route(&Method::Get, "/health"), Ok(Route::Health));
        assert_eq!(route(&Method::Get, "/health/"), Ok(Route::Health));
        assert_eq!(route(&Method::Get, "/health/ready"), Ok(Route::Readiness));
    }

    #[test]
    fn an_unknown_path_is_not_found_and_a_wrong_method_is_not_allowed() {
        assert_eq!(route(&Method::Get, "/"), Err(NoRoute::NotFound));
        assert_eq!(route(&Method::Get, "/healthz"), Err(NoRoute::NotFound));
        assert_eq!(
            route(&Method::Get, "/api/v1/analytics/yearly-summary"),
            Err(NoRoute::NotFound)
        );
        assert_eq!(
            route(&Method::Delete, "/health"),
            Err(NoRoute::MethodNotAllowed("GET"))
        );
        assert_eq!(
            route(&Method::Put, "/api/v1/calorie-events/abc"),
            Err(NoRoute::MethodNotAllowed("GET, PATCH, DELETE"))
        );
    }

    #[test]
    fn ids_are_captured_and_fixed_segments_win_over_ids() {
        assert_eq!(
            route(&Method::Get, "/api/v1/calorie-events/abc"),
            Ok(Route::GetEvent("abc"))
        );
        assert_eq!(
            route(&Method::Post, "/api/v1/calorie-events/batch"),
            Ok(Route::CreateEventBatch)
        );
        assert_eq!(
            route(&Method::Get, "/api/v1/calorie-events/batch"),
            Err(NoRoute::MethodNotAllowed("POST"))
        );
        assert_eq!(
            route(&Method::Delete, "/api/v1/calorie-goals/x"),
            Ok(Route::DeactivateGoal("x"))
        );
    }

    #[test]
    fn every_route_name_is_produced_by_exactly_one_route() {
        let samples = [
            (Method::Get, "/health"),
            (Method::Get, "/health/ready"),
            (Method::Get, "/openapi.json"),
            (Method::Get, "/api/v1/users"),
            (Method::Post, "/api/v1/users"),
            (Method::Get, "/api/v1/users/me"),
            (Method::Patch, "/api/v1/users/me"),
            (Method::Get, "/api/v1/users/me/profile"),
            (Method::Put, "/api/v1/users/me/profile"),
            (Method::Get, "/api/v1/calorie-goals"),
            (Method::Post, "/api/v1/calorie-goals"),
            (Method::Get, "/api/v1/calorie-goals/1"),
            (Method::Patch, "/api/v1/calorie-goals/1"),
            (Method::Delete, "/api/v1/calorie-goals/1"),
            (Method::Get, "/api/v1/metabolic-profiles"),
            (Method::Get, "/api/v1/metabolic-profiles/current"),
            (Method::Post, "/api/v1/metabolic-profiles/calculate"),
            (Method::Get, "/api/v1/calorie-events"),
            (Method::Post, "/api/v1/calorie-events"),
            (Method::Post, "/api/v1/calorie-events/batch"),
            (Method::Get, "/api/v1/calorie-events/1"),
            (Method::Patch, "/api/v1/calorie-events/1"),
            (Method::Delete, "/api/v1/calorie-events/1"),
            (Method::Get, "/api/v1/analytics/hourly-summary"),
            (Method::Get, "/api/v1/analytics/daily-summary"),
            (Method::Get, "/api/v1/analytics/weekly-summary"),
            (Method::Get, "/api/v1/analytics/monthly-summary"),
            (Method::Get, "/api/v1/analytics/calorie-balance"),
        ];
        let names: Vec<&str> = samples
            .iter()
            .map(|(m, p)| route(m, p).unwrap().name())
            .collect();
        assert_eq!(names, ROUTE_NAMES);
    }
}
