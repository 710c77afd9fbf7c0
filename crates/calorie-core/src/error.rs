use std::fmt;

/// Why an input was rejected. Every variant names the offending field.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A number lies outside the range the field allows.
    OutOfRange {
        /// The field, as named in the API and the SQL.
        field: &'static str,
        /// The allowed range, for the message.
        allowed: &'static str,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::OutOfRange { field, allowed } => write!(f, "{field} must be {allowed}"),
        }
    }
}

impl std::error::Error for Error {}
