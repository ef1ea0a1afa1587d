//! Table tests of the matching rules. Each case is a list of steps (market data and commands,
//! ten nanoseconds apart unless a step sets the time) and the events all steps produced, written
//! compactly: `id KIND detail`.

use rstest::rstest;

use super::*;
use crate::enums::{
    AggressorSide, BookAction, BookType, LiquiditySide, OrderSide, OrderType, PositionSide,
    TimeInForce, TriggerType,
};
use crate::types::{Price, Quantity};

use OrderSide::{Buy, Sell};

fn p(s: &str) -> Price {
    s.parse().unwrap()
}

fn q(s: &str) -> Quantity {
    s.parse().unwrap()
}

fn config(book_type: BookType) -> MatchingConfig {
    MatchingConfig::new(p("0.01"), q("0.1"), book_type)
}

fn engine(book_type: BookType) -> MatchingEngine {
    MatchingEngine::new(config(book_type)).unwrap()
}

fn show(e: &MatchEvent) -> String {
    let id = &e.client_order_id;
    match &e.kind {
        MatchEventKind::Filled(f) => format!(
            "{id} FILLED {} {}@{} {}{}",
            f.side,
            f.last_qty,
            f.last_px,
            match f.liquidity_side {
                LiquiditySide::Maker => "M",
                _ => "T",
            },
            if f.leaves_qty.is_zero() {
                String::new()
            } else {
                format!(" leaves {}", f.leaves_qty)
            }
        ),
        MatchEventKind::Rejected { reason }
        | MatchEventKind::ModifyRejected { reason }
        | MatchEventKind::CancelRejected { reason } => {
            format!("{id} {} {}", e.kind.as_str(), reason.code())
        }
        MatchEventKind::Updated {
            quantity,
            price,
            trigger_price,
            ..
        } => {
            let mut s = format!("{id} UPDATED q={quantity}");
            if let Some(px) = price {
                s += &format!(" px={px}");
            }
            if let Some(t) = trigger_price {
                s += &format!(" trigger={t}");
            }
            s
        }
        kind => format!("{id} {}", kind.as_str()),
    }
}

/// One step of a scenario.
#[derive(Clone, Debug)]
enum Step {
    /// bid, ask, bid size, ask size
    Quote(&'static str, &'static str, &'static str, &'static str),
    /// bids, asks (price, size), best first or not: order does not matter
    Book(
        Vec<(&'static str, &'static str)>,
        Vec<(&'static str, &'static str)>,
    ),
    /// action, side, price, size
    Delta(BookAction, OrderSide, &'static str, &'static str),
    Trade(&'static str, &'static str, AggressorSide),
    /// open, high, low, close, volume
    Bar(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ),
    Submit(SubmitOrder),
    Modify(&'static str, ModifyOrder),
    Cancel(&'static str),
    CancelAll(Option<OrderSide>),
    /// Sets the time (ns) and advances to it.
    Advance(u64),
    Position(PositionSide, &'static str),
}

use Step::*;

fn run_steps(e: &mut MatchingEngine, steps: &[Step]) -> Vec<MatchEvent> {
    let mut now = 0_u64;
    let mut all = Vec::new();
    for step in steps {
        now += 10;
        let events = match step {
            Quote(b, a, bs, asz) => e
                .process_quote(&QuoteTick {
                    bid: p(b),
                    ask: p(a),
                    bid_size: q(bs),
                    ask_size: q(asz),
                    ts: now,
                })
                .unwrap(),
            Book(bids, asks) => {
                let conv = |v: &Vec<(&str, &str)>| -> Vec<(Price, Quantity)> {
                    v.iter().map(|(px, sz)| (p(px), q(sz))).collect()
                };
                e.process_snapshot(&conv(bids), &conv(asks), now).unwrap()
            }
            Delta(action, side, px, sz) => e
                .process_deltas(
                    &[BookDelta {
                        action: *action,
                        side: *side,
                        price: p(px),
                        size: q(sz),
                    }],
                    now,
                )
                .unwrap(),
            Trade(px, sz, aggressor) => e
                .process_trade(&TradeTick {
                    price: p(px),
                    size: q(sz),
                    aggressor: *aggressor,
                    ts: now,
                })
                .unwrap(),
            Bar(o, h, l, c, v) => e
                .process_bars(&[super::Bar {
                    open: p(o),
                    high: p(h),
                    low: p(l),
                    close: p(c),
                    volume: q(v),
                    ts: now,
                }])
                .unwrap(),
            Submit(o) => e.submit(o, now),
            Modify(id, m) => e.modify(id, m, now),
            Cancel(id) => e.cancel(id, now),
            CancelAll(side) => e.cancel_all(*side, now),
            Advance(t) => {
                now = *t;
                e.advance_time(now)
            }
            Position(side, qty) => {
                e.set_position(*side, q(qty)).unwrap();
                vec![]
            }
        };
        all.extend(events);
    }
    all
}

fn scenario(book_type: BookType, steps: &[Step]) -> Vec<String> {
    let mut e = engine(book_type);
    run_steps(&mut e, steps).iter().map(show).collect()
}

fn mkt(id: &str, side: OrderSide, qty: &str) -> SubmitOrder {
    SubmitOrder::market(id, side, q(qty))
}

fn lmt(id: &str, side: OrderSide, qty: &str, px: &str) -> SubmitOrder {
    SubmitOrder::limit(id, side, q(qty), p(px))
}

fn stop(id: &str, side: OrderSide, qty: &str, trigger: &str) -> SubmitOrder {
    SubmitOrder::stop_market(id, side, q(qty), p(trigger))
}

fn stop_lmt(id: &str, side: OrderSide, qty: &str, px: &str, trigger: &str) -> SubmitOrder {
    SubmitOrder::stop_limit(id, side, q(qty), p(px), p(trigger))
}

fn mit(id: &str, side: OrderSide, qty: &str, trigger: &str) -> SubmitOrder {
    stop(id, side, qty, trigger).with_type(OrderType::MarketIfTouched)
}

fn lit(id: &str, side: OrderSide, qty: &str, px: &str, trigger: &str) -> SubmitOrder {
    stop_lmt(id, side, qty, px, trigger).with_type(OrderType::LimitIfTouched)
}

fn trail(
    id: &str,
    side: OrderSide,
    qty: &str,
    offset: &str,
    activation: Option<&str>,
) -> SubmitOrder {
    SubmitOrder::trailing_stop_market(
        id,
        side,
        q(qty),
        TrailingOffset::Price(p(offset)),
        activation.map(p),
    )
}

fn trail_lmt(
    id: &str,
    side: OrderSide,
    qty: &str,
    offset: &str,
    limit_offset: &str,
) -> SubmitOrder {
    SubmitOrder {
        limit_offset: Some(p(limit_offset)),
        ..trail(id, side, qty, offset, None).with_type(OrderType::TrailingStopLimit)
    }
}

fn depth5() -> Step {
    Book(
        vec![("99.99", "1.0"), ("99.98", "2.0"), ("99.97", "3.0")],
        vec![("100.01", "1.0"), ("100.02", "2.0"), ("100.03", "3.0")],
    )
}

fn top() -> Step {
    Quote("99.99", "100.01", "1.0", "2.0")
}

fn new_price(px: &str) -> ModifyOrder {
    ModifyOrder {
        price: Some(p(px)),
        ..Default::default()
    }
}

#[rstest]
// ---- market orders ----------------------------------------------------------------------
#[case::l1_market_buy_fills_at_the_ask(
    BookType::L1Mbp, vec![top(), Submit(mkt("a", Buy, "1.5"))],
    vec!["a ACCEPTED", "a FILLED BUY 1.5@100.01 T"])]
#[case::l1_market_is_limited_by_top_size_and_the_rest_canceled(
    BookType::L1Mbp, vec![top(), Submit(mkt("a", Sell, "2.5"))],
    vec!["a ACCEPTED", "a FILLED SELL 1.0@99.99 T leaves 1.5", "a CANCELED"])]
