//! Checks of commands and market data: submissions and modifies are refused with a
//! [`RejectReason`] (an event), market data off the increments or of the wrong book type with a
//! [`MatchingError`] (the call changes nothing).

use crate::enums::{BookType, OrderSide, OrderType, TimeInForce, TriggerType};
use crate::types::{Price, Quantity};

use super::engine::MatchingEngine;
use super::error::MatchingError;
use super::order::{ModifyOrder, Stage, SubmitOrder, WorkingOrder};
use super::reject::RejectReason;
use super::trailing::{Trailing, TrailingOffset};

impl MatchingEngine {
    pub(super) fn require_book(
        &self,
        expected: BookType,
        what: &'static str,
    ) -> Result<(), MatchingError> {
        if self.config.book_type != expected {
            return Err(MatchingError::BookTypeMismatch {
                what,
                expected: expected.as_str(),
                actual: self.config.book_type.as_str(),
            });
        }
        Ok(())
    }

    pub(super) fn data_price(&self, what: &'static str, p: Price) -> Result<i128, MatchingError> {
        if p.raw() % self.price_inc != 0 {
            return Err(MatchingError::OffIncrement {
                what,
                value: p.to_string(),
                increment: self.config.price_increment.to_string(),
            });
        }
        Ok(p.raw())
    }

    pub(super) fn data_size(&self, what: &'static str, q: Quantity) -> Result<i128, MatchingError> {
        if q.raw() % self.size_inc != 0 {
            return Err(MatchingError::OffIncrement {
                what,
                value: q.to_string(),
                increment: self.config.size_increment.to_string(),
            });
        }
        Ok(q.raw())
    }

    pub(super) fn on_price_tick(&self, what: &'static str, p: Price) -> Result<i128, RejectReason> {
        if p.raw() % self.price_inc != 0 {
            return Err(RejectReason::OffIncrement {
                what,
                value: p.to_string(),
                increment: self.config.price_increment.to_string(),
            });
        }
        Ok(p.raw())
    }

    pub(super) fn on_size_step(&self, q: Quantity) -> Result<i128, RejectReason> {
        if q.raw() <= 0 {
            return Err(RejectReason::QuantityNotPositive {
                value: q.to_string(),
            });
        }
        if q.raw() % self.size_inc != 0 {
            return Err(RejectReason::OffIncrement {
                what: "quantity",
                value: q.to_string(),
                increment: self.config.size_increment.to_string(),
            });
        }
        Ok(q.raw())
    }

    /// Every check of a submission, in a fixed order; the first failure is the reason.
    pub(super) fn check_submit(
        &self,
        order: &SubmitOrder,
        ts: u64,
    ) -> Result<WorkingOrder, RejectReason> {
        let t = order.order_type;
        let (needs_price, needs_trigger) = match t {
            OrderType::Market | OrderType::MarketToLimit => (false, false),
            OrderType::Limit => (true, false),
            OrderType::StopMarket | OrderType::MarketIfTouched => (false, true),
            OrderType::StopLimit | OrderType::LimitIfTouched => (true, true),
            OrderType::TrailingStopMarket | OrderType::TrailingStopLimit => (false, false),
        };
        let is_trailing = matches!(
            t,
            OrderType::TrailingStopMarket | OrderType::TrailingStopLimit
        );
        match order.time_in_force {
            TimeInForce::Gtc | TimeInForce::Ioc | TimeInForce::Fok => {}
            TimeInForce::Gtd if self.config.support_gtd_orders => match order.expire_time {
                None => {
                    return Err(RejectReason::MissingField {
                        order_type: "GTD",
                        field: "expire_time",
                    })
                }
                Some(e) if e <= ts => {
                    return Err(RejectReason::ExpireTimeInPast {
                        expire_time: e,
                        now: ts,
                    })
                }
                Some(_) => {}
            },
            other => return Err(RejectReason::UnsupportedTimeInForce(other.as_str())),
        }
        if (needs_trigger || is_trailing)
            && matches!(
                order.trigger_type,
                TriggerType::MarkPrice | TriggerType::IndexPrice
            )
        {
            return Err(RejectReason::UnsupportedTriggerType(
                order.trigger_type.as_str(),
            ));
        }
        let quantity = self.on_size_step(order.quantity)?;
        let price = match (needs_price, order.price) {
            (true, None) => {
                return Err(RejectReason::MissingField {
                    order_type: t.as_str(),
                    field: "price",
                })
            }
            (true, Some(p)) => Some(self.on_price_tick("price", p)?),
            (false, _) => None,
        };
        let trigger_price = match (needs_trigger, order.trigger_price) {
            (true, None) => {
                return Err(RejectReason::MissingField {
                    order_type: t.as_str(),
                    field: "trigger_price",
                })
            }
            (true, Some(p)) => Some(self.on_price_tick("trigger price", p)?),
            (false, _) => None,
        };
        let trailing = if is_trailing {
            Some(self.check_trailing(order)?)
        } else {
            None
        };
        if self.by_client_id.contains_key(&order.client_order_id) {
            return Err(RejectReason::DuplicateClientOrderId(
                order.client_order_id.clone(),
            ));
        }
        let o = WorkingOrder {
            client_order_id: order.client_order_id.clone(),
            venue_order_id: String::new(),
            side: order.side,
            order_type: t,
            quantity,
            filled: 0,
            price,
            trigger_price,
            trigger_type: order.trigger_type,
            time_in_force: order.time_in_force,
            expire_time: (order.time_in_force == TimeInForce::Gtd)
                .then_some(order.expire_time)
                .flatten(),
            post_only: order.post_only && t == OrderType::Limit,
            reduce_only: order.reduce_only && self.config.use_reduce_only,
            stage: if needs_trigger || is_trailing {
                Stage::AwaitingTrigger
            } else if needs_price {
                Stage::Resting
            } else {
                Stage::Taking
            },
            trailing,
            priority: 0,
        };
        if o.post_only {
            self.check_post_only(&o)?;
        }
        if matches!(t, OrderType::Market | OrderType::MarketToLimit)
            && self.market.opposite(o.side).best().is_none()
        {
            return Err(RejectReason::NoMarket {
                side: match o.side {
                    OrderSide::Buy => "ask",
                    OrderSide::Sell => "bid",
                },
            });
        }
        if o.reduce_only && self.reduce_cap(&o) == Some(0) {
            return Err(RejectReason::ReduceOnlyWouldIncrease {
                side: o.side.as_str(),
                position: self.signed_position(),
            });
        }
        if needs_trigger && self.config.reject_stop_orders {
            if let Some(reference) = self.trigger_reference(&o) {
                return Err(RejectReason::StopAlreadyTriggered {
                    order_type: t.as_str(),
                    trigger: self.px(trigger_price.unwrap_or_default()).to_string(),
                    reference: self.px(reference).to_string(),
                });
            }
        }
        Ok(o)
    }

