//! The simulated matching engine as a JS class. Translation only: every rule is in
//! `kairos_core::matching`.
//!
//! # Values across the boundary
//! - Order prices and quantities: `BigInt` raws at the fixed scale (16 decimals), the `.raw` of
//!   the TypeScript `Price`/`Quantity`. Times: `BigInt` UNIX nanoseconds.
//! - Events: plain objects with a `type` discriminant; prices and quantities as `BigInt` raws.
//! - Market data batches: one `BigInt64Array` of integer *units* (value * 10^precision at the
//!   engine's price or size precision), fixed stride per record:
//!
//! | call              | record (stride)                                              |
//! |-------------------|--------------------------------------------------------------|
//! | `processQuotes`   | `ts, bid, ask, bidSize, askSize` (5)                           |
//! | `processBars`     | `ts, open, high, low, close, volume` (6)                       |
//! | `processTrades`   | `ts, price, size, aggressor` (4; aggressor 0 none, 1 buyer, 2 seller) |
//! | `processDeltas`   | `action, side, price, size` (4; action 0 add, 1 update, 2 delete, 3 clear; side 0 buy, 1 sell) |
//! | `processSnapshot` | bids and asks: `price, size` (2)                               |
//!
//! A malformed batch (length not a multiple of the stride, an unknown code) throws
//! `INVALID_BATCH`; market data off the tick throws the core's `OFF_INCREMENT`, and nothing of
//! the batch was applied.

use std::str::FromStr;

use kairos_core::enums::{
    AggressorSide, BookAction, BookType, OrderSide, OrderType, PositionSide, TimeInForce,
    TriggerType,
};
use kairos_core::matching::{
    Bar, BookDelta, MatchEvent, MatchEventKind, MatchingConfig, MatchingEngine, MatchingError,
    ModifyOrder, QuoteTick, SubmitOrder, TradeTick, TrailingOffset,
};
use kairos_core::types::fixed::{decimals_of, raw_unit};
use kairos_core::types::{Price, Quantity};
use napi::bindgen_prelude::{BigInt, BigInt64Array};
use napi_derive::napi;

use crate::error::{raw_overflow, ToJsError};

impl ToJsError for MatchingError {
    fn to_js(&self) -> napi::Error<String> {
        napi::Error::new(self.code().to_string(), self.to_string())
    }
}

fn batch_error(message: String) -> napi::Error<String> {
    napi::Error::new("INVALID_BATCH".to_string(), message)
}

/// Options of a matching engine. Increments are decimal strings (`'0.01'`): their decimals are
/// the engine's precisions.
#[napi(object)]
pub struct MatchingEngineOptions {
    pub price_increment: String,
    pub size_increment: String,
    /// `'L1_MBP'` or `'L2_MBP'`.
    pub book_type: String,
    pub reject_stop_orders: Option<bool>,
    pub support_gtd_orders: Option<bool>,
    pub use_reduce_only: Option<bool>,
    pub trade_execution: Option<bool>,
    pub order_id_prefix: Option<String>,
    pub trade_id_prefix: Option<String>,
}

/// An order to submit. Raws at 16 decimals; `expireTime` in UNIX ns.
#[napi(object)]
pub struct MatchingOrder {
    pub client_order_id: String,
    pub side: String,
    pub order_type: String,
    pub quantity: BigInt,
    pub price: Option<BigInt>,
    pub trigger_price: Option<BigInt>,
    pub trigger_type: Option<String>,
    pub time_in_force: Option<String>,
    pub expire_time: Option<BigInt>,
    pub post_only: Option<bool>,
    pub reduce_only: Option<bool>,
    /// Trailing stops: the offset as a price raw, or `trailingOffsetBps` (not both).
    pub trailing_offset: Option<BigInt>,
    pub trailing_offset_bps: Option<u32>,
    /// `TRAILING_STOP_LIMIT`: the limit's distance from the trigger (price raw).
    pub limit_offset: Option<BigInt>,
}

/// New values for a working order (raws at 16 decimals).
#[napi(object)]
pub struct MatchingModify {
    pub price: Option<BigInt>,
    pub trigger_price: Option<BigInt>,
    pub quantity: Option<BigInt>,
}

