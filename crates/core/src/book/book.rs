//! The public order book: `L1_MBP`, `L2_MBP` or `L3_MBO`, driven by deltas, snapshots, quotes
//! and trades.
//!
//! # Rules
//! - `L2_MBP`: levels keyed by price. ADD and UPDATE set the level size, DELETE removes the
//!   level; a DELETE of an unknown level is a no-op. ADD/UPDATE with size 0 removes the level.
//! - `L3_MBO`: orders keyed by `order_id`, FIFO per level. An UPDATE that reduces an order's
//!   size keeps its queue position; an increase or a price change sends it to the back. ADD of
//!   a known id and UPDATE of an unknown id both set the order (venues replay both ways); DELETE
//!   of an unknown id is a no-op; size 0 deletes.
//! - `L1_MBP`: one level per side. ADD/UPDATE replace the side's level, DELETE at the level's
//!   price empties the side. Quotes set both sides; a trade sets both sides to its price.
//! - CLEAR empties the whole book whatever its side. A depth snapshot replaces the book.
//! - `sequence` 0 means "not given". A sequence lower than the book's is applied (the venue
//!   sent it) but remembered, and [`OrderBook::check_integrity`] reports it until the next
//!   CLEAR or snapshot.
//!
//! # Invariants maintained on every path
//! Every input is checked in full before the first mutation: a refused delta, quote, trade,
//! snapshot or batch leaves the book exactly as it was (sequence and counters included).

use std::collections::HashMap;
use std::fmt;

use super::delta::{BookDelta, BookLevel, OrderBookDepth10};
use super::error::BookError;
use super::ladder::Ladder;
use super::level::{LevelQueue, OrderQueue};
use super::scale::TickScale;
use crate::enums::{BookAction, BookType, OrderSide};
use crate::types::fixed::{decimals_of, format_raw, MAX_ABS_RAW};
use crate::types::{Price, Quantity};

/// Levels of both sides, by book granularity.
#[derive(Clone, Debug)]
enum Sides {
    /// `L1_MBP` and `L2_MBP`: a total size per level.
    Mbp { bids: Ladder<()>, asks: Ladder<()> },
    /// `L3_MBO`: a queue of orders per level and an index from order id to its level.
    Mbo {
        bids: Ladder<OrderQueue>,
        asks: Ladder<OrderQueue>,
        index: HashMap<u64, (OrderSide, i64)>,
    },
}

/// A checked delta: the ladder key of its price.
#[derive(Clone, Copy)]
struct Checked {
    key: i64,
}

/// An order book for one instrument.
#[derive(Clone, Debug)]
pub struct OrderBook {
    instrument_id: String,
    book_type: BookType,
    price_scale: TickScale,
    size_scale: TickScale,
    sides: Sides,
    sequence: u64,
    update_count: u64,
    ts_last: u64,
    regression: Option<(u64, u64)>,
    /// Keys of a batch, checked in its first pass and applied in its second.
    scratch: Vec<i64>,
}

/// The key of a price on a side: better is greater on both sides.
#[inline]
const fn key_of(side: OrderSide, ticks: i64) -> i64 {
    match side {
        OrderSide::Buy => ticks,
        OrderSide::Sell => -ticks,
    }
}

/// A read-only view of one side's levels, whatever the book granularity.
#[derive(Clone, Copy)]
pub(crate) struct SideView<'a> {
    side: OrderSide,
    keys: &'a [i64],
    sizes: &'a [i128],
    queues: Option<&'a [OrderQueue]>,
    live: usize,
}

impl<'a> SideView<'a> {
    fn of<Q: LevelQueue>(
        side: OrderSide,
        ladder: &'a Ladder<Q>,
        queues: Option<&'a [OrderQueue]>,
    ) -> Self {
        Self {
            side,
            keys: &ladder.keys,
            sizes: &ladder.sizes,
            queues,
            live: ladder.live,
        }
    }

    /// Number of levels.
    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// `(price ticks, size raw, orders)` of the levels from the best outwards (empty slots
    /// skipped).
    pub(crate) fn iter(self) -> impl Iterator<Item = (i64, i128, u32)> + 'a {
        (0..self.keys.len()).rev().filter_map(move |i| {
            let size = self.sizes[i];
            (size != 0).then(|| {
                let orders = self.queues.map_or(1, |q| q[i].orders());
                (key_of(self.side, self.keys[i]), size, orders)
            })
        })
    }

    /// The total size at a price (0 when no level).
    pub(crate) fn size_at(&self, ticks: i64) -> i128 {
        let key = key_of(self.side, ticks);
        self.keys.binary_search(&key).map_or(0, |i| self.sizes[i])
    }
}

