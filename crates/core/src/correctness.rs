//! Input checks shared by every validated type. Each failure is a [`CorrectnessError`] variant
//! that carries what was checked and the bad value, so every message reads alike and the binding
//! can map each variant to a stable error `code`.

use thiserror::Error;

/// A value or argument that failed validation.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CorrectnessError {
    #[error("unknown {kind} value '{value}'")]
    UnknownVariant { kind: &'static str, value: String },
    #[error("invalid {kind} '{value}': {reason}")]
    InvalidValue {
        kind: &'static str,
        value: String,
        reason: &'static str,
    },
    #[error("{kind} '{value}' has {decimals} decimals, more than the precision {precision}")]
    TooManyDecimals {
        kind: &'static str,
        value: String,
        decimals: u8,
        precision: u8,
    },
    #[error("precision {precision} is out of range 0..={max}")]
    PrecisionOutOfRange { precision: u8, max: u8 },
    #[error("{kind} '{value}' is out of range [{min}, {max}]")]
    OutOfRange {
        kind: &'static str,
        value: String,
        min: &'static str,
        max: &'static str,
    },
    #[error("{kind} must not be negative, was '{value}'")]
    Negative { kind: &'static str, value: String },
    #[error("{kind} must be finite, was {value}")]
    NotFinite { kind: &'static str, value: String },
    #[error("currency mismatch: {left} and {right}")]
    CurrencyMismatch { left: String, right: String },
    #[error("{kind} arithmetic overflowed: {left} {op} {right}")]
    Overflow {
        kind: &'static str,
        left: String,
        op: &'static str,
        right: String,
    },
}

impl CorrectnessError {
    /// The stable error code that crosses to JavaScript.
    pub const fn code(&self) -> &'static str {
        match self {
            CorrectnessError::UnknownVariant { .. } => "UNKNOWN_VARIANT",
            CorrectnessError::InvalidValue { .. } => "INVALID_VALUE",
            CorrectnessError::TooManyDecimals { .. } => "TOO_MANY_DECIMALS",
            CorrectnessError::PrecisionOutOfRange { .. } => "PRECISION_OUT_OF_RANGE",
            CorrectnessError::OutOfRange { .. } => "OUT_OF_RANGE",
            CorrectnessError::Negative { .. } => "NEGATIVE_VALUE",
            CorrectnessError::NotFinite { .. } => "NOT_FINITE",
            CorrectnessError::CurrencyMismatch { .. } => "CURRENCY_MISMATCH",
            CorrectnessError::Overflow { .. } => "OVERFLOW",
        }
    }
}

/// Checks a string is a valid identifier value: not empty, no surrounding or inner whitespace,
/// printable ASCII only.
pub fn check_identifier(kind: &'static str, value: &str) -> Result<(), CorrectnessError> {
    let invalid = |reason| CorrectnessError::InvalidValue {
        kind,
        value: value.to_string(),
        reason,
    };
    if value.is_empty() {
        return Err(invalid("must not be empty"));
    }
    if !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid("must be printable ASCII without whitespace"));
    }
    Ok(())
}
