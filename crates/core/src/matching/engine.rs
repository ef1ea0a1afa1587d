//! [`MatchingEngine`]: one instrument's simulated venue. See the module doc of [`super`] for the
//! rules it implements.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::enums::{
    AggressorSide, BookAction, BookType, LiquiditySide, OrderSide, OrderType, PositionSide,
    TimeInForce,
};
use crate::types::fixed::MAX_ABS_RAW;
use crate::types::{Price, Quantity};

use super::config::MatchingConfig;
use super::error::MatchingError;
use super::event::{Fill, MatchEvent, MatchEventKind};
use super::ids::IdGenerator;
use super::market::{Bar, BookDelta, MarketView, QuoteTick, TradeTick};
use super::order::{ModifyOrder, Stage, SubmitOrder, WorkingOrder};
use super::reject::RejectReason;
use super::trigger::{dir_ix, sources, trigger_key, Direction, Source, TriggerKey};

type Events = Vec<MatchEvent>;

/// Index key of a resting order: `(price key, priority, slot)`, best first. The price key is
/// `-price` for buys so that ascending order is best first on both sides.
type RestKey = (i128, u64, u64);

pub(super) const fn side_ix(side: OrderSide) -> usize {
    match side {
        OrderSide::Buy => 0,
        OrderSide::Sell => 1,
    }
}

/// One instrument's simulated venue: working orders, a view of the market, and deterministic
/// ids. Every call returns the events it caused, in order; nothing else leaves the engine.
#[derive(Clone, Debug)]
pub struct MatchingEngine {
    pub(super) config: MatchingConfig,
    pub(super) price_inc: i128,
    pub(super) size_inc: i128,
    pub(super) market: MarketView,
    /// Working orders by slot (submission order: deterministic iteration).
    pub(super) orders: BTreeMap<u64, WorkingOrder>,
    /// Point lookups only; never iterated.
    pub(super) by_client_id: HashMap<String, u64>,
    pub(super) resting: [BTreeSet<RestKey>; 2],
    /// `[side][direction][source]`.
    pub(super) triggers: [[[BTreeSet<TriggerKey>; 2]; 2]; 2],
    /// Trailing stops waiting for their trigger, by slot (their trigger moves, so no key index).
    pub(super) trailing: BTreeSet<u64>,
    pub(super) expiries: BTreeSet<(u64, u64)>,
    pub(super) order_ids: IdGenerator,
    pub(super) trade_ids: IdGenerator,
    pub(super) next_slot: u64,
    pub(super) next_priority: u64,
    /// Net position from the engine's own fills (plus [`Self::set_position`]), signed raw.
    pub(super) position: i128,
}

impl MatchingEngine {
    /// An engine with an empty market and no orders; the config is checked once here.
    pub fn new(config: MatchingConfig) -> Result<Self, MatchingError> {
        config.check()?;
        Ok(Self {
            price_inc: config.price_increment.raw(),
            size_inc: config.size_increment.raw(),
            market: MarketView::new(),
            orders: BTreeMap::new(),
            by_client_id: HashMap::new(),
            resting: Default::default(),
            triggers: Default::default(),
            trailing: BTreeSet::new(),
            expiries: BTreeSet::new(),
            order_ids: IdGenerator::new(&config.order_id_prefix),
            trade_ids: IdGenerator::new(&config.trade_id_prefix),
            next_slot: 0,
            next_priority: 0,
            position: 0,
            config,
        })
    }

    /// The config the engine runs with.
    pub fn config(&self) -> &MatchingConfig {
        &self.config
    }

    // ---------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------

    /// Best bid `(price, displayed size)` after own consumption.
    pub fn best_bid(&self) -> Option<(Price, Quantity)> {
        self.market
            .bids
            .best()
            .map(|(p, s)| (self.px(p), self.qty(s)))
    }

    /// Best ask `(price, displayed size)` after own consumption.
    pub fn best_ask(&self) -> Option<(Price, Quantity)> {
        self.market
            .asks
            .best()
            .map(|(p, s)| (self.px(p), self.qty(s)))
    }

