//! The configuration of one instrument's matching engine.

use crate::enums::BookType;
use crate::types::{Price, Quantity};

use super::error::MatchingError;

/// How one instrument matches. Build with [`MatchingConfig::new`] and adjust the public fields;
/// [`super::MatchingEngine::new`] checks the whole config once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchingConfig {
    /// Smallest price step; its precision is the price precision of every fill.
    pub price_increment: Price,
    /// Smallest quantity step; its precision is the size precision of every fill.
    pub size_increment: Quantity,
    /// `L1_MBP` (top of book from quotes) or `L2_MBP` (levels from snapshots and deltas).
    pub book_type: BookType,
    /// Refuse a stop or touched order whose trigger condition already holds at submission,
    /// instead of triggering it at once.
    pub reject_stop_orders: bool,
    /// Accept `GTD` orders (expired by [`super::MatchingEngine::advance_time`]).
    pub support_gtd_orders: bool,
    /// Honour the reduce-only flag against the engine's net position; when false the flag is
    /// ignored.
    pub use_reduce_only: bool,
    /// Fill resting limit orders from trades that print at or through their price.
    pub trade_execution: bool,
    /// Prefix of venue order ids: `<prefix>-<seq>`.
    pub order_id_prefix: String,
    /// Prefix of trade ids: `<prefix>-<seq>`.
    pub trade_id_prefix: String,
}

impl MatchingConfig {
    /// A config with the usual defaults: stop orders triggered at once when already met, GTD
    /// supported, reduce-only honoured, trade execution on, ids `O-<n>` and `T-<n>`.
    pub fn new(price_increment: Price, size_increment: Quantity, book_type: BookType) -> Self {
        Self {
            price_increment,
            size_increment,
            book_type,
            reject_stop_orders: false,
            support_gtd_orders: true,
            use_reduce_only: true,
            trade_execution: true,
            order_id_prefix: "O".to_string(),
            trade_id_prefix: "T".to_string(),
        }
    }

    /// Price decimals of every price the engine emits.
    pub const fn price_precision(&self) -> u8 {
        self.price_increment.precision()
    }

    /// Size decimals of every quantity the engine emits.
    pub const fn size_precision(&self) -> u8 {
        self.size_increment.precision()
    }

    pub(crate) fn check(&self) -> Result<(), MatchingError> {
        if self.price_increment.raw() <= 0 {
            return Err(MatchingError::InvalidConfig {
                field: "price_increment",
                value: self.price_increment.to_string(),
                reason: "must be positive",
            });
        }
        if self.size_increment.raw() <= 0 {
            return Err(MatchingError::InvalidConfig {
                field: "size_increment",
                value: self.size_increment.to_string(),
                reason: "must be positive",
            });
        }
        if self.book_type == BookType::L3Mbo {
            return Err(MatchingError::InvalidConfig {
                field: "book_type",
                value: self.book_type.to_string(),
                reason: "only L1_MBP and L2_MBP are supported",
            });
        }
        for (field, prefix) in [
            ("order_id_prefix", &self.order_id_prefix),
            ("trade_id_prefix", &self.trade_id_prefix),
        ] {
            crate::correctness::check_identifier(field, prefix).map_err(|_| {
                MatchingError::InvalidConfig {
                    field,
                    value: prefix.clone(),
                    reason: "must be non-empty printable ASCII without whitespace",
                }
            })?;
        }
        Ok(())
    }
}
