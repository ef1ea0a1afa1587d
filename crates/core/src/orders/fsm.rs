//! The order state machine: one flat table of `(status, event) -> outcome`.
//!
//! This table is the only copy of the rule. Reconciliation uses it here; the binding exports it
//! as data once at load ([`table`]) and TypeScript orders transition through a lookup built
//! from it.
//!
//! # Outcomes
//! Most rows name the next status. Three events undo a pending request instead: a rejected
//! modify or cancel, and an update that acknowledges a modify, return the order to the status it
//! had before `PENDING_UPDATE`/`PENDING_CANCEL` ([`Transition::Previous`]). The caller keeps that
//! previous status; the table only says "go back".
//!
//! # Fills
//! A fill is `FillPartial` or `FillComplete` depending on the quantity left; the caller decides
//! which, the table decides whether either is allowed.

use std::fmt;

use thiserror::Error;

use crate::enums::OrderStatus;

/// The events that move an order, as the table sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrderEventKind {
    Denied,
    Emulated,
    Released,
    Submitted,
    Accepted,
    Rejected,
    Canceled,
    Expired,
    Triggered,
    PendingUpdate,
    PendingCancel,
    ModifyRejected,
    CancelRejected,
    Updated,
    FillPartial,
    FillComplete,
}

impl OrderEventKind {
    /// Every event kind, in declaration order.
    pub const ALL: &'static [OrderEventKind] = &[
        OrderEventKind::Denied,
        OrderEventKind::Emulated,
        OrderEventKind::Released,
        OrderEventKind::Submitted,
        OrderEventKind::Accepted,
        OrderEventKind::Rejected,
        OrderEventKind::Canceled,
        OrderEventKind::Expired,
        OrderEventKind::Triggered,
        OrderEventKind::PendingUpdate,
        OrderEventKind::PendingCancel,
        OrderEventKind::ModifyRejected,
        OrderEventKind::CancelRejected,
        OrderEventKind::Updated,
        OrderEventKind::FillPartial,
        OrderEventKind::FillComplete,
    ];

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderEventKind::Denied => "DENIED",
            OrderEventKind::Emulated => "EMULATED",
            OrderEventKind::Released => "RELEASED",
            OrderEventKind::Submitted => "SUBMITTED",
            OrderEventKind::Accepted => "ACCEPTED",
            OrderEventKind::Rejected => "REJECTED",
            OrderEventKind::Canceled => "CANCELED",
            OrderEventKind::Expired => "EXPIRED",
            OrderEventKind::Triggered => "TRIGGERED",
            OrderEventKind::PendingUpdate => "PENDING_UPDATE",
            OrderEventKind::PendingCancel => "PENDING_CANCEL",
            OrderEventKind::ModifyRejected => "MODIFY_REJECTED",
            OrderEventKind::CancelRejected => "CANCEL_REJECTED",
            OrderEventKind::Updated => "UPDATED",
            OrderEventKind::FillPartial => "FILL_PARTIAL",
            OrderEventKind::FillComplete => "FILL_COMPLETE",
        }
    }
}

impl fmt::Display for OrderEventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an allowed event does to the status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transition {
    /// Move to this status.
    To(OrderStatus),
    /// Return to the status held before the pending request.
    Previous,
}

/// An event the table does not allow in the current status. Nothing changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[error("invalid order transition: {event} in status {status}")]
pub struct TransitionError {
    pub status: OrderStatus,
    pub event: OrderEventKind,
}