    /// Displayed levels of one side (`BUY` = bids), best first.
    pub fn depth(&self, side: OrderSide) -> Vec<(Price, Quantity)> {
        let ladder = match side {
            OrderSide::Buy => &self.market.bids,
            OrderSide::Sell => &self.market.asks,
        };
        ladder
            .levels()
            .into_iter()
            .map(|(p, s)| (self.px(p), self.qty(s)))
            .collect()
    }

    /// Last trade price seen.
    pub fn last_price(&self) -> Option<Price> {
        self.market.last.map(|p| self.px(p))
    }

    /// Number of working orders.
    pub fn open_order_count(&self) -> usize {
        self.orders.len()
    }

    /// Client ids of the working orders, in submission order.
    pub fn open_client_order_ids(&self) -> Vec<String> {
        self.orders
            .values()
            .map(|o| o.client_order_id.clone())
            .collect()
    }

    /// Whether an order is working.
    pub fn is_working(&self, client_order_id: &str) -> bool {
        self.by_client_id.contains_key(client_order_id)
    }

    /// The net position the reduce-only rule checks against.
    pub fn position(&self) -> (PositionSide, Quantity) {
        let side = match self.position.signum() {
            1 => PositionSide::Long,
            -1 => PositionSide::Short,
            _ => PositionSide::Flat,
        };
        (side, self.qty(self.position.abs()))
    }

    // ---------------------------------------------------------------------------------------
    // Commands
    // ---------------------------------------------------------------------------------------

    /// Seeds the net position (e.g. a starting position of a backtest). Fills move it after.
    pub fn set_position(
        &mut self,
        side: PositionSide,
        quantity: Quantity,
    ) -> Result<(), MatchingError> {
        let q = self.data_size("position", quantity)?;
        self.position = match side {
            PositionSide::Long => q,
            PositionSide::Short => -q,
            PositionSide::Flat => 0,
        };
        Ok(())
    }

    /// Submits an order at time `ts` (UNIX ns). GTD orders due at `ts` expire first.
    pub fn submit(&mut self, order: &SubmitOrder, ts: u64) -> Events {
        let mut out = Vec::new();
        self.expire_until(ts, &mut out);
        match self.check_submit(order, ts) {
            Ok(o) => self.accept(o, ts, &mut out),
            Err(reason) => out.push(MatchEvent {
                client_order_id: order.client_order_id.clone(),
                ts,
                kind: MatchEventKind::Rejected { reason },
            }),
        }
        out
    }

    /// Changes a working order's price, trigger price or quantity, then re-checks whether it
    /// triggers or crosses. A change of price, trigger or quantity loses time priority.
    pub fn modify(&mut self, client_order_id: &str, change: &ModifyOrder, ts: u64) -> Events {
        let mut out = Vec::new();
        self.expire_until(ts, &mut out);
        let reject = |reason| MatchEvent {
            client_order_id: client_order_id.to_string(),
            ts,
            kind: MatchEventKind::ModifyRejected { reason },
        };
        let Some(&slot) = self.by_client_id.get(client_order_id) else {
            out.push(reject(RejectReason::OrderNotFound(
                client_order_id.to_string(),
            )));
            return out;
        };
        let o = &self.orders[&slot];
        if let Err(reason) = self.check_modify(o, change) {
            out.push(reject(reason));
            return out;
        }
        let mut o = self.take(slot);
        if let Some(p) = change.price {
            o.price = Some(p.raw());
        }
        if let Some(t) = change.trigger_price {
            o.trigger_price = Some(t.raw());
        }
        if let Some(q) = change.quantity {
            o.quantity = q.raw();
        }
        o.priority = self.priority();
        out.push(MatchEvent {
            client_order_id: o.client_order_id.clone(),
            ts,
            kind: MatchEventKind::Updated {
                venue_order_id: o.venue_order_id.clone(),
                quantity: self.qty(o.quantity),
                price: o.price.map(|p| self.px(p)),
                trigger_price: o.trigger_price.map(|p| self.px(p)),
            },
        });
        if o.stage == Stage::AwaitingTrigger && self.trigger_reference(&o).is_some() {
            self.trigger(o, slot, ts, &mut out);
        } else {
            self.run(o, slot, ts, &mut out);
        }
        out
    }

