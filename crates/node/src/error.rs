//! Core errors as JS errors: the JS `Error` gets `code` = the core's stable code. Functions
//! return `napi::Result<T, String>` (the macro recognises the `Result` name, not an alias).

use kairos_core::correctness::CorrectnessError;
use kairos_core::orders::TransitionError;

/// Maps any core error with a stable code.
pub trait ToJsError {
    fn to_js(&self) -> napi::Error<String>;
}

impl ToJsError for CorrectnessError {
    fn to_js(&self) -> napi::Error<String> {
        napi::Error::new(self.code().to_string(), self.to_string())
    }
}

impl ToJsError for TransitionError {
    fn to_js(&self) -> napi::Error<String> {
        napi::Error::new("INVALID_TRANSITION".to_string(), self.to_string())
    }
}

/// A BigInt that does not fit the core's `i128` raw.
pub fn raw_overflow(what: &str) -> napi::Error<String> {
    napi::Error::new(
        "OUT_OF_RANGE".to_string(),
        format!("{what} does not fit a 128-bit raw"),
    )
}
