//! What reconciliation reads: the cached state, one venue's mass status, and the settings.
//!
//! Plain data, built once by the caller (the binding parses it from the wire). Every value is an
//! exact type (`Price`, `Quantity`, `Money`); timestamps are UNIX nanoseconds.

use std::collections::BTreeMap;

use crate::enums::{
    LiquiditySide, OmsType, OrderSide, OrderStatus, OrderType, PositionSide, TimeInForce,
};
use crate::types::{Money, Price, Quantity};

/// What reconciliation needs to know of an instrument.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InstrumentSpec {
    pub instrument_id: String,
    /// Decimals of a price tick: fill prices within half a tick agree.
    pub price_precision: u8,
    /// Decimals of a size step: position differences are rounded to it.
    pub size_precision: u8,
    /// NETTING: one position per instrument. HEDGING: one per venue position id.
    pub oms_type: OmsType,
}

/// The last market prices known for an instrument, to price INTERNAL-DIFF fills.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MarketPrices {
    /// Mid of the last quote.
    pub mid: Option<Price>,
    /// Price of the last trade.
    pub last: Option<Price>,
}

/// A fill the cache already holds for an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedFill {
    pub trade_id: String,
    pub last_qty: Quantity,
    pub last_px: Price,
    pub commission: Option<Money>,
    pub ts_event: u64,
}

/// An order as the cache holds it, with its fills.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedOrder {
    pub client_order_id: String,
    pub venue_order_id: Option<String>,
    pub strategy_id: String,
    pub instrument_id: String,
    pub side: OrderSide,
    pub order_type: OrderType,
    pub quantity: Quantity,
    pub price: Option<Price>,
    pub trigger_price: Option<Price>,
    pub status: OrderStatus,
    /// The status before `PENDING_UPDATE`/`PENDING_CANCEL`, where the order is in one.
    pub previous_status: Option<OrderStatus>,
    /// The position the order's fills go to (HEDGING).
    pub position_id: Option<String>,
    pub fills: Vec<CachedFill>,
}

impl CachedOrder {
    /// Sum of the cached fills, as a raw.
    pub fn filled_raw(&self) -> i128 {
        self.fills.iter().map(|f| f.last_qty.raw()).sum()
    }
}

/// A position as the cache holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CachedPosition {
    pub instrument_id: String,
    /// The venue position id (HEDGING); `None` under NETTING.
    pub position_id: Option<String>,
    pub side: PositionSide,
    pub quantity: Quantity,
}

impl CachedPosition {
    /// Signed quantity raw: long positive, short negative.
    pub fn signed_raw(&self) -> i128 {
        signed(self.side, self.quantity)
    }
}

/// Everything reconciliation reads from the engine's side.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CachedState {
    pub orders: Vec<CachedOrder>,
    pub positions: Vec<CachedPosition>,
    /// By instrument id. Every instrument a report names must be here.
    pub instruments: BTreeMap<String, InstrumentSpec>,
    /// By instrument id; may be empty.
    pub prices: BTreeMap<String, MarketPrices>,
}

/// The venue's view of one order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderStatusReport {
    pub account_id: String,
    pub instrument_id: String,
    /// Absent for orders placed outside Kairos (or by venues that do not echo it).
    pub client_order_id: Option<String>,
    pub venue_order_id: String,
    pub side: OrderSide,
    pub order_type: OrderType,
    pub time_in_force: TimeInForce,
    pub status: OrderStatus,
    pub quantity: Quantity,
    pub filled_qty: Quantity,
    pub price: Option<Price>,
    pub trigger_price: Option<Price>,
    /// Average fill price, where the venue gives it.
    pub avg_px: Option<Price>,
    pub venue_position_id: Option<String>,
    /// Why the venue rejected, canceled or expired it, where it says.
    pub reason: Option<String>,
    pub ts_accepted: u64,
    pub ts_last: u64,
}

/// The venue's view of one trade of an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FillReport {
    pub account_id: String,
    pub instrument_id: String,
    pub venue_order_id: String,
    pub client_order_id: Option<String>,
    pub trade_id: String,
    pub side: OrderSide,
    pub last_qty: Quantity,
    pub last_px: Price,
    pub commission: Option<Money>,
    pub liquidity_side: LiquiditySide,
    pub venue_position_id: Option<String>,
    pub ts_event: u64,
}

/// The venue's view of one position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PositionStatusReport {
    pub account_id: String,
    pub instrument_id: String,
    /// Set by venues in hedge mode.
    pub venue_position_id: Option<String>,
    pub side: PositionSide,
    pub quantity: Quantity,
    pub avg_px_open: Option<Price>,
    pub ts_last: u64,
}

impl PositionStatusReport {
    /// Signed quantity raw: long positive, short negative.
    pub fn signed_raw(&self) -> i128 {
        signed(self.side, self.quantity)
    }
}

/// One venue's answer to the three report queries. A failed or timed-out query is the caller's
/// failure: it never becomes an empty list here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MassStatus {
    pub venue: String,
    pub account_id: String,
    pub order_reports: Vec<OrderStatusReport>,
    pub fill_reports: Vec<FillReport>,
    pub position_reports: Vec<PositionStatusReport>,
}

/// A strategy's claim on the external orders of some instruments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExternalOrderClaim {
    pub strategy_id: String,
    pub instrument_ids: Vec<String>,
}

/// The settings of the spec that shape the diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReconSettings {
    /// Reports with these client order ids are ignored (with their fills).
    pub filtered_client_order_ids: Vec<String>,
    /// When set, only reports of these instruments are reconciled.
    pub reconciliation_instrument_ids: Option<Vec<String>>,
    /// Drop external orders no strategy claims (never INTERNAL-DIFF orders).
    pub filter_unclaimed_external_orders: bool,
    /// Skip position reconciliation.
    pub filter_position_reports: bool,
    /// Align positions with INTERNAL-DIFF market orders; without it a mismatch fails the venue.
    pub generate_missing_orders: bool,
    pub external_order_claims: Vec<ExternalOrderClaim>,
}

impl Default for ReconSettings {
    /// The spec's defaults.
    fn default() -> Self {
        Self {
            filtered_client_order_ids: Vec::new(),
            reconciliation_instrument_ids: None,
            filter_unclaimed_external_orders: false,
            filter_position_reports: false,
            generate_missing_orders: true,
            external_order_claims: Vec::new(),
        }
    }
}

/// Long positive, short negative, flat zero.
pub fn signed(side: PositionSide, quantity: Quantity) -> i128 {
    match side {
        PositionSide::Long => quantity.raw(),
        PositionSide::Short => -quantity.raw(),
        PositionSide::Flat => 0,
    }
}
