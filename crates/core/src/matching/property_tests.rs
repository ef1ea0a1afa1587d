//! Properties over random command streams on L1 and L2 engines: fills never exceed the order's
//! quantity and never print worse than its limit, every order's events follow the order state
//! machine, and the same stream always gives the same events.

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;
use crate::enums::{
    AggressorSide, BookAction, BookType, OrderSide, OrderStatus, OrderType, TimeInForce,
};
use crate::orders::fsm::{transition, OrderEventKind, Transition};
use crate::types::fixed::raw_unit;
use crate::types::{Price, Quantity};

const PX: u8 = 2;
const SZ: u8 = 1;

fn px(units: i64) -> Price {
    Price::new(i128::from(units) * raw_unit(PX), PX)
}

fn qty(units: i64) -> Quantity {
    Quantity::new(i128::from(units) * raw_unit(SZ), SZ)
}

#[derive(Clone, Debug)]
enum Cmd {
    /// mid, half-spread, bid size, ask size (L1) or a snapshot of 5 levels per side (L2).
    Market(i64, i64, i64, i64),
    /// L2 only: set one level.
    Level(bool, i64, i64),
    Trade(i64, i64, u8),
    /// L1 only: open, high - open, open - low, close offset in the range, volume.
    Bar(i64, i64, i64, i64, i64),
    Submit {
        id: u8,
        side: bool,
        kind: u8,
        qty: i64,
        price: i64,
        trigger: i64,
        tif: u8,
        post_only: bool,
        reduce_only: bool,
    },
    Modify(u8, Option<i64>, Option<i64>),
    Cancel(u8),
    Advance,
}

fn cmd() -> impl Strategy<Value = Cmd> {
    prop_oneof![
        3 => (9_950_i64..10_050, 1_i64..5, 0_i64..40, 0_i64..40)
            .prop_map(|(m, h, b, a)| Cmd::Market(m, h, b, a)),
        1 => (any::<bool>(), 9_950_i64..10_050, 0_i64..40).prop_map(|(s, p, z)| Cmd::Level(s, p, z)),
        2 => (9_950_i64..10_050, 1_i64..40, 0_u8..3).prop_map(|(p, z, a)| Cmd::Trade(p, z, a)),
        1 => (9_950_i64..10_050, 0_i64..20, 0_i64..20, 0_i64..40, 0_i64..80)
            .prop_map(|(o, h, l, c, v)| Cmd::Bar(o, h, l, c, v)),
        4 => (0_u8..8, any::<bool>(), 0_u8..9, 1_i64..30, 9_950_i64..10_050, 9_950_i64..10_050,
              0_u8..4, proptest::bool::weighted(0.2), proptest::bool::weighted(0.2))
            .prop_map(|(id, side, kind, qty, price, trigger, tif, post_only, reduce_only)| Cmd::Submit {
                id, side, kind, qty, price, trigger, tif, post_only, reduce_only,
            }),
        1 => (0_u8..8, proptest::option::of(9_950_i64..10_050), proptest::option::of(1_i64..30))
            .prop_map(|(id, p, q)| Cmd::Modify(id, p, q)),
        1 => (0_u8..8).prop_map(Cmd::Cancel),
        1 => Just(Cmd::Advance),
    ]
}