#[case::l2_market_walks_the_book(
    BookType::L2Mbp, vec![depth5(), Submit(mkt("a", Buy, "3.5"))],
    vec!["a ACCEPTED", "a FILLED BUY 1.0@100.01 T leaves 2.5",
         "a FILLED BUY 2.0@100.02 T leaves 0.5", "a FILLED BUY 0.5@100.03 T"])]
#[case::l2_market_beyond_depth_cancels_the_rest(
    BookType::L2Mbp, vec![depth5(), Submit(mkt("a", Sell, "7.0"))],
    vec!["a ACCEPTED", "a FILLED SELL 1.0@99.99 T leaves 6.0",
         "a FILLED SELL 2.0@99.98 T leaves 4.0", "a FILLED SELL 3.0@99.97 T leaves 1.0",
         "a CANCELED"])]
#[case::market_without_a_market_is_rejected(
    BookType::L2Mbp, vec![Submit(mkt("a", Buy, "1.0"))],
    vec!["a REJECTED NO_MARKET"])]
#[case::market_fok_without_depth_cancels_unfilled(
    BookType::L2Mbp, vec![depth5(), Submit(mkt("a", Buy, "6.1").with_tif(TimeInForce::Fok))],
    vec!["a ACCEPTED", "a CANCELED"])]
#[case::market_to_limit_takes_the_best_level_and_rests_there(
    BookType::L2Mbp, vec![depth5(), Submit(mkt("a", Buy, "2.5").with_type(OrderType::MarketToLimit)),
                         Delta(BookAction::Add, Sell, "100.01", "0.5")],
    vec!["a ACCEPTED", "a FILLED BUY 1.0@100.01 T leaves 1.5", "a FILLED BUY 0.5@100.01 M leaves 1.0"])]
#[case::market_to_limit_ioc_cancels_the_rest(
    BookType::L2Mbp, vec![depth5(), Submit(mkt("a", Sell, "2.5").with_type(OrderType::MarketToLimit).with_tif(TimeInForce::Ioc))],
    vec!["a ACCEPTED", "a FILLED SELL 1.0@99.99 T leaves 1.5", "a CANCELED"])]
#[case::market_to_limit_without_a_market_is_rejected(
    BookType::L2Mbp, vec![Submit(mkt("a", Sell, "1.0").with_type(OrderType::MarketToLimit))],
    vec!["a REJECTED NO_MARKET"])]
// ---- liquidity consumption --------------------------------------------------------------
#[case::second_market_order_in_the_tick_does_not_refill_the_level(
    BookType::L2Mbp, vec![depth5(), Submit(mkt("a", Buy, "1.0")), Submit(mkt("b", Buy, "1.0"))],
    vec!["a ACCEPTED", "a FILLED BUY 1.0@100.01 T", "b ACCEPTED", "b FILLED BUY 1.0@100.02 T"])]
#[case::l1_consumed_top_empties_the_side_until_the_next_quote(
    BookType::L1Mbp, vec![top(), Submit(mkt("a", Buy, "2.0")), Submit(mkt("b", Buy, "1.0")),
                         top(), Submit(mkt("c", Buy, "1.0"))],
    vec!["a ACCEPTED", "a FILLED BUY 2.0@100.01 T", "b REJECTED NO_MARKET",
         "c ACCEPTED", "c FILLED BUY 1.0@100.01 T"])]
