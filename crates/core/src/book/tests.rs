//! Behaviour of the public and own books: table tests per rule, then property tests against a
//! reference model.

use std::collections::BTreeSet;
use std::str::FromStr;

use rstest::{fixture, rstest};

use super::*;
use crate::enums::{BookAction, BookType, OrderSide, OrderStatus};
use crate::types::{Price, Quantity};

use BookAction::{Add, Clear, Delete, Update};
use OrderSide::{Buy, Sell};

fn px(text: &str) -> Price {
    Price::from_str(text).unwrap()
}

fn qty(text: &str) -> Quantity {
    Quantity::from_str(text).unwrap()
}

fn delta(action: BookAction, side: OrderSide, price: &str, size: &str) -> BookDelta {
    BookDelta::new(action, side, px(price), qty(size))
}

fn order(action: BookAction, side: OrderSide, price: &str, size: &str, id: u64) -> BookDelta {
    delta(action, side, price, size).with_order_id(id)
}

/// `(price, size, orders)` of a side, best first, as text.
fn side_text(book: &OrderBook, side: OrderSide) -> Vec<(String, String, u32)> {
    book.levels(side, usize::MAX)
        .into_iter()
        .map(|l| (l.price.to_string(), l.size.to_string(), l.orders))
        .collect()
}

fn levels(items: &[(&str, &str, u32)]) -> Vec<(String, String, u32)> {
    items
        .iter()
        .map(|(p, s, n)| (p.to_string(), s.to_string(), *n))
        .collect()
}

#[fixture]
fn l2() -> OrderBook {
    OrderBook::new("BTCUSDT.BINANCE", BookType::L2Mbp, 2, 3).unwrap()
}

#[fixture]
fn l3() -> OrderBook {
    OrderBook::new("BTCUSDT.BINANCE", BookType::L3Mbo, 2, 3).unwrap()
}

#[fixture]
fn l1() -> OrderBook {
    OrderBook::new("BTCUSDT.BINANCE", BookType::L1Mbp, 2, 3).unwrap()
}

/// A two-sided L2 book: bids 100.00 x 1, 99.50 x 2; asks 100.50 x 1.5, 101.00 x 3.
#[fixture]
fn two_sided(mut l2: OrderBook) -> OrderBook {
    l2.apply_deltas(&[
        delta(Add, Buy, "100.00", "1"),
        delta(Add, Buy, "99.50", "2"),
        delta(Add, Sell, "100.50", "1.5"),
        delta(Add, Sell, "101.00", "3"),
    ])
    .unwrap();
    l2
}

// ----- L2 rules ---------------------------------------------------------------------------------

struct Case {
    name: &'static str,
    deltas: Vec<BookDelta>,
    bids: Vec<(String, String, u32)>,
    asks: Vec<(String, String, u32)>,
}

