//! `Price` and `Quantity`: one shape, two rules (a quantity is never negative).
//!
//! | operation              | result                                        |
//! |------------------------|-----------------------------------------------|
//! | `a + b`, `a - b`       | same type, precision = max of both            |
//! | `a == b`, `a < b`      | by value only (`1.10 == 1.1`)                  |
//! | `hash(a)`              | by value only                                 |
//! | `a.to_string()`        | exactly `precision` decimals                  |
//! | `"1.25".parse()`       | exact, precision = decimals written           |
//! | `from_f64(x, p)`       | half-even on the exact binary value of `x`    |
//!
//! The operators panic on a result out of range (or a negative quantity); the `checked_*`
//! methods return the error instead.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use super::fixed::{
    self, check_raw, format_raw, parse_decimal, raw_from_f64, raw_to_f64, raw_unit,
};
use crate::correctness::CorrectnessError;

macro_rules! fixed_value {
    ($(#[$meta:meta])* $name:ident, $kind:literal, allow_negative = $neg:expr) => {
        $(#[$meta])*
        #[derive(Clone, Copy)]
        pub struct $name {
            raw: i128,
            precision: u8,
        }

        impl $name {
            /// A value from its raw at [`fixed::FIXED_SCALE`] decimals, checked.
            pub fn new_checked(raw: i128, precision: u8) -> Result<Self, CorrectnessError> {
                check_raw($kind, raw, precision)?;
                if !$neg && raw < 0 {
                    return Err(CorrectnessError::Negative { kind: $kind, value: format_raw(raw, precision) });
                }
                Ok(Self { raw, precision })
            }

            /// Panicking form of [`Self::new_checked`].
            pub fn new(raw: i128, precision: u8) -> Self {
                Self::new_checked(raw, precision).unwrap_or_else(|e| panic!("{e}"))
            }

            /// Zero at a precision.
            pub fn zero(precision: u8) -> Self {
                Self::new(0, precision)
            }

            /// Rounds half-even to `precision` decimals.
            pub fn from_f64(value: f64, precision: u8) -> Result<Self, CorrectnessError> {
                Self::new_checked(raw_from_f64($kind, value, precision)?, precision)
            }

            /// Parses exactly at a stated precision: more decimals than `precision` is an error,
            /// fewer are padded.
            pub fn from_str_with_precision(text: &str, precision: u8) -> Result<Self, CorrectnessError> {
                fixed::check_precision(precision)?;
                let (raw, written) = parse_decimal($kind, text)?;
                if written > precision && raw % raw_unit(precision) != 0 {
                    return Err(CorrectnessError::TooManyDecimals {
                        kind: $kind,
                        value: text.to_string(),
                        decimals: written,
                        precision,
                    });
                }
                Self::new_checked(raw, precision)
            }

            /// The raw value at [`fixed::FIXED_SCALE`] decimals.
            #[inline]
            pub const fn raw(self) -> i128 {
                self.raw
            }

            /// Decimals shown and kept.
            #[inline]
            pub const fn precision(self) -> u8 {
                self.precision
            }

            /// Nearest float, for display and ratios only.
            pub fn as_f64(self) -> f64 {
                raw_to_f64(self.raw)
            }

            /// True when the value is zero.
            pub const fn is_zero(self) -> bool {
                self.raw == 0
            }

            /// Sum at the larger precision, or the error.
            pub fn checked_add(self, rhs: Self) -> Result<Self, CorrectnessError> {
                Self::new_checked(self.raw + rhs.raw, self.precision.max(rhs.precision))
            }

            /// Difference at the larger precision, or the error.
            pub fn checked_sub(self, rhs: Self) -> Result<Self, CorrectnessError> {
                Self::new_checked(self.raw - rhs.raw, self.precision.max(rhs.precision))
            }
        }

        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.raw == other.raw
            }
        }

        impl Eq for $name {}

        impl PartialOrd for $name {
            fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
                Some(self.cmp(other))
            }
        }

        impl Ord for $name {
            fn cmp(&self, other: &Self) -> Ordering {
                self.raw.cmp(&other.raw)
            }
        }

        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                self.raw.hash(state);
            }
        }

        impl std::ops::Add for $name {
            type Output = Self;
            fn add(self, rhs: Self) -> Self {
                self.checked_add(rhs).unwrap_or_else(|e| panic!("{e}"))
            }
        }

        impl std::ops::Sub for $name {
            type Output = Self;
            fn sub(self, rhs: Self) -> Self {
                self.checked_sub(rhs).unwrap_or_else(|e| panic!("{e}"))
            }
        }

        impl FromStr for $name {
            type Err = CorrectnessError;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let (raw, precision) = parse_decimal($kind, text)?;
                Self::new_checked(raw, precision)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&format_raw(self.raw, self.precision))
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($kind, "({})"), self)
            }
        }
    };
}