#[case::a_delta_restores_a_consumed_level(
    BookType::L2Mbp, vec![depth5(), Submit(mkt("a", Buy, "1.0")),
                         Delta(BookAction::Update, Sell, "100.01", "1.0"), Submit(mkt("b", Buy, "1.0"))],
    vec!["a ACCEPTED", "a FILLED BUY 1.0@100.01 T", "b ACCEPTED", "b FILLED BUY 1.0@100.01 T"])]
#[case::l1_zero_size_empties_the_side(
    BookType::L1Mbp, vec![Quote("99.99", "100.01", "1.0", "0"), Submit(mkt("a", Buy, "1.0"))],
    vec!["a REJECTED NO_MARKET"])]
// ---- limit orders -----------------------------------------------------------------------
#[case::passive_limit_rests(
    BookType::L2Mbp, vec![depth5(), Submit(lmt("a", Buy, "1.0", "100.00"))],
    vec!["a ACCEPTED"])]
#[case::marketable_limit_takes_up_to_its_price_and_rests_the_rest(
    BookType::L2Mbp, vec![depth5(), Submit(lmt("a", Buy, "4.0", "100.02")),
                         Delta(BookAction::Add, Sell, "100.02", "5.0")],
    vec!["a ACCEPTED", "a FILLED BUY 1.0@100.01 T leaves 3.0", "a FILLED BUY 2.0@100.02 T leaves 1.0",
         "a FILLED BUY 1.0@100.02 M"])]
#[case::resting_limit_fills_as_maker_at_its_price_when_the_ask_crosses(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "100.00")),
                         Quote("99.90", "99.95", "1.0", "0.4")],
    vec!["a ACCEPTED", "a FILLED BUY 0.4@100.00 M leaves 0.6"])]
#[case::resting_limit_at_the_ask_fills(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Sell, "1.0", "100.05")),
                         Quote("100.05", "100.06", "3.0", "1.0")],
    vec!["a ACCEPTED", "a FILLED SELL 1.0@100.05 M"])]
#[case::resting_limits_fill_by_price_then_time(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "99.50")),
                         Submit(lmt("b", Buy, "1.0", "99.60")), Submit(lmt("c", Buy, "1.0", "99.60")),
                         Quote("99.00", "99.40", "1.0", "2.5")],
    vec!["a ACCEPTED", "b ACCEPTED", "c ACCEPTED", "b FILLED BUY 1.0@99.60 M",
         "c FILLED BUY 1.0@99.60 M", "a FILLED BUY 0.5@99.50 M leaves 0.5"])]
#[case::trade_through_fills_a_resting_buy(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "2.0", "99.95")),
                         Trade("99.94", "0.5", AggressorSide::Seller)],
    vec!["a ACCEPTED", "a FILLED BUY 0.5@99.95 M leaves 1.5"])]
#[case::trade_at_the_price_fills(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Sell, "1.0", "100.05")),
                         Trade("100.05", "3.0", AggressorSide::NoAggressor)],
    vec!["a ACCEPTED", "a FILLED SELL 1.0@100.05 M"])]
#[case::trade_above_a_buy_or_by_a_buyer_does_not_fill_it(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "99.95")),
                         Trade("99.96", "1.0", AggressorSide::Seller),
                         Trade("99.90", "1.0", AggressorSide::Buyer)],
    vec!["a ACCEPTED"])]
#[case::one_trade_is_shared_by_resting_orders(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "99.95")),
                         Submit(lmt("b", Buy, "1.0", "99.96")),
                         Trade("99.90", "1.5", AggressorSide::Seller)],
    vec!["a ACCEPTED", "b ACCEPTED", "b FILLED BUY 1.0@99.96 M", "a FILLED BUY 0.5@99.95 M leaves 0.5"])]
// ---- bars -----------------------------------------------------------------------------
#[case::bar_touching_a_resting_limit_fills_it_at_its_price(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "99.50")), Bar("100.00", "100.20", "99.50", "99.90", "8.0")],
    vec!["a ACCEPTED", "a FILLED BUY 1.0@99.50 M"])]
#[case::bar_volume_limits_the_fill(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "3.0", "99.50")), Bar("100.00", "100.20", "99.40", "99.90", "8.1")],
    vec!["a ACCEPTED", "a FILLED BUY 2.0@99.50 M leaves 1.0"])]
#[case::bar_replays_the_nearer_extreme_first(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Sell, "1.0", "100.50")), Submit(lmt("b", Buy, "1.0", "99.90")),
                         Bar("100.00", "100.50", "99.90", "100.00", "40.0")],
    vec!["a ACCEPTED", "b ACCEPTED", "b FILLED BUY 1.0@99.90 M", "a FILLED SELL 1.0@100.50 M"])]
#[case::bar_triggers_a_stop_and_fills_it_at_the_bar_price(
    BookType::L1Mbp, vec![top(), Submit(stop("a", Sell, "1.0", "99.60")), Bar("100.00", "100.20", "99.50", "99.90", "8.0")],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED SELL 1.0@99.50 T"])]
#[case::market_order_after_a_bar_fills_at_its_close(
    BookType::L1Mbp, vec![Bar("100.00", "100.20", "99.50", "99.90", "0"), Submit(mkt("a", Buy, "0.5"))],
    vec!["a ACCEPTED", "a FILLED BUY 0.1@99.90 T leaves 0.4", "a CANCELED"])]
