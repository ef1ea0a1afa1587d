//! One side of a book: levels sorted by a key, best level last.
//!
//! # Ordering invariant
//! `keys` is strictly ascending and the best level is the last one. A bid's key is its price
//! in ticks, an ask's key is minus its price in ticks, so "better" is "greater" on both sides and
//! one code path serves both. `sizes[i]` (raw, always > 0) and `queues[i]` belong to `keys[i]`.
//!
//! # Performance
//! Most traffic lands near the top of the book, so a lookup scans the best few levels before
//! bisecting the rest, and inserting or removing near the top shifts few elements. Keys are
//! `i64` ticks: 500 levels fit in 4 KiB, one binary search touches few cache lines.

use super::level::LevelQueue;

/// Levels scanned linearly from the top before a binary search.
const TOP_SCAN: usize = 8;

/// One side of a book.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ladder<Q: LevelQueue> {
    pub(crate) keys: Vec<i64>,
    pub(crate) sizes: Vec<i128>,
    pub(crate) queues: Vec<Q>,
}

impl<Q: LevelQueue> Ladder<Q> {
    /// `Ok(index)` of `key`, or `Err(insertion index)`.
    #[inline]
    pub(crate) fn find(&self, key: i64) -> Result<usize, usize> {
        let n = self.keys.len();
        let stop = n.saturating_sub(TOP_SCAN);
        let mut i = n;
        while i > stop {
            let k = self.keys[i - 1];
            if k == key {
                return Ok(i - 1);
            }
            if k < key {
                return Err(i);
            }
            i -= 1;
        }
        self.keys[..stop].binary_search(&key)
    }

    /// Sets the total size of a level, creating it if needed; returns its index.
    #[inline]
    pub(crate) fn set(&mut self, key: i64, size: i128) -> usize {
        match self.find(key) {
            Ok(i) => {
                self.sizes[i] = size;
                i
            }
            Err(i) => {
                self.keys.insert(i, key);
                self.sizes.insert(i, size);
                self.queues.insert(i, Q::default());
                i
            }
        }
    }

    /// Removes a level if present.
    #[inline]
    pub(crate) fn remove(&mut self, key: i64) {
        if let Ok(i) = self.find(key) {
            self.remove_at(i);
        }
    }

    /// Removes the level at an index.
    #[inline]
    pub(crate) fn remove_at(&mut self, i: usize) {
        self.keys.remove(i);
        self.sizes.remove(i);
        self.queues.remove(i);
    }

    /// Empties the side.
    pub(crate) fn clear(&mut self) {
        self.keys.clear();
        self.sizes.clear();
        self.queues.clear();
    }

    /// Number of levels.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}
