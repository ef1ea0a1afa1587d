//! Fixed-point primitives: every value is an `i128` raw at [`FIXED_SCALE`] decimals.
//!
//! Parsing from strings is exact; from `f64` it rounds half-even to the requested precision,
//! working on the exact binary value of the float (so `0.125` at 2 decimals is `0.12`, and the
//! result does not depend on how the float would print).

use crate::correctness::CorrectnessError;

/// Decimals of every raw value: `raw = value * 10^FIXED_SCALE`.
pub const FIXED_SCALE: u8 = 16;

/// `10^FIXED_SCALE`.
pub const SCALE_FACTOR: i128 = 10_i128.pow(FIXED_SCALE as u32);

/// Largest magnitude of any value: 10^18 (raw 10^34), well inside `i128` so sums of two values
/// never overflow before the range check.
pub const MAX_ABS_VALUE: i128 = 1_000_000_000_000_000_000;

/// Largest magnitude of a raw value.
pub const MAX_ABS_RAW: i128 = MAX_ABS_VALUE * SCALE_FACTOR;

const POW10: [i128; 17] = {
    let mut t = [1_i128; 17];
    let mut i = 1;
    while i < 17 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// `10^n` for `n <= FIXED_SCALE`.
#[inline]
pub const fn pow10(n: u8) -> i128 {
    POW10[n as usize]
}

/// The raw step of one unit in the last decimal of `precision`.
#[inline]
pub const fn raw_unit(precision: u8) -> i128 {
    pow10(FIXED_SCALE - precision)
}

/// Checks a precision is within `0..=FIXED_SCALE`.
pub fn check_precision(precision: u8) -> Result<(), CorrectnessError> {
    if precision > FIXED_SCALE {
        return Err(CorrectnessError::PrecisionOutOfRange {
            precision,
            max: FIXED_SCALE,
        });
    }
    Ok(())
}

/// Checks a raw is within range and is a whole number of units at `precision`.
pub fn check_raw(kind: &'static str, raw: i128, precision: u8) -> Result<(), CorrectnessError> {
    check_precision(precision)?;
    if !(-MAX_ABS_RAW..=MAX_ABS_RAW).contains(&raw) {
        return Err(out_of_range(kind, format_raw(raw, FIXED_SCALE)));
    }
    if raw % raw_unit(precision) != 0 {
        let decimals = decimals_of(raw);
        return Err(CorrectnessError::TooManyDecimals {
            kind,
            value: format_raw(raw, decimals),
            decimals,
            precision,
        });
    }
    Ok(())
}

fn out_of_range(kind: &'static str, value: String) -> CorrectnessError {
    CorrectnessError::OutOfRange {
        kind,
        value,
        min: "-1000000000000000000",
        max: "1000000000000000000",
    }
}

/// The fewest decimals that represent `raw` exactly.
pub fn decimals_of(raw: i128) -> u8 {
    let mut d = FIXED_SCALE;
    while d > 0 && raw % raw_unit(d - 1) == 0 {
        d -= 1;
    }
    d
}

/// Parses a plain decimal string (`-12.345`, `+1`, `.5`, `7.`) exactly.
///
/// Returns the raw and the precision written (digits after the point). No exponent, no
/// whitespace, no separators: a venue sends plain decimals and anything else is a mistake.
pub fn parse_decimal(kind: &'static str, text: &str) -> Result<(i128, u8), CorrectnessError> {
    let invalid = |reason| CorrectnessError::InvalidValue {
        kind,
        value: text.to_string(),
        reason,
    };
    let bytes = text.as_bytes();
    let (negative, body) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        Some(_) => (false, bytes),
        None => return Err(invalid("empty string")),
    };
    // Syntax first, so a malformed string is always INVALID_VALUE whatever else is wrong with it.
    let point = body.iter().position(|&b| b == b'.');
    let (int, frac) = match point {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, &body[body.len()..]),
    };
    if !int.iter().chain(frac).all(u8::is_ascii_digit) {
        return Err(invalid("not a plain decimal number"));
    }
    if int.is_empty() && frac.is_empty() {
        return Err(invalid("no digits"));
    }
    if frac.len() > FIXED_SCALE as usize {
        return Err(CorrectnessError::TooManyDecimals {
            kind,
            value: text.to_string(),
            decimals: frac.len().min(255) as u8,
            precision: FIXED_SCALE,
        });
    }
    let mut int_part: i128 = 0;
    for &b in int {
        int_part = int_part * 10 + i128::from(b - b'0');
        if int_part > MAX_ABS_VALUE {
            return Err(out_of_range(kind, text.to_string()));
        }
    }
    let frac_part = frac
        .iter()
        .fold(0_i128, |acc, &b| acc * 10 + i128::from(b - b'0'));
    let precision = frac.len() as u8;
    let magnitude = int_part * SCALE_FACTOR + frac_part * raw_unit(precision);
    if magnitude > MAX_ABS_RAW {
        return Err(out_of_range(kind, text.to_string()));
    }
    Ok((if negative { -magnitude } else { magnitude }, precision))
}

