//! Currencies: an ISO or crypto code with the precision of its amounts.
//!
//! The built-in table is the one source of the common codes; the binding exports it and the
//! TypeScript registry seeds itself from it (and accepts more at run time).

use std::fmt;

use crate::correctness::CorrectnessError;

/// Fiat or crypto.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CurrencyKind {
    Fiat,
    Crypto,
}

impl CurrencyKind {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            CurrencyKind::Fiat => "FIAT",
            CurrencyKind::Crypto => "CRYPTO",
        }
    }
}

const CODE_MAX: usize = 16;

/// A currency. `Copy`: the code is stored inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: [u8; CODE_MAX],
    len: u8,
    precision: u8,
    kind: CurrencyKind,
}

impl Currency {
    /// A currency from its parts, checked: 1..=16 upper-case letters or digits, precision <= 16.
    pub fn new_checked(
        code: &str,
        precision: u8,
        kind: CurrencyKind,
    ) -> Result<Self, CorrectnessError> {
        let valid = !code.is_empty()
            && code.len() <= CODE_MAX
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !valid {
            return Err(CorrectnessError::InvalidValue {
                kind: "Currency",
                value: code.to_string(),
                reason: "code must be 1 to 16 upper-case letters or digits",
            });
        }
        super::fixed::check_precision(precision)?;
        let mut buf = [0_u8; CODE_MAX];
        buf[..code.len()].copy_from_slice(code.as_bytes());
        Ok(Self {
            code: buf,
            len: code.len() as u8,
            precision,
            kind,
        })
    }

    /// A built-in currency by code.
    pub fn builtin(code: &str) -> Result<Self, CorrectnessError> {
        BUILTIN
            .iter()
            .find(|(c, _, _)| *c == code)
            .map(|&(c, p, k)| Self::new_checked(c, p, k).expect("built-in table is valid"))
            .ok_or_else(|| CorrectnessError::UnknownVariant {
                kind: "Currency",
                value: code.to_string(),
            })
    }

    /// The code (`USD`, `BTC`).
    pub fn code(&self) -> &str {
        // The constructor admits only ASCII.
        std::str::from_utf8(&self.code[..self.len as usize]).expect("ascii code")
    }

    /// Decimals of amounts in this currency.
    pub const fn precision(&self) -> u8 {
        self.precision
    }

    /// Fiat or crypto.
    pub const fn kind(&self) -> CurrencyKind {
        self.kind
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Currency({}, {})", self.code(), self.precision)
    }
}

use CurrencyKind::{Crypto, Fiat};

/// The built-in currencies: code, precision, kind.
pub const BUILTIN: &[(&str, u8, CurrencyKind)] = &[
    ("AUD", 2, Fiat),
    ("BRL", 2, Fiat),
    ("CAD", 2, Fiat),
    ("CHF", 2, Fiat),
    ("CNY", 2, Fiat),
    ("CZK", 2, Fiat),
    ("DKK", 2, Fiat),
    ("EUR", 2, Fiat),
    ("GBP", 2, Fiat),
    ("HKD", 2, Fiat),
    ("HUF", 2, Fiat),
    ("ILS", 2, Fiat),
    ("INR", 2, Fiat),
    ("JPY", 0, Fiat),
    ("KRW", 0, Fiat),
    ("MXN", 2, Fiat),
    ("NOK", 2, Fiat),
    ("NZD", 2, Fiat),
    ("PLN", 2, Fiat),
    ("RUB", 2, Fiat),
    ("SEK", 2, Fiat),
    ("SGD", 2, Fiat),
    ("THB", 2, Fiat),
    ("TRY", 2, Fiat),
    ("TWD", 2, Fiat),
    ("USD", 2, Fiat),
    ("ZAR", 2, Fiat),
    ("ADA", 8, Crypto),
    ("APT", 8, Crypto),
    ("ARB", 8, Crypto),
    ("ATOM", 8, Crypto),
    ("AVAX", 8, Crypto),
    ("BCH", 8, Crypto),
    ("BNB", 8, Crypto),
    ("BNFCR", 8, Crypto),
    ("BTC", 8, Crypto),
    ("BUSD", 8, Crypto),
    ("DAI", 8, Crypto),
    ("DOGE", 8, Crypto),
    ("DOT", 8, Crypto),
    ("ETC", 8, Crypto),
    ("ETH", 8, Crypto),
    ("FDUSD", 8, Crypto),
    ("FIL", 8, Crypto),
    ("LINK", 8, Crypto),
    ("LTC", 8, Crypto),
    ("NEAR", 8, Crypto),
    ("OP", 8, Crypto),
    ("PEPE", 8, Crypto),
    ("POL", 8, Crypto),
    ("SHIB", 8, Crypto),
    ("SOL", 8, Crypto),
    ("SUI", 8, Crypto),
    ("TON", 8, Crypto),
    ("TRX", 8, Crypto),
    ("TUSD", 8, Crypto),
    ("UNI", 8, Crypto),
    ("USDC", 8, Crypto),
    ("USDE", 8, Crypto),
    ("USDT", 8, Crypto),
    ("XLM", 8, Crypto),
    ("XRP", 8, Crypto),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_codes_are_valid_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for &(code, p, k) in BUILTIN {
            assert!(seen.insert(code), "duplicate {code}");
            let c = Currency::new_checked(code, p, k).unwrap();
            assert_eq!(c.code(), code);
        }
        assert_eq!(Currency::builtin("USDT").unwrap().precision(), 8);
        assert_eq!(Currency::builtin("JPY").unwrap().precision(), 0);
    }

    #[test]
    fn bad_codes_are_refused_naming_the_code() {
        for bad in ["", "usd", "US D", "ABCDEFGHIJKLMNOPQ"] {
            let err = Currency::new_checked(bad, 2, CurrencyKind::Fiat).unwrap_err();
            assert_eq!(err.code(), "INVALID_VALUE");
        }
        assert_eq!(
            Currency::builtin("XYZ").unwrap_err().to_string(),
            "unknown Currency value 'XYZ'"
        );
    }
}