fn run(book_type: BookType, cmds: &[Cmd]) -> (Vec<MatchEvent>, Vec<SubmitOrder>) {
    let mut e = MatchingEngine::new(MatchingConfig::new(px(1), qty(1), book_type)).unwrap();
    let mut out = Vec::new();
    let mut submitted = Vec::new();
    let mut now = 0_u64;
    for c in cmds {
        now += 100;
        let events = match *c {
            Cmd::Market(mid, half, b, a) => match book_type {
                BookType::L1Mbp => e
                    .process_quote(&QuoteTick {
                        bid: px(mid - half),
                        ask: px(mid + half),
                        bid_size: qty(b),
                        ask_size: qty(a),
                        ts: now,
                    })
                    .unwrap(),
                _ => {
                    let bids: Vec<_> = (0..5).map(|i| (px(mid - half - i), qty(b + i))).collect();
                    let asks: Vec<_> = (0..5).map(|i| (px(mid + half + i), qty(a + i))).collect();
                    e.process_snapshot(&bids, &asks, now).unwrap()
                }
            },
            Cmd::Level(bid, p, z) => match book_type {
                BookType::L1Mbp => vec![],
                _ => e
                    .process_deltas(
                        &[BookDelta {
                            action: BookAction::Update,
                            side: if bid { OrderSide::Buy } else { OrderSide::Sell },
                            price: px(p),
                            size: qty(z),
                        }],
                        now,
                    )
                    .unwrap(),
            },
            Cmd::Bar(o, h, l, c, v) => match book_type {
                BookType::L1Mbp => e
                    .process_bars(&[Bar {
                        open: px(o),
                        high: px(o + h),
                        low: px(o - l),
                        close: px(o - l + c % (h + l + 1)),
                        volume: qty(v),
                        ts: now,
                    }])
                    .unwrap(),
                _ => vec![],
            },
            Cmd::Trade(p, z, a) => e
                .process_trade(&TradeTick {
                    price: px(p),
                    size: qty(z),
                    aggressor: [
                        AggressorSide::NoAggressor,
                        AggressorSide::Buyer,
                        AggressorSide::Seller,
                    ][a as usize],
                    ts: now,
                })
                .unwrap(),
            Cmd::Submit {
                id,
                side,
                kind,
                qty: q,
                price,
                trigger,
                tif,
                post_only,
                reduce_only,
            } => {
                let order_type = [
                    OrderType::Market,
                    OrderType::Limit,
                    OrderType::StopMarket,
                    OrderType::StopLimit,
                    OrderType::MarketIfTouched,
                    OrderType::LimitIfTouched,
                    OrderType::MarketToLimit,
                    OrderType::TrailingStopMarket,
                    OrderType::TrailingStopLimit,
                ][kind as usize];
                let mut o = SubmitOrder::limit(
                    &format!("c{id}"),
                    if side {
                        OrderSide::Buy
                    } else {
                        OrderSide::Sell
                    },
                    qty(q),
                    px(price),
                )
                .with_type(order_type);
                o.trigger_price = Some(px(trigger));
                // Trailing kinds: an offset of 1 to 30 ticks, a limit offset of 0 to 4, and the
                // trigger price as activation on every other order.
                o.trailing_offset = Some(TrailingOffset::Price(px(1 + trigger % 30)));
                o.limit_offset = Some(px(q % 5));
                if kind >= 7 && trigger % 2 == 0 {
                    o.trigger_price = None;
                }
                o.post_only = post_only;
                o.reduce_only = reduce_only;
                o = match tif {
                    0 => o,
                    1 => o.with_tif(TimeInForce::Ioc),
                    2 => o.with_tif(TimeInForce::Fok),
                    _ => o.with_expiry(now + 250),
                };
                let events = e.submit(&o, now);
                submitted.push(o);
                events
            }
            Cmd::Modify(id, p, q) => e.modify(
                &format!("c{id}"),
                &ModifyOrder {
                    price: p.map(px),
                    trigger_price: None,
                    quantity: q.map(qty),
                },
                now,
            ),
            Cmd::Cancel(id) => e.cancel(&format!("c{id}"), now),
            Cmd::Advance => e.advance_time(now + 50),
        };
        out.extend(events);
    }
    (out, submitted)
}

struct Life {
    status: OrderStatus,
    previous: OrderStatus,
    quantity: i128,
    filled: i128,
    limit: Option<i128>,
    side: OrderSide,
    order_type: OrderType,
}

fn apply(life: &mut Life, event: OrderEventKind) -> Result<(), String> {
    match transition(life.status, event) {
        Ok(Transition::To(s)) => {
            life.previous = life.status;
            life.status = s;
            Ok(())
        }
        Ok(Transition::Previous) => {
            life.status = life.previous;
            Ok(())
        }
        Err(e) => Err(e.to_string()),
    }
}

