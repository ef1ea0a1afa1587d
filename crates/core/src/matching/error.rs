//! Errors of the matching engine: caller mistakes (a bad config, market data off the tick,
//! data of the wrong book type). Expected outcomes of orders (a reject, a cancel of an unknown
//! id) are never errors: they come back as [`super::MatchEvent`]s.

use thiserror::Error;

/// A call the engine refuses; nothing changed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MatchingError {
    #[error("invalid matching config {field} '{value}': {reason}")]
    InvalidConfig {
        field: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("{what} '{value}' is not a multiple of the increment {increment}")]
    OffIncrement {
        what: &'static str,
        value: String,
        increment: String,
    },
    #[error("{what} '{value}' is out of range")]
    OutOfRange { what: &'static str, value: String },
    #[error("{what} needs a {expected} engine, this one is {actual}")]
    BookTypeMismatch {
        what: &'static str,
        expected: &'static str,
        actual: &'static str,
    },
}

impl MatchingError {
    /// The stable error code that crosses to JavaScript.
    pub const fn code(&self) -> &'static str {
        match self {
            MatchingError::InvalidConfig { .. } => "INVALID_MATCHING_CONFIG",
            MatchingError::OffIncrement { .. } => "OFF_INCREMENT",
            MatchingError::OutOfRange { .. } => "OUT_OF_RANGE",
            MatchingError::BookTypeMismatch { .. } => "BOOK_TYPE_MISMATCH",
        }
    }
}