// ---- post-only, IOC, FOK ----------------------------------------------------------------
#[case::post_only_that_would_cross_is_rejected(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "100.01").with_post_only())],
    vec!["a REJECTED POST_ONLY_WOULD_CROSS"])]
#[case::post_only_that_does_not_cross_rests(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Sell, "1.0", "100.00").with_post_only())],
    vec!["a ACCEPTED"])]
#[case::ioc_fills_what_it_can_then_cancels(
    BookType::L2Mbp, vec![depth5(), Submit(lmt("a", Buy, "5.0", "100.02").with_tif(TimeInForce::Ioc))],
    vec!["a ACCEPTED", "a FILLED BUY 1.0@100.01 T leaves 4.0", "a FILLED BUY 2.0@100.02 T leaves 2.0",
         "a CANCELED"])]
#[case::ioc_not_marketable_cancels(
    BookType::L2Mbp, vec![depth5(), Submit(lmt("a", Buy, "1.0", "100.00").with_tif(TimeInForce::Ioc))],
    vec!["a ACCEPTED", "a CANCELED"])]
#[case::fok_without_enough_within_the_limit_cancels_unfilled(
    BookType::L2Mbp, vec![depth5(), Submit(lmt("a", Buy, "3.1", "100.02").with_tif(TimeInForce::Fok))],
    vec!["a ACCEPTED", "a CANCELED"])]
#[case::fok_with_enough_fills_completely(
    BookType::L2Mbp, vec![depth5(), Submit(lmt("a", Sell, "3.0", "99.98").with_tif(TimeInForce::Fok))],
    vec!["a ACCEPTED", "a FILLED SELL 1.0@99.99 T leaves 2.0", "a FILLED SELL 2.0@99.98 T"])]
// ---- GTD --------------------------------------------------------------------------------
#[case::gtd_expires_at_its_expire_time(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "99.00").with_expiry(1_000)),
                         Advance(999), Advance(1_000)],
    vec!["a ACCEPTED", "a EXPIRED"])]
#[case::gtd_expires_before_data_at_the_same_time_is_matched(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "99.00").with_expiry(30)),
                         Quote("98.00", "98.50", "1.0", "1.0")],
    vec!["a ACCEPTED", "a EXPIRED"])]
#[case::gtd_in_the_past_is_rejected(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "99.00").with_expiry(20))],
    vec!["a REJECTED EXPIRE_TIME_IN_PAST"])]
// ---- stops and touched orders -----------------------------------------------------------
#[case::buy_stop_waits_then_triggers_on_the_ask(
    BookType::L1Mbp, vec![top(), Submit(stop("a", Buy, "1.0", "100.10")),
                         Quote("100.00", "100.09", "1.0", "1.0"), Quote("100.05", "100.10", "1.0", "1.0")],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED BUY 1.0@100.10 T"])]
#[case::sell_stop_triggers_on_a_trade(
    BookType::L1Mbp, vec![top(), Submit(stop("a", Sell, "1.0", "99.50")),
                         Trade("99.50", "0.1", AggressorSide::Seller)],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED SELL 1.0@99.99 T"])]
#[case::bid_ask_stop_ignores_trades(
    BookType::L1Mbp, vec![top(), Submit(SubmitOrder { trigger_type: TriggerType::BidAsk, ..stop("a", Sell, "1.0", "99.50") }),
                         Trade("99.00", "0.1", AggressorSide::Seller)],
    vec!["a ACCEPTED"])]
#[case::last_price_stop_ignores_quotes(
    BookType::L1Mbp, vec![top(), Submit(SubmitOrder { trigger_type: TriggerType::LastPrice, ..stop("a", Sell, "1.0", "99.50") }),
                         Quote("99.00", "99.10", "1.0", "1.0"), Trade("99.40", "0.1", AggressorSide::Seller)],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED SELL 1.0@99.00 T"])]
#[case::stop_already_met_triggers_at_once(
    BookType::L1Mbp, vec![top(), Submit(stop("a", Buy, "1.0", "100.00"))],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED BUY 1.0@100.01 T"])]
#[case::stop_limit_triggers_and_rests_when_not_marketable(
    BookType::L1Mbp, vec![top(), Submit(stop_lmt("a", Buy, "1.0", "100.10", "100.10")),
                         Quote("100.10", "100.20", "1.0", "1.0"), Quote("100.00", "100.10", "1.0", "1.0")],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED BUY 1.0@100.10 M"])]
#[case::stop_limit_triggers_and_fills_as_taker_when_marketable(
    BookType::L1Mbp, vec![top(), Submit(stop_lmt("a", Sell, "1.0", "99.00", "99.50")),
                         Quote("99.40", "99.45", "0.4", "1.0")],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED SELL 0.4@99.40 T leaves 0.6"])]
#[case::buy_market_if_touched_triggers_when_the_ask_falls(
    BookType::L1Mbp, vec![top(), Submit(mit("a", Buy, "1.0", "99.90")),
                         Quote("99.80", "99.95", "1.0", "1.0"), Quote("99.80", "99.90", "1.0", "1.0")],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED BUY 1.0@99.90 T"])]
#[case::sell_limit_if_touched_triggers_when_the_bid_rises(
    BookType::L1Mbp, vec![top(), Submit(lit("a", Sell, "1.0", "100.20", "100.10")),
                         Quote("100.10", "100.30", "1.0", "1.0")],
    vec!["a ACCEPTED", "a TRIGGERED"])]