    /// Cancels a working order; an unknown or closed id gives `CancelRejected`.
    pub fn cancel(&mut self, client_order_id: &str, ts: u64) -> Events {
        let mut out = Vec::new();
        self.expire_until(ts, &mut out);
        match self.by_client_id.get(client_order_id) {
            Some(&slot) => {
                let o = self.take(slot);
                self.close(o, ts, Closing::Canceled, &mut out);
            }
            None => out.push(MatchEvent {
                client_order_id: client_order_id.to_string(),
                ts,
                kind: MatchEventKind::CancelRejected {
                    reason: RejectReason::OrderNotFound(client_order_id.to_string()),
                },
            }),
        }
        out
    }

    /// Cancels every working order (of one side if given), in submission order.
    pub fn cancel_all(&mut self, side: Option<OrderSide>, ts: u64) -> Events {
        let mut out = Vec::new();
        self.expire_until(ts, &mut out);
        let slots: Vec<u64> = self
            .orders
            .iter()
            .filter(|(_, o)| side.map_or(true, |s| s == o.side))
            .map(|(&slot, _)| slot)
            .collect();
        for slot in slots {
            let o = self.take(slot);
            self.close(o, ts, Closing::Canceled, &mut out);
        }
        out
    }

    /// Moves time to `ts`: GTD orders whose expire time is at or before `ts` expire.
    pub fn advance_time(&mut self, ts: u64) -> Events {
        let mut out = Vec::new();
        self.expire_until(ts, &mut out);
        out
    }

    // ---------------------------------------------------------------------------------------
    // Market data
    // ---------------------------------------------------------------------------------------

    /// An L1 quote: replaces the top of both sides (a zero size empties that side), then
    /// triggers and crosses working orders.
    pub fn process_quote(&mut self, quote: &QuoteTick) -> Result<Events, MatchingError> {
        self.process_quotes(std::slice::from_ref(quote))
    }

    /// A batch of L1 quotes, in order. The whole batch is checked before any is applied: on an
    /// error nothing changed.
    pub fn process_quotes(&mut self, quotes: &[QuoteTick]) -> Result<Events, MatchingError> {
        self.require_book(BookType::L1Mbp, "a quote")?;
        let mut checked = Vec::with_capacity(quotes.len());
        for q in quotes {
            checked.push((
                self.data_price("bid", q.bid)?,
                self.data_price("ask", q.ask)?,
                self.data_size("bid size", q.bid_size)?,
                self.data_size("ask size", q.ask_size)?,
            ));
        }
        let mut out = Vec::new();
        for (q, (bid, ask, bid_size, ask_size)) in quotes.iter().zip(checked) {
            self.expire_until(q.ts, &mut out);
            self.market.bids.replace_top(bid, bid_size);
            self.market.asks.replace_top(ask, ask_size);
            self.on_book(q.ts, &mut out);
        }
        Ok(out)
    }

    /// L1 bars, in order (see the module doc, "Bars"); checked whole before any is applied.
    pub fn process_bars(&mut self, bars: &[Bar]) -> Result<Events, MatchingError> {
        self.require_book(BookType::L1Mbp, "a bar")?;
        let mut checked = Vec::with_capacity(bars.len());
        for b in bars {
            let prices = [
                self.data_price("bar open", b.open)?,
                self.data_price("bar high", b.high)?,
                self.data_price("bar low", b.low)?,
                self.data_price("bar close", b.close)?,
            ];
            let quarter = self.data_size("bar volume", b.volume)? / 4;
            let size = (quarter - quarter % self.size_inc).max(self.size_inc);
            checked.push((prices, size));
        }
        let mut out = Vec::new();
        for (b, ([open, high, low, close], size)) in bars.iter().zip(checked) {
            self.expire_until(b.ts, &mut out);
            let path = if (high - open).abs() <= (open - low).abs() {
                [open, high, low, close]
            } else {
                [open, low, high, close]
            };
            let mut previous = None;
            for price in path {
                if previous == Some(price) {
                    continue;
                }
                previous = Some(price);
                self.market.bids.replace_top(price, size);
                self.market.asks.replace_top(price, size);
                self.market.last = Some(price);
                self.fire_triggers(Source::Last, [Some(price), Some(price)], b.ts, &mut out);
                self.on_book(b.ts, &mut out);
            }
        }
        Ok(out)
    }

