//! Triggers of stop and touched orders: which way the reference must move and which reference
//! (bid/ask or last trade) an order watches. Orders waiting for a trigger sit in one index per
//! side, direction and source, keyed so that "fires" is always `key <= normalised reference`:
//! a pass reads each index from its start and stops at the first key that does not fire.

use crate::enums::{OrderSide, OrderType, TriggerType};

use super::order::WorkingOrder;

/// Index key of an order awaiting its trigger: `(normalised trigger, slot)`; it fires while
/// `key <= normalised reference` (see [`Direction`]).
pub(super) type TriggerKey = (i128, u64);

/// Which way the reference price must move to fire a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Direction {
    /// Fires when the reference is at or above the trigger (buy stop, sell if-touched).
    Up,
    /// Fires when the reference is at or below the trigger (sell stop, buy if-touched).
    Down,
}

impl Direction {
    pub(super) fn of(side: OrderSide, order_type: OrderType) -> Self {
        let stop = matches!(
            order_type,
            OrderType::StopMarket
                | OrderType::StopLimit
                | OrderType::TrailingStopMarket
                | OrderType::TrailingStopLimit
        );
        match (side, stop) {
            (OrderSide::Buy, true) | (OrderSide::Sell, false) => Direction::Up,
            _ => Direction::Down,
        }
    }

    /// Maps a price so that "fires" is always `key <= normalised reference`.
    pub(super) const fn norm(self, price: i128) -> i128 {
        match self {
            Direction::Up => price,
            Direction::Down => -price,
        }
    }
}

/// What reference price a trigger watches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Source {
    /// Best ask for buys, best bid for sells (quotes, or the L2 book).
    BidAsk = 0,
    /// Last trade price.
    Last = 1,
}

pub(super) fn sources(trigger_type: TriggerType) -> &'static [Source] {
    match trigger_type {
        TriggerType::BidAsk => &[Source::BidAsk],
        TriggerType::LastPrice => &[Source::Last],
        _ => &[Source::BidAsk, Source::Last],
    }
}

pub(super) const fn dir_ix(dir: Direction) -> usize {
    match dir {
        Direction::Up => 0,
        Direction::Down => 1,
    }
}

pub(super) fn trigger_key(o: &WorkingOrder, slot: u64) -> (Direction, TriggerKey) {
    let dir = Direction::of(o.side, o.order_type);
    (dir, (dir.norm(o.trigger_price.unwrap_or_default()), slot))
}
