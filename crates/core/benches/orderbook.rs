//! Order book hot paths: ns per L2 delta on a book of ~500 levels per side.
//!
//! Two streams, each applied in full to a fresh copy of its starting book per iteration:
//! - `orderbook_l2_500_levels`: generated here, seeded, mostly near the top of the book (depth
//!   drawn as 500 * u^3), 60% UPDATE, 20% DELETE, 20% ADD, ~500 levels per side: the shape of a
//!   busy crypto book.
//! - `orderbook_l2_shared_stream`: the stream every order book bench and peer replays
//!   (`benches/orderbook/stream.mjs`, depth uniform over ~500 levels per side, 1,000,000 deltas),
//!   read from its cache file; skipped with a message when the file was not generated yet
//!   (`node benches/orderbook/stream.mjs`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use kairos_core::book::{encode, BookDelta, OrderBook, PACKED_WORDS};
use kairos_core::enums::{BookAction, BookType, OrderSide};
use kairos_core::types::fixed::raw_unit;
use kairos_core::types::{Price, Quantity};

const LEVELS: usize = 500;
const STREAM: usize = 100_000;
const PRICE_PRECISION: u8 = 2;
const SIZE_PRECISION: u8 = 3;

/// xorshift64*: small, seeded, reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1_u64 << 53) as f64
    }
}

fn delta(action: BookAction, side: OrderSide, ticks: i64, units: i64, seq: u64) -> BookDelta {
    BookDelta {
        action,
        side,
        price: i128::from(ticks) * raw_unit(PRICE_PRECISION),
        size: i128::from(units) * raw_unit(SIZE_PRECISION),
        order_id: 0,
        flags: 0,
        sequence: seq,
        ts_event: seq,
        ts_init: seq,
    }
}

/// The snapshot (as ADDs) and the stream that follows it.
fn generate(seed: u64) -> (Vec<BookDelta>, Vec<BookDelta>) {
    let mut rng = Rng(seed);
    let mid: i64 = 10_000_000; // 100000.00
                               // Best first: bids descending, asks ascending, one level every 2 ticks.
    let mut bids: Vec<i64> = (0..LEVELS as i64).map(|i| mid - 1 - 2 * i).collect();
    let mut asks: Vec<i64> = (0..LEVELS as i64).map(|i| mid + 1 + 2 * i).collect();
    let mut seq = 0;
    let mut snapshot = Vec::new();
    for (side, levels) in [(OrderSide::Buy, &bids), (OrderSide::Sell, &asks)] {
        for &t in levels.iter() {
            seq += 1;
            snapshot.push(delta(
                BookAction::Add,
                side,
                t,
                1 + (rng.next() % 10_000) as i64,
                seq,
            ));
        }
    }
    let mut stream = Vec::with_capacity(STREAM);
    while stream.len() < STREAM {
        let side = if rng.next() & 1 == 0 {
            OrderSide::Buy
        } else {
            OrderSide::Sell
        };
        let dir: i64 = if side == OrderSide::Buy { -1 } else { 1 };
        let (levels, other_best) = match side {
            OrderSide::Buy => (&mut bids, asks[0]),
            OrderSide::Sell => (&mut asks, bids[0]),
        };
        let depth = ((levels.len() as f64) * rng.unit().powi(3)) as usize;
        let depth = depth.min(levels.len() - 1);
        let roll = rng.unit();
        let size = 1 + (rng.next() % 10_000) as i64;
        seq += 1;
        let n = levels.len();
        if roll < 0.6 || (roll < 0.8 && n < 450) || (roll >= 0.8 && n > 550) {
            stream.push(delta(BookAction::Update, side, levels[depth], size, seq));
        } else if roll < 0.8 {
            let t = levels.remove(depth);
            stream.push(delta(BookAction::Delete, side, t, 0, seq));
        } else {
            // A new level just outside the chosen one, or improving the best when there is room.
            let candidate = if depth == 0 && (levels[0] - dir - other_best).abs() > 1 {
                levels[0] - dir
            } else {
                levels[depth] + dir
            };
            match levels.binary_search_by(|p| (dir * p).cmp(&(dir * candidate))) {
                Ok(i) => stream.push(delta(BookAction::Update, side, levels[i], size, seq)),
                Err(i) => {
                    levels.insert(i, candidate);
                    stream.push(delta(BookAction::Add, side, candidate, size, seq));
                }
            }
        }
    }
    (snapshot, stream)
}

