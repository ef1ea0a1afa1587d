//! Failures that stop a venue's reconciliation before any diff is computed.
//!
//! Everything found while diffing (an unreachable status, a fill with no price) is a
//! [`Discrepancy`](super::Discrepancy) with `fails_venue` instead: the diff still completes, so the
//! caller can log every reason at once.

use thiserror::Error;

/// A venue's mass status that cannot be reconciled at all.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ReconError {
    #[error("duplicate client order id {client_order_id} in order reports (venue order ids {first} and {second})")]
    DuplicateClientOrderId {
        client_order_id: String,
        first: String,
        second: String,
    },
    #[error("duplicate venue order id {venue_order_id} in order reports with different contents")]
    DuplicateVenueOrderId { venue_order_id: String },
    #[error("duplicate trade id {trade_id} ({instrument_id}) in fill reports with different data")]
    DuplicateTradeId {
        instrument_id: String,
        trade_id: String,
    },
    #[error("instrument {instrument_id} claimed by strategies {first} and {second}")]
    ConflictingClaims {
        instrument_id: String,
        first: String,
        second: String,
    },
    #[error("cache holds client order id {client_order_id} twice")]
    DuplicateCachedOrder { client_order_id: String },
}

impl ReconError {
    /// The stable error code that crosses to JavaScript.
    pub const fn code(&self) -> &'static str {
        match self {
            ReconError::DuplicateClientOrderId { .. } => "RECON_DUPLICATE_CLIENT_ORDER_ID",
            ReconError::DuplicateVenueOrderId { .. } => "RECON_DUPLICATE_VENUE_ORDER_ID",
            ReconError::DuplicateTradeId { .. } => "RECON_DUPLICATE_TRADE_ID",
            ReconError::ConflictingClaims { .. } => "RECON_CONFLICTING_CLAIMS",
            ReconError::DuplicateCachedOrder { .. } => "RECON_DUPLICATE_CACHED_ORDER",
        }
    }
}