/// The table. One row per allowed `(status, event)`; anything else is an error.
pub const fn transition(
    status: OrderStatus,
    event: OrderEventKind,
) -> Result<Transition, TransitionError> {
    use OrderEventKind as E;
    use OrderStatus as S;
    use Transition::{Previous, To};
    let next = match (status, event) {
        (S::Initialized, E::Denied) => To(S::Denied),
        (S::Initialized, E::Emulated) => To(S::Emulated),
        (S::Initialized, E::Released) => To(S::Released),
        (S::Initialized, E::Submitted) => To(S::Submitted),
        // External and reconciled orders start from a venue report, not a submit.
        (S::Initialized, E::Accepted) => To(S::Accepted),
        (S::Initialized, E::Rejected) => To(S::Rejected),
        (S::Initialized, E::Canceled) => To(S::Canceled),
        (S::Initialized, E::Expired) => To(S::Expired),
        (S::Initialized, E::Triggered) => To(S::Triggered),
        (S::Initialized, E::Updated) => To(S::Initialized),
        (S::Emulated, E::Canceled) => To(S::Canceled),
        (S::Emulated, E::Expired) => To(S::Expired),
        (S::Emulated, E::Released) => To(S::Released),
        (S::Emulated, E::Updated) => To(S::Emulated),
        (S::Released, E::Submitted) => To(S::Submitted),
        (S::Released, E::Denied) => To(S::Denied),
        (S::Released, E::Canceled) => To(S::Canceled),
        (S::Submitted, E::Accepted) => To(S::Accepted),
        (S::Submitted, E::Rejected) => To(S::Rejected),
        // IOC/FOK: a venue may cancel or expire without ever acknowledging.
        (S::Submitted, E::Canceled) => To(S::Canceled),
        (S::Submitted, E::Expired) => To(S::Expired),
        (S::Submitted, E::Triggered) => To(S::Triggered),
        (S::Submitted, E::PendingUpdate) => To(S::PendingUpdate),
        (S::Submitted, E::PendingCancel) => To(S::PendingCancel),
        (S::Submitted, E::Updated) => To(S::Submitted),
        // A fill may be the first thing the venue tells us (market orders, lost acks).
        (S::Submitted, E::FillPartial) => To(S::PartiallyFilled),
        (S::Submitted, E::FillComplete) => To(S::Filled),
        // A stop-limit can be rejected after acceptance, when it triggers.
        (S::Accepted, E::Rejected) => To(S::Rejected),
        (S::Accepted, E::Canceled) => To(S::Canceled),
        (S::Accepted, E::Expired) => To(S::Expired),
        (S::Accepted, E::Triggered) => To(S::Triggered),
        (S::Accepted, E::PendingUpdate) => To(S::PendingUpdate),
        (S::Accepted, E::PendingCancel) => To(S::PendingCancel),
        // Venues may modify or reject a modify without a pending request from us.
        (S::Accepted, E::Updated) => To(S::Accepted),
        (S::Accepted, E::ModifyRejected) => To(S::Accepted),
        (S::Accepted, E::CancelRejected) => To(S::Accepted),
        (S::Accepted, E::FillPartial) => To(S::PartiallyFilled),
        (S::Accepted, E::FillComplete) => To(S::Filled),
        (S::Triggered, E::Rejected) => To(S::Rejected),
        (S::Triggered, E::Canceled) => To(S::Canceled),
        (S::Triggered, E::Expired) => To(S::Expired),
        (S::Triggered, E::PendingUpdate) => To(S::PendingUpdate),
        (S::Triggered, E::PendingCancel) => To(S::PendingCancel),
        (S::Triggered, E::Updated) => To(S::Triggered),
        (S::Triggered, E::ModifyRejected) => To(S::Triggered),
        (S::Triggered, E::CancelRejected) => To(S::Triggered),
        (S::Triggered, E::FillPartial) => To(S::PartiallyFilled),
        (S::Triggered, E::FillComplete) => To(S::Filled),
        (S::PendingUpdate, E::Accepted) => To(S::Accepted),
        (S::PendingUpdate, E::Rejected) => To(S::Rejected),
        (S::PendingUpdate, E::Canceled) => To(S::Canceled),
        (S::PendingUpdate, E::Expired) => To(S::Expired),
        (S::PendingUpdate, E::Triggered) => To(S::Triggered),
        // Several modifies may be outstanding at once.
        (S::PendingUpdate, E::PendingUpdate) => To(S::PendingUpdate),
        (S::PendingUpdate, E::PendingCancel) => To(S::PendingCancel),
        (S::PendingUpdate, E::Updated) => Previous,
        (S::PendingUpdate, E::ModifyRejected) => Previous,
        (S::PendingUpdate, E::CancelRejected) => To(S::PendingUpdate),
        (S::PendingUpdate, E::FillPartial) => To(S::PartiallyFilled),
        (S::PendingUpdate, E::FillComplete) => To(S::Filled),
        // A cancel that the venue refused leaves the order as it was.
        (S::PendingCancel, E::Accepted) => To(S::Accepted),
        (S::PendingCancel, E::Rejected) => To(S::Rejected),
        (S::PendingCancel, E::Canceled) => To(S::Canceled),
        (S::PendingCancel, E::Expired) => To(S::Expired),
        (S::PendingCancel, E::PendingCancel) => To(S::PendingCancel),
        (S::PendingCancel, E::Updated) => To(S::PendingCancel),
        (S::PendingCancel, E::ModifyRejected) => To(S::PendingCancel),
        (S::PendingCancel, E::CancelRejected) => Previous,
        (S::PendingCancel, E::FillPartial) => To(S::PartiallyFilled),
        (S::PendingCancel, E::FillComplete) => To(S::Filled),
        (S::PartiallyFilled, E::Canceled) => To(S::Canceled),
        (S::PartiallyFilled, E::Expired) => To(S::Expired),
        (S::PartiallyFilled, E::PendingUpdate) => To(S::PendingUpdate),
        (S::PartiallyFilled, E::PendingCancel) => To(S::PendingCancel),
        (S::PartiallyFilled, E::Updated) => To(S::PartiallyFilled),
        (S::PartiallyFilled, E::ModifyRejected) => To(S::PartiallyFilled),
        (S::PartiallyFilled, E::CancelRejected) => To(S::PartiallyFilled),
        (S::PartiallyFilled, E::FillPartial) => To(S::PartiallyFilled),
        (S::PartiallyFilled, E::FillComplete) => To(S::Filled),
        // A fill can cross our cancel (or the venue's expiry) on the wire: the fill is real.
        (S::Canceled, E::FillPartial) => To(S::PartiallyFilled),
        (S::Canceled, E::FillComplete) => To(S::Filled),
        (S::Expired, E::FillPartial) => To(S::PartiallyFilled),
        (S::Expired, E::FillComplete) => To(S::Filled),
        _ => return Err(TransitionError { status, event }),
    };
    Ok(next)
}

