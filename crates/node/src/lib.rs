//! N-API binding of `kairos-core`. It only translates: no validation, arithmetic or state here.
#![deny(clippy::all)]

pub mod book;
pub mod enums;
pub mod error;
pub mod matching;
pub mod orders;
pub mod values;

use napi_derive::napi;

pub mod recon;

/// The version of the native core, for diagnostics.
#[napi]
pub fn core_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
