//! Replays the shared order-book stream (see `benches/orderbook/stream.mjs` for the format) into
//! NautilusTrader's Rust `OrderBook` (L2_MBP) and prints one JSON line with deltas/s.
//! The deltas are parsed and built before the clock starts: only `apply_delta` is timed.

use std::{fs, hint::black_box, str::FromStr, time::Instant};

use nautilus_model::{
    data::{BookOrder, OrderBookDelta},
    enums::{BookAction, BookType, OrderSide},
    identifiers::InstrumentId,
    orderbook::OrderBook,
    types::{Price, Quantity},
};

fn meta(header: &str, key: &str) -> usize {
    header
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("stream header lacks {key}: {header}"))
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: kairos-peer-nautilus-rs <stream.csv> [repeats]");
    let repeats: usize = std::env::args()
        .nth(2)
        .map_or(3, |s| s.parse().expect("repeats"));
    let text = fs::read_to_string(&path).expect("read stream");
    let mut lines = text.lines();
    let header = lines.next().expect("empty stream");
    let snapshot_rows = meta(header, "snapshot_rows");
    let n_deltas = meta(header, "deltas");
    assert_eq!(
        lines.next(),
        Some("action,side,price,size"),
        "unexpected column header"
    );

    let instrument_id = InstrumentId::from("BTCUSDT.BINANCE");
    let deltas: Vec<OrderBookDelta> = lines
        .enumerate()
        .map(|(seq, line)| {
            let mut f = line.split(',');
            let action = match f.next() {
                Some("ADD") => BookAction::Add,
                Some("UPDATE") => BookAction::Update,
                Some("DELETE") => BookAction::Delete,
                other => panic!("bad action {other:?}"),
            };
            let side = match f.next() {
                Some("BUY") => OrderSide::Buy,
                Some("SELL") => OrderSide::Sell,
                other => panic!("bad side {other:?}"),
            };
            let price = Price::from_str(f.next().expect("price")).expect("price");
            let size = Quantity::from_str(f.next().expect("size")).expect("size");
            let order = BookOrder::new(side, price, size, 0);
            OrderBookDelta::new(
                instrument_id,
                action,
                order,
                0,
                seq as u64,
                0.into(),
                0.into(),
            )
        })
        .collect();
    assert_eq!(
        deltas.len(),
        snapshot_rows + n_deltas,
        "row count does not match header"
    );
    let (snapshot, stream) = deltas.split_at(snapshot_rows);

    let mut best = 0.0_f64;
    let mut check = (None, None);
    for _ in 0..repeats {
        let mut book = OrderBook::new(instrument_id, BookType::L2_MBP);
        for d in snapshot {
            book.apply_delta(d).expect("snapshot delta");
        }
        let start = Instant::now();
        for d in stream {
            book.apply_delta(black_box(d)).expect("delta");
        }
        let secs = start.elapsed().as_secs_f64();
        best = best.max(stream.len() as f64 / secs);
        check = (book.best_bid_price(), book.best_ask_price());
    }
    let (bid, ask) = check;
    eprintln!(
        "nautilus_rs: {} deltas, final best bid {bid:?} ask {ask:?}",
        stream.len()
    );
    println!(
        "{{\"bench\":\"orderbook\",\"name\":\"peer.nautilus_rs.apply_delta\",\"unit\":\"deltas/s\",\"value\":{}}}",
        best.round() as u64
    );
}
