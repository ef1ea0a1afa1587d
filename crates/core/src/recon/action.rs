//! What reconciliation returns: a flat, ordered list of actions for the caller to apply.
//!
//! # Applying
//! In list order: `CreateOrder` adds an order in `INITIALIZED`; `OrderEvent` goes through the
//! order state machine like any event (each carries the status it leads to, as a cross-check);
//! `Discrepancy` is logged at its severity. Every event refers to its order by client order id;
//! events for a created order always follow its `CreateOrder`.

use std::sync::Arc;

use crate::enums::{LiquiditySide, OrderSide, OrderStatus, OrderType, PositionSide, TimeInForce};
use crate::orders::fsm::OrderEventKind;
use crate::types::{Money, Price, Quantity};

/// Strategy id of orders discovered at the venue that no strategy claims.
pub const EXTERNAL_STRATEGY_ID: &str = "EXTERNAL";
/// Strategy id of orders generated to align a position.
pub const INTERNAL_DIFF_STRATEGY_ID: &str = "INTERNAL-DIFF";
/// Tag of orders discovered at the venue (kept when a strategy claims them).
pub const VENUE_TAG: &str = "VENUE";
/// Tag of INTERNAL-DIFF orders.
pub const RECONCILIATION_TAG: &str = "RECONCILIATION";

/// One step for the caller. The rarer, larger variants are boxed so that the list, mostly
/// events, stays compact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReconAction {
    CreateOrder(Box<CreateOrder>),
    OrderEvent(OrderEvent),
    Discrepancy(Box<Discrepancy>),
}

/// Why an order is created.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum OrderOrigin {
    /// Found at the venue, unknown to the cache.
    External,
    /// A MARKET order that aligns a position.
    InternalDiff,
}

impl OrderOrigin {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderOrigin::External => "EXTERNAL",
            OrderOrigin::InternalDiff => "INTERNAL_DIFF",
        }
    }
}

/// An order to add to the cache, in `INITIALIZED`; its events follow.
///
/// Ids are `Arc<str>`: one order's events share its ids instead of copying them per event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateOrder {
    pub origin: OrderOrigin,
    pub client_order_id: Arc<str>,
    pub venue_order_id: Arc<str>,
    pub strategy_id: Arc<str>,
    pub tag: &'static str,
    pub account_id: Arc<str>,
    pub instrument_id: Arc<str>,
    pub side: OrderSide,
    pub order_type: OrderType,
    pub time_in_force: TimeInForce,
    pub quantity: Quantity,
    pub price: Option<Price>,
    pub trigger_price: Option<Price>,
    pub position_id: Option<String>,
    pub ts_init: u64,
}

/// The data of a fill event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FillData {
    pub trade_id: String,
    pub side: OrderSide,
    pub last_qty: Quantity,
    pub last_px: Price,
    pub commission: Option<Money>,
    pub liquidity_side: LiquiditySide,
    pub position_id: Option<String>,
    /// True when no fill report exists: the fill was inferred from the order report (or generated
    /// for an INTERNAL-DIFF order).
    pub inferred: bool,
    /// The index in `MassStatus::fill_reports` of the report this fill comes from (`None` when
    /// inferred): a caller that still holds the reports can reuse its own objects.
    pub report_index: Option<usize>,
}

/// New values of a modified order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateData {
    pub quantity: Quantity,
    pub price: Option<Price>,
    pub trigger_price: Option<Price>,
}

/// An event for an order (known, or created earlier in the list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderEvent {
    pub client_order_id: Arc<str>,
    pub venue_order_id: Option<Arc<str>>,
    pub account_id: Arc<str>,
    pub instrument_id: Arc<str>,
    pub kind: OrderEventKind,
    /// The status the state machine moves the order to.
    pub status_after: OrderStatus,
    /// Set for `FILL_PARTIAL`/`FILL_COMPLETE` (boxed: most events of a large run are fills,
    /// but the list stays compact for the others).
    pub fill: Option<Box<FillData>>,
    /// Set for `UPDATED`.
    pub update: Option<Box<UpdateData>>,
    pub reason: Option<String>,
    pub ts_event: u64,
    /// Always true: the event comes from reconciliation, not from the venue's live stream.
    pub reconciliation: bool,
}

