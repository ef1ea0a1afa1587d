//! Walking the book for an order: average price for a quantity, quantity within a price, and
//! the fills an order would get.
//!
//! `side` is always the side of the order that takes liquidity: a BUY walks the asks from the
//! lowest up, a SELL walks the bids from the highest down.
//!
//! # Exactness
//! Notionals are sums of `price ticks x size units` in `i128` (checked: an overflow is an
//! error, never a wrapped number), so an average is an exact rational, returned rounded
//! half-even at `FIXED_SCALE` decimals.

use super::book::OrderBook;
use super::delta::{AvgPx, Fill, SimOrder};
use super::error::BookError;
use super::scale::TickScale;
use crate::enums::OrderSide;
use crate::types::{Price, Quantity, FIXED_SCALE};

const OVERFLOW: BookError = BookError::Overflow { what: "notional" };

/// Does a level at `level_raw` satisfy a limit for an order on `side`?
#[inline]
fn within(side: OrderSide, level_raw: i128, limit_raw: i128) -> bool {
    match side {
        OrderSide::Buy => level_raw <= limit_raw,
        OrderSide::Sell => level_raw >= limit_raw,
    }
}

/// `num / den` rounded half-even (`den > 0`).
fn div_half_even(num: i128, den: i128) -> i128 {
    let q = num / den;
    let r = (num % den).abs();
    let twice = r * 2;
    if twice > den || (twice == den && q % 2 != 0) {
        q + num.signum()
    } else {
        q
    }
}

impl OrderBook {
    /// The average price an order of `quantity` on `side` would pay, walking the opposite side
    /// from its best level; `None` when that side is empty or `quantity` is zero.
    pub fn avg_px_for_quantity(
        &self,
        quantity: Quantity,
        side: OrderSide,
    ) -> Result<Option<AvgPx>, BookError> {
        let scale = TickScale::new(quantity.precision().max(self.size_precision()))?;
        // Every level size is whole at the book's size precision, so at this finer scale too.
        let mut remaining = scale.ticks(quantity.raw()).ok_or(OVERFLOW)?;
        let mut notional: i128 = 0;
        let mut filled: i128 = 0;
        for (ticks, size, _) in self.view(side.opposite()).iter() {
            if remaining == 0 {
                break;
            }
            let take = scale.ticks(size).ok_or(OVERFLOW)?.min(remaining);
            let cost = i128::from(ticks).checked_mul(take).ok_or(OVERFLOW)?;
            notional = notional.checked_add(cost).ok_or(OVERFLOW)?;
            filled += take;
            remaining -= take;
        }
        if filled == 0 {
            return Ok(None);
        }
        // raw = notional / filled * unit, exactly: integer part then the remainder.
        let unit = self.price_scale().raw(1);
        let whole = notional / filled;
        let rest = notional % filled;
        let frac = div_half_even(rest.checked_mul(unit).ok_or(OVERFLOW)?, filled);
        let raw = whole
            .checked_mul(unit)
            .and_then(|w| w.checked_add(frac))
            .ok_or(OVERFLOW)?;
        Ok(Some(AvgPx {
            price: Price::new_checked(raw, FIXED_SCALE)?,
            filled: Quantity::new_checked(scale.raw(filled), scale.precision())?,
        }))
    }

    /// The size an order on `side` could take at `price` or better.
    pub fn quantity_for_price(&self, price: Price, side: OrderSide) -> Quantity {
        let total: i128 = self
            .view(side.opposite())
            .iter()
            .take_while(|(ticks, _, _)| {
                within(
                    side,
                    self.price_scale().raw(i128::from(*ticks)),
                    price.raw(),
                )
            })
            .map(|(_, size, _)| size)
            .sum();
        self.size_of(total)
    }

    /// The fills an order would get against the book now, best level first. A market order
    /// (`price: None`) walks until filled or the side runs out; a limit order stops at its price.
    pub fn simulate_fills(&self, order: &SimOrder) -> Vec<Fill> {
        let precision = order.size.precision().max(self.size_precision());
        let mut remaining = order.size.raw();
        let mut fills = Vec::new();
        for (ticks, size, _) in self.view(order.side.opposite()).iter() {
            if remaining == 0 {
                break;
            }
            let price = self.price_of(ticks);
            if let Some(limit) = order.price {
                if !within(order.side, price.raw(), limit.raw()) {
                    break;
                }
            }
            let take = size.min(remaining);
            remaining -= take;
            fills.push(Fill {
                price,
                size: Quantity::new(take, precision),
            });
        }
        fills
    }
}