    /// A trade print: updates the last price, fires last-price triggers, and (with
    /// `trade_execution`) fills resting limits the trade reached.
    pub fn process_trade(&mut self, trade: &TradeTick) -> Result<Events, MatchingError> {
        self.process_trades(std::slice::from_ref(trade))
    }

    /// A batch of trades, in order; checked whole before any is applied.
    pub fn process_trades(&mut self, trades: &[TradeTick]) -> Result<Events, MatchingError> {
        let mut checked = Vec::with_capacity(trades.len());
        for t in trades {
            checked.push((
                self.data_price("trade price", t.price)?,
                self.data_size("trade size", t.size)?,
            ));
        }
        let mut out = Vec::new();
        for (t, (price, size)) in trades.iter().zip(checked) {
            self.expire_until(t.ts, &mut out);
            self.market.last = Some(price);
            self.fire_triggers(Source::Last, [Some(price), Some(price)], t.ts, &mut out);
            if self.config.trade_execution {
                self.match_trade(price, size, t.aggressor, t.ts, &mut out);
            }
        }
        Ok(out)
    }

    /// L2 deltas applied as one batch at `ts`, then triggers and crossing once. Checked whole
    /// before any is applied.
    pub fn process_deltas(
        &mut self,
        deltas: &[BookDelta],
        ts: u64,
    ) -> Result<Events, MatchingError> {
        self.require_book(BookType::L2Mbp, "a book delta")?;
        let mut checked = Vec::with_capacity(deltas.len());
        for d in deltas {
            let price = if d.action == BookAction::Clear {
                0
            } else {
                self.data_price("delta price", d.price)?
            };
            checked.push((price, self.data_size("delta size", d.size)?));
        }
        let mut out = Vec::new();
        self.expire_until(ts, &mut out);
        for (d, (price, size)) in deltas.iter().zip(checked) {
            let ladder = self.market.ladder_mut(d.side);
            match d.action {
                BookAction::Add | BookAction::Update => ladder.set(price, size),
                BookAction::Delete => ladder.remove(price),
                BookAction::Clear => self.market.clear(),
            }
        }
        self.on_book(ts, &mut out);
        Ok(out)
    }

    /// An L2 snapshot: replaces both sides, then triggers and crossing.
    pub fn process_snapshot(
        &mut self,
        bids: &[(Price, Quantity)],
        asks: &[(Price, Quantity)],
        ts: u64,
    ) -> Result<Events, MatchingError> {
        self.require_book(BookType::L2Mbp, "a book snapshot")?;
        let mut checked = [
            Vec::with_capacity(bids.len()),
            Vec::with_capacity(asks.len()),
        ];
        for (i, levels) in [bids, asks].into_iter().enumerate() {
            for &(p, s) in levels {
                checked[i].push((
                    self.data_price("level price", p)?,
                    self.data_size("level size", s)?,
                ));
            }
        }
        let mut out = Vec::new();
        self.expire_until(ts, &mut out);
        self.market.clear();
        let [b, a] = checked;
        for (p, s) in b {
            self.market.bids.set(p, s);
        }
        for (p, s) in a {
            self.market.asks.set(p, s);
        }
        self.on_book(ts, &mut out);
        Ok(out)
    }

    // ---------------------------------------------------------------------------------------
    // Order flow
    // ---------------------------------------------------------------------------------------

    pub(super) fn priority(&mut self) -> u64 {
        self.next_priority += 1;
        self.next_priority
    }