#[case::triggers_fire_in_submission_order(
    BookType::L2Mbp, vec![depth5(), Submit(stop("a", Sell, "1.0", "99.00")), Submit(stop("b", Sell, "1.0", "99.50")),
                         Trade("98.00", "1.0", AggressorSide::Seller)],
    vec!["a ACCEPTED", "b ACCEPTED", "a TRIGGERED", "a FILLED SELL 1.0@99.99 T",
         "b TRIGGERED", "b FILLED SELL 1.0@99.98 T"])]
// ---- trailing stops ---------------------------------------------------------------------
#[case::sell_trailing_stop_follows_the_bid_up_and_fires_on_the_retrace(
    BookType::L1Mbp, vec![Quote("100.00", "100.02", "1.0", "1.0"), Submit(trail("a", Sell, "1.0", "0.50", None)),
                         Quote("101.00", "101.02", "1.0", "1.0"), Quote("100.60", "100.62", "1.0", "1.0"),
                         Quote("100.50", "100.52", "1.0", "1.0")],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED SELL 1.0@100.50 T"])]
#[case::trailing_stop_does_not_fire_on_the_first_drop_within_the_offset(
    BookType::L1Mbp, vec![Quote("100.00", "100.02", "1.0", "1.0"), Submit(trail("a", Sell, "1.0", "0.50", None)),
                         Quote("99.51", "99.53", "1.0", "1.0")],
    vec!["a ACCEPTED"])]
#[case::buy_trailing_stop_waits_for_its_activation(
    BookType::L1Mbp, vec![top(), Submit(trail("a", Buy, "1.0", "0.10", Some("99.00"))),
                         Quote("99.20", "99.30", "1.0", "1.0"), Quote("98.90", "99.00", "1.0", "1.0"),
                         Quote("98.80", "98.90", "1.0", "1.0"), Quote("98.90", "99.00", "1.0", "1.0")],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED BUY 1.0@99.00 T"])]
#[case::buy_trailing_in_basis_points_on_trades(
    BookType::L1Mbp, vec![top(), Submit(SubmitOrder { trigger_type: TriggerType::LastPrice,
                             ..SubmitOrder::trailing_stop_market("a", Buy, q("1.0"), TrailingOffset::BasisPoints(100), None) }),
                         Trade("99.00", "1.0", AggressorSide::Seller), Trade("99.99", "1.0", AggressorSide::Buyer)],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED BUY 1.0@100.01 T"])]
#[case::trailing_stop_limit_rests_at_its_limit_offset(
    BookType::L1Mbp, vec![top(), Submit(trail_lmt("a", Sell, "1.0", "0.20", "0.05")),
                         Quote("99.70", "99.90", "1.0", "1.0")],
    vec!["a ACCEPTED", "a TRIGGERED"])]
#[case::trailing_stop_limit_fills_when_the_bid_is_within_the_limit(
    BookType::L1Mbp, vec![top(), Submit(trail_lmt("a", Sell, "1.0", "0.20", "0.05")),
                         Quote("99.79", "99.90", "1.0", "1.0")],
    vec!["a ACCEPTED", "a TRIGGERED", "a FILLED SELL 1.0@99.79 T"])]
#[case::trailing_without_offset_is_rejected(
    BookType::L1Mbp, vec![Submit(SubmitOrder { trailing_offset: None, ..trail("a", Sell, "1.0", "0.50", None) })],
    vec!["a REJECTED MISSING_FIELD"])]
#[case::trailing_offset_off_tick_is_rejected(
    BookType::L1Mbp, vec![Submit(trail("a", Sell, "1.0", "0.005", None))],
    vec!["a REJECTED INVALID_TRAILING_OFFSET"])]
#[case::trailing_stop_limit_without_limit_offset_is_rejected(
    BookType::L1Mbp, vec![Submit(SubmitOrder { limit_offset: None, ..trail_lmt("a", Sell, "1.0", "0.50", "0.01") })],
    vec!["a REJECTED MISSING_FIELD"])]
#[case::trailing_trigger_cannot_be_modified(
    BookType::L1Mbp, vec![top(), Submit(trail("a", Sell, "1.0", "0.50", None)),
                         Modify("a", ModifyOrder { trigger_price: Some(p("99.00")), ..Default::default() })],
    vec!["a ACCEPTED", "a MODIFY_REJECTED FIELD_NOT_MODIFIABLE"])]
// ---- modify and cancel ------------------------------------------------------------------
#[case::modify_to_cross_fills_as_taker(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "100.00")), Modify("a", new_price("100.01"))],
    vec!["a ACCEPTED", "a UPDATED q=1.0 px=100.01", "a FILLED BUY 1.0@100.01 T"])]
#[case::modify_quantity_and_stay(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "100.00")),
                         Modify("a", ModifyOrder { quantity: Some(q("2.0")), ..Default::default() })],
    vec!["a ACCEPTED", "a UPDATED q=2.0 px=100.00"])]
#[case::modify_unknown_is_rejected(
    BookType::L1Mbp, vec![top(), Modify("zz", new_price("1.00"))],
    vec!["zz MODIFY_REJECTED ORDER_NOT_FOUND"])]
#[case::modify_post_only_to_cross_is_rejected(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "100.00").with_post_only()),
                         Modify("a", new_price("100.02"))],
    vec!["a ACCEPTED", "a MODIFY_REJECTED POST_ONLY_WOULD_CROSS"])]
#[case::modify_quantity_to_the_filled_is_rejected(
    BookType::L1Mbp, vec![Quote("99.99", "100.01", "1.0", "0.5"), Submit(lmt("a", Buy, "1.5", "100.01")),
                         Modify("a", ModifyOrder { quantity: Some(q("0.5")), ..Default::default() })],
    vec!["a ACCEPTED", "a FILLED BUY 0.5@100.01 T leaves 1.0", "a MODIFY_REJECTED QUANTITY_NOT_ABOVE_FILLED"])]