    fn check_trailing(&self, order: &SubmitOrder) -> Result<Trailing, RejectReason> {
        let offset = match order.trailing_offset {
            None => {
                return Err(RejectReason::MissingField {
                    order_type: order.order_type.as_str(),
                    field: "trailing_offset",
                })
            }
            Some(TrailingOffset::Price(p)) if p.raw() <= 0 || p.raw() % self.price_inc != 0 => {
                return Err(RejectReason::InvalidTrailingOffset(p.to_string()))
            }
            Some(TrailingOffset::BasisPoints(b)) if !(1..10_000).contains(&b) => {
                return Err(RejectReason::InvalidTrailingOffset(format!("{b} bps")))
            }
            Some(o) => o,
        };
        let limit_offset = match (order.order_type, order.limit_offset) {
            (OrderType::TrailingStopLimit, None) => {
                return Err(RejectReason::MissingField {
                    order_type: order.order_type.as_str(),
                    field: "limit_offset",
                })
            }
            (OrderType::TrailingStopLimit, Some(p)) => {
                if p.raw() < 0 || p.raw() % self.price_inc != 0 {
                    return Err(RejectReason::InvalidLimitOffset(p.to_string()));
                }
                p.raw()
            }
            _ => 0,
        };
        let activation = order
            .trigger_price
            .map(|p| self.on_price_tick("activation price", p))
            .transpose()?;
        Ok(Trailing {
            offset,
            limit_offset,
            activation,
            extreme: None,
        })
    }

    pub(super) fn check_post_only(&self, o: &WorkingOrder) -> Result<(), RejectReason> {
        let ladder = self.market.opposite(o.side);
        match (ladder.best(), o.price) {
            (Some((best, _)), Some(price)) if ladder.within(best, Some(price)) => {
                Err(RejectReason::PostOnlyWouldCross {
                    side: o.side.as_str(),
                    price: self.px(price).to_string(),
                    best: self.px(best).to_string(),
                })
            }
            _ => Ok(()),
        }
    }

    pub(super) fn check_modify(
        &self,
        o: &WorkingOrder,
        change: &ModifyOrder,
    ) -> Result<(), RejectReason> {
        if o.trailing.is_some() && o.stage == Stage::AwaitingTrigger {
            let field = if change.price.is_some() {
                Some("price")
            } else if change.trigger_price.is_some() {
                Some("trigger_price")
            } else {
                None
            };
            if let Some(field) = field {
                return Err(RejectReason::FieldNotModifiable {
                    field,
                    order_type: o.order_type.as_str(),
                });
            }
        }
        let mut next = o.clone();
        if let Some(p) = change.price {
            if !o.is_limit_kind() {
                return Err(RejectReason::FieldNotModifiable {
                    field: "price",
                    order_type: o.order_type.as_str(),
                });
            }
            next.price = Some(self.on_price_tick("price", p)?);
        }
        if let Some(t) = change.trigger_price {
            if o.stage != Stage::AwaitingTrigger {
                return Err(RejectReason::FieldNotModifiable {
                    field: "trigger_price",
                    order_type: o.order_type.as_str(),
                });
            }
            next.trigger_price = Some(self.on_price_tick("trigger price", t)?);
        }
        if let Some(q) = change.quantity {
            let q = self.on_size_step(q)?;
            if q <= o.filled {
                return Err(RejectReason::QuantityNotAboveFilled {
                    quantity: self.qty(q).to_string(),
                    filled: self.qty(o.filled).to_string(),
                });
            }
        }
        if next.post_only && next.stage == Stage::Resting {
            self.check_post_only(&next)?;
        }
        Ok(())
    }
}