    /// Gives the order its venue id and slot, emits `Accepted`, then runs it.
    fn accept(&mut self, mut o: WorkingOrder, ts: u64, out: &mut Events) {
        o.venue_order_id = self.order_ids.generate();
        o.priority = self.priority();
        let slot = self.next_slot;
        self.next_slot += 1;
        self.by_client_id.insert(o.client_order_id.clone(), slot);
        out.push(MatchEvent {
            client_order_id: o.client_order_id.clone(),
            ts,
            kind: MatchEventKind::Accepted {
                venue_order_id: o.venue_order_id.clone(),
            },
        });
        let trailing = o.trailing.is_some();
        if o.stage == Stage::AwaitingTrigger && self.trigger_reference(&o).is_some() {
            self.trigger(o, slot, ts, out);
        } else {
            self.run(o, slot, ts, out);
        }
        if trailing && self.orders.contains_key(&slot) {
            // A trailing stop starts from the market as it is now.
            for source in [Source::BidAsk, Source::Last] {
                let refs = self.references(source);
                if self.observe_trailing(slot, source, refs) {
                    let o = self.take(slot);
                    self.trigger(o, slot, ts, out);
                    break;
                }
            }
        }
    }

    /// Emits `Triggered` and runs the order as the market or limit order it becomes.
    fn trigger(&mut self, mut o: WorkingOrder, slot: u64, ts: u64, out: &mut Events) {
        out.push(MatchEvent {
            client_order_id: o.client_order_id.clone(),
            ts,
            kind: MatchEventKind::Triggered {
                venue_order_id: o.venue_order_id.clone(),
            },
        });
        if let (Some(t), OrderType::TrailingStopLimit) = (o.trailing, o.order_type) {
            o.price = Some(t.limit(o.side, o.trigger_price.unwrap_or_default()));
        }
        o.stage = if o.is_limit_kind() {
            Stage::Resting
        } else {
            Stage::Taking
        };
        self.run(o, slot, ts, out);
    }

    /// Runs an order that is not in the indexes: waits for its trigger, or takes what it can
    /// as taker and then rests (limit kinds with GTC/GTD) or cancels the rest.
    fn run(&mut self, mut o: WorkingOrder, slot: u64, ts: u64, out: &mut Events) {
        if o.stage == Stage::AwaitingTrigger {
            self.put(o, slot);
            return;
        }
        if o.order_type == OrderType::MarketToLimit && o.stage == Stage::Taking {
            // Becomes a limit at the best opposite price: takes that level, rests the rest there.
            // (An empty side was rejected at submission.)
            if let Some((best, _)) = self.market.opposite(o.side).best() {
                o.price = Some(best);
                o.stage = Stage::Resting;
            }
        }
        let limit = if o.stage == Stage::Resting {
            o.price
        } else {
            None
        };
        let ladder = self.market.opposite(o.side);
        let marketable = ladder
            .best()
            .is_some_and(|(best, _)| ladder.within(best, limit));
        if o.time_in_force == TimeInForce::Fok {
            let need = o.leaves();
            let capped = self.reduce_cap(&o).is_some_and(|c| c < need);
            if capped || ladder.available(limit, need) < need {
                self.close(o, ts, Closing::Canceled, out);
                return;
            }
        }
        let exhausted = marketable && self.take_liquidity(&mut o, limit, None, ts, out);
        if o.leaves() == 0 {
            self.close(o, ts, Closing::Filled, out);
        } else if exhausted
            || o.stage == Stage::Taking
            || matches!(o.time_in_force, TimeInForce::Ioc | TimeInForce::Fok)
        {
            self.close(o, ts, Closing::Canceled, out);
        } else {
            self.put(o, slot);
        }
    }

