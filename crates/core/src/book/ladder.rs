//! One side of a book: levels sorted by a key, best level last.
//!
//! # Ordering invariant
//! `keys` is strictly ascending and the best level is the last one. A bid's key is its price
//! in ticks, an ask's key is minus its price in ticks, so "better" is "greater" on both sides and
//! one code path serves both. `sizes[i]` (raw) and `queues[i]` belong to `keys[i]`.
//!
//! # Empty slots
//! A removed level stays as an empty slot (size 0, empty queue) so that a level coming back at
//! the same price is a write, not an insertion. `live` counts the levels with a size; readers
//! skip empty slots. The last slot is always live (empty slots above the best are popped), so
//! the best level is read in O(1). Slots are compacted away once they outnumber twice the live levels (plus a
//! small floor), which bounds both memory and the slots a reader skips.
//!
//! # Performance
//! Keys are `i64` ticks: 1,000 slots fit in 8 KiB, and a lookup is a bisection over them (see
//! [`Ladder::find`]). Inserting shifts the slots above the new key; with the best level last and
//! with removed prices kept as slots, a busy book (prices coming and going in a band) soon
//! inserts almost never.

use super::level::LevelQueue;

/// One side of a book.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ladder<Q: LevelQueue> {
    pub(crate) keys: Vec<i64>,
    pub(crate) sizes: Vec<i128>,
    pub(crate) queues: Vec<Q>,
    /// Slots with a size (the levels).
    pub(crate) live: usize,
}

/// Empty slots allowed beyond twice the live levels before a compaction.
const SLOT_FLOOR: usize = 64;

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

    /// Sets the total size (> 0) of a level, creating or reviving it; returns its index.
    #[inline]
    pub(crate) fn set(&mut self, key: i64, size: i128) -> usize {
        match self.find(key) {
            Ok(i) => {
                if self.sizes[i] == 0 {
                    self.live += 1;
                }
                self.sizes[i] = size;
                i
            }
            Err(i) => {
                self.keys.insert(i, key);
                self.sizes.insert(i, size);
                self.queues.insert(i, Q::default());
                self.live += 1;
                i
            }
        }
    }

    /// Removes a level if present.
    #[inline]
    pub(crate) fn remove(&mut self, key: i64) {
        if let Ok(i) = self.find(key) {
            if self.sizes[i] != 0 {
                self.clear_at(i);
            }
        }
    }

    /// Empties the live level at an index (indices are invalid afterwards: it may compact).
    #[inline]
    pub(crate) fn clear_at(&mut self, i: usize) {
        self.sizes[i] = 0;
        self.queues[i] = Q::default();
        self.live -= 1;
        // Empty slots above the best would slow every top-of-book read; popping them is free.
        while self.sizes.last() == Some(&0) {
            self.keys.pop();
            self.sizes.pop();
            self.queues.pop();
        }
        if self.keys.len() - self.live > 2 * self.live + SLOT_FLOOR {
            self.compact();
        }
    }

    fn compact(&mut self) {
        let mut w = 0;
        for r in 0..self.keys.len() {
            if self.sizes[r] != 0 {
                self.keys.swap(w, r);
                self.sizes.swap(w, r);
                self.queues.swap(w, r);
                w += 1;
            }
        }
        self.keys.truncate(w);
        self.sizes.truncate(w);
        self.queues.truncate(w);
    }

    /// Empties the side.
    pub(crate) fn clear(&mut self) {
        self.keys.clear();
        self.sizes.clear();
        self.queues.clear();
        self.live = 0;
    }

    /// Number of levels (live slots).
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.live
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn empty_slots_are_compacted_on_a_sliding_band() {
        // Levels come and go at new prices only: without compaction slots would grow forever.
        let mut ladder = Ladder::<()>::default();
        for k in 0..10_000_i64 {
            ladder.set(k, 1);
            if k >= 10 {
                ladder.remove(k - 10);
            }
        }
        assert_eq!(ladder.len(), 10);
        assert!(
            ladder.keys.len() <= 3 * 10 + SLOT_FLOOR + 1,
            "{} slots",
            ladder.keys.len()
        );
    }

    proptest! {
        /// Sets and removes over a wide band, enough to fill and compact the empty slots: the
        /// live levels always equal a sorted map, and the slot bound holds.
        #[test]
        fn slots_keep_the_levels_of_a_sorted_map(
            ops in prop::collection::vec((any::<bool>(), 0_i64..100_000, any::<prop::sample::Index>(), 1_i128..5), 0..3000),
        ) {
            let mut ladder = Ladder::<()>::default();
            let mut model = std::collections::BTreeMap::new();
            for (add, key, pick, size) in ops {
                // Removes hit existing levels (and new keys rarely land on an empty slot), so
                // empty slots pile up until they are compacted.
                let key = if add || model.is_empty() { key } else { *model.keys().nth(pick.index(model.len())).unwrap() };
                if add {
                    ladder.set(key, size);
                    model.insert(key, size);
                } else {
                    ladder.remove(key);
                    model.remove(&key);
                }
                prop_assert_eq!(ladder.len(), model.len());
                prop_assert!(ladder.keys.len() - ladder.live <= 2 * ladder.live + SLOT_FLOOR);
            }
            let live: Vec<(i64, i128)> = (0..ladder.keys.len())
                .filter(|&i| ladder.sizes[i] != 0)
                .map(|i| (ladder.keys[i], ladder.sizes[i]))
                .collect();
            let expected: Vec<(i64, i128)> = model.into_iter().collect();
            prop_assert_eq!(live, expected);
            prop_assert!(ladder.keys.windows(2).all(|w| w[0] < w[1]));
            prop_assert!(!matches!(ladder.sizes.last(), Some(0)), "the last slot is live");
        }

        #[test]
        fn find_agrees_with_binary_search(
            keys in prop::collection::btree_set(-1_000_i64..1_000, 0..60),
            wide in prop::collection::btree_set(any::<i64>().prop_filter("negatable", |k| *k != i64::MIN), 0..20),
            probe in -1_100_i64..1_100,
        ) {
            for set in [keys, wide] {
                let ladder = Ladder::<()> { keys: set.iter().copied().collect(), sizes: vec![1; set.len()], queues: vec![(); set.len()], live: set.len() };
                for k in set.iter().copied().chain([probe]) {
                    prop_assert_eq!(ladder.find(k), ladder.keys.binary_search(&k));
                }
            }
        }
    }
}