impl OrderBook {
    /// An empty book whose prices and sizes have at most the given decimals.
    pub fn new(
        instrument_id: impl Into<String>,
        book_type: BookType,
        price_precision: u8,
        size_precision: u8,
    ) -> Result<Self, BookError> {
        let sides = match book_type {
            BookType::L1Mbp | BookType::L2Mbp => Sides::Mbp {
                bids: Ladder::default(),
                asks: Ladder::default(),
            },
            BookType::L3Mbo => Sides::Mbo {
                bids: Ladder::default(),
                asks: Ladder::default(),
                index: HashMap::new(),
            },
        };
        Ok(Self {
            instrument_id: instrument_id.into(),
            book_type,
            price_scale: TickScale::new(price_precision)?,
            size_scale: TickScale::new(size_precision)?,
            sides,
            sequence: 0,
            update_count: 0,
            ts_last: 0,
            regression: None,
            scratch: Vec::new(),
        })
    }

    /// The instrument this book is for.
    pub fn instrument_id(&self) -> &str {
        &self.instrument_id
    }

    /// The book granularity.
    pub const fn book_type(&self) -> BookType {
        self.book_type
    }

    /// Decimals of the book's prices.
    pub const fn price_precision(&self) -> u8 {
        self.price_scale.precision()
    }

    /// Decimals of the book's sizes.
    pub const fn size_precision(&self) -> u8 {
        self.size_scale.precision()
    }

    /// The last sequence applied (0 before any).
    pub const fn sequence(&self) -> u64 {
        self.sequence
    }

    /// Inputs applied since creation.
    pub const fn update_count(&self) -> u64 {
        self.update_count
    }

    /// `ts_event` of the last input applied (UNIX ns).
    pub const fn ts_last(&self) -> u64 {
        self.ts_last
    }

    // ----- checks (no mutation) -------------------------------------------------------------

    fn check_price(&self, raw: i128) -> Result<i64, BookError> {
        let too_many = || BookError::TooManyDecimals {
            kind: "price",
            value: format_raw(raw, decimals_of(raw)),
            precision: self.price_scale.precision(),
        };
        let out_of_range = || BookError::PriceOutOfRange {
            value: format_raw(raw, decimals_of(raw)),
            precision: self.price_scale.precision(),
        };
        if !(-MAX_ABS_RAW..=MAX_ABS_RAW).contains(&raw) {
            return Err(out_of_range());
        }
        let ticks = self.price_scale.ticks(raw).ok_or_else(too_many)?;
        // i64::MIN has no negation: refused so both sides' keys exist.
        match i64::try_from(ticks) {
            Ok(t) if t != i64::MIN => Ok(t),
            _ => Err(out_of_range()),
        }
    }

    fn check_size(&self, raw: i128) -> Result<(), BookError> {
        if raw < 0 {
            return Err(BookError::NegativeSize {
                value: format_raw(raw, decimals_of(raw)),
            });
        }
        if raw > MAX_ABS_RAW {
            return Err(BookError::SizeOutOfRange {
                value: format_raw(raw, decimals_of(raw)),
            });
        }
        if self.size_scale.ticks(raw).is_none() {
            return Err(BookError::TooManyDecimals {
                kind: "size",
                value: format_raw(raw, decimals_of(raw)),
                precision: self.size_scale.precision(),
            });
        }
        Ok(())
    }

    #[inline]
    fn check(&self, delta: &BookDelta) -> Result<Checked, BookError> {
        self.check_size(delta.size)?;
        if delta.action == BookAction::Clear {
            return Ok(Checked { key: 0 });
        }
        let ticks = self.check_price(delta.price)?;
        Ok(Checked {
            key: key_of(delta.side, ticks),
        })
    }

    /// Checks a delta without applying it: the error [`Self::apply_delta`] would return.
    pub fn validate_delta(&self, delta: &BookDelta) -> Result<(), BookError> {
        self.check(delta).map(|_| ())
    }

    // ----- mutation ----------------------------------------------------------------------------

