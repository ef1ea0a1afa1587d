//! Step 4, positions: after the orders, the net quantity of each position (the cached position
//! plus every fill generated for it in this run) against the venue's position report.
//!
//! # Keys
//! NETTING: one position per instrument (cached position ids are ignored). HEDGING: one per venue
//! position id. Only positions the venue reports are compared: a venue that reports nothing
//! (spot) is never taken to mean flat.
//!
//! # Difference
//! `venue - internal`, rounded half-even to the instrument's size precision. Zero: nothing.
//! Otherwise a `POSITION_MISMATCH` discrepancy with both values, then with
//! `generate_missing_orders` one INTERNAL-DIFF MARKET order (BUY when the venue is longer, SELL
//! when shorter; a side flip closes and opens in one order), accepted and filled at the
//! report's average open price, else the last quote's mid, else the last trade. With no price,
//! or without `generate_missing_orders`, the venue fails.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::action::{
    CreateOrder, Discrepancy, DiscrepancyKind, FillData, OrderEvent, OrderOrigin, Severity,
    SignedQty, INTERNAL_DIFF_STRATEGY_ID, RECONCILIATION_TAG,
};
use super::fxhash::FxMap;
use super::ids::{IdHasher, DIFF_PREFIX, DIFF_TRADE_PREFIX, DIFF_VENUE_PREFIX};
use super::input::{CachedState, PositionStatusReport, ReconSettings};
use super::output::{Output, PositionKey};
use super::wide::round_raw;
use crate::enums::{LiquiditySide, OmsType, OrderSide, OrderStatus, OrderType, TimeInForce};
use crate::orders::fsm::OrderEventKind;
use crate::types::Quantity;

pub(crate) fn reconcile_positions(
    out: &mut Output,
    venue: &str,
    state: &CachedState,
    settings: &ReconSettings,
    reports: &[&PositionStatusReport],
) {
    let hedging = |instrument_id: &str| {
        state
            .instruments
            .get(instrument_id)
            .is_some_and(|i| i.oms_type == OmsType::Hedging)
    };
    let key_of = |instrument_id: &str, position_id: Option<&String>| PositionKey {
        instrument_id: Arc::from(instrument_id),
        position_id: if hedging(instrument_id) {
            position_id.cloned()
        } else {
            None
        },
    };

    // Venue side, grouped by key in sorted order.
    let mut venue_positions: BTreeMap<PositionKey, (i128, &PositionStatusReport)> = BTreeMap::new();
    for r in reports {
        let entry = venue_positions
            .entry(key_of(&r.instrument_id, r.venue_position_id.as_ref()))
            .or_insert((0, r));
        entry.0 += r.signed_raw();
    }
    let mut cached: FxMap<PositionKey, i128> = FxMap::default();
    for p in &state.positions {
        *cached
            .entry(key_of(&p.instrument_id, p.position_id.as_ref()))
            .or_default() += p.signed_raw();
    }

    for (key, (venue_raw, report)) in venue_positions {
        let Some(instrument) = state.instruments.get(&*key.instrument_id) else {
            out.unknown_instrument(&key.instrument_id);
            continue;
        };
        let internal = cached.get(&key).copied().unwrap_or(0) + out.position_delta(&key);
        let size_precision = instrument.size_precision;
        let diff = round_raw(venue_raw - internal, size_precision);
        if diff == 0 {
            continue;
        }
        let price = report
            .avg_px_open
            .or_else(|| state.prices.get(&*key.instrument_id).and_then(|p| p.mid))
            .or_else(|| state.prices.get(&*key.instrument_id).and_then(|p| p.last));
        let failure = if !settings.generate_missing_orders {
            Some(DiscrepancyKind::PositionNotAligned {
                position_id: key.position_id.clone(),
            })
        } else if price.is_none() {
            Some(DiscrepancyKind::NoPriceForInternalDiff {
                position_id: key.position_id.clone(),
            })
        } else {
            None
        };
        let discrepancy = |kind, fails_venue| Discrepancy {
            severity: if fails_venue {
                Severity::Error
            } else {
                Severity::Warning
            },
            fails_venue,
            instrument_id: key.instrument_id.to_string(),
            client_order_id: None,
            venue_order_id: None,
            kind,
        };
        out.discrepancy(discrepancy(
            DiscrepancyKind::PositionMismatch {
                position_id: key.position_id.clone(),
                internal: SignedQty::from_raw(internal, size_precision),
                venue: SignedQty::from_raw(venue_raw, size_precision),
            },
            failure.is_some(),
        ));
        if let Some(kind) = failure {
            out.discrepancy(discrepancy(kind, true));
            continue;
        }
        let Some(price) = price else { continue };

        let hash = |domain: &str| {
            IdHasher::new(domain)
                .str(venue)
                .str(&report.account_id)
                .str(&key.instrument_id)
                .opt_str(key.position_id.as_deref())
                .i128(internal)
                .i128(venue_raw)
                .i128(price.raw())
                .u64(report.ts_last)
                .id(domain)
        };
        let client_order_id: Arc<str> = hash(DIFF_PREFIX).into();
        let venue_order_id: Arc<str> = hash(DIFF_VENUE_PREFIX).into();
        let account_id = out.intern(&report.account_id);
        let instrument_id = out.intern(&key.instrument_id);
        let side = if diff > 0 {
            OrderSide::Buy
        } else {
            OrderSide::Sell
        };
        let quantity = Quantity::new(diff.abs(), size_precision);
        out.create(CreateOrder {
            origin: OrderOrigin::InternalDiff,
            client_order_id: client_order_id.clone(),
            venue_order_id: venue_order_id.clone(),
            strategy_id: Arc::from(INTERNAL_DIFF_STRATEGY_ID),
            tag: RECONCILIATION_TAG,
            account_id: account_id.clone(),
            instrument_id: instrument_id.clone(),
            side,
            order_type: OrderType::Market,
            time_in_force: TimeInForce::Ioc,
            quantity,
            price: None,
            trigger_price: None,
            position_id: key.position_id.clone(),
            ts_init: report.ts_last,
        });
        let event = |kind, status_after, fill| OrderEvent {
            client_order_id: client_order_id.clone(),
            venue_order_id: Some(venue_order_id.clone()),
            account_id: account_id.clone(),
            instrument_id: instrument_id.clone(),
            kind,
            status_after,
            fill,
            update: None,
            reason: None,
            ts_event: report.ts_last,
            reconciliation: true,
        };
        // INITIALIZED -> ACCEPTED -> FILLED, both rows of the table.
        out.event(event(OrderEventKind::Accepted, OrderStatus::Accepted, None));
        out.event(event(
            OrderEventKind::FillComplete,
            OrderStatus::Filled,
            Some(Box::new(FillData {
                trade_id: hash(DIFF_TRADE_PREFIX),
                side,
                last_qty: quantity,
                last_px: price,
                commission: None,
                liquidity_side: LiquiditySide::NoLiquiditySide,
                position_id: key.position_id.clone(),
                inferred: true,
                report_index: None,
            })),
        ));
        out.add_position_delta(&key, diff);
    }
}
