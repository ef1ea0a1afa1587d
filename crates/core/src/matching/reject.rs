//! Why the engine refused an order, a modify or a cancel. Each reason has a stable `code()` and
//! a message that names the bad value; both travel in the event, never as an error.

use thiserror::Error;

/// The reason carried by `Rejected`, `ModifyRejected` and `CancelRejected` events.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RejectReason {
    #[error("{what} '{value}' is not a multiple of the increment {increment}")]
    OffIncrement {
        what: &'static str,
        value: String,
        increment: String,
    },
    #[error("quantity '{value}' must be positive")]
    QuantityNotPositive { value: String },
    #[error("{order_type} order needs a {field}")]
    MissingField {
        order_type: &'static str,
        field: &'static str,
    },
    #[error("order type {0} is not supported by the simulated venue")]
    UnsupportedOrderType(&'static str),
    #[error("time in force {0} is not supported by the simulated venue")]
    UnsupportedTimeInForce(&'static str),
    #[error("trigger type {0} is not supported by the simulated venue")]
    UnsupportedTriggerType(&'static str),
    #[error("expire time {expire_time} is not after the current time {now}")]
    ExpireTimeInPast { expire_time: u64, now: u64 },
    #[error("client order id '{0}' is already working")]
    DuplicateClientOrderId(String),
    #[error("post-only {side} at {price} would cross the best opposite price {best}")]
    PostOnlyWouldCross {
        side: &'static str,
        price: String,
        best: String,
    },
    #[error("no market: the {side} side of the book is empty")]
    NoMarket { side: &'static str },
    #[error("reduce-only {side} would increase the net position {position}")]
    ReduceOnlyWouldIncrease {
        side: &'static str,
        position: String,
    },
    #[error("{order_type} trigger {trigger} is already met (reference price {reference})")]
    StopAlreadyTriggered {
        order_type: &'static str,
        trigger: String,
        reference: String,
    },
    #[error(
        "trailing offset {0} must be a positive multiple of the tick, or 1 to 9999 basis points"
    )]
    InvalidTrailingOffset(String),
    #[error("limit offset {0} must be a non-negative multiple of the tick")]
    InvalidLimitOffset(String),
    #[error("order '{0}' is not working at the venue")]
    OrderNotFound(String),
    #[error("new quantity {quantity} is not above the filled quantity {filled}")]
    QuantityNotAboveFilled { quantity: String, filled: String },
    #[error("{field} cannot be modified on a {order_type} order in its current state")]
    FieldNotModifiable {
        field: &'static str,
        order_type: &'static str,
    },
}

impl RejectReason {
    /// The stable code of the reason.
    pub const fn code(&self) -> &'static str {
        match self {
            RejectReason::OffIncrement { .. } => "OFF_INCREMENT",
            RejectReason::QuantityNotPositive { .. } => "QUANTITY_NOT_POSITIVE",
            RejectReason::MissingField { .. } => "MISSING_FIELD",
            RejectReason::UnsupportedOrderType(_) => "UNSUPPORTED_ORDER_TYPE",
            RejectReason::UnsupportedTimeInForce(_) => "UNSUPPORTED_TIME_IN_FORCE",
            RejectReason::UnsupportedTriggerType(_) => "UNSUPPORTED_TRIGGER_TYPE",
            RejectReason::ExpireTimeInPast { .. } => "EXPIRE_TIME_IN_PAST",
            RejectReason::DuplicateClientOrderId(_) => "DUPLICATE_CLIENT_ORDER_ID",
            RejectReason::PostOnlyWouldCross { .. } => "POST_ONLY_WOULD_CROSS",
            RejectReason::NoMarket { .. } => "NO_MARKET",
            RejectReason::ReduceOnlyWouldIncrease { .. } => "REDUCE_ONLY_WOULD_INCREASE",
            RejectReason::StopAlreadyTriggered { .. } => "STOP_ALREADY_TRIGGERED",
            RejectReason::InvalidTrailingOffset(_) => "INVALID_TRAILING_OFFSET",
            RejectReason::InvalidLimitOffset(_) => "INVALID_LIMIT_OFFSET",
            RejectReason::OrderNotFound(_) => "ORDER_NOT_FOUND",
            RejectReason::QuantityNotAboveFilled { .. } => "QUANTITY_NOT_ABOVE_FILLED",
            RejectReason::FieldNotModifiable { .. } => "FIELD_NOT_MODIFIABLE",
        }
    }
}