    /// Applies one delta, or refuses it and leaves the book unchanged.
    #[inline]
    pub fn apply_delta(&mut self, delta: &BookDelta) -> Result<(), BookError> {
        let checked = self.check(delta)?;
        self.apply_checked(delta, checked)?;
        self.record(delta.sequence, delta.ts_event);
        Ok(())
    }

    /// Applies deltas in order, all or nothing: every delta is checked before the first one is
    /// applied, and a failure names the index of the bad delta.
    pub fn apply_deltas(&mut self, deltas: &[BookDelta]) -> Result<(), BookError> {
        self.apply_batch(deltas.iter().map(|d| Ok(*d)))
    }

    /// The two passes of a batch: check every delta (keeping its key), then apply them all.
    /// `deltas` is iterated twice, so it must be cheap to clone (a decoder over a slice).
    pub(crate) fn apply_batch<I>(&mut self, deltas: I) -> Result<(), BookError>
    where
        I: Iterator<Item = Result<BookDelta, BookError>> + Clone,
    {
        let mut keys = std::mem::take(&mut self.scratch);
        keys.clear();
        let checked = deltas.clone().enumerate().try_for_each(|(index, delta)| {
            let delta = delta.map_err(|e| in_batch(index, e))?;
            let checked = self.check(&delta).map_err(|e| in_batch(index, e))?;
            keys.push(checked.key);
            Ok(())
        });
        let applied = checked.and_then(|()| {
            deltas
                .zip(&keys)
                .enumerate()
                .try_for_each(|(index, (delta, &key))| {
                    let delta = delta.map_err(|e| in_batch(index, e))?;
                    self.apply_checked(&delta, Checked { key })
                        .map_err(|e| in_batch(index, e))?;
                    self.record(delta.sequence, delta.ts_event);
                    Ok(())
                })
        });
        self.scratch = keys;
        applied
    }

    fn record(&mut self, sequence: u64, ts_event: u64) {
        if sequence != 0 {
            if sequence < self.sequence && self.regression.is_none() {
                self.regression = Some((self.sequence, sequence));
            }
            self.sequence = sequence;
        }
        self.ts_last = ts_event;
        self.update_count += 1;
    }

    #[inline]
    fn apply_checked(&mut self, delta: &BookDelta, checked: Checked) -> Result<(), BookError> {
        if delta.action == BookAction::Clear {
            self.clear_levels();
            return Ok(());
        }
        let key = checked.key;
        let size = delta.size;
        let removes = delta.action == BookAction::Delete || size == 0;
        match (&mut self.sides, self.book_type) {
            (Sides::Mbp { bids, asks }, BookType::L1Mbp) => {
                let ladder = pick(bids, asks, delta.side);
                if removes {
                    ladder.remove(key);
                } else {
                    ladder.clear();
                    ladder.set(key, size);
                }
            }
            (Sides::Mbp { bids, asks }, _) => {
                let ladder = pick(bids, asks, delta.side);
                if removes {
                    ladder.remove(key);
                } else {
                    ladder.set(key, size);
                }
            }
            (Sides::Mbo { bids, asks, index }, _) => {
                if removes {
                    mbo_remove(bids, asks, index, delta.order_id);
                } else {
                    mbo_set(bids, asks, index, delta.side, key, delta.order_id, size)?;
                }
            }
        }
        Ok(())
    }

    fn clear_levels(&mut self) {
        match &mut self.sides {
            Sides::Mbp { bids, asks } => {
                bids.clear();
                asks.clear();
            }
            Sides::Mbo { bids, asks, index } => {
                bids.clear();
                asks.clear();
                index.clear();
            }
        }
        self.regression = None;
    }

    /// Empties the book (a CLEAR delta).
    pub fn clear(&mut self, sequence: u64, ts_event: u64) {
        self.clear_levels();
        self.record(sequence, ts_event);
    }

