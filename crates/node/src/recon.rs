//! Binding of `kairos_core::recon`: reconciliation diffing, one call per reconciliation.
//!
//! # Crossing format
//! One JSON text in, one JSON text out: as strings (`reconcileVenue`, `reconcileAll`), or as
//! UTF-8 bytes in a `Buffer` (`reconcileVenueBuffer`, `reconcileAllBuffer`), which skips two
//! string conversions of tens of megabytes at full scale. 100k orders and 300k fills are ~400k reports: one
//! `#[napi(object)]` per report would cost a property read per field per report, and JSON
//! crosses as one string copy, parsed in Rust at hundreds of MB/s. Every report is an object
//! with the camelCase field names below **or**, faster to write and read, an array of the same
//! fields in the same order (serde takes either).
//!
//! - Prices, quantities and amounts: decimal strings (`"20377.12"`); the precision is the
//!   number of decimals written.
//! - Timestamps: UNIX nanoseconds as decimal strings (`"1700000000000000000"`), never JS
//!   numbers (they do not hold 64 bits).
//! - Enums: the core's upper-case wire names (`"BUY"`, `"PARTIALLY_FILLED"`, `"NETTING"`).
//! - Absent optionals: `null`.
//!
//! Input:
//! ```text
//! { cache: { orders: CachedOrder[], positions: CachedPosition[],
//!            instruments: [instrumentId, pricePrecision, sizePrecision, omsType][],
//!            prices: [instrumentId, mid|null, last|null][] },
//!   settings: { filteredClientOrderIds?, reconciliationInstrumentIds?,
//!               filterUnclaimedExternalOrders?, filterPositionReports?,
//!               generateMissingOrders? (default true), externalOrderClaims?: [strategyId, instrumentIds[]][] },
//!   venues: MassStatus[] }            // reconcileAll
//!   massStatus: MassStatus }          // reconcileVenue
//! CachedOrder    = [clientOrderId, venueOrderId|null, strategyId, instrumentId, side, orderType,
//!                   quantity, price|null, triggerPrice|null, status, previousStatus|null,
//!                   positionId|null, fills: CachedFill[]]
//! CachedFill     = [tradeId, lastQty, lastPx, commission|null, commissionCurrency|null, tsEvent]
//! CachedPosition = [instrumentId, positionId|null, side, quantity]
//! MassStatus     = { venue, accountId, orderReports: OrderReport[], fillReports: FillReport[],
//!                    positionReports: PositionReport[] }
//! OrderReport    = [accountId, instrumentId, clientOrderId|null, venueOrderId, side, orderType,
//!                   timeInForce, status, quantity, filledQty, price|null, triggerPrice|null,
//!                   avgPx|null, venuePositionId|null, reason|null, tsAccepted, tsLast]
//! FillReport     = [accountId, instrumentId, venueOrderId, clientOrderId|null, tradeId, side,
//!                   lastQty, lastPx, commission|null, commissionCurrency|null, liquiditySide,
//!                   venuePositionId|null, tsEvent]
//! PositionReport = [accountId, instrumentId, venuePositionId|null, side, quantity,
//!                   avgPxOpen|null, tsLast]
//! ```
//!
//! Output (`reconcileVenue`: one venue object; `reconcileAll`: `{ venues: [...], timing }`):
//! ```text
//! { venue, error: null | { code, message }, summary: Summary, actions: Action[], timing }
//! Action = ["C", origin, clientOrderId, venueOrderId, strategyId, tag, accountId, instrumentId,
//!           side, orderType, timeInForce, quantity, price|null, triggerPrice|null,
//!           positionId|null, tsInit]                                   // create an order
//!        | ["E", clientOrderId, venueOrderId|null, kind, statusAfter, tsEvent, reason|null,
//!           fill|null, update|null]                                    // apply an event
//!          fill   = index                  // the fill is fillReports[index] of this venue's
//!                                          // input, as is (the caller reuses its object)
//!                 | [tradeId, side, lastQty, lastPx, commission|null, commissionCurrency|null,
//!                    liquiditySide, positionId|null, inferred]   // inferred, generated, or a
//!                                          // report fill given the order's position id
//!          update = [quantity, price|null, triggerPrice|null]
//!        | ["D", code, severity, failsVenue, instrumentId, clientOrderId|null,
//!           venueOrderId|null, message, cached|null, venue|null]       // log a discrepancy
//! timing = { parseNs, diffNs, writeNs }                                // decimal strings
//! ```
//! An event's account and instrument are its order's. Every event carries
//! `reconciliation: true` implicitly (all of them come from here). Fills that come from a
//! report cross as its index: most of a large reconciliation is fills, and the caller already
//! holds them, so the output stays a fraction of the input.
//!
//! # Compact input (`reconcileAllCompact`)
//! One venue, for start-up at scale: the envelope above as JSON (`cache` without `orders`,
//! `venues` with one venue without `orderReports` and `fillReports`) and those three tables as
//! text, one record per line, tab-separated fields in the tuple orders above (a cached order's
//! fills follow its first 12 fields, 6 fields each). No arrays to build, no JSON to escape or
//! parse for 400k records: text is what both sides write and read fastest. Empty is `null`;
//! `reason` is free text, written `=` + the text with `\` `\t` `\n` `\r` escaped. See
//! `recon/text.rs`.
//!
//! # Errors
//! Malformed input throws `RECON_INVALID_INPUT` (the message names the field, or the line and
//! column of a tuple). A venue that
//! cannot be reconciled (`ReconError`) throws its code from `reconcileVenue`, and is returned
//! as `error` (a value) by `reconcileAll`, which never stops at a failed venue.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::str::FromStr;
use std::time::Instant;