#[case::modify_trigger_into_the_market_triggers(
    BookType::L1Mbp, vec![top(), Submit(stop("a", Buy, "1.0", "101.00")),
                         Modify("a", ModifyOrder { trigger_price: Some(p("100.01")), ..Default::default() })],
    vec!["a ACCEPTED", "a UPDATED q=1.0 trigger=100.01", "a TRIGGERED", "a FILLED BUY 1.0@100.01 T"])]
#[case::modify_price_of_a_stop_market_is_rejected(
    BookType::L1Mbp, vec![top(), Submit(stop("a", Buy, "1.0", "101.00")), Modify("a", new_price("101.00"))],
    vec!["a ACCEPTED", "a MODIFY_REJECTED FIELD_NOT_MODIFIABLE"])]
#[case::modify_off_tick_is_rejected(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "100.00")), Modify("a", new_price("99.995"))],
    vec!["a ACCEPTED", "a MODIFY_REJECTED OFF_INCREMENT"])]
#[case::trigger_of_a_triggered_stop_limit_cannot_change(
    BookType::L1Mbp, vec![top(), Submit(stop_lmt("a", Buy, "1.0", "99.00", "100.00")),
                         Modify("a", ModifyOrder { trigger_price: Some(p("101.00")), ..Default::default() })],
    vec!["a ACCEPTED", "a TRIGGERED", "a MODIFY_REJECTED FIELD_NOT_MODIFIABLE"])]
#[case::expired_order_cannot_be_canceled(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "99.00").with_expiry(25)), Cancel("a")],
    vec!["a ACCEPTED", "a EXPIRED", "a CANCEL_REJECTED ORDER_NOT_FOUND"])]
#[case::cancel_then_cancel_again(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "100.00")), Cancel("a"), Cancel("a")],
    vec!["a ACCEPTED", "a CANCELED", "a CANCEL_REJECTED ORDER_NOT_FOUND"])]
#[case::cancel_of_a_filled_order_is_rejected(
    BookType::L1Mbp, vec![top(), Submit(mkt("a", Buy, "1.0")), Cancel("a")],
    vec!["a ACCEPTED", "a FILLED BUY 1.0@100.01 T", "a CANCEL_REJECTED ORDER_NOT_FOUND"])]
#[case::cancel_all_of_one_side_in_submission_order(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "99.00")), Submit(lmt("b", Sell, "1.0", "101.00")),
                         Submit(stop("c", Buy, "1.0", "101.00")), CancelAll(Some(Buy))],
    vec!["a ACCEPTED", "b ACCEPTED", "c ACCEPTED", "a CANCELED", "c CANCELED"])]
#[case::canceled_stop_never_triggers(
    BookType::L1Mbp, vec![top(), Submit(stop("a", Buy, "1.0", "101.00")), Cancel("a"),
                         Quote("101.00", "101.01", "1.0", "1.0")],
    vec!["a ACCEPTED", "a CANCELED"])]
// ---- reduce-only ------------------------------------------------------------------------
#[case::reduce_only_when_flat_is_rejected(
    BookType::L1Mbp, vec![top(), Submit(mkt("a", Sell, "1.0").with_reduce_only())],
    vec!["a REJECTED REDUCE_ONLY_WOULD_INCREASE"])]
#[case::reduce_only_fill_is_capped_at_the_position(
    BookType::L1Mbp, vec![Quote("99.99", "100.01", "5.0", "5.0"), Position(PositionSide::Long, "0.7"),
                         Submit(mkt("a", Sell, "1.0").with_reduce_only())],
    vec!["a ACCEPTED", "a FILLED SELL 0.7@99.99 T leaves 0.3", "a CANCELED"])]
#[case::reduce_only_after_own_fills(
    BookType::L1Mbp, vec![Quote("99.99", "100.01", "5.0", "5.0"), Submit(mkt("a", Buy, "1.0")),
                         Submit(lmt("b", Buy, "1.0", "99.00").with_reduce_only()),
                         Submit(lmt("c", Sell, "2.0", "100.50").with_reduce_only()),
                         Quote("100.50", "100.60", "5.0", "5.0")],
    vec!["a ACCEPTED", "a FILLED BUY 1.0@100.01 T", "b REJECTED REDUCE_ONLY_WOULD_INCREASE",
         "c ACCEPTED", "c FILLED SELL 1.0@100.50 M leaves 1.0", "c CANCELED"])]
// ---- more edges -------------------------------------------------------------------------
#[case::gtd_stop_limit_triggered_then_expires(
    BookType::L1Mbp, vec![top(), Submit(stop_lmt("a", Buy, "1.0", "99.00", "100.01").with_expiry(45)),
                         Advance(50)],
    vec!["a ACCEPTED", "a TRIGGERED", "a EXPIRED"])]
#[case::reduce_only_limit_filled_by_a_trade_is_capped(
    BookType::L1Mbp, vec![top(), Position(PositionSide::Short, "0.4"),
                         Submit(lmt("a", Buy, "1.0", "99.50").with_reduce_only()),
                         Trade("99.40", "5.0", AggressorSide::Seller)],
    vec!["a ACCEPTED", "a FILLED BUY 0.4@99.50 M leaves 0.6", "a CANCELED"])]
#[case::fok_reduce_only_beyond_the_position_cancels_unfilled(
    BookType::L2Mbp, vec![depth5(), Position(PositionSide::Long, "0.5"),
                         Submit(mkt("a", Sell, "1.0").with_reduce_only().with_tif(TimeInForce::Fok))],
    vec!["a ACCEPTED", "a CANCELED"])]