#[test]
fn l2_deltas_follow_the_level_rules() {
    let cases = vec![
        Case {
            name: "add creates a level",
            deltas: vec![delta(Add, Buy, "100", "1")],
            bids: levels(&[("100.00", "1.000", 1)]),
            asks: vec![],
        },
        Case {
            name: "add at an existing level sets (not adds) its size",
            deltas: vec![delta(Add, Buy, "100", "1"), delta(Add, Buy, "100", "2")],
            bids: levels(&[("100.00", "2.000", 1)]),
            asks: vec![],
        },
        Case {
            name: "update sets the size",
            deltas: vec![
                delta(Add, Sell, "101", "1"),
                delta(Update, Sell, "101", "0.5"),
            ],
            bids: vec![],
            asks: levels(&[("101.00", "0.500", 1)]),
        },
        Case {
            name: "update of an unknown level creates it",
            deltas: vec![delta(Update, Sell, "101", "0.5")],
            bids: vec![],
            asks: levels(&[("101.00", "0.500", 1)]),
        },
        Case {
            name: "delete removes the level",
            deltas: vec![delta(Add, Buy, "100", "1"), delta(Delete, Buy, "100", "0")],
            bids: vec![],
            asks: vec![],
        },
        Case {
            name: "delete of an unknown level is a no-op",
            deltas: vec![delta(Add, Buy, "100", "1"), delta(Delete, Buy, "99", "0")],
            bids: levels(&[("100.00", "1.000", 1)]),
            asks: vec![],
        },
        Case {
            name: "delete on the other side is a no-op",
            deltas: vec![delta(Add, Buy, "100", "1"), delta(Delete, Sell, "100", "0")],
            bids: levels(&[("100.00", "1.000", 1)]),
            asks: vec![],
        },
        Case {
            name: "size zero removes the level",
            deltas: vec![delta(Add, Buy, "100", "1"), delta(Update, Buy, "100", "0")],
            bids: vec![],
            asks: vec![],
        },
        Case {
            name: "clear empties both sides",
            deltas: vec![
                delta(Add, Buy, "100", "1"),
                delta(Add, Sell, "101", "1"),
                BookDelta::clear(0, 0),
            ],
            bids: vec![],
            asks: vec![],
        },
        Case {
            name: "levels come best first on both sides",
            deltas: vec![
                delta(Add, Buy, "99", "1"),
                delta(Add, Buy, "100", "2"),
                delta(Add, Buy, "98", "3"),
                delta(Add, Sell, "102", "1"),
                delta(Add, Sell, "101", "2"),
            ],
            bids: levels(&[
                ("100.00", "2.000", 1),
                ("99.00", "1.000", 1),
                ("98.00", "3.000", 1),
            ]),
            asks: levels(&[("101.00", "2.000", 1), ("102.00", "1.000", 1)]),
        },
    ];
    for case in cases {
        let mut book = l2();
        for d in &case.deltas {
            book.apply_delta(d)
                .unwrap_or_else(|e| panic!("{}: {e}", case.name));
        }
        assert_eq!(side_text(&book, Buy), case.bids, "case: {}", case.name);
        assert_eq!(side_text(&book, Sell), case.asks, "case: {}", case.name);
    }
}

#[rstest]
fn top_of_book_queries(two_sided: OrderBook) {
    let book = two_sided;
    assert_eq!(book.best_bid_price(), Some(px("100.00")));
    assert_eq!(book.best_ask_price(), Some(px("100.50")));
    assert_eq!(book.best_bid_size(), Some(qty("1")));
    assert_eq!(book.best_ask_size(), Some(qty("1.5")));
    assert_eq!(book.spread().unwrap().to_string(), "0.50");
    assert_eq!(book.midpoint().unwrap().to_string(), "100.250");
    assert_eq!(book.bids(1).len(), 1);
    assert_eq!(book.asks(10).len(), 2);
}

#[rstest]
fn empty_book_has_no_top(l2: OrderBook) {
    assert_eq!(l2.best_bid_price(), None);
    assert_eq!(l2.best_ask_size(), None);
    assert_eq!(l2.spread(), None);
    assert_eq!(l2.midpoint(), None);
    assert_eq!(l2.avg_px_for_quantity(qty("1"), Buy).unwrap(), None);
}

#[rstest]
fn midpoint_is_exact_at_one_more_decimal(mut l2: OrderBook) {
    l2.apply_delta(&delta(Add, Buy, "100.01", "1")).unwrap();
    l2.apply_delta(&delta(Add, Sell, "100.02", "1")).unwrap();
    assert_eq!(l2.midpoint().unwrap().to_string(), "100.015");
}

#[rstest]
fn sequence_update_count_and_ts_last_are_tracked(mut l2: OrderBook) {
    l2.apply_delta(&delta(Add, Buy, "100", "1").with_times(7, 1_000, 1_001))
        .unwrap();
    l2.apply_delta(&delta(Add, Buy, "99", "1").with_times(0, 2_000, 2_001))
        .unwrap();
    assert_eq!(l2.sequence(), 7, "sequence 0 means not given");
    assert_eq!(l2.update_count(), 2);
    assert_eq!(l2.ts_last(), 2_000);
}

// ----- walking the book -------------------------------------------------------------------------

#[rstest]
#[case::buy_within_best_level(Buy, "1", Some(("100.5000000000000000", "1.000")))]
#[case::buy_walks_two_asks(Buy, "2.5", Some(("100.7000000000000000", "2.500")))]
#[case::buy_more_than_the_side(Buy, "10", Some(("100.8333333333333333", "4.500")))]
#[case::sell_walks_bids(Sell, "3", Some(("99.6666666666666667", "3.000")))]
#[case::zero_quantity(Sell, "0", None)]
fn avg_px_walks_the_opposite_side_exactly(
    two_sided: OrderBook,
    #[case] side: OrderSide,
    #[case] quantity: &str,
    #[case] expected: Option<(&str, &str)>,
) {
    let got = two_sided.avg_px_for_quantity(qty(quantity), side).unwrap();
    let got = got.map(|a| (a.price.to_string(), a.filled.to_string()));
    let expected = expected.map(|(p, q)| (p.to_string(), q.to_string()));
    assert_eq!(got, expected);
}

