//! What one venue's reconciliation produces as it goes: the ordered actions, the summary's counts
//! kept in step with them, the net quantity each position's fills add up to, and interned ids.
//! The order and position steps write here; `reconcile.rs` drives them.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::action::{
    CreateOrder, Discrepancy, DiscrepancyKind, OrderEvent, OrderOrigin, ReconAction, Severity,
};
use super::fxhash::FxMap;
use super::summary::ReconSummary;
use crate::orders::fsm::OrderEventKind;

/// A position: the instrument, and the venue position id under HEDGING.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct PositionKey {
    pub instrument_id: Arc<str>,
    pub position_id: Option<String>,
}

/// Collects actions and keeps the summary's counts in step with them.
pub(crate) struct Output {
    pub account_id: String,
    pub actions: Vec<ReconAction>,
    pub summary: ReconSummary,
    position_deltas: FxMap<PositionKey, i128>,
    interned: FxMap<String, Arc<str>>,
    account_arc: Option<Arc<str>>,
    /// By `OrderEventKind as usize`; folded into the summary at the end.
    event_counts: [u64; OrderEventKind::ALL.len()],
    unknown_instruments: BTreeSet<String>,
}

impl Output {
    pub(crate) fn new(account_id: String, summary: ReconSummary) -> Self {
        let account_arc = Some(Arc::from(account_id.as_str()));
        Self {
            account_id,
            actions: Vec::new(),
            summary,
            position_deltas: FxMap::default(),
            interned: FxMap::default(),
            account_arc,
            event_counts: [0; OrderEventKind::ALL.len()],
            unknown_instruments: BTreeSet::new(),
        }
    }

    /// Events of `kind` emitted so far.
    pub(crate) fn event_count(&self, kind: OrderEventKind) -> u64 {
        self.event_counts[kind as usize]
    }

    pub(crate) fn event(&mut self, event: OrderEvent) {
        self.event_counts[event.kind as usize] += 1;
        self.actions.push(ReconAction::OrderEvent(event));
    }

    pub(crate) fn create(&mut self, create: CreateOrder) {
        match create.origin {
            OrderOrigin::External => self.summary.orders_created_external += 1,
            OrderOrigin::InternalDiff => self.summary.orders_created_internal_diff += 1,
        }
        self.actions
            .push(ReconAction::CreateOrder(Box::new(create)));
    }

    pub(crate) fn discrepancy(&mut self, d: Discrepancy) {
        self.summary.discrepancies += 1;
        if d.fails_venue {
            self.summary.reasons.push(d.to_string());
        }
        self.actions.push(ReconAction::Discrepancy(Box::new(d)));
    }

    /// Reports the first use of an instrument the cache does not know; the venue fails.
    pub(crate) fn unknown_instrument(&mut self, instrument_id: &str) {
        if self.unknown_instruments.insert(instrument_id.to_string()) {
            self.discrepancy(Discrepancy {
                severity: Severity::Error,
                fails_venue: true,
                instrument_id: instrument_id.to_string(),
                client_order_id: None,
                venue_order_id: None,
                kind: DiscrepancyKind::UnknownInstrument,
            });
        }
    }

    pub(crate) fn add_position_delta(&mut self, key: &PositionKey, signed_raw: i128) {
        match self.position_deltas.get_mut(key) {
            Some(v) => *v += signed_raw,
            None => {
                self.position_deltas.insert(key.clone(), signed_raw);
            }
        }
    }

    /// One shared copy of an account id (the venue's own, nearly always).
    pub(crate) fn account(&mut self, account_id: &str) -> Arc<str> {
        match &self.account_arc {
            Some(a) if &**a == account_id => a.clone(),
            _ => self.intern(account_id),
        }
    }

    /// One shared copy of a repeated id (accounts, instruments).
    pub(crate) fn intern(&mut self, s: &str) -> Arc<str> {
        if let Some(a) = self.interned.get(s) {
            return a.clone();
        }
        let a: Arc<str> = Arc::from(s);
        self.interned.insert(s.to_string(), a.clone());
        a
    }

    pub(crate) fn position_delta(&self, key: &PositionKey) -> i128 {
        self.position_deltas.get(key).copied().unwrap_or(0)
    }
}
