//! The one summary of a venue's reconciliation.

use std::collections::BTreeMap;

use crate::orders::fsm::OrderEventKind;

/// Counts by report kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReportCounts {
    pub orders: u64,
    pub fills: u64,
    pub positions: u64,
}

/// Per venue: what was seen, what was generated, and whether the venue is reconciled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReconSummary {
    pub venue: String,
    /// Reports received, before any dedup or filter.
    pub reports: ReportCounts,
    /// Repeats dropped by the duplicate check.
    pub duplicates_dropped: ReportCounts,
    /// Reports left out by the settings' filters.
    pub filtered: ReportCounts,
    /// Events generated, by kind (kinds with none are absent).
    pub events: BTreeMap<OrderEventKind, u64>,
    pub orders_created_external: u64,
    pub orders_created_internal_diff: u64,
    pub discrepancies: u64,
    /// True when every step succeeded: the node may start strategies for this venue.
    pub complete: bool,
    /// Why the venue is not reconciled (empty when complete).
    pub reasons: Vec<String>,
}

impl ReconSummary {
    /// Total events generated.
    pub fn events_total(&self) -> u64 {
        self.events.values().sum()
    }
}