/// Rounds a finite `f64` half-even to `precision` decimals and returns the raw.
pub fn raw_from_f64(
    kind: &'static str,
    value: f64,
    precision: u8,
) -> Result<i128, CorrectnessError> {
    check_precision(precision)?;
    if !value.is_finite() {
        return Err(CorrectnessError::NotFinite {
            kind,
            value: value.to_string(),
        });
    }
    if value.abs() > MAX_ABS_VALUE as f64 {
        return Err(out_of_range(kind, value.to_string()));
    }
    // value = mantissa * 2^exp exactly; units = round_half_even(mantissa * 2^exp * 10^precision).
    let bits = value.to_bits();
    let negative = bits >> 63 == 1;
    let exp_bits = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (mantissa, exp) = if exp_bits == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp_bits - 1075)
    };
    let scaled = i128::from(mantissa) * pow10(precision);
    let units = if exp >= 0 {
        // |value| <= 10^18 so this shift stays far inside i128.
        scaled << exp
    } else {
        let shift = -exp;
        if shift >= 120 {
            // scaled < 2^107, so the quotient is below one half: rounds to zero.
            0
        } else {
            let den = 1_i128 << shift;
            let q = scaled >> shift;
            let r = scaled & (den - 1);
            let twice = r * 2;
            if twice > den || (twice == den && q & 1 == 1) {
                q + 1
            } else {
                q
            }
        }
    };
    let raw = units * raw_unit(precision);
    if raw > MAX_ABS_RAW {
        return Err(out_of_range(kind, value.to_string()));
    }
    Ok(if negative { -raw } else { raw })
}

/// Formats a raw with exactly `precision` decimals (the raw must be whole at that precision;
/// extra digits are truncated toward zero).
pub fn format_raw(raw: i128, precision: u8) -> String {
    let unit = raw_unit(precision);
    let units = raw / unit;
    let negative = raw < 0;
    let abs = units.unsigned_abs();
    let p = pow10(precision) as u128;
    let int = abs / p;
    let frac = abs % p;
    let sign = if negative { "-" } else { "" };
    if precision == 0 {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac:0width$}", width = precision as usize)
    }
}

/// The nearest `f64` to the raw (for display and ratios only, never for money): the exact
/// decimal text parses correctly rounded.
pub fn raw_to_f64(raw: i128) -> f64 {
    format_raw(raw, FIXED_SCALE).parse().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::integer("20377", 203_770_000_000_000_000_000, 0)]
    #[case::decimals("20377.00", 203_770_000_000_000_000_000, 2)]
    #[case::negative("-0.5", -5_000_000_000_000_000, 1)]
    #[case::plus_sign("+1.25", 12_500_000_000_000_000, 2)]
    #[case::leading_point(".5", 5_000_000_000_000_000, 1)]
    #[case::trailing_point("7.", 70_000_000_000_000_000, 0)]
    #[case::full_scale("0.0000000000000001", 1, 16)]
    fn parses_exactly(#[case] text: &str, #[case] raw: i128, #[case] precision: u8) {
        assert_eq!(parse_decimal("Price", text), Ok((raw, precision)));
    }

    #[rstest]
    #[case::garbage("12abc", "INVALID_VALUE")]
    #[case::empty("", "INVALID_VALUE")]
    #[case::sign_only("-", "INVALID_VALUE")]
    #[case::two_points("1.2.3", "INVALID_VALUE")]
    #[case::exponent("1e5", "INVALID_VALUE")]
    #[case::space(" 1", "INVALID_VALUE")]
    #[case::too_many_decimals("0.00000000000000001", "TOO_MANY_DECIMALS")]
    #[case::too_large("1000000000000000001", "OUT_OF_RANGE")]
    fn refuses_bad_text(#[case] text: &str, #[case] code: &str) {
        let err = parse_decimal("Price", text).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        assert!(
            err.to_string().contains(text),
            "message names the value: {err}"
        );
    }

    #[rstest]
    #[case::tie_down(0.125, 2, "0.12")]
    #[case::tie_up(0.375, 2, "0.38")]
    #[case::binary_above_tie(0.115, 2, "0.12")] // 0.11500000000000000499600361081320443190634250640869140625
    #[case::binary_below_tie(2.675, 2, "2.67")] // 2.67499999999999982236431605997495353221893310546875
    #[case::negative_tie(-2.5, 0, "-2")]
    #[case::odd_tie(3.5, 0, "4")]
    #[case::tiny(1e-300, 8, "0.00000000")]
    #[case::big(123_456_789.123_456_79, 8, "123456789.12345679")]
    fn rounds_floats_half_even_on_the_exact_binary_value(
        #[case] value: f64,
        #[case] precision: u8,
        #[case] expected: &str,
    ) {
        let raw = raw_from_f64("Price", value, precision).unwrap();
        assert_eq!(format_raw(raw, precision), expected);
    }

    #[test]
    fn refuses_non_finite_floats() {
        assert_eq!(
            raw_from_f64("Price", f64::NAN, 2).unwrap_err().code(),
            "NOT_FINITE"
        );
        assert_eq!(
            raw_from_f64("Price", f64::INFINITY, 2).unwrap_err().code(),
            "NOT_FINITE"
        );
        assert_eq!(
            raw_from_f64("Price", 1e19, 2).unwrap_err().code(),
            "OUT_OF_RANGE"
        );
        assert_eq!(
            raw_from_f64("Price", 1.0, 17).unwrap_err().code(),
            "PRECISION_OUT_OF_RANGE"
        );
    }

    #[test]
    fn formats_with_exactly_precision_decimals() {
        assert_eq!(format_raw(-5_000_000_000_000_000, 3), "-0.500");
        assert_eq!(format_raw(0, 0), "0");
        assert_eq!(
            format_raw(MAX_ABS_RAW, 16),
            "1000000000000000000.0000000000000000"
        );
    }

    #[test]
    fn decimals_of_finds_the_shortest_exact_precision() {
        assert_eq!(decimals_of(12_500_000_000_000_000), 2);
        assert_eq!(decimals_of(0), 0);
        assert_eq!(decimals_of(1), 16);
    }
}