use kairos_core::enums::OrderStatus;
use kairos_core::recon::{
    self, CachedFill, CachedOrder, CachedPosition, CachedState, CreateOrder, Discrepancy,
    DiscrepancyKind, ExternalOrderClaim, FillReport, InstrumentSpec, MarketPrices, MassStatus,
    OrderEvent, OrderStatusReport, PositionStatusReport, ReconAction, ReconSettings, ReconSummary,
};
use kairos_core::types::{Currency, CurrencyKind, Money, Price};
use napi_derive::napi;
use serde::Deserialize;

use crate::error::ToJsError;

mod text;

type JsResult<T> = napi::Result<T, String>;

fn invalid(message: impl ToString) -> napi::Error<String> {
    napi::Error::new("RECON_INVALID_INPUT".to_string(), message)
}

impl ToJsError for recon::ReconError {
    fn to_js(&self) -> napi::Error<String> {
        napi::Error::new(self.code().to_string(), self.to_string())
    }
}

// ----- wire input -------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireInput<'a> {
    #[serde(borrow)]
    cache: WireCache<'a>,
    #[serde(default)]
    settings: WireSettings,
    #[serde(default, borrow)]
    venues: Vec<WireMass<'a>>,
    #[serde(default, borrow)]
    mass_status: Option<WireMass<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct WireCache<'a> {
    #[serde(default, borrow)]
    orders: Vec<WireCachedOrder<'a>>,
    #[serde(default, borrow)]
    positions: Vec<WireCachedPosition<'a>>,
    #[serde(default, borrow)]
    instruments: Vec<WireInstrument<'a>>,
    #[serde(default, borrow)]
    prices: Vec<WirePrices<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireInstrument<'a> {
    instrument_id: String,
    price_precision: u8,
    size_precision: u8,
    oms_type: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePrices<'a> {
    instrument_id: String,
    #[serde(borrow)]
    mid: Option<&'a str>,
    #[serde(borrow)]
    last: Option<&'a str>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireCachedFill<'a> {
    trade_id: String,
    last_qty: &'a str,
    last_px: &'a str,
    #[serde(borrow)]
    commission: Option<&'a str>,
    #[serde(borrow)]
    commission_currency: Option<&'a str>,
    ts_event: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireCachedOrder<'a> {
    client_order_id: String,
    venue_order_id: Option<String>,
    strategy_id: String,
    instrument_id: String,
    side: &'a str,
    order_type: &'a str,
    quantity: &'a str,
    #[serde(borrow)]
    price: Option<&'a str>,
    #[serde(borrow)]
    trigger_price: Option<&'a str>,
    status: &'a str,
    #[serde(borrow)]
    previous_status: Option<&'a str>,
    position_id: Option<String>,
    #[serde(default, borrow)]
    fills: Vec<WireCachedFill<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireCachedPosition<'a> {
    instrument_id: String,
    position_id: Option<String>,
    side: &'a str,
    quantity: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireOrderReport<'a> {
    account_id: String,
    instrument_id: String,
    client_order_id: Option<String>,
    venue_order_id: String,
    side: &'a str,
    order_type: &'a str,
    time_in_force: &'a str,
    status: &'a str,
    quantity: &'a str,
    filled_qty: &'a str,
    #[serde(borrow)]
    price: Option<&'a str>,
    #[serde(borrow)]
    trigger_price: Option<&'a str>,
    #[serde(borrow)]
    avg_px: Option<&'a str>,
    venue_position_id: Option<String>,
    reason: Option<String>,
    ts_accepted: &'a str,
    ts_last: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireFillReport<'a> {
    account_id: String,
    instrument_id: String,
    venue_order_id: String,
    client_order_id: Option<String>,
    trade_id: String,
    side: &'a str,
    last_qty: &'a str,
    last_px: &'a str,
    #[serde(borrow)]
    commission: Option<&'a str>,
    #[serde(borrow)]
    commission_currency: Option<&'a str>,
    liquidity_side: &'a str,
    venue_position_id: Option<String>,
    ts_event: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WirePositionReport<'a> {
    account_id: String,
    instrument_id: String,
    venue_position_id: Option<String>,
    side: &'a str,
    quantity: &'a str,
    #[serde(borrow)]
    avg_px_open: Option<&'a str>,
    ts_last: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireMass<'a> {
    venue: String,
    account_id: String,
    #[serde(default, borrow)]
    order_reports: Vec<WireOrderReport<'a>>,
    #[serde(default, borrow)]
    fill_reports: Vec<WireFillReport<'a>>,
    #[serde(default, borrow)]
    position_reports: Vec<WirePositionReport<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireClaim {
    strategy_id: String,
    instrument_ids: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireSettings {
    filtered_client_order_ids: Vec<String>,
    reconciliation_instrument_ids: Option<Vec<String>>,
    filter_unclaimed_external_orders: bool,
    filter_position_reports: bool,
    generate_missing_orders: bool,
    external_order_claims: Vec<WireClaim>,
}

impl Default for WireSettings {
    fn default() -> Self {
        let d = ReconSettings::default();
        Self {
            filtered_client_order_ids: d.filtered_client_order_ids,
            reconciliation_instrument_ids: d.reconciliation_instrument_ids,
            filter_unclaimed_external_orders: d.filter_unclaimed_external_orders,
            filter_position_reports: d.filter_position_reports,
            generate_missing_orders: d.generate_missing_orders,
            external_order_claims: Vec::new(),
        }
    }
}

// ----- conversion into core types -----------------------------------------------------------

fn parse<T: FromStr>(field: &str, text: &str) -> JsResult<T>
where
    T::Err: std::fmt::Display,
{
    text.parse()
        .map_err(|e: T::Err| invalid(format!("{field}: {e}")))
}

fn opt<T: FromStr>(field: &str, text: Option<&str>) -> JsResult<Option<T>>
where
    T::Err: std::fmt::Display,
{
    text.map(|t| parse(field, t)).transpose()
}

fn ts(field: &str, text: &str) -> JsResult<u64> {
    text.parse().map_err(|_| {
        invalid(format!(
            "{field}: '{text}' is not a u64 nanosecond timestamp"
        ))
    })
}

fn money(amount: Option<&str>, currency: Option<&str>) -> JsResult<Option<Money>> {
    let (Some(amount), Some(code)) = (amount, currency) else {
        return Ok(None);
    };
    // Unknown codes get 8 decimals, the precision of every crypto asset in the table.
    let currency = Currency::builtin(code)
        .or_else(|_| Currency::new_checked(code, 8, CurrencyKind::Crypto))
        .map_err(|e| invalid(format!("commissionCurrency: {e}")))?;
    Money::from_str_in(amount, currency)
        .map(Some)
        .map_err(|e| invalid(format!("commission: {e}")))
}

fn state(cache: WireCache<'_>) -> JsResult<CachedState> {
    let mut state = CachedState::default();
    for i in cache.instruments {
        if i.price_precision > 16 || i.size_precision > 16 {
            return Err(invalid(format!(
                "instruments: precision of {} out of range 0..=16",
                i.instrument_id
            )));
        }
        let spec = InstrumentSpec {
            oms_type: parse("instruments.omsType", i.oms_type)?,
            price_precision: i.price_precision,
            size_precision: i.size_precision,
            instrument_id: i.instrument_id,
        };
        state.instruments.insert(spec.instrument_id.clone(), spec);
    }
    let mut prices = BTreeMap::new();
    for p in cache.prices {
        prices.insert(
            p.instrument_id,
            MarketPrices {
                mid: opt::<Price>("prices.mid", p.mid)?,
                last: opt::<Price>("prices.last", p.last)?,
            },
        );
    }
    state.prices = prices;
    state.orders.reserve(cache.orders.len());
    for o in cache.orders {
        let mut fills = Vec::with_capacity(o.fills.len());
        for f in o.fills {
            fills.push(CachedFill {
                last_qty: parse("orders.fills.lastQty", f.last_qty)?,
                last_px: parse("orders.fills.lastPx", f.last_px)?,
                commission: money(f.commission, f.commission_currency)?,
                ts_event: ts("orders.fills.tsEvent", f.ts_event)?,
                trade_id: f.trade_id,
            });
        }
        state.orders.push(CachedOrder {
            side: parse("orders.side", o.side)?,
            order_type: parse("orders.orderType", o.order_type)?,
            quantity: parse("orders.quantity", o.quantity)?,
            price: opt("orders.price", o.price)?,
            trigger_price: opt("orders.triggerPrice", o.trigger_price)?,
            status: parse("orders.status", o.status)?,
            previous_status: opt::<OrderStatus>("orders.previousStatus", o.previous_status)?,
            client_order_id: o.client_order_id,
            venue_order_id: o.venue_order_id,
            strategy_id: o.strategy_id,
            instrument_id: o.instrument_id,
            position_id: o.position_id,
            fills,
        });
    }
    for p in cache.positions {
        state.positions.push(CachedPosition {
            side: parse("positions.side", p.side)?,
            quantity: parse("positions.quantity", p.quantity)?,
            instrument_id: p.instrument_id,
            position_id: p.position_id,
        });
    }
    Ok(state)
}

fn mass_status(m: WireMass<'_>) -> JsResult<MassStatus> {
    let mut order_reports = Vec::with_capacity(m.order_reports.len());
    for r in m.order_reports {
        order_reports.push(OrderStatusReport {
            side: parse("orderReports.side", r.side)?,
            order_type: parse("orderReports.orderType", r.order_type)?,
            time_in_force: parse("orderReports.timeInForce", r.time_in_force)?,
            status: parse("orderReports.status", r.status)?,
            quantity: parse("orderReports.quantity", r.quantity)?,
            filled_qty: parse("orderReports.filledQty", r.filled_qty)?,
            price: opt("orderReports.price", r.price)?,
            trigger_price: opt("orderReports.triggerPrice", r.trigger_price)?,
            avg_px: opt("orderReports.avgPx", r.avg_px)?,
            ts_accepted: ts("orderReports.tsAccepted", r.ts_accepted)?,
            ts_last: ts("orderReports.tsLast", r.ts_last)?,
            account_id: r.account_id,
            instrument_id: r.instrument_id,
            client_order_id: r.client_order_id,
            venue_order_id: r.venue_order_id,
            venue_position_id: r.venue_position_id,
            reason: r.reason,
        });
    }
    let mut fill_reports = Vec::with_capacity(m.fill_reports.len());
    for f in m.fill_reports {
        fill_reports.push(FillReport {
            side: parse("fillReports.side", f.side)?,
            last_qty: parse("fillReports.lastQty", f.last_qty)?,
            last_px: parse("fillReports.lastPx", f.last_px)?,
            commission: money(f.commission, f.commission_currency)?,
            liquidity_side: parse("fillReports.liquiditySide", f.liquidity_side)?,
            ts_event: ts("fillReports.tsEvent", f.ts_event)?,
            account_id: f.account_id,
            instrument_id: f.instrument_id,
            venue_order_id: f.venue_order_id,
            client_order_id: f.client_order_id,
            trade_id: f.trade_id,
            venue_position_id: f.venue_position_id,
        });
    }
    let mut position_reports = Vec::with_capacity(m.position_reports.len());
    for p in m.position_reports {
        position_reports.push(PositionStatusReport {
            side: parse("positionReports.side", p.side)?,
            quantity: parse("positionReports.quantity", p.quantity)?,
            avg_px_open: opt("positionReports.avgPxOpen", p.avg_px_open)?,
            ts_last: ts("positionReports.tsLast", p.ts_last)?,
            account_id: p.account_id,
            instrument_id: p.instrument_id,
            venue_position_id: p.venue_position_id,
        });
    }
    Ok(MassStatus {
        venue: m.venue,
        account_id: m.account_id,
        order_reports,
        fill_reports,
        position_reports,
    })
}

fn settings(s: WireSettings) -> ReconSettings {
    ReconSettings {
        filtered_client_order_ids: s.filtered_client_order_ids,
        reconciliation_instrument_ids: s.reconciliation_instrument_ids,
        filter_unclaimed_external_orders: s.filter_unclaimed_external_orders,
        filter_position_reports: s.filter_position_reports,
        generate_missing_orders: s.generate_missing_orders,
        external_order_claims: s
            .external_order_claims
            .into_iter()
            .map(|c| ExternalOrderClaim {
                strategy_id: c.strategy_id,
                instrument_ids: c.instrument_ids,
            })
            .collect(),
    }
}

struct Parsed {
    state: CachedState,
    settings: ReconSettings,
    venues: Vec<MassStatus>,
}

fn parse_input(json: &[u8], single: bool) -> JsResult<Parsed> {
    let input: WireInput = serde_json::from_slice(json).map_err(invalid)?;
    convert(input, single)
}

/// The compact input (see the module doc): the JSON envelope of one venue, with its three large
/// tables as text.
fn parse_input_compact(
    envelope: &str,
    cached_orders: &str,
    order_reports: &str,
    fill_reports: &str,
) -> JsResult<Parsed> {
    let mut input: WireInput = serde_json::from_str(envelope).map_err(invalid)?;
    if input.venues.len() != 1 || input.mass_status.is_some() {
        return Err(invalid("venues: the compact input holds exactly one venue"));
    }
    let venue = &mut input.venues[0];
    if !input.cache.orders.is_empty()
        || !venue.order_reports.is_empty()
        || !venue.fill_reports.is_empty()
    {
        return Err(invalid(
            "cache.orders, orderReports and fillReports come as text in the compact input",
        ));
    }
    input.cache.orders = text::cached_orders(cached_orders)?;
    venue.order_reports = text::order_reports(order_reports)?;
    venue.fill_reports = text::fill_reports(fill_reports)?;
    convert(input, false)
}

fn convert(input: WireInput<'_>, single: bool) -> JsResult<Parsed> {
    let venues = if single {
        let m = input
            .mass_status
            .ok_or_else(|| invalid("massStatus: missing"))?;
        vec![mass_status(m)?]
    } else {
        input
            .venues
            .into_iter()
            .map(mass_status)
            .collect::<JsResult<_>>()?
    };
    Ok(Parsed {
        state: state(input.cache)?,
        settings: settings(input.settings),
        venues,
    })
}

// ----- wire output --------------------------------------------------------------------------

/// Appends `s` as a JSON string.
fn str_json(out: &mut String, s: &str) {
    out.push('"');
    if s.bytes()
        .all(|b| b >= 0x20 && b != b'"' && b != b'\\' && b < 0x7f)
    {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => {
                    let _ = write!(out, "\\u{:04x}", c as u32);
                }
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

fn opt_json(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => str_json(out, s),
        None => out.push_str("null"),
    }
}

fn display_json(out: &mut String, v: impl std::fmt::Display) {
    out.push('"');
    let _ = write!(out, "{v}");
    out.push('"');
}

fn opt_display_json<T: std::fmt::Display>(out: &mut String, v: Option<T>) {
    match v {
        Some(v) => display_json(out, v),
        None => out.push_str("null"),
    }
}

fn write_create(out: &mut String, c: &CreateOrder) {
    out.push_str("[\"C\",");
    str_json(out, c.origin.as_str());
    out.push(',');
    str_json(out, &c.client_order_id);
    out.push(',');
    str_json(out, &c.venue_order_id);
    out.push(',');
    str_json(out, &c.strategy_id);
    out.push(',');
    str_json(out, c.tag);
    out.push(',');
    str_json(out, &c.account_id);
    out.push(',');
    str_json(out, &c.instrument_id);
    out.push(',');
    str_json(out, c.side.as_str());
    out.push(',');
    str_json(out, c.order_type.as_str());
    out.push(',');
    str_json(out, c.time_in_force.as_str());
    out.push(',');
    display_json(out, c.quantity);
    out.push(',');
    opt_display_json(out, c.price);
    out.push(',');
    opt_display_json(out, c.trigger_price);
    out.push(',');
    opt_json(out, c.position_id.as_deref());
    out.push(',');
    display_json(out, c.ts_init);
    out.push(']');
}

fn write_event(out: &mut String, e: &OrderEvent, fill_reports: &[FillReport]) {
    out.push_str("[\"E\",");
    str_json(out, &e.client_order_id);
    out.push(',');
    opt_json(out, e.venue_order_id.as_deref());
    out.push(',');
    str_json(out, e.kind.as_str());
    out.push(',');
    str_json(out, e.status_after.as_str());
    out.push(',');
    display_json(out, e.ts_event);
    out.push(',');
    opt_json(out, e.reason.as_deref());
    out.push(',');
    let same_report = |f: &kairos_core::recon::FillData| {
        f.report_index
            .and_then(|i| fill_reports.get(i))
            .is_some_and(|r| r.venue_position_id == f.position_id)
    };
    match &e.fill {
        Some(f) if same_report(f) => {
            let _ = write!(out, "{}", f.report_index.unwrap_or_default());
        }
        Some(f) => {
            out.push('[');
            str_json(out, &f.trade_id);
            out.push(',');
            str_json(out, f.side.as_str());
            out.push(',');
            display_json(out, f.last_qty);
            out.push(',');
            display_json(out, f.last_px);
            out.push(',');
            match &f.commission {
                Some(m) => {
                    display_json(out, m.amount_string());
                    out.push(',');
                    str_json(out, m.currency().code());
                }
                None => out.push_str("null,null"),
            }
            out.push(',');
            str_json(out, f.liquidity_side.as_str());
            out.push(',');
            opt_json(out, f.position_id.as_deref());
            out.push_str(if f.inferred { ",true]" } else { ",false]" });
        }
        None => out.push_str("null"),
    }
    out.push(',');
    match &e.update {
        Some(u) => {
            out.push('[');
            display_json(out, u.quantity);
            out.push(',');
            opt_display_json(out, u.price);
            out.push(',');
            opt_display_json(out, u.trigger_price);
            out.push(']');
        }
        None => out.push_str("null"),
    }
    out.push(']');
}

/// Both values of a discrepancy, as text, where it has two.
fn both_values(kind: &DiscrepancyKind) -> (Option<String>, Option<String>) {
    let money = |m: &Option<Money>| m.map_or_else(|| "none".to_string(), |m| m.to_string());
    match kind {
        DiscrepancyKind::FillPriceMismatch { cached, venue, .. } => {
            (Some(cached.to_string()), Some(venue.to_string()))
        }
        DiscrepancyKind::FillCommissionMismatch { cached, venue, .. } => {
            (Some(money(cached)), Some(money(venue)))
        }
        DiscrepancyKind::VenueLessFilled { cached, venue } => {
            (Some(cached.to_string()), Some(venue.to_string()))
        }
        DiscrepancyKind::StatusUnreachable { cached, venue, .. } => {
            (Some(cached.to_string()), Some(venue.to_string()))
        }
        DiscrepancyKind::PositionMismatch {
            internal, venue, ..
        } => (Some(internal.to_string()), Some(venue.to_string())),
        DiscrepancyKind::Overfill { quantity, filled } => {
            (Some(quantity.to_string()), Some(filled.to_string()))
        }
        _ => (None, None),
    }
}

fn write_discrepancy(out: &mut String, d: &Discrepancy) {
    out.push_str("[\"D\",");
    str_json(out, d.kind.code());
    out.push(',');
    str_json(out, d.severity.as_str());
    out.push_str(if d.fails_venue { ",true," } else { ",false," });
    str_json(out, &d.instrument_id);
    out.push(',');
    opt_json(out, d.client_order_id.as_deref());
    out.push(',');
    opt_json(out, d.venue_order_id.as_deref());
    out.push(',');
    str_json(out, &d.to_string());
    let (cached, venue) = both_values(&d.kind);
    out.push(',');
    opt_json(out, cached.as_deref());
    out.push(',');
    opt_json(out, venue.as_deref());
    out.push(']');
}

fn write_counts(out: &mut String, name: &str, c: &recon::ReportCounts) {
    let _ = write!(
        out,
        "\"{name}\":{{\"orders\":{},\"fills\":{},\"positions\":{}}}",
        c.orders, c.fills, c.positions
    );
}

fn write_summary(out: &mut String, s: &ReconSummary) {
    out.push_str("{\"venue\":");
    str_json(out, &s.venue);
    out.push(',');
    write_counts(out, "reports", &s.reports);
    out.push(',');
    write_counts(out, "duplicatesDropped", &s.duplicates_dropped);
    out.push(',');
    write_counts(out, "filtered", &s.filtered);
    out.push_str(",\"events\":{");
    for (i, (kind, n)) in s.events.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"{}\":{n}", kind.as_str());
    }
    let _ = write!(
        out,
        "}},\"ordersCreatedExternal\":{},\"ordersCreatedInternalDiff\":{},\"discrepancies\":{},\"complete\":{},\"reasons\":[",
        s.orders_created_external, s.orders_created_internal_diff, s.discrepancies, s.complete
    );
    for (i, r) in s.reasons.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        str_json(out, r);
    }
    out.push_str("]}");
}