    /// Replaces the whole book with a depth snapshot. An `L1_MBP` book keeps the best level of
    /// each side; an `L3_MBO` book gets one order per level whose id is the level's price in
    /// ticks (bit 63 set on asks), as venues publish no ids in a depth snapshot.
    pub fn apply_depth(&mut self, depth: &OrderBookDepth10) -> Result<(), BookError> {
        let mut levels: Vec<(OrderSide, i64, i128)> = Vec::with_capacity(20);
        for (side, slots) in [
            (OrderSide::Buy, &depth.bids),
            (OrderSide::Sell, &depth.asks),
        ] {
            for level in slots.iter().flatten() {
                let ticks = self.check_price(level.price.raw())?;
                self.check_size(level.size.raw())?;
                if !level.size.is_zero() {
                    levels.push((side, ticks, level.size.raw()));
                }
            }
        }
        self.clear_levels();
        let l1 = self.book_type == BookType::L1Mbp;
        for (side, ticks, size) in levels {
            let key = key_of(side, ticks);
            match &mut self.sides {
                Sides::Mbp { bids, asks } => {
                    let ladder = pick(bids, asks, side);
                    if !(l1 && ladder.len() == 1) {
                        ladder.set(key, size);
                    }
                }
                Sides::Mbo { bids, asks, index } => {
                    let id = synthetic_order_id(side, ticks);
                    mbo_set(bids, asks, index, side, key, id, size)?;
                }
            }
        }
        self.record(depth.sequence, depth.ts_event);
        Ok(())
    }

    /// `L1_MBP` only: sets both sides from a quote.
    pub fn update_quote(
        &mut self,
        bid: Price,
        ask: Price,
        bid_size: Quantity,
        ask_size: Quantity,
        sequence: u64,
        ts_event: u64,
    ) -> Result<(), BookError> {
        self.require_l1("update_quote")?;
        let bid_key = key_of(OrderSide::Buy, self.check_price(bid.raw())?);
        let ask_key = key_of(OrderSide::Sell, self.check_price(ask.raw())?);
        self.check_size(bid_size.raw())?;
        self.check_size(ask_size.raw())?;
        self.set_top(bid_key, bid_size.raw(), ask_key, ask_size.raw());
        self.record(sequence, ts_event);
        Ok(())
    }

    /// `L1_MBP` only: a trade at a price shows both sides there with the trade's size.
    pub fn update_trade(
        &mut self,
        price: Price,
        size: Quantity,
        sequence: u64,
        ts_event: u64,
    ) -> Result<(), BookError> {
        self.require_l1("update_trade")?;
        let ticks = self.check_price(price.raw())?;
        self.check_size(size.raw())?;
        self.set_top(
            key_of(OrderSide::Buy, ticks),
            size.raw(),
            key_of(OrderSide::Sell, ticks),
            size.raw(),
        );
        self.record(sequence, ts_event);
        Ok(())
    }

    fn require_l1(&self, operation: &'static str) -> Result<(), BookError> {
        if self.book_type == BookType::L1Mbp {
            Ok(())
        } else {
            Err(BookError::Unsupported {
                operation,
                book_type: self.book_type.as_str(),
            })
        }
    }

    fn set_top(&mut self, bid_key: i64, bid_size: i128, ask_key: i64, ask_size: i128) {
        if let Sides::Mbp { bids, asks } = &mut self.sides {
            for (ladder, key, size) in [(bids, bid_key, bid_size), (asks, ask_key, ask_size)] {
                ladder.clear();
                if size > 0 {
                    ladder.set(key, size);
                }
            }
        }
    }

    // ----- queries -----------------------------------------------------------------------------

