//! Book inputs: deltas, depth snapshots, and the flags they carry.

use crate::enums::{BookAction, OrderSide};
use crate::types::{Price, Quantity};

/// Last delta of a venue message: the book is consistent after it.
pub const F_LAST: u8 = 1 << 7;
/// Top-of-book message.
pub const F_TOB: u8 = 1 << 6;
/// Part of a snapshot (a CLEAR followed by ADDs).
pub const F_SNAPSHOT: u8 = 1 << 5;

/// One change to a book.
///
/// Prices and sizes are raws at `FIXED_SCALE` so the hot path never rebuilds a value type;
/// the book checks them against its own precisions. `order_id` matters only to `L3_MBO` books,
/// and a `sequence` of 0 means "not given" (the book keeps its last sequence).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookDelta {
    pub action: BookAction,
    pub side: OrderSide,
    /// Price raw at `FIXED_SCALE`.
    pub price: i128,
    /// Size raw at `FIXED_SCALE`; never negative.
    pub size: i128,
    pub order_id: u64,
    pub flags: u8,
    pub sequence: u64,
    pub ts_event: u64,
    pub ts_init: u64,
}

impl BookDelta {
    /// A delta from value types, with no order id, flags, sequence or timestamps.
    pub fn new(action: BookAction, side: OrderSide, price: Price, size: Quantity) -> Self {
        Self {
            action,
            side,
            price: price.raw(),
            size: size.raw(),
            order_id: 0,
            flags: 0,
            sequence: 0,
            ts_event: 0,
            ts_init: 0,
        }
    }

    /// A CLEAR of the whole book.
    pub fn clear(sequence: u64, ts_event: u64) -> Self {
        Self {
            sequence,
            ts_event,
            ..Self::new(
                BookAction::Clear,
                OrderSide::Buy,
                Price::zero(0),
                Quantity::zero(0),
            )
        }
    }

    /// The same delta with an order id.
    pub const fn with_order_id(mut self, order_id: u64) -> Self {
        self.order_id = order_id;
        self
    }

    /// The same delta with flags.
    pub const fn with_flags(mut self, flags: u8) -> Self {
        self.flags = flags;
        self
    }

    /// The same delta with a sequence and timestamps.
    pub const fn with_times(mut self, sequence: u64, ts_event: u64, ts_init: u64) -> Self {
        self.sequence = sequence;
        self.ts_event = ts_event;
        self.ts_init = ts_init;
        self
    }
}

/// One level of a depth snapshot; a zero size marks an empty slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DepthLevel {
    pub price: Price,
    pub size: Quantity,
    pub orders: u32,
}

/// A snapshot of the best 10 levels per side (best first) that replaces the whole book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderBookDepth10 {
    pub bids: [Option<DepthLevel>; 10],
    pub asks: [Option<DepthLevel>; 10],
    pub flags: u8,
    pub sequence: u64,
    pub ts_event: u64,
    pub ts_init: u64,
}

/// A fill a book would give an order, from [`crate::book::OrderBook::simulate_fills`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fill {
    pub price: Price,
    pub size: Quantity,
}

/// An order to walk the book with: a market order when `price` is `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SimOrder {
    pub side: OrderSide,
    pub price: Option<Price>,
    pub size: Quantity,
}

/// An aggregated level as the queries return it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookLevel {
    pub price: Price,
    pub size: Quantity,
    /// Orders at the level (always 1 for `L1_MBP`/`L2_MBP`).
    pub orders: u32,
}

/// The average price of walking the book for a quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AvgPx {
    /// Average at `FIXED_SCALE` decimals, rounded half-even (exact whenever the quotient has
    /// 16 decimals or fewer).
    pub price: Price,
    /// The quantity the book could fill (less than asked when the side runs out).
    pub filled: Quantity,
}
