//! Book errors: one typed variant per failure, each with a stable `code()` for JavaScript.

use thiserror::Error;

use crate::correctness::CorrectnessError;

/// Why a book refused an input or failed an integrity check.
///
/// A refused input leaves the book unchanged: every check runs before the first mutation.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum BookError {
    /// A price or size is not a whole number of units at the book's configured precision.
    #[error("{kind} '{value}' has more decimals than the book's {kind} precision {precision}")]
    TooManyDecimals {
        kind: &'static str,
        value: String,
        precision: u8,
    },
    /// A delta carried a negative size.
    #[error("size must not be negative, was '{value}'")]
    NegativeSize { value: String },
    /// A packed action code outside `1..=4`.
    #[error("unknown book action code {code} (expected 1=ADD, 2=UPDATE, 3=DELETE, 4=CLEAR)")]
    UnknownAction { code: u8 },
    /// A packed side code outside `1..=2` (0 is accepted for CLEAR only).
    #[error("unknown order side code {code} (expected 1=BUY, 2=SELL)")]
    UnknownSide { code: u8 },
    /// A price whose ticks at the book's precision do not fit in 63 bits.
    #[error("price '{value}' is out of the book's range at precision {precision}")]
    PriceOutOfRange { value: String, precision: u8 },
    /// A size whose raw is beyond the value range.
    #[error("size '{value}' is out of range")]
    SizeOutOfRange { value: String },
    /// Best bid at or above best ask.
    #[error("book is crossed: best bid {bid} >= best ask {ask}")]
    Crossed { bid: String, ask: String },
    /// A delta carried a sequence lower than one applied before it.
    #[error("sequence went backwards: {previous} then {current}")]
    SequenceBackwards { previous: u64, current: u64 },
    /// An L1 book holding more than one level on a side.
    #[error("L1_MBP book has {levels} levels on the {side} side, expected at most 1")]
    TooManyLevels { side: &'static str, levels: usize },
    /// An operation that this book type does not support.
    #[error("{operation} is not supported by a {book_type} book")]
    Unsupported {
        operation: &'static str,
        book_type: &'static str,
    },
    /// Exact arithmetic left the `i128` range (only for absurd books).
    #[error("arithmetic overflow computing {what}")]
    Overflow { what: &'static str },
    /// A packed batch whose length is not what its count says.
    #[error("malformed packed batch: {reason}")]
    MalformedBatch { reason: String },
    /// A delta of a batch failed; nothing of the batch was applied.
    #[error("delta {index} of the batch: {source}")]
    InBatch {
        index: usize,
        source: Box<BookError>,
    },
    /// An own order id added twice.
    #[error("own order '{client_order_id}' is already in the own book")]
    DuplicateOwnOrder { client_order_id: String },
    /// An own order id that is not in the own book.
    #[error("own order '{client_order_id}' is not in the own book")]
    UnknownOwnOrder { client_order_id: String },
    /// A bad configuration value (precision out of range).
    #[error(transparent)]
    Correctness(#[from] CorrectnessError),
}

impl BookError {
    /// The stable error code that crosses to JavaScript. A batch failure reports the code of
    /// the delta that failed (its index travels separately).
    pub fn code(&self) -> &'static str {
        match self {
            BookError::TooManyDecimals { .. } => "BOOK_TOO_MANY_DECIMALS",
            BookError::NegativeSize { .. } => "BOOK_NEGATIVE_SIZE",
            BookError::UnknownAction { .. } => "BOOK_UNKNOWN_ACTION",
            BookError::UnknownSide { .. } => "BOOK_UNKNOWN_SIDE",
            BookError::PriceOutOfRange { .. } => "BOOK_PRICE_OUT_OF_RANGE",
            BookError::SizeOutOfRange { .. } => "BOOK_SIZE_OUT_OF_RANGE",
            BookError::Crossed { .. } => "BOOK_CROSSED",
            BookError::SequenceBackwards { .. } => "BOOK_SEQUENCE_BACKWARDS",
            BookError::TooManyLevels { .. } => "BOOK_TOO_MANY_LEVELS",
            BookError::Unsupported { .. } => "BOOK_UNSUPPORTED",
            BookError::Overflow { .. } => "BOOK_OVERFLOW",
            BookError::MalformedBatch { .. } => "BOOK_MALFORMED_BATCH",
            BookError::InBatch { source, .. } => source.code(),
            BookError::DuplicateOwnOrder { .. } => "OWN_BOOK_DUPLICATE_ORDER",
            BookError::UnknownOwnOrder { .. } => "OWN_BOOK_UNKNOWN_ORDER",
            BookError::Correctness(e) => e.code(),
        }
    }

    /// The index of the failed delta for a batch failure.
    pub fn batch_index(&self) -> Option<usize> {
        match self {
            BookError::InBatch { index, .. } => Some(*index),
            _ => None,
        }
    }
}