/// Writes one venue's object, left open (no closing brace) so the caller may add fields.
fn write_venue(
    out: &mut String,
    venue: &str,
    summary: &ReconSummary,
    actions: &[ReconAction],
    fill_reports: &[FillReport],
    error: Option<&recon::ReconError>,
) {
    out.push_str("{\"venue\":");
    str_json(out, venue);
    out.push_str(",\"error\":");
    match error {
        Some(e) => {
            out.push_str("{\"code\":");
            str_json(out, e.code());
            out.push_str(",\"message\":");
            str_json(out, &e.to_string());
            out.push('}');
        }
        None => out.push_str("null"),
    }
    out.push_str(",\"summary\":");
    write_summary(out, summary);
    out.push_str(",\"actions\":[");
    for (i, a) in actions.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match a {
            ReconAction::CreateOrder(c) => write_create(out, c),
            ReconAction::OrderEvent(e) => write_event(out, e, fill_reports),
            ReconAction::Discrepancy(d) => write_discrepancy(out, d),
        }
    }
    out.push(']');
}

fn write_timing(out: &mut String, parse_ns: u128, diff_ns: u128, write_ns: u128) {
    let _ = write!(
        out,
        "\"timing\":{{\"parseNs\":\"{parse_ns}\",\"diffNs\":\"{diff_ns}\",\"writeNs\":\"{write_ns}\"}}"
    );
}

