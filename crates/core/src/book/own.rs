//! The own order book: our orders for one instrument by price level, with their status and
//! remaining size, to see the public book net of our own liquidity and to audit both.
//!
//! # Audits
//! The core computes, the caller acts: [`OwnOrderBook::audit_open`] returns the own orders a
//! venue no longer reports open, [`OwnOrderBook::audit_levels`] the levels where we hold more
//! than the public book shows. Neither mutates anything.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::book::OrderBook;
use super::delta::BookLevel;
use super::error::BookError;
use crate::enums::{OrderSide, OrderStatus};
use crate::types::{Price, Quantity};

/// One of our orders as the own book tracks it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnOrder {
    pub client_order_id: String,
    pub side: OrderSide,
    pub price: Price,
    /// Remaining (unfilled) size.
    pub size: Quantity,
    pub status: OrderStatus,
    pub ts_last: u64,
}

/// A level where our resting size exceeds the public size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LevelExcess {
    pub side: OrderSide,
    pub price: Price,
    pub own: Quantity,
    pub public: Quantity,
}

/// Our orders by side and price level (FIFO of ids within a level).
#[derive(Clone, Debug, Default)]
pub struct OwnOrderBook {
    instrument_id: String,
    orders: HashMap<String, OwnOrder>,
    bids: BTreeMap<Price, Vec<String>>,
    asks: BTreeMap<Price, Vec<String>>,
}

impl OwnOrderBook {
    /// An empty own book.
    pub fn new(instrument_id: impl Into<String>) -> Self {
        Self {
            instrument_id: instrument_id.into(),
            ..Self::default()
        }
    }

    /// The instrument.
    pub fn instrument_id(&self) -> &str {
        &self.instrument_id
    }

    /// Number of orders held.
    pub fn len(&self) -> usize {
        self.orders.len()
    }