fn bench_l2(c: &mut Criterion) {
    let (snapshot, stream) = generate(42);
    let mut book = OrderBook::new(
        "BTCUSDT.BINANCE",
        BookType::L2Mbp,
        PRICE_PRECISION,
        SIZE_PRECISION,
    )
    .unwrap();
    book.apply_deltas(&snapshot).unwrap();
    let mut words = vec![0_i64; stream.len() * PACKED_WORDS];
    for (d, record) in stream.iter().zip(words.chunks_exact_mut(PACKED_WORDS)) {
        encode(d, record);
    }

    let mut group = c.benchmark_group("orderbook_l2_500_levels");
    group.throughput(Throughput::Elements(stream.len() as u64));
    group.bench_function("apply_delta", |b| {
        b.iter_batched_ref(
            || book.clone(),
            |book| {
                for d in &stream {
                    book.apply_delta(black_box(d)).unwrap();
                }
            },
            BatchSize::LargeInput,
        );
    });
    group.bench_function("apply_deltas_batch", |b| {
        b.iter_batched_ref(
            || book.clone(),
            |book| book.apply_deltas(black_box(&stream)).unwrap(),
            BatchSize::LargeInput,
        );
    });
    group.bench_function("apply_packed_batch", |b| {
        b.iter_batched_ref(
            || book.clone(),
            |book| book.apply_packed(black_box(&words), stream.len()).unwrap(),
            BatchSize::LargeInput,
        );
    });
    group.finish();

    let mut queries = c.benchmark_group("orderbook_l2_queries");
    let mut full = book.clone();
    full.apply_deltas(&stream).unwrap();
    queries.bench_function("best_bid_ask", |b| {
        b.iter(|| {
            (
                black_box(&full).best_bid_price(),
                black_box(&full).best_ask_price(),
            )
        });
    });
    let quantity =
        kairos_core::types::Quantity::new(50_000 * raw_unit(SIZE_PRECISION), SIZE_PRECISION);
    queries.bench_function("avg_px_for_quantity", |b| {
        b.iter(|| black_box(&full).avg_px_for_quantity(black_box(quantity), OrderSide::Buy));
    });
    queries.finish();
}

/// The shared stream's starting book and deltas, if its cache file exists.
fn shared_stream() -> Option<(u8, u8, Vec<BookDelta>, Vec<BookDelta>)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../benches/orderbook/.cache/stream-42-1000000-500.csv"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("orderbook_l2_shared_stream skipped: {path} not found (node benches/orderbook/stream.mjs)");
        return None;
    };
    let mut lines = text.lines();
    let header = lines.next()?;
    let field = |name: &str| -> Option<usize> {
        header
            .split(' ')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))?
            .parse()
            .ok()
    };
    let (snapshot_rows, pp, sp) = (
        field("snapshot_rows")?,
        field("price_precision")?,
        field("size_precision")?,
    );
    lines.next()?; // column names
    let mut rows = Vec::new();
    for (i, line) in lines.filter(|l| !l.is_empty()).enumerate() {
        let mut f = line.split(',');
        let action = match f.next()? {
            "ADD" => BookAction::Add,
            "UPDATE" => BookAction::Update,
            _ => BookAction::Delete,
        };
        let side = if f.next()? == "BUY" {
            OrderSide::Buy
        } else {
            OrderSide::Sell
        };
        let price: Price = f.next()?.parse().ok()?;
        let size: Quantity = f.next()?.parse().ok()?;
        rows.push(BookDelta::new(action, side, price, size).with_times(i as u64 + 1, 0, 0));
    }
    let stream = rows.split_off(snapshot_rows);
    Some((pp as u8, sp as u8, rows, stream))
}

fn bench_shared(c: &mut Criterion) {
    let Some((pp, sp, snapshot, stream)) = shared_stream() else {
        return;
    };
    let mut book = OrderBook::new("BTCUSDT.BINANCE", BookType::L2Mbp, pp, sp).unwrap();
    book.apply_deltas(&snapshot).unwrap();
    let mut words = vec![0_i64; stream.len() * PACKED_WORDS];
    for (d, record) in stream.iter().zip(words.chunks_exact_mut(PACKED_WORDS)) {
        encode(d, record);
    }
    let mut group = c.benchmark_group("orderbook_l2_shared_stream");
    group.sample_size(10);
    group.throughput(Throughput::Elements(stream.len() as u64));
    group.bench_function("apply_delta", |b| {
        b.iter_batched_ref(
            || book.clone(),
            |book| {
                for d in &stream {
                    book.apply_delta(black_box(d)).unwrap();
                }
            },
            BatchSize::LargeInput,
        );
    });
    group.bench_function("apply_packed_batch_10k", |b| {
        b.iter_batched_ref(
            || book.clone(),
            |book| {
                for chunk in words.chunks(10_000 * PACKED_WORDS) {
                    book.apply_packed(black_box(chunk), chunk.len() / PACKED_WORDS)
                        .unwrap();
                }
            },
            BatchSize::LargeInput,
        );
    });
    group.finish();
}

criterion_group!(benches, bench_l2, bench_shared);
criterion_main!(benches);
