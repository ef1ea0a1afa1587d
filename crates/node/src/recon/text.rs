//! The compact text form of the three large tables of a reconciliation input (see the parent
//! module doc, "Compact input"): one record per line (`\n`), fields separated by tabs (`\t`).
//!
//! Identifiers are printable ASCII without whitespace, values are decimal text and enums are
//! upper-case names, so none of them can hold a tab or a newline: they are written as they are.
//! An empty field is `null` (no identifier, value or enum is empty). The one free-text field,
//! an order report's `reason`, is written `=` followed by the text with `\` `\t` `\n` `\r`
//! escaped as `\\` `\t` `\n` `\r`, so that `null` and `""` stay apart.
//!
//! Anything else is refused with `RECON_INVALID_INPUT`, naming the table, the record (1-based)
//! and the field: a wrong number of fields, an empty required field, a bad escape.

use super::{invalid, JsResult, WireCachedFill, WireCachedOrder, WireFillReport, WireOrderReport};

/// Fields of a cached order before its fills.
const ORDER_FIELDS: usize = 12;
/// Fields of each fill appended to a cached order.
const CACHED_FILL_FIELDS: usize = 6;
/// Fields of an order report.
const ORDER_REPORT_FIELDS: usize = 17;
/// Fields of a fill report.
const FILL_REPORT_FIELDS: usize = 13;

/// One record's fields, with what an error message needs to name them.
struct Record<'a> {
    table: &'static str,
    line: usize,
    fields: Vec<&'a str>,
}

impl<'a> Record<'a> {
    fn err(&self, field: &str, what: &str) -> napi::Error<String> {
        invalid(format!("{}[{}].{field}: {what}", self.table, self.line))
    }

    /// A required field (never empty).
    fn req(&self, i: usize, field: &str) -> JsResult<&'a str> {
        let v = self.fields[i];
        if v.is_empty() {
            return Err(self.err(field, "missing"));
        }
        Ok(v)
    }

    fn req_string(&self, i: usize, field: &str) -> JsResult<String> {
        self.req(i, field).map(str::to_string)
    }

    /// An optional field (empty is `null`).
    fn opt(&self, i: usize) -> Option<&'a str> {
        let v = self.fields[i];
        (!v.is_empty()).then_some(v)
    }

    fn opt_string(&self, i: usize) -> Option<String> {
        self.opt(i).map(str::to_string)
    }

    /// The escaped free-text field (`=` and the text, or empty for `null`).
    fn text(&self, i: usize, field: &str) -> JsResult<Option<String>> {
        let v = self.fields[i];
        if v.is_empty() {
            return Ok(None);
        }
        let Some(body) = v.strip_prefix('=') else {
            return Err(self.err(field, "free text must start with '='"));
        };
        if !body.contains('\\') {
            return Ok(Some(body.to_string()));
        }
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('\\') => out.push('\\'),
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                _ => return Err(self.err(field, "bad escape (only \\\\ \\t \\n \\r)")),
            }
        }
        Ok(Some(out))
    }
}

/// The records of `text`; a record must have `fixed` fields, plus a multiple of `repeat` when
/// `repeat` is not zero. An empty text has no records.
fn records<'a>(
    table: &'static str,
    text: &'a str,
    fixed: usize,
    repeat: usize,
) -> impl Iterator<Item = JsResult<Record<'a>>> {
    let lines = if text.is_empty() {
        None
    } else {
        Some(text.split('\n'))
    };
    lines
        .into_iter()
        .flatten()
        .enumerate()
        .map(move |(i, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            let n = fields.len();
            let ok = if repeat == 0 {
                n == fixed
            } else {
                n >= fixed && (n - fixed) % repeat == 0
            };
            if !ok {
                let expected = if repeat == 0 {
                    format!("{fixed}")
                } else {
                    format!("{fixed} + {repeat} per fill")
                };
                return Err(invalid(format!(
                    "{table}[{}]: expected {expected} fields, got {n}",
                    i + 1
                )));
            }
            Ok(Record {
                table,
                line: i + 1,
                fields,
            })
        })
}