fixed_value!(
    /// A price (may be negative: spreads, some futures).
    Price, "Price", allow_negative = true
);

fixed_value!(
    /// A quantity: never negative.
    Quantity, "Quantity", allow_negative = false
);

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn equality_and_hash_are_by_value_not_precision() {
        let a: Price = "1.10".parse().unwrap();
        let b: Price = "1.1".parse().unwrap();
        assert_eq!(a, b);
        assert_eq!(a.precision(), 2);
        assert_eq!(b.precision(), 1);
        assert_eq!(HashSet::from([a, b]).len(), 1);
    }

    #[test]
    fn add_and_sub_take_the_larger_precision() {
        let a: Price = "1.5".parse().unwrap();
        let b: Price = "0.25".parse().unwrap();
        assert_eq!((a + b).to_string(), "1.75");
        assert_eq!((b - a).to_string(), "-1.25");
        assert_eq!((a - a).to_string(), "0.0");
    }

    #[test]
    fn quantity_refuses_negative_results() {
        let a: Quantity = "1".parse().unwrap();
        let b: Quantity = "2".parse().unwrap();
        let err = a.checked_sub(b).unwrap_err();
        assert_eq!(err.code(), "NEGATIVE_VALUE");
        assert_eq!(err.to_string(), "Quantity must not be negative, was '-1'");
        assert_eq!(
            "-1".parse::<Quantity>().unwrap_err().code(),
            "NEGATIVE_VALUE"
        );
    }

    #[test]
    fn stated_precision_refuses_extra_decimals_but_pads_fewer() {
        let err = Price::from_str_with_precision("1.234", 2).unwrap_err();
        assert_eq!(err.code(), "TOO_MANY_DECIMALS");
        assert_eq!(
            Price::from_str_with_precision("1.2", 3)
                .unwrap()
                .to_string(),
            "1.200"
        );
        assert_eq!(
            Price::from_str_with_precision("1.2300", 2)
                .unwrap()
                .to_string(),
            "1.23"
        );
    }

    #[test]
    fn range_holds_big_prices_and_quantities_at_8_decimals() {
        let p = Price::from_str("1000000000.12345678").unwrap();
        let q = Quantity::from_str("1000000000000.12345678").unwrap();
        assert_eq!(p.to_string(), "1000000000.12345678");
        assert_eq!((q + q).to_string(), "2000000000000.24691356");
    }

    #[test]
    fn raw_that_is_not_whole_at_its_precision_is_refused() {
        assert_eq!(
            Price::new_checked(1, 2).unwrap_err().code(),
            "TOO_MANY_DECIMALS"
        );
    }

    #[test]
    #[should_panic(expected = "must not be negative")]
    fn quantity_operator_panics_loudly() {
        let _ = Quantity::new(0, 0) - Quantity::new(raw_unit(0), 0);
    }
}

#[cfg(test)]
mod property_tests {
    use proptest::prelude::*;

    use super::*;
    use crate::types::fixed::{MAX_ABS_RAW, SCALE_FACTOR};

    fn price() -> impl Strategy<Value = Price> {
        (-MAX_ABS_RAW..=MAX_ABS_RAW, 0_u8..=16).prop_map(|(raw, p)| {
            let unit = raw_unit(p);
            Price::new(raw - raw % unit, p)
        })
    }

    proptest! {
        #[test]
        fn format_then_parse_is_the_identity(p in price()) {
            let back: Price = p.to_string().parse().unwrap();
            prop_assert_eq!(back, p);
            prop_assert_eq!(back.precision(), p.precision());
        }

        #[test]
        fn add_then_sub_returns_the_first_value(a in price(), b in price()) {
            if let Ok(sum) = a.checked_add(b) {
                prop_assert_eq!(sum.checked_sub(b).unwrap(), a);
                prop_assert_eq!(b.checked_add(a).unwrap(), sum);
                prop_assert_eq!(sum.precision(), a.precision().max(b.precision()));
            } else {
                prop_assert!((a.raw() + b.raw()).abs() > MAX_ABS_RAW);
            }
        }

        #[test]
        fn ordering_matches_the_raw(a in price(), b in price()) {
            prop_assert_eq!(a.cmp(&b), a.raw().cmp(&b.raw()));
        }

        #[test]
        fn rounding_a_float_lands_within_half_a_unit(x in -1e12_f64..1e12, p in 0_u8..=8) {
            let v = Price::from_f64(x, p).unwrap();
            // |v - x| <= half a unit of the last decimal, measured in f64 with slack for its error.
            let unit = 10_f64.powi(-i32::from(p));
            let diff = (v.raw() as f64 / SCALE_FACTOR as f64 - x).abs();
            prop_assert!(diff <= unit / 2.0 + x.abs() * 1e-15 + 1e-12, "{x} -> {v}");
        }
    }
}
