//! Kairos core: the exact, hot and safety-critical parts of the engine.
//!
//! Pure Rust with no N-API and no I/O: every module computes and returns; the caller acts.

pub mod book;
pub mod correctness;
pub mod enums;
pub mod matching;
pub mod orders;
pub mod recon;
pub mod types;
