//! Matching engine throughput: quotes processed with N working orders that the quotes do not
//! reach (the steady state of a backtest), and market orders against a 500-level L2 book.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use kairos_core::enums::{BookType, OrderSide};
use kairos_core::matching::{MatchingConfig, MatchingEngine, QuoteTick, SubmitOrder};
use kairos_core::types::fixed::raw_unit;
use kairos_core::types::{Price, Quantity};

fn px(units: i64) -> Price {
    Price::new(i128::from(units) * raw_unit(2), 2)
}

fn qty(units: i64) -> Quantity {
    Quantity::new(i128::from(units) * raw_unit(3), 3)
}

fn engine(book_type: BookType) -> MatchingEngine {
    MatchingEngine::new(MatchingConfig::new(px(1), qty(1), book_type)).unwrap()
}

/// Quotes around 100.00 that move by a few ticks: they reach none of the working orders.
fn quotes(n: usize) -> Vec<QuoteTick> {
    (0..n)
        .map(|i| {
            let mid = 10_000 + (i as i64 % 7) - 3;
            QuoteTick {
                bid: px(mid - 1),
                ask: px(mid + 1),
                bid_size: qty(5_000 + i as i64 % 100),
                ask_size: qty(6_000 + i as i64 % 100),
                ts: i as u64 + 1,
            }
        })
        .collect()
}

fn quotes_with_resting_orders(c: &mut Criterion) {
    let batch = quotes(1_000);
    let mut group = c.benchmark_group("matching/quotes");
    group.throughput(Throughput::Elements(batch.len() as u64));
    for n in [0_usize, 100, 1_000, 10_000] {
        let mut e = engine(BookType::L1Mbp);
        e.process_quotes(&batch[..1]).unwrap();
        for i in 0..n {
            let k = (i % 500) as i64;
            // A quarter each: bids and asks away from the market, buy and sell stops beyond it.
            let o = match i % 4 {
                0 => {
                    SubmitOrder::limit(&format!("b{i}"), OrderSide::Buy, qty(1_000), px(9_000 - k))
                }
                1 => SubmitOrder::limit(
                    &format!("s{i}"),
                    OrderSide::Sell,
                    qty(1_000),
                    px(11_000 + k),
                ),
                2 => SubmitOrder::stop_market(
                    &format!("t{i}"),
                    OrderSide::Buy,
                    qty(1_000),
                    px(11_000 + k),
                ),
                _ => SubmitOrder::stop_market(
                    &format!("u{i}"),
                    OrderSide::Sell,
                    qty(1_000),
                    px(9_000 - k),
                ),
            };
            e.submit(&o, 1);
        }
        assert_eq!(e.open_order_count(), n);
        group.bench_with_input(BenchmarkId::new("resting", n), &n, |b, _| {
            b.iter(|| black_box(e.process_quotes(black_box(&batch)).unwrap()))
        });
    }
    group.finish();
}

fn l2_book(levels: i64) -> MatchingEngine {
    let mut e = engine(BookType::L2Mbp);
    let bids: Vec<_> = (0..levels)
        .map(|i| (px(9_999 - i), qty(1_000_000_000)))
        .collect();
    let asks: Vec<_> = (0..levels)
        .map(|i| (px(10_001 + i), qty(1_000_000_000)))
        .collect();
    e.process_snapshot(&bids, &asks, 1).unwrap();
    e
}

fn market_orders_against_l2(c: &mut Criterion) {
    let mut group = c.benchmark_group("matching/market_orders_l2_500");
    group.throughput(Throughput::Elements(1));
    // One level each: the book is deep enough never to run out during the run.
    let mut e = l2_book(500);
    let order = SubmitOrder::market("m", OrderSide::Buy, qty(1_000));
    let mut ts = 2_u64;
    group.bench_function("one_level", |b| {
        b.iter(|| {
            ts += 1;
            black_box(e.submit(black_box(&order), ts))
        })
    });
    // A sweep of 10 levels from a fresh copy of the book each time (copy and drop not timed).
    let base = {
        let mut e = engine(BookType::L2Mbp);
        let bids: Vec<_> = (0..500).map(|i| (px(9_999 - i), qty(1_000))).collect();
        let asks: Vec<_> = (0..500).map(|i| (px(10_001 + i), qty(1_000))).collect();
        e.process_snapshot(&bids, &asks, 1).unwrap();
        e
    };
    let sweep = SubmitOrder::market("m", OrderSide::Sell, qty(10_000));
    group.bench_function("sweep_10_levels", |b| {
        b.iter_batched(
            || base.clone(),
            |mut e| {
                let events = e.submit(black_box(&sweep), 2);
                (e, black_box(events))
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(
    benches,
    quotes_with_resting_orders,
    market_orders_against_l2
);
criterion_main!(benches);
