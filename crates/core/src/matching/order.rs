//! Orders as the engine receives them (commands) and holds them (working orders).

use crate::enums::{OrderSide, OrderType, TimeInForce, TriggerType};
use crate::types::{Price, Quantity};

use super::trailing::{Trailing, TrailingOffset};

/// An order submitted to the simulated venue.
///
/// `price` is required by `LIMIT`, `STOP_LIMIT` and `LIMIT_IF_TOUCHED`; `trigger_price` by the
/// stop and touched types; `expire_time` (UNIX ns) by `GTD`. A field a type does not use is
/// ignored. `post_only` applies to `LIMIT` orders at submission and modify. Trailing stops need
/// `trailing_offset` (and `limit_offset` for `TRAILING_STOP_LIMIT`); their `trigger_price`, if
/// given, is the activation price (see [`super::trailing`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubmitOrder {
    pub client_order_id: String,
    pub side: OrderSide,
    pub order_type: OrderType,
    pub quantity: Quantity,
    pub price: Option<Price>,
    pub trigger_price: Option<Price>,
    pub trigger_type: TriggerType,
    pub time_in_force: TimeInForce,
    pub expire_time: Option<u64>,
    pub post_only: bool,
    pub reduce_only: bool,
    pub trailing_offset: Option<TrailingOffset>,
    pub limit_offset: Option<Price>,
}

impl SubmitOrder {
    fn base(id: &str, side: OrderSide, order_type: OrderType, quantity: Quantity) -> Self {
        Self {
            client_order_id: id.to_string(),
            side,
            order_type,
            quantity,
            price: None,
            trigger_price: None,
            trigger_type: TriggerType::Default,
            time_in_force: TimeInForce::Gtc,
            expire_time: None,
            post_only: false,
            reduce_only: false,
            trailing_offset: None,
            limit_offset: None,
        }
    }

    /// A market order (time in force GTC behaves as IOC).
    pub fn market(id: &str, side: OrderSide, quantity: Quantity) -> Self {
        Self::base(id, side, OrderType::Market, quantity)
    }

    /// A GTC limit order.
    pub fn limit(id: &str, side: OrderSide, quantity: Quantity, price: Price) -> Self {
        Self {
            price: Some(price),
            ..Self::base(id, side, OrderType::Limit, quantity)
        }
    }

    /// A stop-market order (or, with `order_type` changed, a market-if-touched one).
    pub fn stop_market(id: &str, side: OrderSide, quantity: Quantity, trigger: Price) -> Self {
        Self {
            trigger_price: Some(trigger),
            ..Self::base(id, side, OrderType::StopMarket, quantity)
        }
    }

    /// A stop-limit order.
    pub fn stop_limit(
        id: &str,
        side: OrderSide,
        quantity: Quantity,
        price: Price,
        trigger: Price,
    ) -> Self {
        Self {
            price: Some(price),
            trigger_price: Some(trigger),
            ..Self::base(id, side, OrderType::StopLimit, quantity)
        }
    }

    /// A trailing stop-market order, active at once unless given an activation price.
    pub fn trailing_stop_market(
        id: &str,
        side: OrderSide,
        quantity: Quantity,
        offset: TrailingOffset,
        activation: Option<Price>,
    ) -> Self {
        Self {
            trailing_offset: Some(offset),
            trigger_price: activation,
            ..Self::base(id, side, OrderType::TrailingStopMarket, quantity)
        }
    }

    /// The same order with another time in force.
    pub fn with_tif(mut self, tif: TimeInForce) -> Self {
        self.time_in_force = tif;
        self
    }

    /// The same order as GTD expiring at `expire_time`.
    pub fn with_expiry(mut self, expire_time: u64) -> Self {
        self.time_in_force = TimeInForce::Gtd;
        self.expire_time = Some(expire_time);
        self
    }

    /// The same order, post-only.
    pub fn with_post_only(mut self) -> Self {
        self.post_only = true;
        self
    }

    /// The same order, reduce-only.
    pub fn with_reduce_only(mut self) -> Self {
        self.reduce_only = true;
        self
    }

    /// The same order with another type.
    pub fn with_type(mut self, order_type: OrderType) -> Self {
        self.order_type = order_type;
        self
    }
}

/// New values for a working order; `None` keeps the current one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModifyOrder {
    pub price: Option<Price>,
    pub trigger_price: Option<Price>,
    pub quantity: Option<Quantity>,
}

/// Where a working order sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// A stop or touched order waiting for its trigger (in a trigger index).
    AwaitingTrigger,
    /// A limit order (or a triggered stop-limit / limit-if-touched) resting as maker.
    Resting,
    /// Being executed as taker (market, or a triggered market-type order): never indexed.
    Taking,
}

/// An order the venue accepted, with raws at the fixed scale.
#[derive(Clone, Debug)]
pub(crate) struct WorkingOrder {
    pub client_order_id: String,
    pub venue_order_id: String,
    pub side: OrderSide,
    pub order_type: OrderType,
    pub quantity: i128,
    pub filled: i128,
    pub price: Option<i128>,
    pub trigger_price: Option<i128>,
    pub trigger_type: TriggerType,
    pub time_in_force: TimeInForce,
    pub expire_time: Option<u64>,
    pub post_only: bool,
    pub reduce_only: bool,
    pub stage: Stage,
    /// Set for trailing stops.
    pub trailing: Option<Trailing>,
    /// Time priority: reassigned when a modify changes price or quantity.
    pub priority: u64,
}

impl WorkingOrder {
    pub fn leaves(&self) -> i128 {
        self.quantity - self.filled
    }

    /// Whether the type executes as a limit order once triggered (or at once).
    pub fn is_limit_kind(&self) -> bool {
        matches!(
            self.order_type,
            OrderType::Limit
                | OrderType::StopLimit
                | OrderType::LimitIfTouched
                | OrderType::MarketToLimit
                | OrderType::TrailingStopLimit
        )
    }
}