    /// Walks the opposite ladder best level first within `limit`, filling `o` and consuming
    /// the displayed sizes. Fills at each level's price as taker, or at `maker_px` as maker.
    /// Returns true when a reduce-only order can fill no more (the position is closed).
    fn take_liquidity(
        &mut self,
        o: &mut WorkingOrder,
        limit: Option<i128>,
        maker_px: Option<i128>,
        ts: u64,
        out: &mut Events,
    ) -> bool {
        loop {
            let leaves = o.leaves();
            if leaves == 0 {
                return false;
            }
            let want = match self.reduce_cap(o) {
                Some(0) => return true,
                Some(cap) => leaves.min(cap),
                None => leaves,
            };
            let ladder = self.market.opposite_mut(o.side);
            let Some((px, size)) = ladder.best() else {
                return false;
            };
            if !ladder.within(px, limit) {
                return false;
            }
            let qty = want.min(size);
            ladder.consume(px, qty);
            let liquidity = if maker_px.is_some() {
                LiquiditySide::Maker
            } else {
                LiquiditySide::Taker
            };
            self.fill(o, maker_px.unwrap_or(px), qty, liquidity, ts, out);
        }
    }

    fn fill(
        &mut self,
        o: &mut WorkingOrder,
        px: i128,
        qty: i128,
        liquidity_side: LiquiditySide,
        ts: u64,
        out: &mut Events,
    ) {
        o.filled += qty;
        // Clamped to the value range so reading it back as a Quantity can never fail.
        self.position = match o.side {
            OrderSide::Buy => self.position + qty,
            OrderSide::Sell => self.position - qty,
        }
        .clamp(-MAX_ABS_RAW, MAX_ABS_RAW);
        out.push(MatchEvent {
            client_order_id: o.client_order_id.clone(),
            ts,
            kind: MatchEventKind::Filled(Fill {
                venue_order_id: o.venue_order_id.clone(),
                trade_id: self.trade_ids.generate(),
                side: o.side,
                last_px: self.px(px),
                last_qty: self.qty(qty),
                leaves_qty: self.qty(o.leaves()),
                liquidity_side,
            }),
        });
    }

    /// Closes an order (already out of the indexes): emits the closing event, if any, and
    /// forgets its client id.
    fn close(&mut self, o: WorkingOrder, ts: u64, how: Closing, out: &mut Events) {
        self.by_client_id.remove(&o.client_order_id);
        let kind = match how {
            Closing::Filled => return,
            Closing::Canceled => MatchEventKind::Canceled {
                venue_order_id: o.venue_order_id,
            },
            Closing::Expired => MatchEventKind::Expired {
                venue_order_id: o.venue_order_id,
            },
        };
        out.push(MatchEvent {
            client_order_id: o.client_order_id,
            ts,
            kind,
        });
    }

    /// How much a reduce-only order may still fill: `None` when not reduce-only.
    pub(super) fn reduce_cap(&self, o: &WorkingOrder) -> Option<i128> {
        if !o.reduce_only {
            return None;
        }
        Some(match o.side {
            OrderSide::Buy => (-self.position).max(0),
            OrderSide::Sell => self.position.max(0),
        })
    }

    pub(super) fn signed_position(&self) -> String {
        let q = self.qty(self.position.abs()).to_string();
        if self.position < 0 {
            format!("-{q}")
        } else {
            q
        }
    }

    // ---------------------------------------------------------------------------------------
    // Market-driven matching
    // ---------------------------------------------------------------------------------------

    /// After the book changed: bid/ask triggers first, then resting limits the opposite side
    /// now crosses.
    fn on_book(&mut self, ts: u64, out: &mut Events) {
        let refs = self.references(Source::BidAsk);
        self.fire_triggers(Source::BidAsk, refs, ts, out);
        for side in [OrderSide::Buy, OrderSide::Sell] {
            self.match_resting_against_book(side, ts, out);
        }
    }

