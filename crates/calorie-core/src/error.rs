//! The crate's one error type.

use std::fmt;

use jiff::{civil::Date, Timestamp};

use crate::text::{Decimal, IsoDate, Rfc3339};

/// Why an input was rejected.
///
/// Every variant names the offending field with the name the API and the SQL use
/// (`weight_kg`, `target_date`, `time_zone`, …), available from [`Error::field`], and
/// its `Display` text says what the field allows, for example
/// `weight_kg must be in [20, 650] kg, got -3`. The worker maps every variant to
/// `422 Unprocessable Entity`.
///
/// Nothing in this crate panics on bad input: it returns one of these.
///
/// # Example
///
/// ```
/// use calorie_core::Weight;
///
/// let err = Weight::from_kg(-3.0).unwrap_err();
/// assert_eq!(err.field(), "weight_kg");
/// assert_eq!(err.to_string(), "weight_kg must be in [20, 650] kg, got -3");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// A number is outside the range its field allows, or is not finite.
    OutOfRange {
        /// The field, as named in the API and the SQL.
        field: &'static str,
        /// The allowed range, e.g. `in [20, 650] kg`.
        allowed: &'static str,
        /// The rejected value.
        got: f64,
    },
    /// A string is not one of the values its field allows.
    UnknownValue {
        /// The field, as named in the API and the SQL.
        field: &'static str,
        /// The allowed values, e.g. `one of male, female, other`.
        allowed: &'static str,
        /// The rejected value.
        got: String,
    },
    /// The chosen BMR equation needs a body-fat measurement and none was given.
    BodyFatRequired {
        /// The equation's name, e.g. `katch_mcardle`.
        equation: &'static str,
    },
    /// A goal's target date is today or already past, so no plan can reach it.
    TargetDateNotInFuture {
        /// The requested target date.
        target_date: Date,
        /// The caller's "today".
        today: Date,
    },
    /// Events given to a bucketing function were not sorted by time.
    EventsOutOfOrder {
        /// Zero-based position of the first event that came too early.
        index: u64,
        /// The instant of the event before it.
        previous: Timestamp,
        /// The instant of the offending event.
        got: Timestamp,
    },
}

impl Error {
    /// The name of the field the error is about, as the API and the SQL spell it.
    ///
    /// # Example
    ///
    /// ```
    /// use calorie_core::Gender;
    ///
    /// let err = "robot".parse::<Gender>().unwrap_err();
    /// assert_eq!(err.field(), "gender");
    /// ```
    pub fn field(&self) -> &'static str {
        match self {
            Error::OutOfRange { field, .. } | Error::UnknownValue { field, .. } => field,
            Error::BodyFatRequired { .. } => "body_fat_percentage",
            Error::TargetDateNotInFuture { .. } => "target_date",
            Error::EventsOutOfOrder { .. } => "occurred_at",
        }
    }

    pub(crate) fn out_of_range(field: &'static str, allowed: &'static str, got: f64) -> Error {
        Error::OutOfRange {
            field,
            allowed,
            got,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::OutOfRange {
                field,
                allowed,
                got,
            } => write!(f, "{field} must be {allowed}, got {}", Decimal::short(*got)),
            Error::UnknownValue {
                field,
                allowed,
                got,
            } => write!(f, "{field} must be {allowed}, got {got:?}"),
            Error::BodyFatRequired { equation } => write!(
                f,
                "body_fat_percentage is required by the {equation} equation, got none"
            ),
            Error::TargetDateNotInFuture { target_date, today } => write!(
                f,
                "target_date must be after today ({}), got {}",
                IsoDate(*today),
                IsoDate(*target_date)
            ),
            Error::EventsOutOfOrder {
                index,
                previous,
                got,
            } => write!(
                f,
                "occurred_at must not decrease: event {index} at {} comes before {}",
                Rfc3339(*got),
                Rfc3339(*previous)
            ),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn an_out_of_range_message_names_the_field_the_range_and_the_value() {
        let err = Error::out_of_range("height_cm", "in [100, 275] cm", 12.5);
        assert_eq!(
            err.to_string(),
            "height_cm must be in [100, 275] cm, got 12.5"
        );
        assert_eq!(err.field(), "height_cm");
    }

    #[test]
    fn a_missing_body_fat_is_reported_against_the_body_fat_field() {
        let err = Error::BodyFatRequired {
            equation: "cunningham",
        };
        assert_eq!(err.field(), "body_fat_percentage");
        assert!(err.to_string().contains("cunningham"));
    }

    #[test]
    fn a_past_target_date_names_both_dates() {
        let err = Error::TargetDateNotInFuture {
            target_date: jiff::civil::date(2025, 1, 1),
            today: jiff::civil::date(2025, 2, 1),
        };
        assert_eq!(
            err.to_string(),
            "target_date must be after today (2025-02-01), got 2025-01-01"
        );
    }
}
