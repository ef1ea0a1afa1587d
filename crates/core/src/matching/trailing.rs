//! Trailing stops: a stop whose trigger follows the market at a fixed distance.
//!
//! A trailing order is dormant until its activation price is reached (a sell when the reference
//! rises to it, a buy when it falls to it; no activation price: active at once). From then on
//! the engine keeps the most favourable reference seen (the highest for a sell, the lowest for a
//! buy) and sets the trigger at the offset from it, rounded to the tick away from the market
//! (down for a sell, up for a buy); the trigger only ever moves toward the market. It fires like a
//! stop (a sell when the reference is at or below the trigger, a buy at or above). A
//! `TRAILING_STOP_MARKET` then runs as a market order; a `TRAILING_STOP_LIMIT` as a limit at the
//! trigger minus (sell) or plus (buy) its limit offset.
//!
//! # Known limitation
//! The moving trigger is not reported: there is no `Updated` per move, only `Triggered`.

use crate::enums::OrderSide;
use crate::types::Price;

/// How far a trailing stop trails the market.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrailingOffset {
    /// A price distance (a positive multiple of the tick).
    Price(Price),
    /// Basis points of the reference price (1 to 9,999; 100 = 1%).
    BasisPoints(u32),
}

/// The state of a trailing order, raws at the fixed scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Trailing {
    pub offset: TrailingOffset,
    /// Distance of the limit from the trigger (zero for `TRAILING_STOP_MARKET`).
    pub limit_offset: i128,
    pub activation: Option<i128>,
    /// Most favourable reference since activation; `None` while dormant.
    pub extreme: Option<i128>,
}

impl Trailing {
    /// Feeds one reference price; returns the trigger once active.
    pub fn observe(&mut self, side: OrderSide, reference: i128, tick: i128) -> Option<i128> {
        let extreme = match (self.extreme, side) {
            (Some(e), OrderSide::Sell) => e.max(reference),
            (Some(e), OrderSide::Buy) => e.min(reference),
            (None, _) => {
                let reached = match (self.activation, side) {
                    (None, _) => true,
                    (Some(a), OrderSide::Sell) => reference >= a,
                    (Some(a), OrderSide::Buy) => reference <= a,
                };
                if !reached {
                    return None;
                }
                reference
            }
        };
        self.extreme = Some(extreme);
        let offset = match self.offset {
            TrailingOffset::Price(p) => p.raw(),
            TrailingOffset::BasisPoints(bps) => extreme.abs() * i128::from(bps) / 10_000,
        };
        Some(match side {
            OrderSide::Sell => (extreme - offset).div_euclid(tick) * tick,
            OrderSide::Buy => -((-(extreme + offset)).div_euclid(tick) * tick),
        })
    }

    /// The limit price of a triggered `TRAILING_STOP_LIMIT`.
    pub fn limit(&self, side: OrderSide, trigger: i128) -> i128 {
        match side {
            OrderSide::Sell => trigger - self.limit_offset,
            OrderSide::Buy => trigger + self.limit_offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TICK: i128 = 100; // any positive raw works for the arithmetic

    fn trailing(offset: TrailingOffset, activation: Option<i128>) -> Trailing {
        Trailing {
            offset,
            limit_offset: 0,
            activation,
            extreme: None,
        }
    }

    #[test]
    fn sell_trigger_follows_the_high_and_never_moves_back() {
        let mut t = trailing(TrailingOffset::Price(Price::new(500, 14)), None);
        assert_eq!(t.observe(OrderSide::Sell, 10_000, TICK), Some(9_500));
        assert_eq!(t.observe(OrderSide::Sell, 10_300, TICK), Some(9_800));
        assert_eq!(t.observe(OrderSide::Sell, 9_900, TICK), Some(9_800));
    }

    #[test]
    fn buy_waits_for_its_activation_then_rounds_up_to_the_tick() {
        // 1% of 9,950 is 99 (raws truncate): the trigger 10,049 rounds up to 10,100.
        let mut t = trailing(TrailingOffset::BasisPoints(100), Some(10_000));
        assert_eq!(t.observe(OrderSide::Buy, 10_100, TICK), None);
        assert_eq!(t.observe(OrderSide::Buy, 9_950, TICK), Some(10_100));
        assert_eq!(t.limit(OrderSide::Buy, 10_100), 10_100);
    }
}
