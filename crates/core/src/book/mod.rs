//! Order books: the public book (`L1_MBP`, `L2_MBP`, `L3_MBO`) driven by deltas, snapshots,
//! quotes and trades, and the own order book of our orders.
//!
//! The rules, invariants and performance notes live on each module: [`book`] (what a delta
//! does), [`ladder`] (ordering and layout), [`analysis`] (walking the book), [`packed`] (the
//! batch layout), [`own`] (own orders and audits).

pub mod analysis;
#[allow(clippy::module_inception)]
pub mod book;
pub mod delta;
pub mod error;
pub(crate) mod ladder;
pub(crate) mod level;
pub mod own;
pub mod packed;
pub(crate) mod scale;

#[cfg(test)]
mod tests;

pub use book::OrderBook;
pub use delta::{
    AvgPx, BookDelta, BookLevel, DepthLevel, Fill, OrderBookDepth10, SimOrder, F_LAST, F_SNAPSHOT,
    F_TOB,
};
pub use error::BookError;
pub use own::{LevelExcess, OwnOrder, OwnOrderBook};
pub use packed::{action_code, decode, encode, side_code, PACKED_WORDS};
