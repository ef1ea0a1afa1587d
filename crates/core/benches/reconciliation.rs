//! Reconciliation at scale: a mass status of 100k orders and 300k fills over 10 instruments,
//! against a cache holding half of the orders (each missing one of its fills).
//!
//! Besides criterion's report, prints one JSON line with the time of a single run, the figure
//! the bench runner collects.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use kairos_core::enums::{
    LiquiditySide, OmsType, OrderSide, OrderStatus, OrderType, PositionSide, TimeInForce,
};
use kairos_core::recon::{
    reconcile, CachedFill, CachedOrder, CachedPosition, CachedState, FillReport, InstrumentSpec,
    MassStatus, OrderStatusReport, PositionStatusReport, ReconSettings,
};
use kairos_core::types::{Currency, Money, Price, Quantity};

const ORDERS: usize = 100_000;
const FILLS_PER_ORDER: usize = 3;
const INSTRUMENTS: usize = 10;
const SCALE: i128 = 10_000_000_000_000_000;

fn instrument_id(i: usize) -> String {
    format!("SYM{i}USDT.BINANCE")
}

/// The input: every order is filled at the venue in three fills; the even orders are cached with
/// their first two fills.
fn scenario() -> (CachedState, MassStatus) {
    let usdt = Currency::builtin("USDT").unwrap();
    let commission = Money::new_checked(SCALE / 100, usdt).unwrap();
    let mut state = CachedState::default();
    let mut mass = MassStatus {
        venue: "BINANCE".to_string(),
        account_id: "BINANCE-001".to_string(),
        ..MassStatus::default()
    };
    for i in 0..INSTRUMENTS {
        let id = instrument_id(i);
        state.instruments.insert(
            id.clone(),
            InstrumentSpec {
                instrument_id: id,
                price_precision: 2,
                size_precision: 3,
                oms_type: OmsType::Netting,
            },
        );
    }
    let mut venue_net = [0_i128; INSTRUMENTS];
    let mut cached_net = [0_i128; INSTRUMENTS];
    for n in 0..ORDERS {
        let inst = n % INSTRUMENTS;
        let side = if n % 3 == 0 {
            OrderSide::Sell
        } else {
            OrderSide::Buy
        };
        let sign = if side == OrderSide::Buy { 1 } else { -1 };
        let venue_order_id = format!("{}", 8_000_000_000_u64 + n as u64);
        let client_order_id = format!("O-20240101-000000-001-001-{n}");
        let price = Price::new((20_000 + (n % 500) as i128) * SCALE, 2);
        let fill_qty = Quantity::new(SCALE / 1000 * (1 + (n % 7) as i128), 3);
        let quantity = Quantity::new(fill_qty.raw() * FILLS_PER_ORDER as i128, 3);
        let ts = 1_700_000_000_000_000_000_u64 + n as u64 * 1_000_000;
        let mut cached_fills = Vec::new();
        for k in 0..FILLS_PER_ORDER {
            let trade_id = format!("{}", 5_000_000_000_u64 + (n * FILLS_PER_ORDER + k) as u64);
            mass.fill_reports.push(FillReport {
                account_id: mass.account_id.clone(),
                instrument_id: instrument_id(inst),
                venue_order_id: venue_order_id.clone(),
                client_order_id: Some(client_order_id.clone()),
                trade_id: trade_id.clone(),
                side,
                last_qty: fill_qty,
                last_px: price,
                commission: Some(commission),
                liquidity_side: LiquiditySide::Maker,
                venue_position_id: None,
                ts_event: ts + k as u64 * 1_000,
            });
            if k < FILLS_PER_ORDER - 1 {
                cached_fills.push(CachedFill {
                    trade_id,
                    last_qty: fill_qty,
                    last_px: price,
                    commission: Some(commission),
                    ts_event: ts + k as u64 * 1_000,
                });
            }
        }
        venue_net[inst] += sign * quantity.raw();
        mass.order_reports.push(OrderStatusReport {
            account_id: mass.account_id.clone(),
            instrument_id: instrument_id(inst),
            client_order_id: Some(client_order_id.clone()),
            venue_order_id: venue_order_id.clone(),
            side,
            order_type: OrderType::Limit,
            time_in_force: TimeInForce::Gtc,
            status: OrderStatus::Filled,
            quantity,
            filled_qty: quantity,
            price: Some(price),
            trigger_price: None,
            avg_px: Some(price),
            venue_position_id: None,
            reason: None,
            ts_accepted: ts,
            ts_last: ts + 10_000,
        });
        if n % 2 == 0 {
            cached_net[inst] += sign * fill_qty.raw() * (FILLS_PER_ORDER as i128 - 1);
            state.orders.push(CachedOrder {
                client_order_id,
                venue_order_id: Some(venue_order_id),
                strategy_id: "MM-001".to_string(),
                instrument_id: instrument_id(inst),
                side,
                order_type: OrderType::Limit,
                quantity,
                price: Some(price),
                trigger_price: None,
                status: OrderStatus::PartiallyFilled,
                previous_status: None,
                position_id: None,
                fills: cached_fills,
            });
        }
    }
    let signed = |raw: i128| {
        let side = match raw.signum() {
            1 => PositionSide::Long,
            -1 => PositionSide::Short,
            _ => PositionSide::Flat,
        };
        (side, Quantity::new(raw.abs(), 3))
    };
    for inst in 0..INSTRUMENTS {
        let (side, quantity) = signed(cached_net[inst]);
        state.positions.push(CachedPosition {
            instrument_id: instrument_id(inst),
            position_id: None,
            side,
            quantity,
        });
        let (side, quantity) = signed(venue_net[inst]);
        mass.position_reports.push(PositionStatusReport {
            account_id: mass.account_id.clone(),
            instrument_id: instrument_id(inst),
            venue_position_id: None,
            side,
            quantity,
            avg_px_open: None,
            ts_last: 1_800_000_000_000_000_000,
        });
    }
    (state, mass)
}