#[rstest]
#[case::buy_up_to_best_ask(Buy, "100.50", "1.500")]
#[case::buy_up_to_both_asks(Buy, "101", "4.500")]
#[case::buy_below_the_asks(Buy, "100.49", "0.000")]
#[case::sell_down_to_best_bid(Sell, "100", "1.000")]
#[case::sell_down_to_both_bids(Sell, "1", "3.000")]
fn quantity_for_price_counts_levels_at_the_price_or_better(
    two_sided: OrderBook,
    #[case] side: OrderSide,
    #[case] price: &str,
    #[case] expected: &str,
) {
    assert_eq!(
        two_sided.quantity_for_price(px(price), side).to_string(),
        expected
    );
}

#[rstest]
fn simulate_fills_walks_levels_until_filled_or_limited(two_sided: OrderBook) {
    let market = SimOrder {
        side: Buy,
        price: None,
        size: qty("2"),
    };
    let fills: Vec<(String, String)> = two_sided
        .simulate_fills(&market)
        .iter()
        .map(|f| (f.price.to_string(), f.size.to_string()))
        .collect();
    assert_eq!(
        fills,
        vec![
            ("100.50".to_string(), "1.500".to_string()),
            ("101.00".to_string(), "0.500".to_string())
        ]
    );
    let limited = SimOrder {
        side: Sell,
        price: Some(px("100")),
        size: qty("5"),
    };
    let fills = two_sided.simulate_fills(&limited);
    assert_eq!(fills.len(), 1);
    assert_eq!(fills[0].size, qty("1"));
}

// ----- L3 ---------------------------------------------------------------------------------------

#[rstest]
fn l3_keeps_queue_position_on_size_reduction(mut l3: OrderBook) {
    l3.apply_deltas(&[
        order(Add, Buy, "100", "1", 1),
        order(Add, Buy, "100", "2", 2),
        order(Add, Buy, "100", "3", 3),
    ])
    .unwrap();
    l3.apply_delta(&order(Update, Buy, "100", "0.5", 1))
        .unwrap();
    let ids: Vec<u64> = l3
        .level_orders(Buy, px("100"))
        .iter()
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(ids, vec![1, 2, 3], "a reduction keeps the place");
    l3.apply_delta(&order(Update, Buy, "100", "5", 2)).unwrap();
    let ids: Vec<u64> = l3
        .level_orders(Buy, px("100"))
        .iter()
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(ids, vec![1, 3, 2], "an increase goes to the back");
    assert_eq!(side_text(&l3, Buy), levels(&[("100.00", "8.500", 3)]));
}

#[rstest]
fn l3_price_change_moves_the_order_and_delete_by_id(mut l3: OrderBook) {
    l3.apply_deltas(&[
        order(Add, Sell, "101", "1", 1),
        order(Add, Sell, "101", "2", 2),
    ])
    .unwrap();
    l3.apply_delta(&order(Update, Sell, "102", "1", 1)).unwrap();
    assert_eq!(
        side_text(&l3, Sell),
        levels(&[("101.00", "2.000", 1), ("102.00", "1.000", 1)])
    );
    // DELETE finds the order by id whatever price it carries.
    l3.apply_delta(&order(Delete, Sell, "0", "0", 2)).unwrap();
    assert_eq!(side_text(&l3, Sell), levels(&[("102.00", "1.000", 1)]));
    l3.apply_delta(&order(Delete, Sell, "102", "0", 99))
        .unwrap();
    assert_eq!(
        side_text(&l3, Sell),
        levels(&[("102.00", "1.000", 1)]),
        "unknown id: no-op"
    );
}

// ----- L1 ---------------------------------------------------------------------------------------