/// How loud a discrepancy is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "WARNING",
            Severity::Error => "ERROR",
        }
    }
}

/// A quantity with a side, for positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignedQty {
    pub side: PositionSide,
    pub quantity: Quantity,
}

impl SignedQty {
    /// From a signed raw at a precision.
    pub fn from_raw(raw: i128, precision: u8) -> Self {
        let side = match raw.signum() {
            1 => PositionSide::Long,
            -1 => PositionSide::Short,
            _ => PositionSide::Flat,
        };
        let quantity = Quantity::new_checked(raw.abs(), precision)
            .or_else(|_| Quantity::new_checked(raw.abs(), 16))
            .unwrap_or_else(|_| Quantity::zero(precision));
        SignedQty { side, quantity }
    }
}

impl std::fmt::Display for SignedQty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.side {
            PositionSide::Short => write!(f, "-{}", self.quantity),
            _ => write!(f, "{}", self.quantity),
        }
    }
}

/// What disagreed, with both values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DiscrepancyKind {
    /// A byte-identical repeat of a report, dropped.
    DuplicateOrderReportDropped { venue_order_id: String },
    /// A repeated fill report with the same trade id and data, dropped.
    DuplicateFillReportDropped { trade_id: String },
    /// A known fill whose venue price differs by more than half a tick; the cached fill is kept.
    FillPriceMismatch {
        trade_id: String,
        cached: Price,
        venue: Price,
    },
    /// A known fill whose venue commission differs by more than one unit of the currency's
    /// precision (or in currency); the cached fill is kept.
    FillCommissionMismatch {
        trade_id: String,
        cached: Option<Money>,
        venue: Option<Money>,
    },
    /// The venue reports less filled than the cache holds; the cache is kept.
    VenueLessFilled { cached: Quantity, venue: Quantity },
    /// Fills are missing and no price is known to infer them.
    MissingFillPrice { missing: Quantity },
    /// The venue's status cannot be reached from the cached one through the state machine.
    StatusUnreachable {
        cached: OrderStatus,
        venue: OrderStatus,
        at: OrderStatus,
        event: Option<OrderEventKind>,
    },
    /// A report status no venue can hold (`INITIALIZED`, `SUBMITTED`, `DENIED`, ...).
    InvalidReportStatus { venue: OrderStatus },
    /// Fills exceed the order quantity.
    Overfill {
        quantity: Quantity,
        filled: Quantity,
    },
    /// Fill reports for an order neither the cache nor the order reports know.
    OrphanFills {
        venue_order_id: String,
        count: usize,
    },
    /// A report names an instrument the cache does not know.
    UnknownInstrument,
    /// The position after orders differs from the venue's.
    PositionMismatch {
        position_id: Option<String>,
        internal: SignedQty,
        venue: SignedQty,
    },
    /// A position mismatch that `generate_missing_orders = false` leaves unresolved.
    PositionNotAligned { position_id: Option<String> },
    /// A position mismatch with no price to fill an INTERNAL-DIFF order at.
    NoPriceForInternalDiff { position_id: Option<String> },
}