/// One allowed row of the table, as data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TableRow {
    pub status: OrderStatus,
    pub event: OrderEventKind,
    pub outcome: Transition,
}

/// Every allowed row, in `(status, event)` declaration order. The binding exports this once.
pub fn table() -> Vec<TableRow> {
    let mut rows = Vec::new();
    for &status in OrderStatus::ALL {
        for &event in OrderEventKind::ALL {
            if let Ok(outcome) = transition(status, event) {
                rows.push(TableRow {
                    status,
                    event,
                    outcome,
                });
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;
    use OrderEventKind as E;
    use OrderStatus as S;

    #[rstest]
    #[case::submit(S::Initialized, E::Submitted, Transition::To(S::Submitted))]
    #[case::ack(S::Submitted, E::Accepted, Transition::To(S::Accepted))]
    #[case::inflight_fill(S::Submitted, E::FillComplete, Transition::To(S::Filled))]
    #[case::fill_after_cancel(S::Canceled, E::FillPartial, Transition::To(S::PartiallyFilled))]
    #[case::modify_ack(S::PendingUpdate, E::Updated, Transition::Previous)]
    #[case::modify_nack(S::PendingUpdate, E::ModifyRejected, Transition::Previous)]
    #[case::cancel_nack(S::PendingCancel, E::CancelRejected, Transition::Previous)]
    #[case::ioc_expiry(S::Submitted, E::Expired, Transition::To(S::Expired))]
    fn allowed_transitions(
        #[case] status: OrderStatus,
        #[case] event: OrderEventKind,
        #[case] expected: Transition,
    ) {
        assert_eq!(transition(status, event), Ok(expected));
    }

    #[rstest]
    #[case::fill_after_filled(S::Filled, E::FillPartial)]
    #[case::accept_after_reject(S::Rejected, E::Accepted)]
    #[case::cancel_after_filled(S::Filled, E::Canceled)]
    #[case::denied_is_final(S::Denied, E::Submitted)]
    #[case::no_resubmit(S::Accepted, E::Submitted)]
    fn refused_transitions_name_status_and_event(
        #[case] status: OrderStatus,
        #[case] event: OrderEventKind,
    ) {
        let err = transition(status, event).unwrap_err();
        assert_eq!(err, TransitionError { status, event });
        assert!(err.to_string().contains(status.as_str()));
        assert!(err.to_string().contains(event.as_str()));
    }

    #[test]
    fn closed_statuses_accept_nothing_but_a_late_fill() {
        for &status in S::ALL.iter().filter(|s| s.is_closed()) {
            for &event in E::ALL {
                let late_fill = matches!(status, S::Canceled | S::Expired)
                    && matches!(event, E::FillPartial | E::FillComplete);
                assert_eq!(
                    transition(status, event).is_ok(),
                    late_fill,
                    "{status} x {event}"
                );
            }
        }
    }

    #[test]
    fn previous_only_from_pending_statuses() {
        for row in table() {
            if row.outcome == Transition::Previous {
                assert!(
                    matches!(row.status, S::PendingUpdate | S::PendingCancel),
                    "{row:?}"
                );
            }
        }
    }

    #[test]
    fn table_lists_every_allowed_pair_once() {
        let rows = table();
        let total = S::ALL.len() * E::ALL.len();
        let allowed = S::ALL
            .iter()
            .flat_map(|s| E::ALL.iter().map(move |e| (*s, *e)))
            .filter(|(s, e)| transition(*s, *e).is_ok())
            .count();
        assert_eq!(rows.len(), allowed);
        assert!(rows.len() < total);
    }
}
