//! Exact 256-bit intermediates for notional sums (`price x quantity`).
//!
//! Two raws at 16 decimals multiply to a value at 32 decimals: a price of 10^9 times a quantity
//! of 10^12 is about 10^53 in raw units, past `i128`. Averages and inferred fill prices are
//! computed on a signed 256-bit accumulator and divided back once, rounding half-even, so no
//! intermediate is ever rounded or wrapped.

use crate::types::fixed::raw_unit;

/// A signed 256-bit integer in two's complement: `hi * 2^128 + lo`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct I256 {
    hi: i128,
    lo: u128,
}

impl I256 {
    pub(crate) const ZERO: I256 = I256 { hi: 0, lo: 0 };

    /// The exact product of two `i128`.
    pub(crate) fn mul(a: i128, b: i128) -> I256 {
        let (hi, lo) = mul_u128(a.unsigned_abs(), b.unsigned_abs());
        let magnitude = I256 { hi: hi as i128, lo };
        if (a < 0) != (b < 0) {
            magnitude.neg()
        } else {
            magnitude
        }
    }

    /// Wrapping sum (callers stay far inside the range: sums of at most billions of products
    /// below 2^230).
    pub(crate) fn add(self, rhs: I256) -> I256 {
        let (lo, carry) = self.lo.overflowing_add(rhs.lo);
        let hi = self.hi.wrapping_add(rhs.hi).wrapping_add(i128::from(carry));
        I256 { hi, lo }
    }

    pub(crate) fn neg(self) -> I256 {
        let lo = (!self.lo).wrapping_add(1);
        let hi = (!self.hi).wrapping_add(i128::from(lo == 0));
        I256 { hi, lo }
    }

    pub(crate) fn sub(self, rhs: I256) -> I256 {
        self.add(rhs.neg())
    }

    pub(crate) fn is_negative(self) -> bool {
        self.hi < 0
    }

    /// `self / d` rounded half-even, or `None` when `d` is zero or the quotient leaves `i128`.
    pub(crate) fn div_round(self, d: i128) -> Option<i128> {
        if d == 0 {
            return None;
        }
        let negative = self.is_negative() != (d < 0);
        let n = if self.is_negative() { self.neg() } else { self };
        let (hi, lo) = (n.hi as u128, n.lo);
        let d = d.unsigned_abs();
        if hi >= d || d > (1 << 126) {
            return None;
        }
        // Schoolbook long division, one bit at a time: r < d <= 2^126, so 2r + 1 fits.
        let mut r = hi;
        let mut q: u128 = 0;
        for i in (0..128).rev() {
            r = (r << 1) | ((lo >> i) & 1);
            q <<= 1;
            if r >= d {
                r -= d;
                q |= 1;
            }
        }
        let twice = r << 1;
        if twice > d || (twice == d && q & 1 == 1) {
            q += 1;
        }
        let q = i128::try_from(q).ok()?;
        Some(if negative { -q } else { q })
    }
}

/// Full 128 x 128 -> 256-bit unsigned product as `(hi, lo)`.
fn mul_u128(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & MASK);
    let (b1, b0) = (b >> 64, b & MASK);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & MASK) + (p10 & MASK);
    let lo = (p00 & MASK) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

/// Rounds a raw half-even to a whole number of units at `precision`.
pub(crate) fn round_raw(raw: i128, precision: u8) -> i128 {
    let unit = raw_unit(precision);
    let q = raw / unit;
    let r = raw % unit;
    let twice = r.abs() * 2;
    let bump = twice > unit || (twice == unit && q % 2 != 0);
    if bump {
        (q + raw.signum()) * unit
    } else {
        q * unit
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: i128 = 10_000_000_000_000_000;

    #[test]
    fn products_past_i128_divide_back_exactly() {
        // price 10^9 x quantity 10^12, both at full scale.
        let px = 1_000_000_000 * S;
        let qty = 1_000_000_000_000 * S;
        let n = I256::mul(px, qty);
        assert_eq!(n.div_round(qty), Some(px));
        assert_eq!(n.neg().div_round(qty), Some(-px));
        assert_eq!(n.add(n).sub(n).div_round(px), Some(qty));
    }

    #[test]
    fn division_rounds_half_even() {
        assert_eq!(I256::mul(5, 1).div_round(2), Some(2));
        assert_eq!(I256::mul(7, 1).div_round(2), Some(4));
        assert_eq!(I256::mul(-5, 1).div_round(2), Some(-2));
        assert_eq!(I256::mul(10, 1).div_round(3), Some(3));
        assert_eq!(I256::mul(1, 1).div_round(0), None);
    }

    #[test]
    fn round_raw_is_half_even_at_precision() {
        assert_eq!(round_raw(15 * S / 10, 0), 2 * S);
        assert_eq!(round_raw(25 * S / 10, 0), 2 * S);
        assert_eq!(round_raw(-25 * S / 10, 0), -2 * S);
        assert_eq!(round_raw(26 * S / 10, 0), 3 * S);
        assert_eq!(round_raw(123, 16), 123);
    }
}
