//! Step 1, the duplicate check.
//!
//! | repeat                                              | outcome                              |
//! |-----------------------------------------------------|--------------------------------------|
//! | order report identical in every field               | dropped, warning                     |
//! | same client order id, other venue id or contents    | the venue fails (`DuplicateClientOrderId`) |
//! | same venue order id, other contents                 | the venue fails (`DuplicateVenueOrderId`) |
//! | fill report, same instrument + trade id, same data  | dropped, warning                     |
//! | same instrument + trade id, other data              | the venue fails (`DuplicateTradeId`) |
//! | position report identical in every field            | dropped, warning                     |
//!
//! One hash lookup per report: O(reports).

use std::collections::HashMap;

use super::action::{Discrepancy, DiscrepancyKind, Severity};
use super::error::ReconError;
use super::input::{FillReport, MassStatus, OrderStatusReport, PositionStatusReport};
use super::summary::ReportCounts;

/// The mass status without repeats.
pub(crate) struct Deduped<'a> {
    pub orders: Vec<&'a OrderStatusReport>,
    pub fills: Vec<&'a FillReport>,
    pub positions: Vec<&'a PositionStatusReport>,
    pub dropped: ReportCounts,
    pub warnings: Vec<Discrepancy>,
}

pub(crate) fn dedup(mass: &MassStatus) -> Result<Deduped<'_>, ReconError> {
    let mut out = Deduped {
        orders: Vec::with_capacity(mass.order_reports.len()),
        fills: Vec::with_capacity(mass.fill_reports.len()),
        positions: Vec::with_capacity(mass.position_reports.len()),
        dropped: ReportCounts::default(),
        warnings: Vec::new(),
    };

    let mut by_venue_id: HashMap<&str, &OrderStatusReport> =
        HashMap::with_capacity(mass.order_reports.len());
    let mut by_client_id: HashMap<&str, &OrderStatusReport> =
        HashMap::with_capacity(mass.order_reports.len());
    for report in &mass.order_reports {
        if let Some(seen) = by_venue_id.get(report.venue_order_id.as_str()) {
            if *seen == report {
                out.dropped.orders += 1;
                out.warnings.push(Discrepancy {
                    severity: Severity::Warning,
                    fails_venue: false,
                    instrument_id: report.instrument_id.clone(),
                    client_order_id: report.client_order_id.clone(),
                    venue_order_id: Some(report.venue_order_id.clone()),
                    kind: DiscrepancyKind::DuplicateOrderReportDropped {
                        venue_order_id: report.venue_order_id.clone(),
                    },
                });
                continue;
            }
            if seen.client_order_id.is_none() || seen.client_order_id != report.client_order_id {
                return Err(ReconError::DuplicateVenueOrderId {
                    venue_order_id: report.venue_order_id.clone(),
                });
            }
        }
        if let Some(client_id) = report.client_order_id.as_deref() {
            if let Some(seen) = by_client_id.get(client_id) {
                return Err(ReconError::DuplicateClientOrderId {
                    client_order_id: client_id.to_string(),
                    first: seen.venue_order_id.clone(),
                    second: report.venue_order_id.clone(),
                });
            }
            by_client_id.insert(client_id, report);
        }
        by_venue_id.insert(&report.venue_order_id, report);
        out.orders.push(report);
    }

    let mut by_trade: HashMap<(&str, &str), &FillReport> =
        HashMap::with_capacity(mass.fill_reports.len());
    for fill in &mass.fill_reports {
        let key = (fill.instrument_id.as_str(), fill.trade_id.as_str());
        match by_trade.get(&key) {
            Some(seen) if *seen == fill => {
                out.dropped.fills += 1;
                out.warnings.push(Discrepancy {
                    severity: Severity::Warning,
                    fails_venue: false,
                    instrument_id: fill.instrument_id.clone(),
                    client_order_id: fill.client_order_id.clone(),
                    venue_order_id: Some(fill.venue_order_id.clone()),
                    kind: DiscrepancyKind::DuplicateFillReportDropped {
                        trade_id: fill.trade_id.clone(),
                    },
                });
            }
            Some(_) => {
                return Err(ReconError::DuplicateTradeId {
                    instrument_id: fill.instrument_id.clone(),
                    trade_id: fill.trade_id.clone(),
                })
            }
            None => {
                by_trade.insert(key, fill);
                out.fills.push(fill);
            }
        }
    }

    for position in &mass.position_reports {
        if out.positions.contains(&position) {
            out.dropped.positions += 1;
            continue;
        }
        out.positions.push(position);
    }
    Ok(out)
}
