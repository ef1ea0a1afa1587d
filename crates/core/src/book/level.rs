//! What a level holds besides its total size: nothing for `L1_MBP`/`L2_MBP`, the FIFO queue of
//! orders for `L3_MBO`.

use std::collections::VecDeque;

/// Per-level payload of a ladder.
pub(crate) trait LevelQueue: Default {
    /// Orders resting at the level.
    fn orders(&self) -> u32;
}

/// `L1_MBP`/`L2_MBP` levels carry no queue: a zero-sized payload, so the ladder's payload
/// vector costs nothing to shift.
impl LevelQueue for () {
    #[inline]
    fn orders(&self) -> u32 {
        1
    }
}

/// The orders at one `L3_MBO` level, oldest first: `(order id, size raw)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct OrderQueue {
    orders: VecDeque<(u64, i128)>,
}

impl LevelQueue for OrderQueue {
    #[inline]
    fn orders(&self) -> u32 {
        u32::try_from(self.orders.len()).unwrap_or(u32::MAX)
    }
}

impl OrderQueue {
    /// Appends at the back of the queue.
    pub(crate) fn push_back(&mut self, order_id: u64, size: i128) {
        self.orders.push_back((order_id, size));
    }

    /// Removes an order and returns its size.
    pub(crate) fn remove(&mut self, order_id: u64) -> Option<i128> {
        let i = self.orders.iter().position(|(id, _)| *id == order_id)?;
        self.orders.remove(i).map(|(_, size)| size)
    }

    /// Changes an order's size. A reduction keeps its place; an increase loses it (moves to
    /// the back), the rule of price-time priority venues. Returns the old size.
    pub(crate) fn resize(&mut self, order_id: u64, size: i128) -> Option<i128> {
        let i = self.orders.iter().position(|(id, _)| *id == order_id)?;
        let old = self.orders[i].1;
        if size <= old {
            self.orders[i].1 = size;
        } else {
            self.orders.remove(i);
            self.orders.push_back((order_id, size));
        }
        Some(old)
    }

    /// True when no order rests here.
    pub(crate) fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }

    /// The orders, oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, i128)> + '_ {
        self.orders.iter().copied()
    }
}