// ----- exports ------------------------------------------------------------------------------

/// One venue: the output bytes (UTF-8 JSON), or the thrown error.
fn run_venue(input: &[u8]) -> napi::Result<Vec<u8>, String> {
    let t0 = Instant::now();
    let parsed = parse_input(input, true)?;
    let parse_ns = t0.elapsed().as_nanos();
    let t1 = Instant::now();
    let mass = &parsed.venues[0];
    let outcome = recon::reconcile(&parsed.state, mass, &parsed.settings).map_err(|e| e.to_js())?;
    let diff_ns = t1.elapsed().as_nanos();
    let t2 = Instant::now();
    let mut out = String::with_capacity(outcome.actions.len() * 64 + 1024);
    write_venue(
        &mut out,
        &outcome.venue,
        &outcome.summary,
        &outcome.actions,
        &mass.fill_reports,
        None,
    );
    // The venue object stays open for its timing.
    out.push(',');
    let write_ns = t2.elapsed().as_nanos();
    write_timing(&mut out, parse_ns, diff_ns, write_ns);
    out.push('}');
    drop_off_thread((parsed, outcome));
    Ok(out.into_bytes())
}

/// Every venue: the output bytes (UTF-8 JSON), or the thrown error (invalid input only).
fn run_all(input: &[u8]) -> napi::Result<Vec<u8>, String> {
    let t0 = Instant::now();
    let parsed = parse_input(input, false)?;
    Ok(reconcile_parsed(parsed, t0.elapsed().as_nanos()))
}

