//! Exact conversion between raws at `FIXED_SCALE` and whole units (ticks) at a precision.
//!
//! # Performance
//! A book checks every price and size of every delta against its precision. `raw % 10^k` on
//! `i128` is a library call of tens of nanoseconds; this module does the same check with a
//! shift and one wrapping multiplication: `10^k = 2^k * 5^k`, so `raw` is whole when its low `k`
//! bits are zero and `(raw >> k) * inv(5^k) mod 2^128 <= (2^128 - 1) / 5^k` (Granlund and
//! Montgomery's divisibility test), and that product is then the exact quotient.

use crate::correctness::CorrectnessError;
use crate::types::fixed::{check_precision, pow10, FIXED_SCALE};

/// Ticks and raws at one precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TickScale {
    precision: u8,
    shift: u32,
    inverse: u128,
    max_quotient: u128,
    unit: i128,
}

impl TickScale {
    /// The scale of `precision` decimals.
    pub(crate) fn new(precision: u8) -> Result<Self, CorrectnessError> {
        check_precision(precision)?;
        let shift = u32::from(FIXED_SCALE - precision);
        let five = 5_u128.pow(shift);
        // Newton's iteration doubles the correct low bits: 3 -> 6 -> ... -> 192 >= 128.
        let mut inverse = five;
        for _ in 0..6 {
            inverse = inverse.wrapping_mul(2_u128.wrapping_sub(five.wrapping_mul(inverse)));
        }
        Ok(Self {
            precision,
            shift,
            inverse,
            max_quotient: u128::MAX / five,
            unit: pow10(FIXED_SCALE - precision),
        })
    }

    /// Decimals of this scale.
    #[inline]
    pub(crate) const fn precision(self) -> u8 {
        self.precision
    }

    /// The whole number of units in `raw`, or `None` when `raw` has more decimals.
    #[inline]
    pub(crate) fn ticks(self, raw: i128) -> Option<i128> {
        let abs = raw.unsigned_abs();
        if abs.trailing_zeros() < self.shift {
            return None;
        }
        let quotient = (abs >> self.shift).wrapping_mul(self.inverse);
        if quotient > self.max_quotient {
            return None;
        }
        // |raw| < 2^127 so the quotient fits and negates.
        let q = quotient as i128;
        Some(if raw < 0 { -q } else { q })
    }

    /// The raw of a whole number of units.
    #[inline]
    pub(crate) const fn raw(self, ticks: i128) -> i128 {
        ticks * self.unit
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rstest::rstest;

    use super::*;
    use crate::types::fixed::raw_unit;

    #[rstest]
    #[case::whole_cent(2, 12_500_000_000_000_000, Some(125))]
    #[case::sub_cent(2, 12_510_000_000_000_000, None)]
    #[case::negative(2, -12_500_000_000_000_000, Some(-125))]
    #[case::zero(0, 0, Some(0))]
    #[case::full_scale(16, 7, Some(7))]
    #[case::precision_zero_fraction(0, 5_000_000_000_000_000, None)]
    fn ticks_are_exact_or_refused(
        #[case] precision: u8,
        #[case] raw: i128,
        #[case] expected: Option<i128>,
    ) {
        assert_eq!(TickScale::new(precision).unwrap().ticks(raw), expected);
    }

    proptest! {
        #[test]
        fn ticks_agree_with_division(precision in 0_u8..=16, raw in -(10_i128.pow(34))..10_i128.pow(34)) {
            let scale = TickScale::new(precision).unwrap();
            let unit = raw_unit(precision);
            let expected = (raw % unit == 0).then(|| raw / unit);
            prop_assert_eq!(scale.ticks(raw), expected);
            let whole = raw / unit * unit;
            prop_assert_eq!(scale.ticks(whole), Some(raw / unit));
            prop_assert_eq!(scale.raw(raw / unit), whole);
        }
    }
}