#[case::modify_a_partly_filled_order_keeps_its_fills(
    BookType::L1Mbp, vec![Quote("99.99", "100.01", "1.0", "0.5"), Submit(lmt("a", Buy, "2.0", "100.01")),
                         Modify("a", ModifyOrder { quantity: Some(q("1.0")), ..Default::default() }),
                         Quote("99.99", "100.00", "1.0", "5.0")],
    vec!["a ACCEPTED", "a FILLED BUY 0.5@100.01 T leaves 1.5", "a UPDATED q=1.0 px=100.01",
         "a FILLED BUY 0.5@100.01 M"])]
#[case::trade_without_aggressor_is_shared_by_both_sides(
    BookType::L1Mbp, vec![Quote("99.90", "100.10", "1.0", "1.0"), Submit(lmt("a", Buy, "1.0", "100.00")),
                         Submit(lmt("b", Sell, "1.0", "100.00")), Trade("100.00", "1.5", AggressorSide::NoAggressor)],
    vec!["a ACCEPTED", "b ACCEPTED", "a FILLED BUY 1.0@100.00 M", "b FILLED SELL 0.5@100.00 M leaves 0.5"])]
#[case::cancel_all_sides_in_submission_order(
    BookType::L1Mbp, vec![top(), Submit(lmt("b", Sell, "1.0", "101.00")), Submit(lmt("a", Buy, "1.0", "99.00")),
                         CancelAll(None)],
    vec!["b ACCEPTED", "a ACCEPTED", "b CANCELED", "a CANCELED"])]
// ---- validation -------------------------------------------------------------------------
#[case::price_off_tick(
    BookType::L1Mbp, vec![Submit(lmt("a", Buy, "1.0", "100.005"))], vec!["a REJECTED OFF_INCREMENT"])]
#[case::quantity_off_step(
    BookType::L1Mbp, vec![Submit(lmt("a", Buy, "1.05", "100.00"))], vec!["a REJECTED OFF_INCREMENT"])]
#[case::zero_quantity(
    BookType::L1Mbp, vec![Submit(lmt("a", Buy, "0", "100.00"))], vec!["a REJECTED QUANTITY_NOT_POSITIVE"])]
#[case::limit_without_price(
    BookType::L1Mbp, vec![Submit(SubmitOrder { price: None, ..lmt("a", Buy, "1.0", "1.00") })],
    vec!["a REJECTED MISSING_FIELD"])]
#[case::day_is_checked_before_the_fields(
    BookType::L1Mbp, vec![Submit(mkt("a", Buy, "0").with_tif(TimeInForce::Day))],
    vec!["a REJECTED UNSUPPORTED_TIME_IN_FORCE"])]
#[case::day_unsupported(
    BookType::L1Mbp, vec![Submit(lmt("a", Buy, "1.0", "1.00").with_tif(TimeInForce::Day))],
    vec!["a REJECTED UNSUPPORTED_TIME_IN_FORCE"])]
#[case::mark_price_trigger_unsupported(
    BookType::L1Mbp, vec![Submit(SubmitOrder { trigger_type: TriggerType::MarkPrice, ..stop("a", Buy, "1.0", "1.00") })],
    vec!["a REJECTED UNSUPPORTED_TRIGGER_TYPE"])]
#[case::duplicate_working_id(
    BookType::L1Mbp, vec![top(), Submit(lmt("a", Buy, "1.0", "99.00")), Submit(lmt("a", Buy, "1.0", "99.00"))],
    vec!["a ACCEPTED", "a REJECTED DUPLICATE_CLIENT_ORDER_ID"])]
#[case::closed_id_can_be_reused(
    BookType::L1Mbp, vec![top(), Submit(mkt("a", Buy, "1.0")), Submit(mkt("a", Buy, "1.0"))],
    vec!["a ACCEPTED", "a FILLED BUY 1.0@100.01 T", "a ACCEPTED", "a FILLED BUY 1.0@100.01 T"])]
fn scenarios(#[case] book_type: BookType, #[case] steps: Vec<Step>, #[case] expected: Vec<&str>) {
    let got = scenario(book_type, &steps);
    assert_eq!(got, expected);
}

#[test]
fn ids_are_deterministic_prefix_and_sequence() {
    let mut cfg = config(BookType::L2Mbp);
    cfg.order_id_prefix = "SIM".into();
    cfg.trade_id_prefix = "SIM-T".into();
    let mut e = MatchingEngine::new(cfg).unwrap();
    let events = run_steps(
        &mut e,
        &[
            depth5(),
            Submit(mkt("a", Buy, "2.0")),
            Submit(lmt("b", Sell, "1.0", "101.00")),
        ],
    );
    let ids: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.kind {
            MatchEventKind::Accepted { venue_order_id } => Some(venue_order_id.clone()),
            MatchEventKind::Filled(f) => Some(format!("{}/{}", f.venue_order_id, f.trade_id)),
            _ => None,
        })
        .collect();
    assert_eq!(
        ids,
        ["SIM-1", "SIM-1/SIM-T-1", "SIM-1/SIM-T-2", "SIM-2"],
        "venue ids and trade ids count from 1"
    );
}

#[test]
fn events_carry_the_call_time_and_prices_at_the_instrument_precision() {
    let mut e = engine(BookType::L1Mbp);
    e.process_quote(&QuoteTick {
        bid: p("99.9"),
        ask: p("100"),
        bid_size: q("1"),
        ask_size: q("1"),
        ts: 5,
    })
    .unwrap();
    let events = e.submit(&mkt("a", Buy, "1"), 7);
    assert!(events.iter().all(|ev| ev.ts == 7));
    let MatchEventKind::Filled(f) = &events[1].kind else {
        panic!("expected a fill: {events:?}");
    };
    assert_eq!(f.last_px.to_string(), "100.00");
    assert_eq!(f.last_qty.to_string(), "1.0");
}