/// Reconciles every parsed venue and writes the `reconcileAll` output.
fn reconcile_parsed(parsed: Parsed, parse_ns: u128) -> Vec<u8> {
    let t1 = Instant::now();
    let results = recon::reconcile_all(&parsed.state, &parsed.venues, &parsed.settings);
    let diff_ns = t1.elapsed().as_nanos();
    let t2 = Instant::now();
    let total: usize = results.iter().map(|r| r.actions.len()).sum();
    let mut out = String::with_capacity(total * 64 + 1024);
    out.push_str("{\"venues\":[");
    for (i, (r, mass)) in results.iter().zip(&parsed.venues).enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_venue(
            &mut out,
            &r.summary.venue,
            &r.summary,
            &r.actions,
            &mass.fill_reports,
            r.error.as_ref(),
        );
        out.push('}');
    }
    out.push_str("],");
    let write_ns = t2.elapsed().as_nanos();
    write_timing(&mut out, parse_ns, diff_ns, write_ns);
    out.push('}');
    drop_off_thread((parsed, results));
    out.into_bytes()
}

/// Reports below which freeing in place costs less than starting a thread.
const DROP_OFF_THREAD_MIN_REPORTS: usize = 10_000;

/// Frees a large reconciliation's millions of small allocations on another thread, so the JS
/// thread gets its answer without waiting for them; small ones are freed here. (If no thread
/// can be spawned, the closure and the value are dropped here instead.)
fn drop_off_thread<T: Send + 'static>(value: (Parsed, T)) {
    let reports: usize = value
        .0
        .venues
        .iter()
        .map(|m| m.order_reports.len() + m.fill_reports.len())
        .sum::<usize>()
        + value.0.state.orders.len();
    if reports < DROP_OFF_THREAD_MIN_REPORTS {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("kairos-recon-drop".to_string())
        .spawn(move || drop(value));
}