    /// Fires every order on `source` whose trigger the reference reached (`refs` by side:
    /// buys watch `refs[0]`, sells `refs[1]`), in submission order.
    fn fire_triggers(
        &mut self,
        source: Source,
        refs: [Option<i128>; 2],
        ts: u64,
        out: &mut Events,
    ) {
        let mut fired = Vec::new();
        for side in [OrderSide::Buy, OrderSide::Sell] {
            let Some(r) = refs[side_ix(side)] else {
                continue;
            };
            for dir in [Direction::Up, Direction::Down] {
                let set = &self.triggers[side_ix(side)][dir_ix(dir)][source as usize];
                let reach = dir.norm(r);
                fired.extend(set.iter().take_while(|(k, _)| *k <= reach).map(|&(_, s)| s));
            }
        }
        if !self.trailing.is_empty() {
            let slots: Vec<u64> = self.trailing.iter().copied().collect();
            for slot in slots {
                if self.observe_trailing(slot, source, refs) {
                    fired.push(slot);
                }
            }
        }
        if fired.is_empty() {
            return;
        }
        fired.sort_unstable();
        for slot in fired {
            // An earlier trigger in this pass cannot close another order, but stay defensive.
            if self.orders.contains_key(&slot) {
                let o = self.take(slot);
                self.trigger(o, slot, ts, out);
            }
        }
    }

    /// The reference prices of a source by side: buys watch `[0]`, sells `[1]`.
    fn references(&self, source: Source) -> [Option<i128>; 2] {
        match source {
            Source::BidAsk => [
                self.market.asks.best().map(|(p, _)| p),
                self.market.bids.best().map(|(p, _)| p),
            ],
            Source::Last => [self.market.last, self.market.last],
        }
    }

    /// Moves a waiting trailing stop's trigger with the reference; true when it fires.
    fn observe_trailing(&mut self, slot: u64, source: Source, refs: [Option<i128>; 2]) -> bool {
        let tick = self.price_inc;
        let Some(o) = self.orders.get_mut(&slot) else {
            return false;
        };
        let Some(reference) = refs[side_ix(o.side)] else {
            return false;
        };
        if !sources(o.trigger_type).contains(&source) {
            return false;
        }
        let Some(t) = o.trailing.as_mut() else {
            return false;
        };
        let Some(trigger) = t.observe(o.side, reference, tick) else {
            return false;
        };
        o.trigger_price = Some(trigger);
        match o.side {
            OrderSide::Sell => reference <= trigger,
            OrderSide::Buy => reference >= trigger,
        }
    }

    /// The reference price that meets the order's trigger now, if any.
    pub(super) fn trigger_reference(&self, o: &WorkingOrder) -> Option<i128> {
        let trigger = o.trigger_price?;
        let dir = Direction::of(o.side, o.order_type);
        let bid_ask = self.market.opposite(o.side).best().map(|(p, _)| p);
        sources(o.trigger_type)
            .iter()
            .filter_map(|s| match s {
                Source::BidAsk => bid_ask,
                Source::Last => self.market.last,
            })
            .find(|&r| dir.norm(trigger) <= dir.norm(r))
    }

    /// Resting limits of `side` that the opposite best now reaches fill as maker at their own
    /// price, against the displayed liquidity within that price, best order first.
    fn match_resting_against_book(&mut self, side: OrderSide, ts: u64, out: &mut Events) {
        while let Some(&(key, _, slot)) = self.resting[side_ix(side)].first() {
            let px = match side {
                OrderSide::Buy => -key,
                OrderSide::Sell => key,
            };
            let ladder = self.market.opposite(side);
            match ladder.best() {
                Some((best, _)) if ladder.within(best, Some(px)) => {}
                _ => return,
            }
            let mut o = self.take(slot);
            let exhausted = self.take_liquidity(&mut o, Some(px), Some(px), ts, out);
            if o.leaves() == 0 {
                self.close(o, ts, Closing::Filled, out);
            } else if exhausted {
                self.close(o, ts, Closing::Canceled, out);
            } else {
                // Liquidity within the price is used up: the next pass stops.
                self.put(o, slot);
            }
        }
    }