#[rstest]
fn l1_delta_replaces_the_side(mut l1: OrderBook) {
    l1.apply_delta(&delta(Add, Buy, "100", "1")).unwrap();
    l1.apply_delta(&delta(Update, Buy, "99", "2")).unwrap();
    assert_eq!(side_text(&l1, Buy), levels(&[("99.00", "2.000", 1)]));
    l1.apply_delta(&delta(Delete, Buy, "98", "0")).unwrap();
    assert_eq!(
        side_text(&l1, Buy).len(),
        1,
        "delete at another price is a no-op"
    );
    l1.apply_delta(&delta(Delete, Buy, "99", "0")).unwrap();
    assert!(side_text(&l1, Buy).is_empty());
}

#[rstest]
fn l1_quotes_and_trades_set_the_top(mut l1: OrderBook) {
    l1.update_quote(px("100"), px("101"), qty("1"), qty("2"), 3, 10)
        .unwrap();
    assert_eq!(l1.best_bid_price(), Some(px("100")));
    assert_eq!(l1.best_ask_size(), Some(qty("2")));
    l1.update_trade(px("100.5"), qty("0.1"), 4, 11).unwrap();
    assert_eq!(l1.best_bid_price(), Some(px("100.5")));
    assert_eq!(l1.best_ask_price(), Some(px("100.5")));
    assert_eq!(l1.update_count(), 2);
    assert_eq!(l1.ts_last(), 11);
}

#[rstest]
fn quotes_are_refused_by_deeper_books(mut l2: OrderBook) {
    let err = l2
        .update_quote(px("100"), px("101"), qty("1"), qty("2"), 0, 0)
        .unwrap_err();
    assert_eq!(err.code(), "BOOK_UNSUPPORTED");
}

// ----- snapshots --------------------------------------------------------------------------------

fn depth(bids: &[(&str, &str)], asks: &[(&str, &str)]) -> OrderBookDepth10 {
    let fill = |levels: &[(&str, &str)]| {
        let mut slots = [None; 10];
        for (slot, (p, s)) in slots.iter_mut().zip(levels) {
            *slot = Some(DepthLevel {
                price: px(p),
                size: qty(s),
                orders: 1,
            });
        }
        slots
    };
    OrderBookDepth10 {
        bids: fill(bids),
        asks: fill(asks),
        flags: F_SNAPSHOT | F_LAST,
        sequence: 42,
        ts_event: 5,
        ts_init: 6,
    }
}

#[rstest]
#[case::l1(BookType::L1Mbp, 1)]
#[case::l2(BookType::L2Mbp, 2)]
#[case::l3(BookType::L3Mbo, 2)]
fn depth_snapshot_replaces_the_book(#[case] book_type: BookType, #[case] per_side: usize) {
    let mut book = OrderBook::new("X", book_type, 2, 3).unwrap();
    book.apply_delta(&delta(Add, Buy, "50", "9").with_order_id(77))
        .unwrap();
    book.apply_depth(&depth(
        &[("100", "1"), ("99", "2")],
        &[("101", "3"), ("102", "4")],
    ))
    .unwrap();
    assert_eq!(book.bids(10).len(), per_side);
    assert_eq!(book.asks(10).len(), per_side);
    assert_eq!(book.best_bid_price(), Some(px("100")));
    assert_eq!(book.best_ask_price(), Some(px("101")));
    assert_eq!(book.size_at(Buy, px("50")), qty("0"), "old levels are gone");
    assert_eq!(book.sequence(), 42);
}

// ----- validation -------------------------------------------------------------------------------

fn state(book: &OrderBook) -> String {
    format!(
        "{book}{:?}{:?}",
        book.bids(usize::MAX),
        book.asks(usize::MAX)
    )
}

#[rstest]
#[case::negative_size(BookDelta { size: -1, ..delta(Add, Buy, "100", "1") }, "BOOK_NEGATIVE_SIZE")]
#[case::price_decimals(delta(Add, Buy, "100.001", "1"), "BOOK_TOO_MANY_DECIMALS")]
#[case::size_decimals(delta(Add, Buy, "100", "1.0001"), "BOOK_TOO_MANY_DECIMALS")]
#[case::price_out_of_range(BookDelta { price: i128::MAX, ..delta(Add, Buy, "100", "1") }, "BOOK_PRICE_OUT_OF_RANGE")]
#[case::size_out_of_range(BookDelta { size: i128::MAX, ..delta(Add, Buy, "100", "1") }, "BOOK_SIZE_OUT_OF_RANGE")]
fn bad_deltas_are_refused_and_change_nothing(
    two_sided: OrderBook,
    #[case] bad: BookDelta,
    #[case] code: &str,
) {
    let mut book = two_sided;
    let before = state(&book);
    let err = book.apply_delta(&bad).unwrap_err();
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(state(&book), before);
}

