//! What the engine says happened, in order.
//!
//! # Ordering invariant
//! The events of one call are in the order they happened at the venue: for an order,
//! `Accepted` comes before its `Triggered`, which comes before its fills, which come before a
//! closing `Canceled`/`Expired`. Fills of one order are in execution order (best price first);
//! across orders, the orders are served by price then time priority. Calling the same commands
//! with the same data on a new engine yields the same events, ids included.

use crate::enums::{LiquiditySide, OrderSide};
use crate::types::{Price, Quantity};

use super::reject::RejectReason;

/// One event about one order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchEvent {
    pub client_order_id: String,
    /// UNIX ns: the time of the call that caused it.
    pub ts: u64,
    pub kind: MatchEventKind,
}

/// One execution against the simulated market.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fill {
    pub venue_order_id: String,
    pub trade_id: String,
    pub side: OrderSide,
    pub last_px: Price,
    pub last_qty: Quantity,
    /// Quantity still open after this fill (zero: the order is filled).
    pub leaves_qty: Quantity,
    pub liquidity_side: LiquiditySide,
}

/// The kinds of [`MatchEvent`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchEventKind {
    Accepted {
        venue_order_id: String,
    },
    Rejected {
        reason: RejectReason,
    },
    Canceled {
        venue_order_id: String,
    },
    Expired {
        venue_order_id: String,
    },
    Triggered {
        venue_order_id: String,
    },
    Updated {
        venue_order_id: String,
        quantity: Quantity,
        price: Option<Price>,
        trigger_price: Option<Price>,
    },
    ModifyRejected {
        reason: RejectReason,
    },
    CancelRejected {
        reason: RejectReason,
    },
    Filled(Fill),
}

impl MatchEventKind {
    /// The wire name of the kind (the `type` discriminant across the binding).
    pub const fn as_str(&self) -> &'static str {
        match self {
            MatchEventKind::Accepted { .. } => "ACCEPTED",
            MatchEventKind::Rejected { .. } => "REJECTED",
            MatchEventKind::Canceled { .. } => "CANCELED",
            MatchEventKind::Expired { .. } => "EXPIRED",
            MatchEventKind::Triggered { .. } => "TRIGGERED",
            MatchEventKind::Updated { .. } => "UPDATED",
            MatchEventKind::ModifyRejected { .. } => "MODIFY_REJECTED",
            MatchEventKind::CancelRejected { .. } => "CANCEL_REJECTED",
            MatchEventKind::Filled(_) => "FILLED",
        }
    }
}