/// One event. `type` is `ACCEPTED`, `REJECTED`, `CANCELED`, `EXPIRED`, `TRIGGERED`, `UPDATED`,
/// `MODIFY_REJECTED`, `CANCEL_REJECTED` or `FILLED`; the other fields are set as the type needs.
#[napi(object)]
pub struct MatchingEvent {
    #[napi(js_name = "type")]
    pub kind: String,
    pub client_order_id: String,
    pub ts: BigInt,
    pub venue_order_id: Option<String>,
    pub trade_id: Option<String>,
    pub side: Option<String>,
    pub last_px: Option<BigInt>,
    pub last_qty: Option<BigInt>,
    pub leaves_qty: Option<BigInt>,
    pub liquidity_side: Option<String>,
    pub quantity: Option<BigInt>,
    pub price: Option<BigInt>,
    pub trigger_price: Option<BigInt>,
    pub reason_code: Option<String>,
    pub reason: Option<String>,
}

/// A displayed level: raws at 16 decimals.
#[napi(object)]
pub struct MatchingLevel {
    pub price: BigInt,
    pub size: BigInt,
}

fn parse<T: FromStr<Err = kairos_core::correctness::CorrectnessError>>(
    s: &str,
) -> napi::Result<T, String> {
    s.parse::<T>().map_err(|e| e.to_js())
}

fn raw(v: &BigInt, what: &str) -> napi::Result<i128, String> {
    match v.get_i128() {
        (r, true) => Ok(r),
        _ => Err(raw_overflow(what)),
    }
}

fn ts(v: &BigInt) -> napi::Result<u64, String> {
    match v.get_u64() {
        (false, t, true) => Ok(t),
        _ => Err(napi::Error::new(
            "OUT_OF_RANGE".to_string(),
            "a timestamp must be a non-negative 64-bit BigInt of nanoseconds".to_string(),
        )),
    }
}

/// A raw as a price at the fewest decimals that hold it (so a reject names the value as written).
fn price(v: &BigInt, what: &str) -> napi::Result<Price, String> {
    let r = raw(v, what)?;
    Price::new_checked(r, decimals_of(r)).map_err(|e| e.to_js())
}

fn quantity(v: &BigInt, what: &str) -> napi::Result<Quantity, String> {
    let r = raw(v, what)?;
    Quantity::new_checked(r, decimals_of(r)).map_err(|e| e.to_js())
}

fn big(v: i128) -> BigInt {
    BigInt::from(v)
}

fn event(e: MatchEvent) -> MatchingEvent {
    let mut out = MatchingEvent {
        kind: e.kind.as_str().to_string(),
        client_order_id: e.client_order_id,
        ts: BigInt::from(e.ts),
        venue_order_id: None,
        trade_id: None,
        side: None,
        last_px: None,
        last_qty: None,
        leaves_qty: None,
        liquidity_side: None,
        quantity: None,
        price: None,
        trigger_price: None,
        reason_code: None,
        reason: None,
    };
    match e.kind {
        MatchEventKind::Accepted { venue_order_id }
        | MatchEventKind::Canceled { venue_order_id }
        | MatchEventKind::Expired { venue_order_id }
        | MatchEventKind::Triggered { venue_order_id } => out.venue_order_id = Some(venue_order_id),
        MatchEventKind::Rejected { reason }
        | MatchEventKind::ModifyRejected { reason }
        | MatchEventKind::CancelRejected { reason } => {
            out.reason_code = Some(reason.code().to_string());
            out.reason = Some(reason.to_string());
        }
        MatchEventKind::Updated {
            venue_order_id,
            quantity,
            price,
            trigger_price,
        } => {
            out.venue_order_id = Some(venue_order_id);
            out.quantity = Some(big(quantity.raw()));
            out.price = price.map(|p| big(p.raw()));
            out.trigger_price = trigger_price.map(|p| big(p.raw()));
        }
        MatchEventKind::Filled(f) => {
            out.venue_order_id = Some(f.venue_order_id);
            out.trade_id = Some(f.trade_id);
            out.side = Some(f.side.as_str().to_string());
            out.last_px = Some(big(f.last_px.raw()));
            out.last_qty = Some(big(f.last_qty.raw()));
            out.leaves_qty = Some(big(f.leaves_qty.raw()));
            out.liquidity_side = Some(f.liquidity_side.as_str().to_string());
        }
    }
    out
}

fn events(v: Vec<MatchEvent>) -> Vec<MatchingEvent> {
    v.into_iter().map(event).collect()
}

fn records(data: &[i64], stride: usize, what: &str) -> napi::Result<(), String> {
    if data.len() % stride != 0 {
        return Err(batch_error(format!(
            "{what} batch length {} is not a multiple of {stride}",
            data.len()
        )));
    }
    Ok(())
}

