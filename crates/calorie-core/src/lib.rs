//! Calorie-balance domain logic: basal metabolic rate, total daily energy expenditure,
//! goals, balance and time-zone-correct bucketing.
//!
//! # What does this crate not do?
//!
//! It does no I/O, reads no clock and no environment. Callers pass in every instant and
//! every input; the same code runs natively and on `wasm32-unknown-unknown`.
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod energy;
mod error;

pub use energy::mifflin_st_jeor;
pub use error::Error;
