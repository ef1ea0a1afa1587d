//! The packed delta layout: many deltas in one `i64` slice, so a batch crosses a language
//! boundary once (JavaScript fills a `BigInt64Array`, the binding borrows it as `&[i64]`).
//!
//! # Layout
//! One record is [`PACKED_WORDS`] = 9 little-endian 64-bit words:
//!
//! | word | content                                                         |
//! |------|-----------------------------------------------------------------|
//! | 0, 1 | price raw (`i128` at `FIXED_SCALE`): low 64 bits, high 64 bits   |
//! | 2, 3 | size raw: low, high                                              |
//! | 4    | order id (`u64` bits)                                            |
//! | 5    | sequence (`u64` bits; 0 = not given)                             |
//! | 6    | `ts_event` (UNIX ns, `u64` bits)                                 |
//! | 7    | `ts_init`                                                        |
//! | 8    | bits 0-7 action code, 8-15 side code, 16-23 flags; rest zero      |
//!
//! Action codes: 1 ADD, 2 UPDATE, 3 DELETE, 4 CLEAR. Side codes: 1 BUY, 2 SELL (0 allowed for
//! CLEAR). Zero is no valid action, so an unfilled record is refused rather than applied.

use super::book::OrderBook;
use super::delta::BookDelta;
use super::error::BookError;
use crate::enums::{BookAction, OrderSide};

/// Words per packed record.
pub const PACKED_WORDS: usize = 9;

/// The packed code of an action.
pub const fn action_code(action: BookAction) -> u8 {
    match action {
        BookAction::Add => 1,
        BookAction::Update => 2,
        BookAction::Delete => 3,
        BookAction::Clear => 4,
    }
}

/// The packed code of a side.
pub const fn side_code(side: OrderSide) -> u8 {
    match side {
        OrderSide::Buy => 1,
        OrderSide::Sell => 2,
    }
}

#[inline]
fn join(lo: i64, hi: i64) -> i128 {
    (i128::from(hi) << 64) | i128::from(lo as u64)
}

/// Decodes one record (`record.len() >= PACKED_WORDS`).
#[inline]
pub fn decode(record: &[i64]) -> Result<BookDelta, BookError> {
    let meta = record[8] as u64;
    let action = match meta as u8 {
        1 => BookAction::Add,
        2 => BookAction::Update,
        3 => BookAction::Delete,
        4 => BookAction::Clear,
        code => return Err(BookError::UnknownAction { code }),
    };
    let side = match ((meta >> 8) as u8, action) {
        (1, _) => OrderSide::Buy,
        (2, _) => OrderSide::Sell,
        (0, BookAction::Clear) => OrderSide::Buy,
        (code, _) => return Err(BookError::UnknownSide { code }),
    };
    Ok(BookDelta {
        action,
        side,
        price: join(record[0], record[1]),
        size: join(record[2], record[3]),
        order_id: record[4] as u64,
        flags: (meta >> 16) as u8,
        sequence: record[5] as u64,
        ts_event: record[6] as u64,
        ts_init: record[7] as u64,
    })
}

/// Encodes one delta into a record (`record.len() >= PACKED_WORDS`).
pub fn encode(delta: &BookDelta, record: &mut [i64]) {
    record[0] = delta.price as i64;
    record[1] = (delta.price >> 64) as i64;
    record[2] = delta.size as i64;
    record[3] = (delta.size >> 64) as i64;
    record[4] = delta.order_id as i64;
    record[5] = delta.sequence as i64;
    record[6] = delta.ts_event as i64;
    record[7] = delta.ts_init as i64;
    record[8] = i64::from(action_code(delta.action))
        | i64::from(side_code(delta.side)) << 8
        | i64::from(delta.flags) << 16;
}

impl OrderBook {
    /// Applies `count` packed records, all or nothing (see [`OrderBook::apply_deltas`]).
    pub fn apply_packed(&mut self, words: &[i64], count: usize) -> Result<(), BookError> {
        let needed = count
            .checked_mul(PACKED_WORDS)
            .filter(|n| *n <= words.len());
        let Some(needed) = needed else {
            return Err(BookError::MalformedBatch {
                reason: format!(
                    "{count} records need {} words, the array has {}",
                    count.saturating_mul(PACKED_WORDS),
                    words.len()
                ),
            });
        };
        self.apply_batch(words[..needed].chunks_exact(PACKED_WORDS).map(decode))
    }
}
