//! Step 1, the duplicate check.
//!
//! | repeat                                                  | outcome                                  |
//! |---------------------------------------------------------|------------------------------------------|
//! | order report identical in every field                   | dropped, warning                         |
//! | same client order id, other venue id or contents        | the venue fails (`DuplicateClientOrderId`) |
//! | same venue order id, other client id or contents        | the venue fails (`DuplicateVenueOrderId`) |
//! | fill report of one order, same trade id, same data      | dropped, warning                         |
//! | fill report of one order, same trade id, other data     | the venue fails (`DuplicateTradeId`)     |
//! | position report identical in every field                | dropped, counted                         |
//!
//! Trade ids are checked per order: in a self-trade the venue reports one trade id on the
//! buying and the selling order, and both fills are real.
//!
//! Order reports cost one hash lookup each (the driver's venue-id index doubles as the check);
//! fills are checked inside their order's group by sorting it, so the check adds no lookup.
//! Warnings are emitted sorted by venue order id, whatever the input order.

use super::action::{Discrepancy, DiscrepancyKind, Severity};
use super::error::ReconError;
use super::input::{FillReport, OrderStatusReport, PositionStatusReport};

/// A second order report with the venue order id of `seen`: `Ok(())` when it is an identical
/// repeat to drop, the error otherwise.
pub(crate) fn check_order_repeat(
    seen: &OrderStatusReport,
    report: &OrderStatusReport,
) -> Result<(), ReconError> {
    if seen == report {
        return Ok(());
    }
    match (&seen.client_order_id, &report.client_order_id) {
        (Some(a), Some(b)) if a == b => Err(ReconError::DuplicateClientOrderId {
            client_order_id: a.clone(),
            first: seen.venue_order_id.clone(),
            second: report.venue_order_id.clone(),
        }),
        _ => Err(ReconError::DuplicateVenueOrderId {
            venue_order_id: report.venue_order_id.clone(),
        }),
    }
}

/// The warning for a dropped order report.
pub(crate) fn order_repeat_warning(report: &OrderStatusReport) -> Discrepancy {
    Discrepancy {
        severity: Severity::Warning,
        fails_venue: false,
        instrument_id: report.instrument_id.clone(),
        client_order_id: report.client_order_id.clone(),
        venue_order_id: Some(report.venue_order_id.clone()),
        kind: DiscrepancyKind::DuplicateOrderReportDropped {
            venue_order_id: report.venue_order_id.clone(),
        },
    }
}

/// Drops identical repeats from one order's fills (pushing a warning for each) and fails on a
/// trade id with two different fills. Leaves the fills sorted by `(ts_event, trade id)`.
/// Returns the number dropped.
pub(crate) fn dedup_order_fills(
    fills: &mut Vec<&FillReport>,
    warnings: &mut Vec<Discrepancy>,
) -> Result<u64, ReconError> {
    if fills.len() < 2 {
        return Ok(0);
    }
    fills.sort_unstable_by(|a, b| (&a.trade_id, a.ts_event).cmp(&(&b.trade_id, b.ts_event)));
    let mut dropped = 0;
    let mut i = 1;
    while i < fills.len() {
        let (prev, cur) = (fills[i - 1], fills[i]);
        if prev.trade_id != cur.trade_id {
            i += 1;
            continue;
        }
        if prev != cur {
            return Err(ReconError::DuplicateTradeId {
                instrument_id: cur.instrument_id.clone(),
                trade_id: cur.trade_id.clone(),
            });
        }
        warnings.push(Discrepancy {
            severity: Severity::Warning,
            fails_venue: false,
            instrument_id: cur.instrument_id.clone(),
            client_order_id: cur.client_order_id.clone(),
            venue_order_id: Some(cur.venue_order_id.clone()),
            kind: DiscrepancyKind::DuplicateFillReportDropped {
                trade_id: cur.trade_id.clone(),
            },
        });
        fills.remove(i);
        dropped += 1;
    }
    fills.sort_unstable_by(|a, b| (a.ts_event, &a.trade_id).cmp(&(b.ts_event, &b.trade_id)));
    Ok(dropped)
}

/// Position reports without identical repeats; returns the number dropped.
pub(crate) fn dedup_positions<'a>(
    reports: impl Iterator<Item = &'a PositionStatusReport>,
    out: &mut Vec<&'a PositionStatusReport>,
) -> u64 {
    let mut dropped = 0;
    for r in reports {
        if out.contains(&r) {
            dropped += 1;
        } else {
            out.push(r);
        }
    }
    dropped
}
