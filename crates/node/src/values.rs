//! Value semantics exported for the TypeScript mirror: the shared test vectors, the property
//! test that compares both implementations, and the side-by-side benchmark call these.
//! Raws cross as `BigInt`, never as a JS number.

use kairos_core::types::fixed;
use kairos_core::types::{Currency, Price, Quantity};
use napi::bindgen_prelude::BigInt;
use napi_derive::napi;

use crate::error::{raw_overflow, ToJsError};

/// A raw value and its precision.
#[napi(object)]
pub struct RawValue {
    pub raw: BigInt,
    pub precision: u32,
}

/// A built-in currency.
#[napi(object)]
pub struct CurrencyInfo {
    pub code: String,
    pub precision: u32,
    pub kind: String,
}

fn to_raw(v: &BigInt, what: &str) -> napi::Result<i128, String> {
    match v.get_i128() {
        (raw, true) => Ok(raw),
        _ => Err(raw_overflow(what)),
    }
}

fn precision(p: u32) -> u8 {
    // Anything above 255 is out of range for the core's check too.
    u8::try_from(p).unwrap_or(u8::MAX)
}

fn out(raw: i128, precision: u8) -> RawValue {
    RawValue {
        raw: BigInt::from(raw),
        precision: u32::from(precision),
    }
}

/// Which value type the semantics are for: `'Price'` or `'Quantity'`.
fn checked(kind: &str, raw: i128, p: u8) -> napi::Result<RawValue, String> {
    let r = match kind {
        "Quantity" => Quantity::new_checked(raw, p).map(|q| (q.raw(), q.precision())),
        _ => Price::new_checked(raw, p).map(|v| (v.raw(), v.precision())),
    };
    r.map(|(raw, p)| out(raw, p)).map_err(|e| e.to_js())
}

/// Parses a decimal string exactly; with `precision`, at that precision.
#[napi]
pub fn value_parse(
    kind: String,
    text: String,
    precision: Option<u32>,
) -> napi::Result<RawValue, String> {
    let r = match (kind.as_str(), precision) {
        ("Quantity", Some(p)) => Quantity::from_str_with_precision(&text, self::precision(p))
            .map(|q| (q.raw(), q.precision())),
        ("Quantity", None) => text.parse::<Quantity>().map(|q| (q.raw(), q.precision())),
        (_, Some(p)) => Price::from_str_with_precision(&text, self::precision(p))
            .map(|v| (v.raw(), v.precision())),
        (_, None) => text.parse::<Price>().map(|v| (v.raw(), v.precision())),
    };
    r.map(|(raw, p)| out(raw, p)).map_err(|e| e.to_js())
}

/// Rounds a float half-even to `precision`.
#[napi]
pub fn value_from_f64(kind: String, value: f64, precision: u32) -> napi::Result<RawValue, String> {
    let p = self::precision(precision);
    let raw = fixed::raw_from_f64(
        if kind == "Quantity" {
            "Quantity"
        } else {
            "Price"
        },
        value,
        p,
    )
    .map_err(|e| e.to_js())?;
    checked(&kind, raw, p)
}

/// `a + b` with the core's checks.
#[napi]
pub fn value_add(kind: String, a: RawValue, b: RawValue) -> napi::Result<RawValue, String> {
    let (ra, rb) = (to_raw(&a.raw, "a")?, to_raw(&b.raw, "b")?);
    let p = precision(a.precision).max(precision(b.precision));
    checked(
        &kind,
        ra.checked_add(rb).ok_or_else(|| raw_overflow("sum"))?,
        p,
    )
}

/// `a - b` with the core's checks.
#[napi]
pub fn value_sub(kind: String, a: RawValue, b: RawValue) -> napi::Result<RawValue, String> {
    let (ra, rb) = (to_raw(&a.raw, "a")?, to_raw(&b.raw, "b")?);
    let p = precision(a.precision).max(precision(b.precision));
    checked(
        &kind,
        ra.checked_sub(rb)
            .ok_or_else(|| raw_overflow("difference"))?,
        p,
    )
}

/// Compares two raws: -1, 0 or 1.
#[napi]
pub fn value_compare(a: BigInt, b: BigInt) -> napi::Result<i32, String> {
    Ok(to_raw(&a, "a")?.cmp(&to_raw(&b, "b")?) as i32)
}

/// Formats a raw with exactly `precision` decimals.
#[napi]
pub fn value_format(raw: BigInt, precision: u32) -> napi::Result<String, String> {
    let raw = to_raw(&raw, "raw")?;
    fixed::check_precision(self::precision(precision)).map_err(|e| e.to_js())?;
    Ok(fixed::format_raw(raw, self::precision(precision)))
}

/// The fixed scale of every raw.
#[napi]
pub fn fixed_scale() -> u32 {
    u32::from(fixed::FIXED_SCALE)
}

/// The built-in currency table.
#[napi]
pub fn builtin_currencies() -> Vec<CurrencyInfo> {
    kairos_core::types::currency::BUILTIN
        .iter()
        .map(|&(code, p, k)| {
            let c = Currency::new_checked(code, p, k).expect("built-in table is valid");
            CurrencyInfo {
                code: c.code().to_string(),
                precision: u32::from(c.precision()),
                kind: c.kind().as_str().to_string(),
            }
        })
        .collect()
}
