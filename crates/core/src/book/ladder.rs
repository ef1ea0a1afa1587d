//! One side of a book: levels sorted by a key, best level last.
//!
//! # Ordering invariant
//! `keys` is strictly ascending and the best level is the last one. A bid's key is its price
//! in ticks, an ask's key is minus its price in ticks, so "better" is "greater" on both sides and
//! one code path serves both. `sizes[i]` (raw, always > 0) and `queues[i]` belong to `keys[i]`.
//!
//! # Performance
//! Most traffic lands near the top of the book, and the best level is last, so inserting or
//! removing near the top shifts few elements. Keys are `i64` ticks: 500 levels fit in 4 KiB.
//! A lookup is a bisection over those keys (see [`Ladder::find`]).

use super::level::LevelQueue;

/// One side of a book.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ladder<Q: LevelQueue> {
    pub(crate) keys: Vec<i64>,
    pub(crate) sizes: Vec<i128>,
    pub(crate) queues: Vec<Q>,
}

impl<Q: LevelQueue> Ladder<Q> {
    /// `Ok(index)` of `key`, or `Err(insertion index)`.
    ///
    /// The best level is checked first (the busiest one, and a new best lands past it), then a
    /// plain bisection: measured against a scan of the top levels, interpolation search and
    /// galloping on a 500-level stream, bisection was the fastest.
    #[inline]
    pub(crate) fn find(&self, key: i64) -> Result<usize, usize> {
        let n = self.keys.len();
        match self.keys.last() {
            None => Err(0),
            Some(&top) if key > top => Err(n),
            Some(&top) if key == top => Ok(n - 1),
            Some(_) => self.keys[..n - 1].binary_search(&key),
        }
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn find_agrees_with_binary_search(
            keys in prop::collection::btree_set(-1_000_i64..1_000, 0..60),
            wide in prop::collection::btree_set(any::<i64>().prop_filter("negatable", |k| *k != i64::MIN), 0..20),
            probe in -1_100_i64..1_100,
        ) {
            for set in [keys, wide] {
                let ladder = Ladder::<()> { keys: set.iter().copied().collect(), sizes: vec![1; set.len()], queues: vec![(); set.len()] };
                for k in set.iter().copied().chain([probe]) {
                    prop_assert_eq!(ladder.find(k), ladder.keys.binary_search(&k));
                }
            }
        }
    }
}