    /// True when no order is held.
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }

    /// An order by client order id.
    pub fn get(&self, client_order_id: &str) -> Option<&OwnOrder> {
        self.orders.get(client_order_id)
    }

    fn side_mut(&mut self, side: OrderSide) -> &mut BTreeMap<Price, Vec<String>> {
        match side {
            OrderSide::Buy => &mut self.bids,
            OrderSide::Sell => &mut self.asks,
        }
    }

    fn side(&self, side: OrderSide) -> &BTreeMap<Price, Vec<String>> {
        match side {
            OrderSide::Buy => &self.bids,
            OrderSide::Sell => &self.asks,
        }
    }

    /// Adds an order; an id already held is refused.
    pub fn add(&mut self, order: OwnOrder) -> Result<(), BookError> {
        if self.orders.contains_key(&order.client_order_id) {
            return Err(BookError::DuplicateOwnOrder {
                client_order_id: order.client_order_id,
            });
        }
        self.side_mut(order.side)
            .entry(order.price)
            .or_default()
            .push(order.client_order_id.clone());
        self.orders.insert(order.client_order_id.clone(), order);
        Ok(())
    }

    /// Replaces a held order (new status, remaining size or price). A price or side change
    /// moves it to the back of its new level.
    pub fn update(&mut self, order: OwnOrder) -> Result<(), BookError> {
        let Some(old) = self.orders.get(&order.client_order_id) else {
            return Err(BookError::UnknownOwnOrder {
                client_order_id: order.client_order_id,
            });
        };
        if old.side != order.side || old.price != order.price {
            let (side, price) = (old.side, old.price);
            self.unlink(side, price, &order.client_order_id);
            self.side_mut(order.side)
                .entry(order.price)
                .or_default()
                .push(order.client_order_id.clone());
        }
        self.orders.insert(order.client_order_id.clone(), order);
        Ok(())
    }

    /// Removes an order and returns it; an unknown id is refused.
    pub fn delete(&mut self, client_order_id: &str) -> Result<OwnOrder, BookError> {
        let order =
            self.orders
                .remove(client_order_id)
                .ok_or_else(|| BookError::UnknownOwnOrder {
                    client_order_id: client_order_id.to_string(),
                })?;
        self.unlink(order.side, order.price, client_order_id);
        Ok(order)
    }

    /// Removes every order.
    pub fn clear(&mut self) {
        self.orders.clear();
        self.bids.clear();
        self.asks.clear();
    }

    fn unlink(&mut self, side: OrderSide, price: Price, client_order_id: &str) {
        let levels = self.side_mut(side);
        if let Some(ids) = levels.get_mut(&price) {
            ids.retain(|id| id != client_order_id);
            if ids.is_empty() {
                levels.remove(&price);
            }
        }
    }

    fn counted(&self, id: &str, statuses: Option<&[OrderStatus]>) -> Option<&OwnOrder> {
        let order = self.orders.get(id)?;
        match statuses {
            Some(filter) if !filter.contains(&order.status) => None,
            _ => Some(order),
        }
    }

    /// Our size at a price (orders whose status is in `statuses`, or all when `None`).
    pub fn size_at(&self, side: OrderSide, price: Price, statuses: Option<&[OrderStatus]>) -> i128 {
        self.side(side).get(&price).map_or(0, |ids| {
            ids.iter()
                .filter_map(|id| self.counted(id, statuses))
                .map(|o| o.size.raw())
                .sum()
        })
    }

    /// Our levels of a side from the best outwards (bids high to low, asks low to high), at most
    /// `depth`; levels with no counted order are skipped.
    pub fn levels(
        &self,
        side: OrderSide,
        depth: usize,
        statuses: Option<&[OrderStatus]>,
    ) -> Vec<BookLevel> {
        let levels = self.side(side);
        let ordered: Box<dyn Iterator<Item = (&Price, &Vec<String>)>> = match side {
            OrderSide::Buy => Box::new(levels.iter().rev()),
            OrderSide::Sell => Box::new(levels.iter()),
        };
        ordered
            .filter_map(|(price, ids)| {
                let counted: Vec<&OwnOrder> = ids
                    .iter()
                    .filter_map(|id| self.counted(id, statuses))
                    .collect();
                if counted.is_empty() {
                    return None;
                }
                let precision = counted
                    .iter()
                    .map(|o| o.size.precision())
                    .max()
                    .unwrap_or(0);
                let size: i128 = counted.iter().map(|o| o.size.raw()).sum();
                Some(BookLevel {
                    price: *price,
                    size: Quantity::new(size, precision),
                    orders: u32::try_from(counted.len()).unwrap_or(u32::MAX),
                })
            })
            .take(depth)
            .collect()
    }

    /// The public levels of a side net of our own size there, from the best outwards; levels
    /// that would be empty are left out. `orders` stays the public count.
    pub fn net_levels(
        &self,
        book: &OrderBook,
        side: OrderSide,
        depth: usize,
        statuses: Option<&[OrderStatus]>,
    ) -> Vec<BookLevel> {
        book.levels(side, usize::MAX)
            .into_iter()
            .filter_map(|level| {
                let own = self.size_at(side, level.price, statuses);
                let net = (level.size.raw() - own).max(0);
                (net > 0).then(|| BookLevel {
                    size: Quantity::new(net, level.size.precision()),
                    ..level
                })
            })
            .take(depth)
            .collect()
    }

    /// Client order ids we hold that are not in `open_ids` (the venue's open orders), sorted.
    pub fn audit_open(&self, open_ids: &BTreeSet<String>) -> Vec<String> {
        let mut missing: Vec<String> = self
            .orders
            .keys()
            .filter(|id| !open_ids.contains(*id))
            .cloned()
            .collect();
        missing.sort();
        missing
    }

    /// Levels where our size (orders whose status is in `statuses`, or all) exceeds the public
    /// size, bids then asks, each from the best outwards.
    pub fn audit_levels(
        &self,
        book: &OrderBook,
        statuses: Option<&[OrderStatus]>,
    ) -> Vec<LevelExcess> {
        let mut found = Vec::new();
        for side in [OrderSide::Buy, OrderSide::Sell] {
            for level in self.levels(side, usize::MAX, statuses) {
                let public = book.size_at(side, level.price);
                if level.size > public {
                    found.push(LevelExcess {
                        side,
                        price: level.price,
                        own: level.size,
                        public,
                    });
                }
            }
        }
        found
    }
}