    /// The levels of a side.
    pub(crate) fn view(&self, side: OrderSide) -> SideView<'_> {
        match &self.sides {
            Sides::Mbp { bids, asks } => match side {
                OrderSide::Buy => SideView::of(side, bids, None),
                OrderSide::Sell => SideView::of(side, asks, None),
            },
            Sides::Mbo { bids, asks, .. } => match side {
                OrderSide::Buy => SideView::of(side, bids, Some(&bids.queues)),
                OrderSide::Sell => SideView::of(side, asks, Some(&asks.queues)),
            },
        }
    }

    pub(crate) fn price_of(&self, ticks: i64) -> Price {
        Price::new(
            self.price_scale.raw(i128::from(ticks)),
            self.price_precision(),
        )
    }

    pub(crate) fn size_of(&self, raw: i128) -> Quantity {
        Quantity::new(raw, self.size_precision())
    }

    pub(crate) const fn price_scale(&self) -> TickScale {
        self.price_scale
    }

    fn best(&self, side: OrderSide) -> Option<(i64, i128, u32)> {
        self.view(side).iter().next()
    }

    /// Best bid price.
    pub fn best_bid_price(&self) -> Option<Price> {
        self.best(OrderSide::Buy).map(|(t, _, _)| self.price_of(t))
    }

    /// Best ask price.
    pub fn best_ask_price(&self) -> Option<Price> {
        self.best(OrderSide::Sell).map(|(t, _, _)| self.price_of(t))
    }

    /// Total size at the best bid.
    pub fn best_bid_size(&self) -> Option<Quantity> {
        self.best(OrderSide::Buy).map(|(_, s, _)| self.size_of(s))
    }

    /// Total size at the best ask.
    pub fn best_ask_size(&self) -> Option<Quantity> {
        self.best(OrderSide::Sell).map(|(_, s, _)| self.size_of(s))
    }

    /// Best ask minus best bid, when both sides have a level.
    pub fn spread(&self) -> Option<Price> {
        let (bid, _, _) = self.best(OrderSide::Buy)?;
        let (ask, _, _) = self.best(OrderSide::Sell)?;
        Some(self.price_of(ask) - self.price_of(bid))
    }

    /// Midpoint of the best bid and ask, exact: one more decimal than the book's prices.
    pub fn midpoint(&self) -> Option<Price> {
        let (bid, _, _) = self.best(OrderSide::Buy)?;
        let (ask, _, _) = self.best(OrderSide::Sell)?;
        let sum = self.price_scale.raw(i128::from(bid) + i128::from(ask));
        let precision = (self.price_precision() + 1).min(crate::types::FIXED_SCALE);
        // The half of a whole number of units is whole at one more decimal (scale 16 is even
        // at any precision below 16; at 16 the sum of two raws is even or rounds half-even).
        let half = sum / 2;
        let raw = if sum % 2 != 0 && half % 2 != 0 {
            half + sum.signum()
        } else {
            half
        };
        Price::new_checked(raw, precision).ok()
    }

    /// Levels of a side from the best outwards, at most `depth` of them.
    pub fn levels(&self, side: OrderSide, depth: usize) -> Vec<BookLevel> {
        self.view(side)
            .iter()
            .take(depth)
            .map(|(t, s, n)| BookLevel {
                price: self.price_of(t),
                size: self.size_of(s),
                orders: n,
            })
            .collect()
    }

    /// Bid levels from the best outwards.
    pub fn bids(&self, depth: usize) -> Vec<BookLevel> {
        self.levels(OrderSide::Buy, depth)
    }

    /// Ask levels from the best outwards.
    pub fn asks(&self, depth: usize) -> Vec<BookLevel> {
        self.levels(OrderSide::Sell, depth)
    }

    /// Total public size at a price on a side (zero when no level).
    pub fn size_at(&self, side: OrderSide, price: Price) -> Quantity {
        let ticks = self
            .price_scale
            .ticks(price.raw())
            .and_then(|t| i64::try_from(t).ok());
        let size = ticks.map_or(0, |t| self.view(side).size_at(t));
        self.size_of(size)
    }

    /// `L3_MBO`: the orders at a level, oldest first, as `(order id, size)`. Empty for other
    /// book types or an empty level.
    pub fn level_orders(&self, side: OrderSide, price: Price) -> Vec<(u64, Quantity)> {
        let Sides::Mbo { bids, asks, .. } = &self.sides else {
            return Vec::new();
        };
        let ladder = if side == OrderSide::Buy { bids } else { asks };
        let Some(ticks) = self
            .price_scale
            .ticks(price.raw())
            .and_then(|t| i64::try_from(t).ok())
        else {
            return Vec::new();
        };
        match ladder.find(key_of(side, ticks)) {
            Ok(i) => ladder.queues[i]
                .iter()
                .map(|(id, s)| (id, self.size_of(s)))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Checks the book is sound: sequence never went backwards, an `L1_MBP` book holds at most
    /// one level per side, and the best bid is below the best ask.
    pub fn check_integrity(&self) -> Result<(), BookError> {
        if let Some((previous, current)) = self.regression {
            return Err(BookError::SequenceBackwards { previous, current });
        }
        if self.book_type == BookType::L1Mbp {
            for side in [OrderSide::Buy, OrderSide::Sell] {
                let levels = self.view(side).len();
                if levels > 1 {
                    return Err(BookError::TooManyLevels {
                        side: side.as_str(),
                        levels,
                    });
                }
            }
        }
        if let (Some(bid), Some(ask)) = (self.best_bid_price(), self.best_ask_price()) {
            if bid >= ask {
                return Err(BookError::Crossed {
                    bid: bid.to_string(),
                    ask: ask.to_string(),
                });
            }
        }
        Ok(())
    }
}

fn in_batch(index: usize, error: BookError) -> BookError {
    BookError::InBatch {
        index,
        source: Box::new(error),
    }
}

#[inline]
fn pick<'a, Q: LevelQueue>(
    bids: &'a mut Ladder<Q>,
    asks: &'a mut Ladder<Q>,
    side: OrderSide,
) -> &'a mut Ladder<Q> {
    match side {
        OrderSide::Buy => bids,
        OrderSide::Sell => asks,
    }
}