#[test]
fn the_error_names_the_value_and_the_precision() {
    let book = l2();
    let err = book
        .validate_delta(&delta(Add, Buy, "100.001", "1"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "price '100.001' has more decimals than the book's price precision 2"
    );
}

#[rstest]
fn a_batch_is_all_or_nothing(two_sided: OrderBook) {
    let mut book = two_sided;
    let before = state(&book);
    let err = book
        .apply_deltas(&[delta(Add, Buy, "90", "1"), delta(Add, Buy, "90.001", "1")])
        .unwrap_err();
    assert_eq!(err.batch_index(), Some(1));
    assert_eq!(err.code(), "BOOK_TOO_MANY_DECIMALS");
    assert_eq!(state(&book), before);
}

#[rstest]
#[case::unknown_action(9 | 1 << 8, "BOOK_UNKNOWN_ACTION")]
#[case::zero_record(0, "BOOK_UNKNOWN_ACTION")]
#[case::unknown_side(1 | 3 << 8, "BOOK_UNKNOWN_SIDE")]
#[case::no_side_on_add(1, "BOOK_UNKNOWN_SIDE")]
fn packed_codes_are_checked(two_sided: OrderBook, #[case] meta: i64, #[case] code: &str) {
    let mut book = two_sided;
    let before = state(&book);
    let mut words = vec![0_i64; 2 * PACKED_WORDS];
    encode(&delta(Add, Buy, "90", "1"), &mut words[..PACKED_WORDS]);
    encode(&delta(Add, Buy, "91", "1"), &mut words[PACKED_WORDS..]);
    words[PACKED_WORDS + 8] = meta;
    let err = book.apply_packed(&words, 2).unwrap_err();
    assert_eq!(err.code(), code, "{err}");
    assert_eq!(err.batch_index(), Some(1));
    assert_eq!(state(&book), before);
}

#[rstest]
fn packed_records_round_trip_and_apply(mut l3: OrderBook) {
    let d = order(Add, Sell, "123456789.12", "1000000000000.5", u64::MAX)
        .with_flags(F_LAST)
        .with_times(u64::MAX, 1, 2);
    let mut words = vec![0_i64; PACKED_WORDS];
    encode(&d, &mut words);
    assert_eq!(decode(&words).unwrap(), d);
    l3.apply_packed(&words, 1).unwrap();
    assert_eq!(l3.best_ask_size(), Some(qty("1000000000000.5")));
    let err = l3.apply_packed(&words, 2).unwrap_err();
    assert_eq!(err.code(), "BOOK_MALFORMED_BATCH");
}

// ----- integrity and display -----------------------------------------------------------------------

#[rstest]
fn integrity_reports_a_crossed_book(mut l2: OrderBook) {
    l2.apply_delta(&delta(Add, Buy, "101", "1")).unwrap();
    l2.apply_delta(&delta(Add, Sell, "100", "1")).unwrap();
    let err = l2.check_integrity().unwrap_err();
    assert_eq!(err.code(), "BOOK_CROSSED");
    assert_eq!(
        err.to_string(),
        "book is crossed: best bid 101.00 >= best ask 100.00"
    );
}

#[rstest]
fn integrity_reports_a_sequence_going_backwards_until_cleared(mut l2: OrderBook) {
    l2.apply_delta(&delta(Add, Buy, "100", "1").with_times(10, 0, 0))
        .unwrap();
    l2.apply_delta(&delta(Add, Buy, "99", "1").with_times(9, 0, 0))
        .unwrap();
    let err = l2.check_integrity().unwrap_err();
    assert_eq!(
        err,
        BookError::SequenceBackwards {
            previous: 10,
            current: 9
        }
    );
    l2.apply_delta(&BookDelta::clear(11, 0)).unwrap();
    assert_eq!(l2.check_integrity(), Ok(()));
}

#[rstest]
fn display_shows_header_and_levels(two_sided: OrderBook) {
    let text = two_sided.to_string();
    assert!(text.starts_with("OrderBook BTCUSDT.BINANCE L2_MBP sequence=0 update_count=4"));
    let ask = text.find("101.00").unwrap();
    let bid = text.find("99.50").unwrap();
    assert!(ask < bid, "asks above bids:\n{text}");
}

// ----- own book ---------------------------------------------------------------------------------

fn own(id: &str, side: OrderSide, price: &str, size: &str, status: OrderStatus) -> OwnOrder {
    OwnOrder {
        client_order_id: id.to_string(),
        side,
        price: px(price),
        size: qty(size),
        status,
        ts_last: 0,
    }
}

#[fixture]
fn own_book() -> OwnOrderBook {
    let mut book = OwnOrderBook::new("BTCUSDT.BINANCE");
    book.add(own("O-1", Buy, "100", "0.4", OrderStatus::Accepted))
        .unwrap();
    book.add(own("O-2", Buy, "100", "0.1", OrderStatus::Submitted))
        .unwrap();
    book.add(own("O-3", Sell, "101", "5", OrderStatus::Accepted))
        .unwrap();
    book
}

#[rstest]
fn own_book_aggregates_levels_and_refuses_duplicates(mut own_book: OwnOrderBook) {
    let bids = own_book.levels(Buy, 10, None);
    assert_eq!(bids.len(), 1);
    assert_eq!(
        (bids[0].size.to_string(), bids[0].orders),
        ("0.5".to_string(), 2)
    );
    let accepted = own_book.levels(Buy, 10, Some(&[OrderStatus::Accepted]));
    assert_eq!(accepted[0].orders, 1);
    let err = own_book
        .add(own("O-1", Buy, "1", "1", OrderStatus::Accepted))
        .unwrap_err();
    assert_eq!(err.code(), "OWN_BOOK_DUPLICATE_ORDER");
    assert_eq!(
        own_book.delete("nope").unwrap_err().code(),
        "OWN_BOOK_UNKNOWN_ORDER"
    );
}

#[rstest]
fn own_book_update_moves_levels(mut own_book: OwnOrderBook) {
    own_book
        .update(own("O-1", Buy, "99", "0.2", OrderStatus::PartiallyFilled))
        .unwrap();
    let bids = own_book.levels(Buy, 10, None);
    assert_eq!(bids.len(), 2);
    assert_eq!(bids[0].price, px("100"));
    assert_eq!(bids[1].size, qty("0.2"));
    own_book.delete("O-2").unwrap();
    assert_eq!(own_book.levels(Buy, 10, None).len(), 1);
}

#[rstest]
fn net_view_subtracts_own_size(two_sided: OrderBook, own_book: OwnOrderBook) {
    let net = own_book.net_levels(&two_sided, Buy, 10, None);
    assert_eq!(net[0].size, qty("0.5"));
    // Our 5 at 101 exceeds the public 3: the level leaves the net view.
    let net_asks = own_book.net_levels(&two_sided, Sell, 10, None);
    assert_eq!(net_asks.len(), 1);
    assert_eq!(net_asks[0].price, px("100.50"));
}

#[rstest]
fn audits_report_closed_orders_and_oversized_levels(two_sided: OrderBook, own_book: OwnOrderBook) {
    let open: BTreeSet<String> = ["O-1".to_string()].into();
    assert_eq!(own_book.audit_open(&open), vec!["O-2", "O-3"]);
    let excess = own_book.audit_levels(&two_sided, None);
    assert_eq!(
        excess,
        vec![LevelExcess {
            side: Sell,
            price: px("101"),
            own: qty("5"),
            public: qty("3"),
        }]
    );
}

// ----- property tests ---------------------------------------------------------------------------

mod property_tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;

    use super::*;
    use crate::types::fixed::raw_unit;

    /// The reference: sorted maps of price -> FIFO of (order id, size) per side.
    #[derive(Default)]
    struct Model {
        bids: BTreeMap<i128, Vec<(u64, i128)>>,
        asks: BTreeMap<i128, Vec<(u64, i128)>>,
        sequence: u64,
        count: u64,
    }

    impl Model {
        fn side(&mut self, side: OrderSide) -> &mut BTreeMap<i128, Vec<(u64, i128)>> {
            if side == Buy {
                &mut self.bids
            } else {
                &mut self.asks
            }
        }

        fn remove_id(&mut self, id: u64) -> Option<(OrderSide, i128, usize, i128)> {
            for side in [Buy, Sell] {
                let map = self.side(side);
                let found = map
                    .iter()
                    .find_map(|(p, q)| q.iter().position(|(i, _)| *i == id).map(|at| (*p, at)));
                if let Some((price, at)) = found {
                    let queue = map.get_mut(&price).unwrap();
                    let (_, size) = queue.remove(at);
                    if queue.is_empty() {
                        map.remove(&price);
                    }
                    return Some((side, price, at, size));
                }
            }
            None
        }

        fn apply(&mut self, book_type: BookType, d: &BookDelta) {
            let removes = d.action == Delete || d.size == 0;
            match (d.action, book_type) {
                (Clear, _) => {
                    self.bids.clear();
                    self.asks.clear();
                }
                (_, BookType::L1Mbp) => {
                    let map = self.side(d.side);
                    if removes {
                        map.remove(&d.price);
                    } else {
                        map.clear();
                        map.insert(d.price, vec![(0, d.size)]);
                    }
                }
                (_, BookType::L2Mbp) => {
                    let map = self.side(d.side);
                    if removes {
                        map.remove(&d.price);
                    } else {
                        map.insert(d.price, vec![(0, d.size)]);
                    }
                }
                (_, BookType::L3Mbo) => {
                    let old = self.remove_id(d.order_id);
                    if !removes {
                        let queue = self.side(d.side).entry(d.price).or_default();
                        match old {
                            Some((side, price, at, size))
                                if side == d.side && price == d.price && d.size <= size =>
                            {
                                queue.insert(at, (d.order_id, d.size));
                            }
                            _ => queue.push((d.order_id, d.size)),
                        }
                    }
                }
            }
            if d.sequence != 0 {
                self.sequence = d.sequence;
            }
            self.count += 1;
        }

        /// `(price raw, total size raw, orders)` best first.
        fn levels(&self, side: OrderSide) -> Vec<(i128, i128, u32)> {
            let row = |(p, q): (&i128, &Vec<(u64, i128)>)| {
                (*p, q.iter().map(|(_, s)| s).sum(), q.len() as u32)
            };
            if side == Buy {
                self.bids.iter().rev().map(row).collect()
            } else {
                self.asks.iter().map(row).collect()
            }
        }
    }

    fn book_levels(book: &OrderBook, side: OrderSide) -> Vec<(i128, i128, u32)> {
        book.levels(side, usize::MAX)
            .iter()
            .map(|l| (l.price.raw(), l.size.raw(), l.orders))
            .collect()
    }

    fn arb_delta() -> impl Strategy<Value = BookDelta> {
        arb_delta_in(-3..20)
    }

    /// Deltas whose prices (in cents) fall in `cents`.
    fn arb_delta_in(cents: std::ops::Range<i128>) -> impl Strategy<Value = BookDelta> {
        (
            prop_oneof![4 => Just(Add), 3 => Just(Update), 2 => Just(Delete), 1 => Just(Clear)],
            prop_oneof![Just(Buy), Just(Sell)],
            cents,     // negative prices exist
            0_i128..6, // size in units of 0.1 (0 deletes)
            1_u64..10,
            0_u64..50,
        )
            .prop_map(|(action, side, cents, tenths, id, sequence)| BookDelta {
                action,
                side,
                price: cents * raw_unit(2),
                size: tenths * raw_unit(1),
                order_id: id,
                flags: 0,
                sequence,
                ts_event: sequence,
                ts_init: sequence,
            })
    }

    fn arb_book_type() -> impl Strategy<Value = BookType> {
        prop_oneof![
            Just(BookType::L1Mbp),
            Just(BookType::L2Mbp),
            Just(BookType::L3Mbo)
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn book_equals_the_reference_model(book_type in arb_book_type(), deltas in prop::collection::vec(arb_delta(), 0..120)) {
            let mut book = OrderBook::new("X", book_type, 2, 1).unwrap();
            let mut model = Model::default();
            for d in &deltas {
                // L3: few prices, so levels hold several orders and queue order is exercised.
                let d = &if book_type == BookType::L3Mbo {
                    BookDelta { price: d.price.abs() % (3 * raw_unit(2)), ..*d }
                } else {
                    *d
                };
                book.apply_delta(d).unwrap();
                model.apply(book_type, d);
                for side in [Buy, Sell] {
                    prop_assert_eq!(book_levels(&book, side), model.levels(side));
                }
            }
            if book_type == BookType::L3Mbo {
                for (side, map) in [(Buy, &model.bids), (Sell, &model.asks)] {
                    for (price, queue) in map {
                        let got: Vec<(u64, i128)> = book
                            .level_orders(side, Price::new(*price, 2))
                            .iter()
                            .map(|(id, s)| (*id, s.raw()))
                            .collect();
                        prop_assert_eq!(&got, queue);
                    }
                }
            }
            prop_assert_eq!(book.sequence(), model.sequence);
            prop_assert_eq!(book.update_count(), model.count);
        }

        /// A wide band with few CLEARs: empty slots pile up and get compacted mid-stream.
        #[test]
        fn book_equals_the_model_on_a_wide_band(
            book_type in arb_book_type(),
            deltas in prop::collection::vec(arb_delta_in(0..3_000).prop_filter("few clears", |d| d.action != Clear), 0..1_500),
        ) {
            let mut book = OrderBook::new("X", book_type, 2, 1).unwrap();
            let mut model = Model::default();
            for d in &deltas {
                book.apply_delta(d).unwrap();
                model.apply(book_type, d);
            }
            for side in [Buy, Sell] {
                prop_assert_eq!(book_levels(&book, side), model.levels(side));
            }
        }

        #[test]
        fn batches_equal_one_by_one(book_type in arb_book_type(), deltas in prop::collection::vec(arb_delta(), 0..80)) {
            let mut one = OrderBook::new("X", book_type, 2, 1).unwrap();
            for d in &deltas {
                one.apply_delta(d).unwrap();
            }
            let mut words = vec![0_i64; deltas.len() * PACKED_WORDS];
            for (d, record) in deltas.iter().zip(words.chunks_exact_mut(PACKED_WORDS)) {
                encode(d, record);
            }
            let mut packed = OrderBook::new("X", book_type, 2, 1).unwrap();
            packed.apply_packed(&words, deltas.len()).unwrap();
            prop_assert_eq!(state(&one), state(&packed));
        }

        #[test]
        fn bad_deltas_never_change_the_book(
            book_type in arb_book_type(),
            deltas in prop::collection::vec(arb_delta(), 0..40),
            bad in arb_delta(),
            defect in 0_u8..3,
        ) {
            let mut book = OrderBook::new("X", book_type, 2, 1).unwrap();
            book.apply_deltas(&deltas).unwrap();
            let before = (state(&book), book.sequence(), book.update_count(), book.check_integrity());
            let bad = match defect {
                0 => BookDelta { size: -raw_unit(1), action: Add, ..bad },
                1 => BookDelta { price: bad.price + raw_unit(3), action: Update, ..bad },
                _ => BookDelta { size: bad.size + raw_unit(2), ..bad },
            };
            prop_assert!(book.apply_delta(&bad).is_err());
            prop_assert_eq!(before, (state(&book), book.sequence(), book.update_count(), book.check_integrity()));
        }

        #[test]
        fn avg_px_times_filled_is_the_notional(deltas in prop::collection::vec(arb_delta(), 0..60), tenths in 1_i128..40) {
            let mut book = OrderBook::new("X", BookType::L2Mbp, 2, 1).unwrap();
            book.apply_deltas(&deltas).unwrap();
            let quantity = Quantity::new(tenths * raw_unit(1), 1);
            let fills = book.simulate_fills(&SimOrder { side: Buy, price: None, size: quantity });
            let notional: i128 = fills.iter().map(|f| f.price.raw() / raw_unit(2) * (f.size.raw() / raw_unit(1))).sum();
            let filled: i128 = fills.iter().map(|f| f.size.raw() / raw_unit(1)).sum();
            match book.avg_px_for_quantity(quantity, Buy).unwrap() {
                None => prop_assert_eq!(filled, 0),
                Some(avg) => {
                    prop_assert_eq!(avg.filled.raw(), filled * raw_unit(1));
                    // avg = notional / filled cents, rounded at 16 decimals: within half a unit.
                    let exact_times_filled = notional * raw_unit(2);
                    let diff = (avg.price.raw() * filled - exact_times_filled).abs();
                    prop_assert!(diff * 2 <= filled, "avg {} notional {} filled {}", avg.price, notional, filled);
                }
            }
        }
    }
}