/// Cached orders: the 12 fields of `CachedOrder` (fills aside), then 6 per fill.
pub(super) fn cached_orders(text: &str) -> JsResult<Vec<WireCachedOrder<'_>>> {
    let mut out = Vec::new();
    for r in records("cache.orders", text, ORDER_FIELDS, CACHED_FILL_FIELDS) {
        let r = r?;
        let mut fills = Vec::with_capacity((r.fields.len() - ORDER_FIELDS) / CACHED_FILL_FIELDS);
        let mut i = ORDER_FIELDS;
        while i < r.fields.len() {
            fills.push(WireCachedFill {
                trade_id: r.req_string(i, "fills.tradeId")?,
                last_qty: r.req(i + 1, "fills.lastQty")?,
                last_px: r.req(i + 2, "fills.lastPx")?,
                commission: r.opt(i + 3),
                commission_currency: r.opt(i + 4),
                ts_event: r.req(i + 5, "fills.tsEvent")?,
            });
            i += CACHED_FILL_FIELDS;
        }
        out.push(WireCachedOrder {
            client_order_id: r.req_string(0, "clientOrderId")?,
            venue_order_id: r.opt_string(1),
            strategy_id: r.req_string(2, "strategyId")?,
            instrument_id: r.req_string(3, "instrumentId")?,
            side: r.req(4, "side")?,
            order_type: r.req(5, "orderType")?,
            quantity: r.req(6, "quantity")?,
            price: r.opt(7),
            trigger_price: r.opt(8),
            status: r.req(9, "status")?,
            previous_status: r.opt(10),
            position_id: r.opt_string(11),
            fills,
        });
    }
    Ok(out)
}

/// Order reports: the 17 fields of `OrderReport`, `reason` as escaped free text.
pub(super) fn order_reports(text: &str) -> JsResult<Vec<WireOrderReport<'_>>> {
    let mut out = Vec::new();
    for r in records("orderReports", text, ORDER_REPORT_FIELDS, 0) {
        let r = r?;
        out.push(WireOrderReport {
            account_id: r.req_string(0, "accountId")?,
            instrument_id: r.req_string(1, "instrumentId")?,
            client_order_id: r.opt_string(2),
            venue_order_id: r.req_string(3, "venueOrderId")?,
            side: r.req(4, "side")?,
            order_type: r.req(5, "orderType")?,
            time_in_force: r.req(6, "timeInForce")?,
            status: r.req(7, "status")?,
            quantity: r.req(8, "quantity")?,
            filled_qty: r.req(9, "filledQty")?,
            price: r.opt(10),
            trigger_price: r.opt(11),
            avg_px: r.opt(12),
            venue_position_id: r.opt_string(13),
            reason: r.text(14, "reason")?,
            ts_accepted: r.req(15, "tsAccepted")?,
            ts_last: r.req(16, "tsLast")?,
        });
    }
    Ok(out)
}

/// Fill reports: the 13 fields of `FillReport`, in the order the output's indexes refer to.
pub(super) fn fill_reports(text: &str) -> JsResult<Vec<WireFillReport<'_>>> {
    let mut out = Vec::new();
    for r in records("fillReports", text, FILL_REPORT_FIELDS, 0) {
        let r = r?;
        out.push(WireFillReport {
            account_id: r.req_string(0, "accountId")?,
            instrument_id: r.req_string(1, "instrumentId")?,
            venue_order_id: r.req_string(2, "venueOrderId")?,
            client_order_id: r.opt_string(3),
            trade_id: r.req_string(4, "tradeId")?,
            side: r.req(5, "side")?,
            last_qty: r.req(6, "lastQty")?,
            last_px: r.req(7, "lastPx")?,
            commission: r.opt(8),
            commission_currency: r.opt(9),
            liquidity_side: r.req(10, "liquiditySide")?,
            venue_position_id: r.opt_string(11),
            ts_event: r.req(12, "tsEvent")?,
        });
    }
    Ok(out)
}
