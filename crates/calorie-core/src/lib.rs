//! Calorie-balance domain logic: basal metabolic rate, total daily energy expenditure,
//! goal targets, energy balance, and time-zone-correct hour/day/week/month buckets.
//!
//! # Motivation
//!
//! Every number the calorie-balance service shows comes from here. The Cloudflare Worker
//! compiles this crate to `wasm32-unknown-unknown` and computes the same summaries the
//! database computes, so the rules are written down once, in code, with tests that run
//! natively and under Node.
//!
//! # A tour
//!
//! ```
//! use calorie_core::{
//!     daily_target, ActivityLevel, Age, BalanceInputs, BmrEquation, BucketSize, Bucketing,
//!     Event, EventType, Gender, Goal, GoalSettings, GoalType, Height, MetabolicProfile,
//!     Person, PlanContext, TimeZone, Weight,
//! };
//!
//! // Energy: male, 80 kg, 180 cm, 30 y → Mifflin–St Jeor 1780.00 kcal/day.
//! let me = Person::new(Weight::from_kg(80.0)?, Height::from_cm(180.0)?, Age::from_years(30)?, Gender::Male);
//! let profile = MetabolicProfile::compute(&me, ActivityLevel::ModeratelyActive, BmrEquation::MifflinStJeor)?;
//! assert_eq!(format!("{:.2}", profile.bmr), "1780.00");
//! assert_eq!(format!("{:.2}", profile.tdee), "2759.00");
//!
//! // Goal: lose 0.5 kg a week → 2759 − 0.5 × 7700 / 7 = 2209 kcal/day.
//! let today = jiff::civil::date(2025, 3, 9);
//! let goal = Goal::WeeklyRate { goal_type: GoalType::WeightLoss, weekly_rate_kg: 0.5 };
//! let target = daily_target(&goal, &PlanContext::new(&me, &profile, today), &GoalSettings::default())?;
//! assert_eq!(format!("{:.2}", target.kcal_per_day), "2209.00");
//!
//! // Buckets: New York's 2025-03-09 is a 23-hour day.
//! let daily = Bucketing::new(TimeZone::get("America/New_York")?, BucketSize::Day);
//! let events = [
//!     Event::new("2025-03-09T12:00:00Z".parse()?, EventType::Consumed, 700.0)?,
//!     Event::new("2025-03-09T16:00:00Z".parse()?, EventType::Weight, 80.2)?, // kg, never summed
//!     Event::new("2025-03-09T23:00:00Z".parse()?, EventType::Consumed, 900.0)?,
//!     Event::new("2025-03-10T01:00:00Z".parse()?, EventType::BurnedExercise, 300.0)?,
//! ];
//! let days = daily.summarize(&events)?;
//! assert_eq!(days.len(), 1);
//! assert_eq!(days[0].bucket.duration_seconds(), 23 * 3600);
//! assert_eq!((days[0].total_kcal, days[0].event_count), (1900.0, 3));
//!
//! // Balance: no burned_bmr events, so the profile's BMR is used (and said so).
//! let balance = days[0].balance(&BalanceInputs {
//!     daily_target_kcal: Some(target.kcal_per_day),
//!     profile_bmr_kcal_per_day: Some(profile.calories_burned_bmr),
//! });
//! assert_eq!(balance.net_kcal, 1600.0 - (300.0 + 1780.0));
//! assert_eq!(balance.variance_kcal, Some(1600.0 - 2209.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Modules
//!
//! - [`units`]: validated [`Weight`], [`Height`], [`Age`], [`BodyFat`], [`Calories`],
//!   [`CalorieTarget`], and the [`Gender`] and [`ActivityLevel`] enums.
//! - [`energy`]: [`bmr`] by a named [`BmrEquation`], [`tdee`], [`MetabolicProfile`].
//! - [`goal`]: [`daily_target`] from a [`Goal`], with named [`GuardRail`]s.
//! - [`event`]: [`Event`], [`EventType`], [`EventSource`].
//! - [`balance`]: [`TypeTotals`] and [`Balance`].
//! - [`bucket`]: [`Bucketing`] into hour/day/week/month buckets of a [`TimeZone`].
//! - [`parse_timestamp`] and [`parse_date`]: RFC 3339 text in, with errors that name the
//!   field (the serde impls use them too).
//! - [`Error`]: the one error type; every variant names its field.
//!
//! Every enum uses the exact lowercase strings of the SQL schema, in `FromStr`, `Display`
//! and serde. Every public constructor validates and returns [`Error`] instead of
//! panicking.
//!
//! # Numbers
//!
//! Results are unrounded `f64` kcal; round only for display. Sums use compensated
//! (Neumaier) summation. The examples and tests compare with hand-computed values to two
//! decimals.
//!
//! # Time zones
//!
//! [`TimeZone::get`] looks names up in the IANA database bundled through `jiff`
//! (`tzdb-bundle-always`), never the host's, so the worker and native code agree. It
//! adds about 114 KB gzip to a wasm worker, data included; `TZ_CHOICE.md` in the
//! repository has the measurements. The rules for DST days, repeated hours and day-start
//! hours are in the [`bucket`] module docs.
//!
//! # Weight events
//!
//! A `weight` event carries kilograms. It is **never** added to a calorie figure, and the
//! seed-compatible bucket figures (`total_kcal`, `event_count`, `average_kcal`, first and
//! last event) count **calorie events only** (`consumed`, `burned_exercise`, `burned_bmr`).
//!
//! # What does this crate not do?
//!
//! - No I/O, no clock, no environment: callers pass in every instant and "today". (On
//!   `wasm32-unknown-unknown`, `SystemTime::now()` would panic.)
//! - No dependency on the worker, on HTTP or on any web crate. Its dependencies are `serde`
//!   and `jiff` (with the IANA time-zone database bundled, the same data natively and on
//!   wasm32).
//! - No storage and no idempotency: deduplicating retried batches and re-aggregating
//!   edited or deleted events is the database's job; this crate recomputes from whatever
//!   events it is given.
//! - No adaptive TDEE, weight-trend smoothing or dynamic weight models (Hall); the goal
//!   planner uses a constant energy density per kilogram.
//! - No localisation or display rounding.
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

#[macro_use]
mod macros;

pub mod balance;
pub mod bucket;
pub mod energy;
mod error;
pub mod event;
pub mod goal;
mod text;
pub mod units;

pub use balance::{Balance, BalanceInputs, BmrSource, Tally, TypeTotals};
pub use bucket::{
    Bucket, BucketSize, BucketSummary, Bucketing, Buckets, DayStartHour, TimeZone, WeekStart,
};
pub use energy::{bmr, tdee, BmrEquation, MetabolicProfile, Person};
pub use error::Error;
pub use event::{Event, EventSource, EventType};
pub use goal::{
    daily_target, Adjustment, DailyTarget, EnergyDensity, Goal, GoalSettings, GoalType, GuardRail,
    IntakeFloor, PlanContext,
};
pub use text::{parse_date, parse_timestamp};
pub use units::{ActivityLevel, Age, BodyFat, CalorieTarget, Calories, Gender, Height, Weight};

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The date-time crate used in this API ([`jiff::Timestamp`], [`jiff::civil::Date`], …),
/// re-exported so callers use the same version.
pub use jiff;