impl TryFrom<MatchingEngineOptions> for MatchingConfig {
    type Error = napi::Error<String>;

    fn try_from(options: MatchingEngineOptions) -> napi::Result<Self, String> {
        let book_type: BookType = parse(&options.book_type)?;
        let mut config = MatchingConfig::new(
            parse(&options.price_increment)?,
            parse(&options.size_increment)?,
            book_type,
        );
        if let Some(v) = options.reject_stop_orders {
            config.reject_stop_orders = v;
        }
        if let Some(v) = options.support_gtd_orders {
            config.support_gtd_orders = v;
        }
        if let Some(v) = options.use_reduce_only {
            config.use_reduce_only = v;
        }
        if let Some(v) = options.trade_execution {
            config.trade_execution = v;
        }
        if let Some(v) = options.order_id_prefix {
            config.order_id_prefix = v;
        }
        if let Some(v) = options.trade_id_prefix {
            config.trade_id_prefix = v;
        }
        Ok(config)
    }
}

impl TryFrom<MatchingOrder> for SubmitOrder {
    type Error = napi::Error<String>;

    fn try_from(order: MatchingOrder) -> napi::Result<Self, String> {
        let trailing_offset = match (&order.trailing_offset, order.trailing_offset_bps) {
            (Some(_), Some(_)) => {
                return Err(napi::Error::new(
                    "INVALID_VALUE".to_string(),
                    "give trailingOffset or trailingOffsetBps, not both".to_string(),
                ))
            }
            (Some(p), None) => Some(TrailingOffset::Price(price(p, "trailingOffset")?)),
            (None, Some(bps)) => Some(TrailingOffset::BasisPoints(bps)),
            (None, None) => None,
        };
        Ok(SubmitOrder {
            client_order_id: order.client_order_id,
            side: parse(&order.side)?,
            order_type: parse::<OrderType>(&order.order_type)?,
            quantity: quantity(&order.quantity, "quantity")?,
            price: order
                .price
                .as_ref()
                .map(|p| price(p, "price"))
                .transpose()?,
            trigger_price: order
                .trigger_price
                .as_ref()
                .map(|p| price(p, "triggerPrice"))
                .transpose()?,
            trigger_type: match &order.trigger_type {
                Some(t) => parse::<TriggerType>(t)?,
                None => TriggerType::Default,
            },
            time_in_force: match &order.time_in_force {
                Some(t) => parse::<TimeInForce>(t)?,
                None => TimeInForce::Gtc,
            },
            expire_time: order.expire_time.as_ref().map(ts).transpose()?,
            post_only: order.post_only.unwrap_or(false),
            reduce_only: order.reduce_only.unwrap_or(false),
            trailing_offset,
            limit_offset: order
                .limit_offset
                .as_ref()
                .map(|p| price(p, "limitOffset"))
                .transpose()?,
        })
    }
}

impl TryFrom<MatchingModify> for ModifyOrder {
    type Error = napi::Error<String>;

    fn try_from(change: MatchingModify) -> napi::Result<Self, String> {
        Ok(ModifyOrder {
            price: change
                .price
                .as_ref()
                .map(|p| price(p, "price"))
                .transpose()?,
            trigger_price: change
                .trigger_price
                .as_ref()
                .map(|p| price(p, "triggerPrice"))
                .transpose()?,
            quantity: change
                .quantity
                .as_ref()
                .map(|q| quantity(q, "quantity"))
                .transpose()?,
        })
    }
}

/// One instrument's simulated venue (see `kairos_core::matching`). Every method is synchronous
/// and returns the events it caused, in order.
#[napi(js_name = "MatchingEngine")]
pub struct JsMatchingEngine {
    inner: MatchingEngine,
    price_unit: i128,
    size_unit: i128,
}

impl JsMatchingEngine {
    // |units| < 2^63 and a unit is at most 10^16: the product is far inside i128, and the
    // checked constructor refuses what is out of range.
    fn checked_px(&self, units: i64, what: &str) -> napi::Result<Price, String> {
        let r = i128::from(units) * self.price_unit;
        Price::new_checked(r, self.inner.config().price_precision())
            .map_err(|e| batch_error(format!("{what} {units} units: {e}")))
    }

    fn checked_qty(&self, units: i64, what: &str) -> napi::Result<Quantity, String> {
        let r = i128::from(units) * self.size_unit;
        Quantity::new_checked(r, self.inner.config().size_precision())
            .map_err(|e| batch_error(format!("{what} {units} units: {e}")))
    }
}