fn synthetic_order_id(side: OrderSide, ticks: i64) -> u64 {
    let id = ticks as u64 & !(1 << 63);
    match side {
        OrderSide::Buy => id,
        OrderSide::Sell => id | (1 << 63),
    }
}

fn mbo_remove(
    bids: &mut Ladder<OrderQueue>,
    asks: &mut Ladder<OrderQueue>,
    index: &mut HashMap<u64, (OrderSide, i64)>,
    order_id: u64,
) {
    let Some((side, key)) = index.remove(&order_id) else {
        return;
    };
    let ladder = pick(bids, asks, side);
    if let Ok(i) = ladder.find(key) {
        if let Some(size) = ladder.queues[i].remove(order_id) {
            ladder.sizes[i] -= size;
        }
        if ladder.queues[i].is_empty() {
            ladder.clear_at(i);
        }
    }
}

fn mbo_set(
    bids: &mut Ladder<OrderQueue>,
    asks: &mut Ladder<OrderQueue>,
    index: &mut HashMap<u64, (OrderSide, i64)>,
    side: OrderSide,
    key: i64,
    order_id: u64,
    size: i128,
) -> Result<(), BookError> {
    let overflow = BookError::Overflow { what: "level size" };
    if let Some(&(old_side, old_key)) = index.get(&order_id) {
        if old_side == side && old_key == key {
            let ladder = pick(bids, asks, side);
            if let Ok(i) = ladder.find(key) {
                let old = ladder.queues[i]
                    .iter()
                    .find(|(id, _)| *id == order_id)
                    .map_or(0, |(_, s)| s);
                let total = (ladder.sizes[i] - old).checked_add(size).ok_or(overflow)?;
                ladder.queues[i].resize(order_id, size);
                ladder.sizes[i] = total;
                return Ok(());
            }
        }
    }
    // Check the destination total before touching anything.
    {
        let ladder = pick(bids, asks, side);
        if let Ok(i) = ladder.find(key) {
            ladder.sizes[i].checked_add(size).ok_or(overflow)?;
        }
    }
    mbo_remove(bids, asks, index, order_id);
    let ladder = pick(bids, asks, side);
    match ladder.find(key) {
        Ok(i) => {
            if ladder.sizes[i] == 0 {
                // An empty slot comes back to life.
                ladder.live += 1;
            }
            ladder.sizes[i] += size;
            ladder.queues[i].push_back(order_id, size);
        }
        Err(_) => {
            let i = ladder.set(key, size);
            ladder.queues[i].push_back(order_id, size);
        }
    }
    index.insert(order_id, (side, key));
    Ok(())
}

impl fmt::Display for OrderBook {
    /// A header and the best 10 levels of each side, asks above bids.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "OrderBook {} {} sequence={} update_count={} ts_last={}",
            self.instrument_id, self.book_type, self.sequence, self.update_count, self.ts_last
        )?;
        let asks = self.asks(10);
        let bids = self.bids(10);
        for level in asks.iter().rev() {
            // Values print without padding: format them first so the columns line up.
            let (price, size) = (level.price.to_string(), level.size.to_string());
            writeln!(f, "  ask {price:>20} {size:>20} ({})", level.orders)?;
        }
        if asks.is_empty() && bids.is_empty() {
            writeln!(f, "  (empty)")?;
        } else {
            writeln!(f, "  {:-<50}", "")?;
        }
        for level in &bids {
            // Values print without padding: format them first so the columns line up.
            let (price, size) = (level.price.to_string(), level.size.to_string());
            writeln!(f, "  bid {price:>20} {size:>20} ({})", level.orders)?;
        }
        Ok(())
    }
}
