//! End-to-end tests of the API through the real stack (`make test` starts it): the worker under
//! `wrangler dev` → the gateway → the PostgREST-protocol server → PostgreSQL with RLS.

mod analytics;
mod auth;
mod cors;
mod events;
mod goals;
mod health;
mod input;
mod isolation;
mod metabolic;
mod profile;
mod users;