#[napi]
impl JsMatchingEngine {
    #[napi(constructor)]
    pub fn new(options: MatchingEngineOptions) -> napi::Result<Self, String> {
        let config = MatchingConfig::try_from(options)?;
        let price_unit = raw_unit(config.price_precision());
        let size_unit = raw_unit(config.size_precision());
        let inner = MatchingEngine::new(config).map_err(|e| e.to_js())?;
        Ok(Self {
            inner,
            price_unit,
            size_unit,
        })
    }

    /// Submits an order at `ts`.
    #[napi]
    pub fn submit(
        &mut self,
        order: MatchingOrder,
        ts: BigInt,
    ) -> napi::Result<Vec<MatchingEvent>, String> {
        let o = SubmitOrder::try_from(order)?;
        Ok(events(self.inner.submit(&o, self::ts(&ts)?)))
    }

    /// Modifies a working order at `ts`.
    #[napi]
    pub fn modify(
        &mut self,
        client_order_id: String,
        change: MatchingModify,
        ts: BigInt,
    ) -> napi::Result<Vec<MatchingEvent>, String> {
        let m = ModifyOrder::try_from(change)?;
        Ok(events(self.inner.modify(
            &client_order_id,
            &m,
            self::ts(&ts)?,
        )))
    }

    /// Cancels a working order at `ts`.
    #[napi]
    pub fn cancel(
        &mut self,
        client_order_id: String,
        ts: BigInt,
    ) -> napi::Result<Vec<MatchingEvent>, String> {
        Ok(events(self.inner.cancel(&client_order_id, self::ts(&ts)?)))
    }

    /// Cancels every working order (of `side` if given) at `ts`.
    #[napi]
    pub fn cancel_all(
        &mut self,
        ts: BigInt,
        side: Option<String>,
    ) -> napi::Result<Vec<MatchingEvent>, String> {
        let side = side.as_deref().map(parse::<OrderSide>).transpose()?;
        Ok(events(self.inner.cancel_all(side, self::ts(&ts)?)))
    }

    /// Moves time to `ts`: expires due GTD orders.
    #[napi]
    pub fn advance_time(&mut self, ts: BigInt) -> napi::Result<Vec<MatchingEvent>, String> {
        Ok(events(self.inner.advance_time(self::ts(&ts)?)))
    }

    /// Seeds the net position used by reduce-only (`side`: `LONG`, `SHORT` or `FLAT`).
    #[napi]
    pub fn set_position(&mut self, side: String, quantity: BigInt) -> napi::Result<(), String> {
        let side: PositionSide = parse(&side)?;
        let q = self::quantity(&quantity, "quantity")?;
        self.inner.set_position(side, q).map_err(|e| e.to_js())
    }

    /// L1 quotes, stride 5 (see the module doc).
    #[napi]
    pub fn process_quotes(
        &mut self,
        data: BigInt64Array,
    ) -> napi::Result<Vec<MatchingEvent>, String> {
        records(&data, 5, "quote")?;
        let mut quotes = Vec::with_capacity(data.len() / 5);
        for r in data.chunks_exact(5) {
            quotes.push(QuoteTick {
                ts: u64::try_from(r[0])
                    .map_err(|_| batch_error(format!("negative quote ts {}", r[0])))?,
                bid: self.checked_px(r[1], "bid")?,
                ask: self.checked_px(r[2], "ask")?,
                bid_size: self.checked_qty(r[3], "bid size")?,
                ask_size: self.checked_qty(r[4], "ask size")?,
            });
        }
        self.inner
            .process_quotes(&quotes)
            .map(events)
            .map_err(|e| e.to_js())
    }

    /// L1 bars, stride 6 (see the module doc).
    #[napi]
    pub fn process_bars(
        &mut self,
        data: BigInt64Array,
    ) -> napi::Result<Vec<MatchingEvent>, String> {
        records(&data, 6, "bar")?;
        let mut bars = Vec::with_capacity(data.len() / 6);
        for r in data.chunks_exact(6) {
            bars.push(Bar {
                ts: u64::try_from(r[0])
                    .map_err(|_| batch_error(format!("negative bar ts {}", r[0])))?,
                open: self.checked_px(r[1], "bar open")?,
                high: self.checked_px(r[2], "bar high")?,
                low: self.checked_px(r[3], "bar low")?,
                close: self.checked_px(r[4], "bar close")?,
                volume: self.checked_qty(r[5], "bar volume")?,
            });
        }
        self.inner
            .process_bars(&bars)
            .map(events)
            .map_err(|e| e.to_js())
    }

