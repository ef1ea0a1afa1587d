//! `Money`: an amount in a currency, at the currency's precision.
//!
//! | operation         | result                                            |
//! |-------------------|---------------------------------------------------|
//! | `a + b`, `a - b`  | Money, same currency required (else an error)     |
//! | `a == b`          | same currency and same value                      |
//! | `to_string()`     | `"<amount> <code>"` with the currency's decimals   |

use std::fmt;

use super::currency::Currency;
use super::fixed::{check_raw, format_raw, parse_decimal, raw_from_f64, raw_unit};
use crate::correctness::CorrectnessError;

/// An amount of a currency (may be negative: PnL, fees paid).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    raw: i128,
    currency: Currency,
}

impl Money {
    /// From a raw at the fixed scale, checked against the currency's precision.
    pub fn new_checked(raw: i128, currency: Currency) -> Result<Self, CorrectnessError> {
        check_raw("Money", raw, currency.precision())?;
        Ok(Self { raw, currency })
    }

    /// Parses an amount exactly; more decimals than the currency has is an error.
    pub fn from_str_in(text: &str, currency: Currency) -> Result<Self, CorrectnessError> {
        let (raw, written) = parse_decimal("Money", text)?;
        if raw % raw_unit(currency.precision()) != 0 {
            return Err(CorrectnessError::TooManyDecimals {
                kind: "Money",
                value: text.to_string(),
                decimals: written,
                precision: currency.precision(),
            });
        }
        Self::new_checked(raw, currency)
    }

    /// Rounds half-even to the currency's precision.
    pub fn from_f64(value: f64, currency: Currency) -> Result<Self, CorrectnessError> {
        Self::new_checked(
            raw_from_f64("Money", value, currency.precision())?,
            currency,
        )
    }

    /// The raw value at the fixed scale.
    pub const fn raw(&self) -> i128 {
        self.raw
    }

    /// The currency.
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    fn same_currency(&self, rhs: &Self) -> Result<(), CorrectnessError> {
        if self.currency != rhs.currency {
            return Err(CorrectnessError::CurrencyMismatch {
                left: self.currency.code().to_string(),
                right: rhs.currency.code().to_string(),
            });
        }
        Ok(())
    }

    /// Sum, or the error (currency mismatch, out of range).
    pub fn checked_add(self, rhs: Self) -> Result<Self, CorrectnessError> {
        self.same_currency(&rhs)?;
        Self::new_checked(self.raw + rhs.raw, self.currency)
    }

    /// Difference, or the error.
    pub fn checked_sub(self, rhs: Self) -> Result<Self, CorrectnessError> {
        self.same_currency(&rhs)?;
        Self::new_checked(self.raw - rhs.raw, self.currency)
    }

    /// The amount alone, with the currency's decimals.
    pub fn amount_string(&self) -> String {
        format_raw(self.raw, self.currency.precision())
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount_string(), self.currency)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_in_one_currency_and_refuses_two() {
        let usd = Currency::builtin("USD").unwrap();
        let eur = Currency::builtin("EUR").unwrap();
        let a = Money::from_str_in("10.5", usd).unwrap();
        let b = Money::from_str_in("-0.25", usd).unwrap();
        assert_eq!(a.checked_add(b).unwrap().to_string(), "10.25 USD");
        let err = a
            .checked_add(Money::from_str_in("1", eur).unwrap())
            .unwrap_err();
        assert_eq!(err.code(), "CURRENCY_MISMATCH");
        assert_eq!(err.to_string(), "currency mismatch: USD and EUR");
    }

    #[test]
    fn more_decimals_than_the_currency_is_refused() {
        let usd = Currency::builtin("USD").unwrap();
        assert_eq!(
            Money::from_str_in("1.005", usd).unwrap_err().code(),
            "TOO_MANY_DECIMALS"
        );
        assert_eq!(Money::from_f64(1.005, usd).unwrap().to_string(), "1.00 USD");
        // 1.00499999...
    }
}