#[test]
fn market_data_off_the_tick_is_an_error_and_changes_nothing() {
    let mut e = engine(BookType::L1Mbp);
    let good = QuoteTick {
        bid: p("99.99"),
        ask: p("100.01"),
        bid_size: q("1.0"),
        ask_size: q("1.0"),
        ts: 1,
    };
    let bad = QuoteTick {
        ask: p("100.015"),
        ..good
    };
    let err = e.process_quotes(&[good, bad]).unwrap_err();
    assert_eq!(err.code(), "OFF_INCREMENT");
    assert!(err.to_string().contains("100.015"), "{err}");
    assert_eq!(
        e.best_ask(),
        None,
        "the good quote before it was not applied"
    );
}

#[test]
fn data_of_the_wrong_book_type_is_refused() {
    let mut l1 = engine(BookType::L1Mbp);
    let err = l1.process_deltas(&[], 1).unwrap_err();
    assert_eq!(err.code(), "BOOK_TYPE_MISMATCH");
    assert_eq!(
        engine(BookType::L2Mbp)
            .process_bars(&[])
            .unwrap_err()
            .code(),
        "BOOK_TYPE_MISMATCH"
    );
    let mut l2 = engine(BookType::L2Mbp);
    let err = l2
        .process_quote(&QuoteTick {
            bid: p("1"),
            ask: p("2"),
            bid_size: q("1"),
            ask_size: q("1"),
            ts: 1,
        })
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a quote needs a L1_MBP engine, this one is L2_MBP"
    );
}

#[rstest]
#[case::zero_tick(MatchingConfig { price_increment: p("0"), ..config(BookType::L1Mbp) }, "price_increment")]
#[case::zero_step(MatchingConfig { size_increment: q("0.0"), ..config(BookType::L1Mbp) }, "size_increment")]
#[case::l3(config(BookType::L3Mbo), "book_type")]
#[case::blank_prefix(MatchingConfig { order_id_prefix: "a b".into(), ..config(BookType::L1Mbp) }, "order_id_prefix")]
fn bad_config_is_refused_naming_the_field(#[case] cfg: MatchingConfig, #[case] field: &str) {
    let err = MatchingEngine::new(cfg).unwrap_err();
    assert_eq!(err.code(), "INVALID_MATCHING_CONFIG");
    assert!(err.to_string().contains(field), "{err}");
}

#[test]
fn reject_stop_orders_refuses_a_trigger_already_met() {
    let mut cfg = config(BookType::L1Mbp);
    cfg.reject_stop_orders = true;
    let mut e = MatchingEngine::new(cfg).unwrap();
    let events: Vec<String> = run_steps(&mut e, &[top(), Submit(stop("a", Buy, "1.0", "100.00"))])
        .iter()
        .map(show)
        .collect();
    assert_eq!(events, ["a REJECTED STOP_ALREADY_TRIGGERED"]);
}

#[test]
fn gtd_is_refused_when_not_supported() {
    let mut cfg = config(BookType::L1Mbp);
    cfg.support_gtd_orders = false;
    let mut e = MatchingEngine::new(cfg).unwrap();
    let events = e.submit(&lmt("a", Buy, "1.0", "1.00").with_expiry(100), 1);
    let MatchEventKind::Rejected { reason } = &events[0].kind else {
        panic!("{events:?}");
    };
    assert_eq!(
        reason.to_string(),
        "time in force GTD is not supported by the simulated venue"
    );
}

#[test]
fn reduce_only_is_ignored_when_disabled() {
    let mut cfg = config(BookType::L1Mbp);
    cfg.use_reduce_only = false;
    let mut e = MatchingEngine::new(cfg).unwrap();
    let events: Vec<String> = run_steps(
        &mut e,
        &[top(), Submit(mkt("a", Sell, "1.0").with_reduce_only())],
    )
    .iter()
    .map(show)
    .collect();
    assert_eq!(events, ["a ACCEPTED", "a FILLED SELL 1.0@99.99 T"]);
    assert_eq!(e.position(), (PositionSide::Short, q("1.0")));
}

#[test]
fn trade_execution_off_leaves_resting_orders_to_the_book() {
    let mut cfg = config(BookType::L1Mbp);
    cfg.trade_execution = false;
    let mut e = MatchingEngine::new(cfg).unwrap();
    let events = run_steps(
        &mut e,
        &[
            top(),
            Submit(lmt("a", Buy, "1.0", "99.95")),
            Trade("99.00", "5.0", AggressorSide::Seller),
        ],
    );
    assert_eq!(events.len(), 1);
    assert!(e.is_working("a"));
    assert_eq!(e.last_price(), Some(p("99.00")));
}

#[test]
fn snapshot_replaces_the_book_and_clear_empties_it() {
    let mut e = engine(BookType::L2Mbp);
    run_steps(&mut e, &[depth5()]);
    assert_eq!(e.depth(Sell).len(), 3);
    assert_eq!(e.best_bid(), Some((p("99.99"), q("1.0"))));
    e.process_deltas(
        &[BookDelta {
            action: BookAction::Clear,
            side: Buy,
            price: p("0"),
            size: q("0"),
        }],
        50,
    )
    .unwrap();
    assert_eq!(e.best_bid(), None);
    assert_eq!(e.best_ask(), None);
}