    /// Trades, stride 4 (see the module doc).
    #[napi]
    pub fn process_trades(
        &mut self,
        data: BigInt64Array,
    ) -> napi::Result<Vec<MatchingEvent>, String> {
        records(&data, 4, "trade")?;
        let mut trades = Vec::with_capacity(data.len() / 4);
        for r in data.chunks_exact(4) {
            trades.push(TradeTick {
                ts: u64::try_from(r[0])
                    .map_err(|_| batch_error(format!("negative trade ts {}", r[0])))?,
                price: self.checked_px(r[1], "trade price")?,
                size: self.checked_qty(r[2], "trade size")?,
                aggressor: match r[3] {
                    0 => AggressorSide::NoAggressor,
                    1 => AggressorSide::Buyer,
                    2 => AggressorSide::Seller,
                    x => return Err(batch_error(format!("unknown aggressor code {x}"))),
                },
            });
        }
        self.inner
            .process_trades(&trades)
            .map(events)
            .map_err(|e| e.to_js())
    }

    /// L2 deltas applied as one batch at `ts`, stride 4 (see the module doc).
    #[napi]
    pub fn process_deltas(
        &mut self,
        data: BigInt64Array,
        ts: BigInt,
    ) -> napi::Result<Vec<MatchingEvent>, String> {
        records(&data, 4, "delta")?;
        let mut deltas = Vec::with_capacity(data.len() / 4);
        for r in data.chunks_exact(4) {
            let action = match r[0] {
                0 => BookAction::Add,
                1 => BookAction::Update,
                2 => BookAction::Delete,
                3 => BookAction::Clear,
                x => return Err(batch_error(format!("unknown book action code {x}"))),
            };
            let side = match r[1] {
                0 => OrderSide::Buy,
                1 => OrderSide::Sell,
                x => return Err(batch_error(format!("unknown side code {x}"))),
            };
            deltas.push(BookDelta {
                action,
                side,
                price: if action == BookAction::Clear {
                    Price::zero(self.inner.config().price_precision())
                } else {
                    self.checked_px(r[2], "delta price")?
                },
                size: self.checked_qty(r[3], "delta size")?,
            });
        }
        self.inner
            .process_deltas(&deltas, self::ts(&ts)?)
            .map(events)
            .map_err(|e| e.to_js())
    }

    /// An L2 snapshot: bids and asks, stride 2 (see the module doc).
    #[napi]
    pub fn process_snapshot(
        &mut self,
        bids: BigInt64Array,
        asks: BigInt64Array,
        ts: BigInt,
    ) -> napi::Result<Vec<MatchingEvent>, String> {
        records(&bids, 2, "bid level")?;
        records(&asks, 2, "ask level")?;
        let levels = |data: &[i64]| -> napi::Result<Vec<(Price, Quantity)>, String> {
            data.chunks_exact(2)
                .map(|r| {
                    Ok((
                        self.checked_px(r[0], "level price")?,
                        self.checked_qty(r[1], "level size")?,
                    ))
                })
                .collect()
        };
        let (b, a) = (levels(&bids)?, levels(&asks)?);
        self.inner
            .process_snapshot(&b, &a, self::ts(&ts)?)
            .map(events)
            .map_err(|e| e.to_js())
    }

    /// Best bid after own consumption, or null.
    #[napi]
    pub fn best_bid(&self) -> Option<MatchingLevel> {
        self.inner.best_bid().map(|(p, s)| MatchingLevel {
            price: big(p.raw()),
            size: big(s.raw()),
        })
    }

    /// Best ask after own consumption, or null.
    #[napi]
    pub fn best_ask(&self) -> Option<MatchingLevel> {
        self.inner.best_ask().map(|(p, s)| MatchingLevel {
            price: big(p.raw()),
            size: big(s.raw()),
        })
    }

    /// Client ids of the working orders, in submission order.
    #[napi]
    pub fn open_client_order_ids(&self) -> Vec<String> {
        self.inner.open_client_order_ids()
    }

    /// The net position: `[side, quantity raw]`.
    #[napi]
    pub fn position(&self) -> MatchingPosition {
        let (side, q) = self.inner.position();
        MatchingPosition {
            side: side.as_str().to_string(),
            quantity: big(q.raw()),
        }
    }
}

/// The engine's net position.
#[napi(object)]
pub struct MatchingPosition {
    pub side: String,
    pub quantity: BigInt,
}