impl DiscrepancyKind {
    /// The stable code.
    pub const fn code(&self) -> &'static str {
        match self {
            DiscrepancyKind::DuplicateOrderReportDropped { .. } => "DUPLICATE_ORDER_REPORT_DROPPED",
            DiscrepancyKind::DuplicateFillReportDropped { .. } => "DUPLICATE_FILL_REPORT_DROPPED",
            DiscrepancyKind::FillPriceMismatch { .. } => "FILL_PRICE_MISMATCH",
            DiscrepancyKind::FillCommissionMismatch { .. } => "FILL_COMMISSION_MISMATCH",
            DiscrepancyKind::VenueLessFilled { .. } => "VENUE_LESS_FILLED",
            DiscrepancyKind::MissingFillPrice { .. } => "MISSING_FILL_PRICE",
            DiscrepancyKind::StatusUnreachable { .. } => "STATUS_UNREACHABLE",
            DiscrepancyKind::InvalidReportStatus { .. } => "INVALID_REPORT_STATUS",
            DiscrepancyKind::Overfill { .. } => "OVERFILL",
            DiscrepancyKind::OrphanFills { .. } => "ORPHAN_FILLS",
            DiscrepancyKind::UnknownInstrument => "UNKNOWN_INSTRUMENT",
            DiscrepancyKind::PositionMismatch { .. } => "POSITION_MISMATCH",
            DiscrepancyKind::PositionNotAligned { .. } => "POSITION_NOT_ALIGNED",
            DiscrepancyKind::NoPriceForInternalDiff { .. } => "NO_PRICE_FOR_INTERNAL_DIFF",
        }
    }
}

/// A discrepancy to log. `fails_venue` says whether it makes the venue's reconciliation
/// incomplete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Discrepancy {
    pub severity: Severity,
    pub fails_venue: bool,
    pub instrument_id: String,
    pub client_order_id: Option<String>,
    pub venue_order_id: Option<String>,
    pub kind: DiscrepancyKind,
}

impl std::fmt::Display for Discrepancy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use DiscrepancyKind as K;
        write!(f, "{} {}", self.kind.code(), self.instrument_id)?;
        if let Some(id) = &self.client_order_id {
            write!(f, " client_order_id={id}")?;
        }
        if let Some(id) = &self.venue_order_id {
            write!(f, " venue_order_id={id}")?;
        }
        let money = |m: &Option<Money>| m.map_or_else(|| "none".to_string(), |m| m.to_string());
        match &self.kind {
            K::DuplicateOrderReportDropped { venue_order_id } => {
                write!(f, ": repeated report of {venue_order_id} dropped")
            }
            K::DuplicateFillReportDropped { trade_id } => {
                write!(f, ": repeated fill {trade_id} dropped")
            }
            K::FillPriceMismatch {
                trade_id,
                cached,
                venue,
            } => write!(f, ": fill {trade_id} price cached {cached} venue {venue}"),
            K::FillCommissionMismatch {
                trade_id,
                cached,
                venue,
            } => write!(
                f,
                ": fill {trade_id} commission cached {} venue {}",
                money(cached),
                money(venue)
            ),
            K::VenueLessFilled { cached, venue } => {
                write!(f, ": filled cached {cached} venue {venue}")
            }
            K::MissingFillPrice { missing } => {
                write!(f, ": {missing} missing with no price to infer a fill")
            }
            K::StatusUnreachable {
                cached,
                venue,
                at,
                event,
            } => {
                write!(f, ": cached {cached} venue {venue} stuck at {at}")?;
                match event {
                    Some(e) => write!(f, " ({e} not allowed)"),
                    None => Ok(()),
                }
            }
            K::InvalidReportStatus { venue } => write!(f, ": venue status {venue} is invalid"),
            K::Overfill { quantity, filled } => {
                write!(f, ": filled {filled} exceeds quantity {quantity}")
            }
            K::OrphanFills {
                venue_order_id,
                count,
            } => write!(f, ": {count} fills of unknown order {venue_order_id}"),
            K::UnknownInstrument => write!(f, ": instrument unknown to the cache"),
            K::PositionMismatch {
                position_id,
                internal,
                venue,
            } => write!(
                f,
                ": position {} internal {internal} venue {venue}",
                position_id.as_deref().unwrap_or("(net)")
            ),
            K::PositionNotAligned { position_id } => write!(
                f,
                ": position {} not aligned: generate_missing_orders is off",
                position_id.as_deref().unwrap_or("(net)")
            ),
            K::NoPriceForInternalDiff { position_id } => write!(
                f,
                ": position {} not aligned: no average, mid or last price",
                position_id.as_deref().unwrap_or("(net)")
            ),
        }
    }
}
