//! Exact value types on a fixed-point `i128` raw.

pub mod currency;
pub mod fixed;
pub mod money;
pub mod value;

pub use currency::{Currency, CurrencyKind};
pub use fixed::FIXED_SCALE;
pub use money::Money;
pub use value::{Price, Quantity};