/// Checks the properties on one run; returns the first violation.
fn check(events: &[MatchEvent], submitted: &[SubmitOrder]) -> Result<(), String> {
    // Submissions in order; each Accepted/Rejected answers the next submission.
    let mut pending = submitted.iter();
    let mut lives: HashMap<String, Life> = HashMap::new();
    let mut by_client: HashMap<String, String> = HashMap::new();
    for ev in events {
        let id = &ev.client_order_id;
        match &ev.kind {
            MatchEventKind::Accepted { venue_order_id } => {
                let o = pending.next().ok_or("accepted without a submission")?;
                if &o.client_order_id != id {
                    return Err(format!("accepted {id}, submitted {}", o.client_order_id));
                }
                let limit = matches!(
                    o.order_type,
                    OrderType::Limit | OrderType::StopLimit | OrderType::LimitIfTouched
                )
                .then(|| o.price.unwrap().raw());
                let mut life = Life {
                    status: OrderStatus::Submitted,
                    previous: OrderStatus::Submitted,
                    quantity: o.quantity.raw(),
                    filled: 0,
                    limit,
                    side: o.side,
                    order_type: o.order_type,
                };
                apply(&mut life, OrderEventKind::Accepted)?;
                if by_client
                    .insert(id.clone(), venue_order_id.clone())
                    .is_some()
                {
                    return Err(format!("{id} accepted twice while working"));
                }
                lives.insert(venue_order_id.clone(), life);
            }
            MatchEventKind::Rejected { .. } => {
                let o = pending.next().ok_or("rejected without a submission")?;
                if &o.client_order_id != id {
                    return Err(format!("rejected {id}, submitted {}", o.client_order_id));
                }
            }
            MatchEventKind::ModifyRejected { .. } | MatchEventKind::CancelRejected { .. } => {
                if let Some(v) = by_client.get(id) {
                    let kind = if matches!(ev.kind, MatchEventKind::ModifyRejected { .. }) {
                        OrderEventKind::ModifyRejected
                    } else {
                        OrderEventKind::CancelRejected
                    };
                    apply(lives.get_mut(v).unwrap(), kind)?;
                }
            }
            MatchEventKind::Updated {
                venue_order_id,
                quantity,
                price,
                ..
            } => {
                let life = lives.get_mut(venue_order_id).ok_or("update of unknown")?;
                life.quantity = quantity.raw();
                if life.limit.is_some() {
                    life.limit = price.map(|p| p.raw());
                }
                apply(life, OrderEventKind::Updated)?;
            }
            MatchEventKind::Triggered { venue_order_id } => {
                let life = lives.get_mut(venue_order_id).ok_or("trigger of unknown")?;
                if !matches!(
                    life.order_type,
                    OrderType::StopMarket
                        | OrderType::StopLimit
                        | OrderType::MarketIfTouched
                        | OrderType::LimitIfTouched
                        | OrderType::TrailingStopMarket
                        | OrderType::TrailingStopLimit
                ) {
                    return Err(format!("{id} of type {} triggered", life.order_type));
                }
                apply(life, OrderEventKind::Triggered)?;
            }
            MatchEventKind::Canceled { venue_order_id }
            | MatchEventKind::Expired { venue_order_id } => {
                let life = lives.get_mut(venue_order_id).ok_or("close of unknown")?;
                let kind = if matches!(ev.kind, MatchEventKind::Canceled { .. }) {
                    OrderEventKind::Canceled
                } else {
                    OrderEventKind::Expired
                };
                apply(life, kind)?;
                by_client.remove(id);
            }
            MatchEventKind::Filled(f) => {
                let life = lives.get_mut(&f.venue_order_id).ok_or("fill of unknown")?;
                life.filled += f.last_qty.raw();
                if f.last_qty.raw() <= 0 {
                    return Err(format!("{id} empty fill"));
                }
                if life.filled > life.quantity {
                    return Err(format!("{id} filled {} of {}", life.filled, life.quantity));
                }
                if f.leaves_qty.raw() != life.quantity - life.filled {
                    return Err(format!("{id} leaves {} wrong", f.leaves_qty));
                }
                if f.side != life.side {
                    return Err(format!("{id} fill on the wrong side"));
                }
                if life.order_type == OrderType::MarketToLimit && life.limit.is_none() {
                    // Its limit is the price of its first fill (the best level then).
                    life.limit = Some(f.last_px.raw());
                }
                if let Some(limit) = life.limit {
                    let worse = match life.side {
                        OrderSide::Buy => f.last_px.raw() > limit,
                        OrderSide::Sell => f.last_px.raw() < limit,
                    };
                    if worse {
                        return Err(format!("{id} filled at {} beyond its limit", f.last_px));
                    }
                }
                let kind = if f.leaves_qty.is_zero() {
                    by_client.remove(id);
                    OrderEventKind::FillComplete
                } else {
                    OrderEventKind::FillPartial
                };
                apply(life, kind)?;
            }
        }
    }
    if pending.next().is_some() {
        return Err("a submission got no answer".into());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn fills_respect_quantity_limit_and_the_state_machine(
        l2 in any::<bool>(),
        cmds in proptest::collection::vec(cmd(), 1..80),
    ) {
        let book_type = if l2 { BookType::L2Mbp } else { BookType::L1Mbp };
        let (events, submitted) = run(book_type, &cmds);
        if let Err(msg) = check(&events, &submitted) {
            prop_assert!(false, "{msg}\nevents: {events:#?}");
        }
    }

    #[test]
    fn the_same_stream_gives_the_same_events(
        l2 in any::<bool>(),
        cmds in proptest::collection::vec(cmd(), 1..80),
    ) {
        let book_type = if l2 { BookType::L2Mbp } else { BookType::L1Mbp };
        let (a, _) = run(book_type, &cmds);
        let (b, _) = run(book_type, &cmds);
        prop_assert_eq!(a, b);
    }
}
