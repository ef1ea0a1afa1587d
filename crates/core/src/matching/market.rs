//! The engine's own view of one instrument's market: two ladders of displayed liquidity (price
//! -> size, raws at the fixed scale) and the last trade price.
//!
//! In `L1_MBP` each ladder holds at most one level, replaced by every quote. In `L2_MBP` the
//! ladders are kept from snapshots and deltas. The engine's own fills consume the displayed sizes
//! (see the module doc of [`super`], "Liquidity consumption"); market data overwrites them.

use std::collections::BTreeMap;

use crate::enums::{AggressorSide, BookAction, OrderSide};
use crate::types::{Price, Quantity};

/// A top-of-book quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteTick {
    pub bid: Price,
    pub ask: Price,
    pub bid_size: Quantity,
    pub ask_size: Quantity,
    /// UNIX ns.
    pub ts: u64,
}

/// A trade print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TradeTick {
    pub price: Price,
    pub size: Quantity,
    pub aggressor: AggressorSide,
    /// UNIX ns.
    pub ts: u64,
}

/// An OHLC bar (its `ts` is the close time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bar {
    pub open: Price,
    pub high: Price,
    pub low: Price,
    pub close: Price,
    pub volume: Quantity,
    /// UNIX ns.
    pub ts: u64,
}

/// One change to an L2 book. `ADD` and `UPDATE` set the level's size (zero removes it),
/// `DELETE` removes the level, `CLEAR` empties both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BookDelta {
    pub action: BookAction,
    pub side: OrderSide,
    pub price: Price,
    pub size: Quantity,
}

/// One side of displayed liquidity.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ladder {
    levels: BTreeMap<i128, i128>,
    /// True for bids (best = highest price).
    is_bid: bool,
}

impl Ladder {
    fn new(is_bid: bool) -> Self {
        Self {
            levels: BTreeMap::new(),
            is_bid,
        }
    }

    /// Best level: `(price, size)`.
    pub fn best(&self) -> Option<(i128, i128)> {
        let level = if self.is_bid {
            self.levels.last_key_value()
        } else {
            self.levels.first_key_value()
        };
        level.map(|(&p, &s)| (p, s))
    }

    /// Sets a level's size; zero removes it.
    pub fn set(&mut self, price: i128, size: i128) {
        if size == 0 {
            self.levels.remove(&price);
        } else {
            self.levels.insert(price, size);
        }
    }

    /// Makes `(price, size)` the only level (an L1 quote side). Keeps the existing node when the
    /// price is unchanged, the common case, so a quote allocates nothing.
    pub fn replace_top(&mut self, price: i128, size: i128) {
        if self.levels.len() == 1 {
            if let Some(s) = self.levels.get_mut(&price) {
                if size == 0 {
                    self.levels.clear();
                } else {
                    *s = size;
                }
                return;
            }
        }
        self.levels.clear();
        self.set(price, size);
    }

    pub fn remove(&mut self, price: i128) {
        self.levels.remove(&price);
    }

    pub fn clear(&mut self) {
        self.levels.clear();
    }

    /// Takes `qty` from the level at `price` (which must hold at least that).
    pub fn consume(&mut self, price: i128, qty: i128) {
        if let Some(size) = self.levels.get_mut(&price) {
            *size -= qty;
            if *size <= 0 {
                self.levels.remove(&price);
            }
        }
    }

    /// Whether a taker with this `limit` may trade at `price` on this ladder (a buyer lifts
    /// asks at or below its limit; a seller hits bids at or above it).
    pub fn within(&self, price: i128, limit: Option<i128>) -> bool {
        match limit {
            None => true,
            Some(l) if self.is_bid => price >= l,
            Some(l) => price <= l,
        }
    }

    /// Total size a taker with this `limit` could trade, stopping once `enough` is reached.
    pub fn available(&self, limit: Option<i128>, enough: i128) -> i128 {
        let mut total = 0_i128;
        let mut add = |(&p, &s): (&i128, &i128)| {
            if !self.within(p, limit) || total >= enough {
                return false;
            }
            total += s;
            true
        };
        if self.is_bid {
            for level in self.levels.iter().rev() {
                if !add(level) {
                    break;
                }
            }
        } else {
            for level in self.levels.iter() {
                if !add(level) {
                    break;
                }
            }
        }
        total
    }

    /// Levels best first.
    pub fn levels(&self) -> Vec<(i128, i128)> {
        if self.is_bid {
            self.levels.iter().rev().map(|(&p, &s)| (p, s)).collect()
        } else {
            self.levels.iter().map(|(&p, &s)| (p, s)).collect()
        }
    }
}

/// Bids, asks and the last trade price.
#[derive(Clone, Debug)]
pub(crate) struct MarketView {
    pub bids: Ladder,
    pub asks: Ladder,
    pub last: Option<i128>,
}

impl MarketView {
    pub fn new() -> Self {
        Self {
            bids: Ladder::new(true),
            asks: Ladder::new(false),
            last: None,
        }
    }

    /// The ladder an order on `side` takes liquidity from.
    pub fn opposite_mut(&mut self, side: OrderSide) -> &mut Ladder {
        match side {
            OrderSide::Buy => &mut self.asks,
            OrderSide::Sell => &mut self.bids,
        }
    }

    pub fn opposite(&self, side: OrderSide) -> &Ladder {
        match side {
            OrderSide::Buy => &self.asks,
            OrderSide::Sell => &self.bids,
        }
    }

    pub fn ladder_mut(&mut self, side: OrderSide) -> &mut Ladder {
        match side {
            OrderSide::Buy => &mut self.bids,
            OrderSide::Sell => &mut self.asks,
        }
    }

    pub fn clear(&mut self) {
        self.bids.clear();
        self.asks.clear();
    }
}
