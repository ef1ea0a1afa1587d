//! The wire names of every closed set, exported once so TypeScript never keeps its own list.

use kairos_core::enums::*;
use napi_derive::napi;

/// Wire names by enum.
#[napi(object)]
pub struct EnumNames {
    pub order_side: Vec<String>,
    pub order_type: Vec<String>,
    pub order_status: Vec<String>,
    pub time_in_force: Vec<String>,
    pub oms_type: Vec<String>,
    pub contingency_type: Vec<String>,
    pub book_type: Vec<String>,
    pub book_action: Vec<String>,
    pub aggressor_side: Vec<String>,
    pub liquidity_side: Vec<String>,
    pub position_side: Vec<String>,
    pub trigger_type: Vec<String>,
    pub account_type: Vec<String>,
}

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| name(*v).to_string()).collect()
}

/// Every enum's wire names, in declaration order.
#[napi]
pub fn enum_names() -> EnumNames {
    EnumNames {
        order_side: names(OrderSide::ALL, OrderSide::as_str),
        order_type: names(OrderType::ALL, OrderType::as_str),
        order_status: names(OrderStatus::ALL, OrderStatus::as_str),
        time_in_force: names(TimeInForce::ALL, TimeInForce::as_str),
        oms_type: names(OmsType::ALL, OmsType::as_str),
        contingency_type: names(ContingencyType::ALL, ContingencyType::as_str),
        book_type: names(BookType::ALL, BookType::as_str),
        book_action: names(BookAction::ALL, BookAction::as_str),
        aggressor_side: names(AggressorSide::ALL, AggressorSide::as_str),
        liquidity_side: names(LiquiditySide::ALL, LiquiditySide::as_str),
        position_side: names(PositionSide::ALL, PositionSide::as_str),
        trigger_type: names(TriggerType::ALL, TriggerType::as_str),
        account_type: names(AccountType::ALL, AccountType::as_str),
    }
}
