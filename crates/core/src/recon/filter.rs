//! Step 2, the settings' filters, in the decisions' order: `filtered_client_order_ids`, then
//! `reconciliation_instrument_ids`, then `filter_position_reports`.
//! (`filter_unclaimed_external_orders` needs to know which orders are external, so the order
//! step applies it; it never touches INTERNAL-DIFF orders, which no report creates.)
//!
//! A fill report goes with its order: it is filtered when its own client order id is filtered,
//! when its instrument is excluded, or when its order's report was filtered.

use std::collections::HashSet;

use super::dedup::Deduped;
use super::input::ReconSettings;
use super::summary::ReportCounts;

pub(crate) fn apply_filters(d: &mut Deduped<'_>, settings: &ReconSettings) -> ReportCounts {
    let mut filtered = ReportCounts::default();
    let client_ids: HashSet<&str> = settings
        .filtered_client_order_ids
        .iter()
        .map(String::as_str)
        .collect();
    let instruments: Option<HashSet<&str>> = settings
        .reconciliation_instrument_ids
        .as_ref()
        .map(|ids| ids.iter().map(String::as_str).collect());
    let included = |instrument: &str| instruments.as_ref().is_none_or(|s| s.contains(instrument));
    let id_filtered = |id: Option<&str>| id.is_some_and(|id| client_ids.contains(id));

    let mut dropped_venue_ids: HashSet<&str> = HashSet::new();
    let before = d.orders.len();
    d.orders.retain(|r| {
        let keep = !id_filtered(r.client_order_id.as_deref()) && included(&r.instrument_id);
        if !keep {
            dropped_venue_ids.insert(&r.venue_order_id);
        }
        keep
    });
    filtered.orders = (before - d.orders.len()) as u64;

    let before = d.fills.len();
    d.fills.retain(|f| {
        !id_filtered(f.client_order_id.as_deref())
            && included(&f.instrument_id)
            && !dropped_venue_ids.contains(f.venue_order_id.as_str())
    });
    filtered.fills = (before - d.fills.len()) as u64;

    let before = d.positions.len();
    if settings.filter_position_reports {
        d.positions.clear();
    } else {
        d.positions.retain(|p| included(&p.instrument_id));
    }
    filtered.positions = (before - d.positions.len()) as u64;
    filtered
}