fn into_string(bytes: Vec<u8>) -> napi::Result<String, String> {
    // Written from `&str`s and ASCII only: always UTF-8.
    String::from_utf8(bytes).map_err(|e| napi::Error::new("RECON_INTERNAL".to_string(), e))
}

/// Reconciles one venue (`massStatus`) against the cache. Takes and returns the JSON text of
/// the module doc; throws `RECON_INVALID_INPUT` or the venue's `ReconError` code.
#[napi]
pub fn reconcile_venue(input: String) -> napi::Result<String, String> {
    into_string(run_venue(input.as_bytes())?)
}

/// [`reconcile_venue`] on UTF-8 bytes: for large inputs, a `Buffer` crosses without the
/// string conversions (`Buffer.from(json)` in, `JSON.parse(out.toString())` back).
#[napi]
pub fn reconcile_venue_buffer(input: &[u8]) -> napi::Result<napi::bindgen_prelude::Buffer, String> {
    Ok(run_venue(input)?.into())
}

/// Reconciles every venue in `venues`, never stopping at a failed one: each venue's result has
/// `error: null` or `{ code, message }`. Throws only `RECON_INVALID_INPUT`.
#[napi]
pub fn reconcile_all(input: String) -> napi::Result<String, String> {
    into_string(run_all(input.as_bytes())?)
}

/// [`reconcile_all`] on the compact input of one venue (module doc, "Compact input"): the JSON
/// envelope without `cache.orders`, `orderReports` and `fillReports`, which come as text. Same
/// output and errors as [`reconcile_all`].
#[napi]
pub fn reconcile_all_compact(
    envelope: String,
    cached_orders: String,
    order_reports: String,
    fill_reports: String,
) -> napi::Result<String, String> {
    let t0 = Instant::now();
    let parsed = parse_input_compact(&envelope, &cached_orders, &order_reports, &fill_reports)?;
    into_string(reconcile_parsed(parsed, t0.elapsed().as_nanos()))
}

/// [`reconcile_all`] on UTF-8 bytes.
#[napi]
pub fn reconcile_all_buffer(input: &[u8]) -> napi::Result<napi::bindgen_prelude::Buffer, String> {
    Ok(run_all(input)?.into())
}