/// Nanoseconds this thread has spent on a CPU (Linux), so a figure taken on a busy machine
/// still says what the work costs.
fn thread_cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn bench_reconciliation(c: &mut Criterion) {
    let (state, mass) = scenario();
    let settings = ReconSettings::default();

    // Best of five single runs, wall clock and on-CPU time.
    let mut best_wall = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut outcome = None;
    for _ in 0..5 {
        // Drop the previous result outside the timed region.
        drop(outcome.take());
        let cpu0 = thread_cpu_ns();
        let start = Instant::now();
        let o = reconcile(&state, &mass, &settings).expect("reconciles");
        let wall = start.elapsed().as_secs_f64() * 1e3;
        if let (Some(a), Some(b)) = (cpu0, thread_cpu_ns()) {
            best_cpu = best_cpu.min((b - a) as f64 / 1e6);
        }
        best_wall = best_wall.min(wall);
        outcome = Some(o);
    }
    let outcome = outcome.expect("ran");
    assert!(outcome.summary.complete, "{:?}", outcome.summary.reasons);
    assert_eq!(outcome.summary.orders_created_external, ORDERS as u64 / 2);
    assert_eq!(outcome.summary.orders_created_internal_diff, 0);
    println!(
        "{{\"bench\":\"reconciliation\",\"name\":\"rust.reconcile_100k_orders_300k_fills\",\"unit\":\"ms\",\"value\":{best_wall:.3}}}"
    );
    if best_cpu < f64::MAX {
        println!(
            "{{\"bench\":\"reconciliation\",\"name\":\"rust.reconcile_100k_orders_300k_fills.cpu\",\"unit\":\"ms\",\"value\":{best_cpu:.3}}}"
        );
    }
    println!(
        "{{\"bench\":\"reconciliation\",\"name\":\"rust.actions\",\"unit\":\"count\",\"value\":{}}}",
        outcome.actions.len()
    );

    let mut group = c.benchmark_group("reconciliation");
    group.sample_size(10);
    group.bench_function("reconcile_100k_orders_300k_fills", |b| {
        b.iter(|| reconcile(black_box(&state), black_box(&mass), black_box(&settings)))
    });
    group.finish();
}

criterion_group!(benches, bench_reconciliation);
criterion_main!(benches);