    /// Resting limits a trade reached (buys at or above a print a seller made, sells at or
    /// below a print a buyer made; both without an aggressor) fill as maker at their own price,
    /// sharing the trade's size, best order first.
    fn match_trade(
        &mut self,
        price: i128,
        size: i128,
        aggressor: AggressorSide,
        ts: u64,
        out: &mut Events,
    ) {
        let sides: &[OrderSide] = match aggressor {
            AggressorSide::Seller => &[OrderSide::Buy],
            AggressorSide::Buyer => &[OrderSide::Sell],
            AggressorSide::NoAggressor => &[OrderSide::Buy, OrderSide::Sell],
        };
        let mut budget = size;
        for &side in sides {
            while budget > 0 {
                let Some(&(key, _, slot)) = self.resting[side_ix(side)].first() else {
                    break;
                };
                let reached = match side {
                    OrderSide::Buy => -key >= price,
                    OrderSide::Sell => key <= price,
                };
                if !reached {
                    break;
                }
                let px = if side == OrderSide::Buy { -key } else { key };
                let mut o = self.take(slot);
                let cap = self.reduce_cap(&o);
                let qty = o.leaves().min(budget).min(cap.unwrap_or(i128::MAX));
                if qty > 0 {
                    budget -= qty;
                    self.fill(&mut o, px, qty, LiquiditySide::Maker, ts, out);
                }
                if o.leaves() == 0 {
                    self.close(o, ts, Closing::Filled, out);
                } else if self.reduce_cap(&o) == Some(0) {
                    self.close(o, ts, Closing::Canceled, out);
                } else {
                    self.put(o, slot);
                }
            }
        }
    }

    /// Expires every GTD order due at or before `ts`, earliest first.
    fn expire_until(&mut self, ts: u64, out: &mut Events) {
        while let Some(&(at, slot)) = self.expiries.first() {
            if at > ts {
                break;
            }
            let o = self.take(slot);
            self.close(o, ts, Closing::Expired, out);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Indexes: an order is in `orders` and its indexes, or in neither (being processed).
    // ---------------------------------------------------------------------------------------

    /// Removes a working order from the map and every index.
    fn take(&mut self, slot: u64) -> WorkingOrder {
        let o = self
            .orders
            .remove(&slot)
            .expect("slot of a working order is in the map");
        match o.stage {
            Stage::Resting => {
                self.resting[side_ix(o.side)].remove(&rest_key(&o, slot));
            }
            Stage::AwaitingTrigger if o.trailing.is_some() => {
                self.trailing.remove(&slot);
            }
            Stage::AwaitingTrigger => {
                let (dir, key) = trigger_key(&o, slot);
                for &s in sources(o.trigger_type) {
                    self.triggers[side_ix(o.side)][dir_ix(dir)][s as usize].remove(&key);
                }
            }
            Stage::Taking => {}
        }
        if let Some(at) = o.expire_time {
            self.expiries.remove(&(at, slot));
        }
        o
    }

    /// Puts a working order into the map and its indexes.
    fn put(&mut self, o: WorkingOrder, slot: u64) {
        match o.stage {
            Stage::Resting => {
                self.resting[side_ix(o.side)].insert(rest_key(&o, slot));
            }
            Stage::AwaitingTrigger if o.trailing.is_some() => {
                self.trailing.insert(slot);
            }
            Stage::AwaitingTrigger => {
                let (dir, key) = trigger_key(&o, slot);
                for &s in sources(o.trigger_type) {
                    self.triggers[side_ix(o.side)][dir_ix(dir)][s as usize].insert(key);
                }
            }
            // `run` closes taking orders; they never rest.
            Stage::Taking => debug_assert!(false, "a taking order never rests"),
        }
        if let Some(at) = o.expire_time {
            self.expiries.insert((at, slot));
        }
        self.orders.insert(slot, o);
    }

    pub(super) fn px(&self, raw: i128) -> Price {
        Price::new(raw, self.config.price_precision())
    }

    pub(super) fn qty(&self, raw: i128) -> Quantity {
        Quantity::new(raw, self.config.size_precision())
    }
}

/// How an order leaves the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Closing {
    Filled,
    Canceled,
    Expired,
}

fn rest_key(o: &WorkingOrder, slot: u64) -> RestKey {
    let price = o.price.unwrap_or_default();
    let key = match o.side {
        OrderSide::Buy => -price,
        OrderSide::Sell => price,
    };
    (key, o.priority, slot)
}
