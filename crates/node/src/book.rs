//! The order book and own order book classes. Translation only: every rule is in
//! `kairos_core::book`.
//!
//! Raws (price and size at 16 decimals) cross as `BigInt`; counters and timestamps too. Deltas
//! cross packed in a `BigInt64Array` (layout in `kairos_core::book::packed`): a batch is one
//! call, and a single delta is the same call with one record. A refused input comes back as a
//! `BookFailure` value (`code`, `message`, `index` in the batch), not a throw: bad market data
//! is an expected outcome, and the TS wrapper raises it as a `KairosError`.
//!
//! # Performance
//! The runtime's per-call bookkeeping dominates a small call: a `#[napi]` class method pays
//! receiver checks (type tag, class identity, borrow registration) and any function with
//! arguments opens a borrow scope, ~250 ns each measured here, while a zero-argument plain
//! function takes a shortcut (~40 ns). So:
//! - each book lives in a per-thread slab owned by its class instance (freed when the instance
//!   is collected), and hot calls are plain functions taking the instance's `handle`;
//! - `applyDelta` goes through `bookApplyScratch()`, which takes no argument at all: the TS layer
//!   registers one scratch `BigInt64Array` per thread once (`bookRegisterScratch`) and writes the
//!   handle (word 0, low 32 bits) and the packed record (words 1 to 9) into it before the call,
//!   and bumps a tick (word 10). A call whose tick did not move is refused with
//!   `BOOK_SCRATCH_STALE` and nothing applied: that is a caller whose scratch is not the one
//!   registered (a second copy of the TS module registered its own), and it falls back to
//!   `bookApplyPacked`. A record is never read from someone else's scratch.
//!
//! Everything else stays a class method.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::str::FromStr;

use kairos_core::book::{
    BookError, BookLevel, DepthLevel, OrderBook, OrderBookDepth10, OwnOrder, OwnOrderBook,
    SimOrder, PACKED_WORDS,
};
use kairos_core::enums::{BookType, OrderSide, OrderStatus};
use kairos_core::types::fixed::{decimals_of, format_raw};
use kairos_core::types::{Price, Quantity};
use napi::bindgen_prelude::{BigInt, BigInt64Array};
use napi_derive::napi;

use crate::error::{raw_overflow, ToJsError};

/// A refused input: the stable `code`, the message, and for a batch the index of the bad delta.
#[napi(object)]
pub struct BookFailure {
    pub code: String,
    pub message: String,
    pub index: Option<u32>,
}

impl From<BookError> for BookFailure {
    fn from(e: BookError) -> Self {
        BookFailure {
            code: e.code().to_string(),
            message: e.to_string(),
            index: e
                .batch_index()
                .map(|i| u32::try_from(i).unwrap_or(u32::MAX)),
        }
    }
}

impl ToJsError for BookError {
    fn to_js(&self) -> napi::Error<String> {
        napi::Error::new(self.code().to_string(), self.to_string())
    }
}

/// A level: raws at 16 decimals (precisions are the book's), and the order count.
#[napi(object)]
pub struct BookLevelJs {
    pub price: BigInt,
    pub price_precision: u32,
    pub size: BigInt,
    pub size_precision: u32,
    pub orders: u32,
}

impl From<BookLevel> for BookLevelJs {
    fn from(l: BookLevel) -> Self {
        BookLevelJs {
            price: BigInt::from(l.price.raw()),
            price_precision: u32::from(l.price.precision()),
            size: BigInt::from(l.size.raw()),
            size_precision: u32::from(l.size.precision()),
            orders: l.orders,
        }
    }
}

/// A raw at 16 decimals and its precision.
#[napi(object)]
pub struct BookValue {
    pub raw: BigInt,
    pub precision: u32,
}

fn price_out(p: Price) -> BookValue {
    BookValue {
        raw: BigInt::from(p.raw()),
        precision: u32::from(p.precision()),
    }
}

fn qty_out(q: Quantity) -> BookValue {
    BookValue {
        raw: BigInt::from(q.raw()),
        precision: u32::from(q.precision()),
    }
}

/// A fill from `simulateFills`.
#[napi(object)]
pub struct BookFill {
    pub price: BookValue,
    pub size: BookValue,
}

/// An average price (16 decimals) and the quantity the book could fill.
#[napi(object)]
pub struct BookAvgPx {
    pub price: BookValue,
    pub filled: BookValue,
}

/// One order of an `L3_MBO` level.
#[napi(object)]
pub struct BookLevelOrder {
    pub order_id: BigInt,
    pub size: BookValue,
}

/// A depth snapshot level (`size` 0 = empty slot).
#[napi(object)]
pub struct DepthLevelJs {
    pub price: BigInt,
    pub size: BigInt,
    pub orders: u32,
}

fn raw(v: &BigInt, what: &str) -> napi::Result<i128, String> {
    match v.get_i128() {
        (r, true) => Ok(r),
        _ => Err(raw_overflow(what)),
    }
}

fn u64_of(v: &BigInt) -> u64 {
    v.get_u64().1
}

fn precision(p: u32) -> u8 {
    u8::try_from(p).unwrap_or(u8::MAX)
}

fn side(s: &str) -> napi::Result<OrderSide, String> {
    OrderSide::from_str(s).map_err(|e| e.to_js())
}

fn price_in(raw_value: &BigInt, p: u32) -> napi::Result<Price, String> {
    Price::new_checked(raw(raw_value, "price")?, precision(p)).map_err(|e| e.to_js())
}

fn qty_in(raw_value: &BigInt, p: u32) -> napi::Result<Quantity, String> {
    Quantity::new_checked(raw(raw_value, "size")?, precision(p)).map_err(|e| e.to_js())
}

fn statuses(list: Option<Vec<String>>) -> napi::Result<Option<Vec<OrderStatus>>, String> {
    list.map(|l| {
        l.iter()
            .map(|s| OrderStatus::from_str(s).map_err(|e| e.to_js()))
            .collect()
    })
    .transpose()
}

/// Books by handle, per thread (a worker thread loads its own copy of the addon state).
#[derive(Default)]
struct Slab {
    books: Vec<Option<OrderBook>>,
    free: Vec<u32>,
}

thread_local! {
    static BOOKS: RefCell<Slab> = RefCell::new(Slab::default());
}

fn insert(book: OrderBook) -> u32 {
    BOOKS.with(|s| {
        let mut s = s.borrow_mut();
        match s.free.pop() {
            Some(h) => {
                s.books[h as usize] = Some(book);
                h
            }
            None => {
                s.books.push(Some(book));
                u32::try_from(s.books.len() - 1).unwrap_or(u32::MAX)
            }
        }
    })
}

fn disposed(handle: u32) -> napi::Error<String> {
    napi::Error::new(
        "BOOK_DISPOSED".to_string(),
        format!("no order book with handle {handle}"),
    )
}

/// Runs `f` on the book of `handle` (a missing book is an error, never a panic).
#[inline]
fn with_book<R>(handle: u32, f: impl FnOnce(&mut OrderBook) -> R) -> napi::Result<R, String> {
    BOOKS.with(|s| match s.borrow_mut().books.get_mut(handle as usize) {
        Some(Some(book)) => Ok(f(book)),
        _ => Err(disposed(handle)),
    })
}

/// Applies `count` packed records to the book of `handle` (the hot path of `applyDelta(s)`).
#[napi]
pub fn book_apply_packed(
    handle: u32,
    words: &[i64],
    count: u32,
) -> napi::Result<Option<BookFailure>, String> {
    with_book(handle, |b| {
        b.apply_packed(words, count as usize)
            .err()
            .map(BookFailure::from)
    })
}

thread_local! {
    /// The registered scratch array: data pointer and length in words.
    static SCRATCH: Cell<(*const i64, usize)> = const { Cell::new((std::ptr::null(), 0)) };
    /// The tick (word 10) of the last scratch call served.
    static LAST_TICK: Cell<i64> = const { Cell::new(0) };
}

/// Words of the scratch array: handle, one record, tick.
const SCRATCH_WORDS: usize = 2 + PACKED_WORDS;

/// Registers this thread's scratch array for [`book_apply_scratch`]. The array is kept alive for
/// the life of the thread (its reference is deliberately never released).
#[napi]
pub fn book_register_scratch(words: BigInt64Array) -> napi::Result<(), String> {
    if words.len() < SCRATCH_WORDS {
        return Err(napi::Error::new(
            "BOOK_MALFORMED_BATCH".to_string(),
            format!("the scratch array needs {SCRATCH_WORDS} words"),
        ));
    }
    let (ptr, len) = (words.as_ptr(), words.len());
    // Why the pointer stays valid for the thread's life: `words` holds a reference to the JS
    // array, and forgetting it means that reference is never deleted, so the ArrayBuffer is never
    // collected; V8 never moves the backing store of a non-resizable ArrayBuffer; and the array is
    // private to `ts/model/book/order-book.ts`, which never transfers or detaches it.
    std::mem::forget(words);
    SCRATCH.with(|s| s.set((ptr, len)));
    // The new scratch's tick starts where the array says, so its first call must move it.
    // SAFETY: `len >= SCRATCH_WORDS` and the array is kept alive.
    LAST_TICK.with(|t| t.set(unsafe { *ptr.add(PACKED_WORDS + 1) }));
    Ok(())
}

/// Applies the one record in the scratch array to the book whose handle is in word 0.
#[napi]
pub fn book_apply_scratch() -> napi::Result<Option<BookFailure>, String> {
    let (ptr, len) = SCRATCH.with(Cell::get);
    if ptr.is_null() || len < SCRATCH_WORDS {
        return Err(napi::Error::new(
            "BOOK_NO_SCRATCH".to_string(),
            "no scratch array registered on this thread".to_string(),
        ));
    }
    // SAFETY: the registered array stays alive (its reference is never released), it is not
    // resizable, and only this thread's JavaScript writes it, never while this call runs.
    let words = unsafe { std::slice::from_raw_parts(ptr, len) };
    let tick = words[PACKED_WORDS + 1];
    if LAST_TICK.with(|t| t.replace(tick)) == tick {
        return Ok(Some(BookFailure {
            code: "BOOK_SCRATCH_STALE".to_string(),
            message: "the registered scratch array was not written for this call".to_string(),
            index: None,
        }));
    }
    let handle = words[0] as u32;
    with_book(handle, |b| {
        b.apply_packed(&words[1..=PACKED_WORDS], 1)
            .err()
            .map(BookFailure::from)
    })
}

/// Best bid price raw of the book of `handle`.
#[napi]
pub fn book_best_bid_price(handle: u32) -> napi::Result<Option<BigInt>, String> {
    with_book(handle, |b| {
        b.best_bid_price().map(|p| BigInt::from(p.raw()))
    })
}

/// Best ask price raw of the book of `handle`.
#[napi]
pub fn book_best_ask_price(handle: u32) -> napi::Result<Option<BigInt>, String> {
    with_book(handle, |b| {
        b.best_ask_price().map(|p| BigInt::from(p.raw()))
    })
}

/// Best bid size raw of the book of `handle`.
#[napi]
pub fn book_best_bid_size(handle: u32) -> napi::Result<Option<BigInt>, String> {
    with_book(handle, |b| b.best_bid_size().map(|q| BigInt::from(q.raw())))
}

/// Best ask size raw of the book of `handle`.
#[napi]
pub fn book_best_ask_size(handle: u32) -> napi::Result<Option<BigInt>, String> {
    with_book(handle, |b| b.best_ask_size().map(|q| BigInt::from(q.raw())))
}

/// The public order book of one instrument: owns the slab slot of its book.
#[napi]
pub struct NativeOrderBook {
    handle: u32,
}

impl Drop for NativeOrderBook {
    fn drop(&mut self) {
        // At process exit the thread-local may already be gone: nothing left to free then.
        let _ = BOOKS.try_with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                if let Some(slot) = s.books.get_mut(self.handle as usize) {
                    *slot = None;
                    s.free.push(self.handle);
                }
            }
        });
    }
}

#[napi]
impl NativeOrderBook {
    /// An empty book; `bookType` is `'L1_MBP' | 'L2_MBP' | 'L3_MBO'`.
    #[napi(constructor)]
    pub fn new(
        instrument_id: String,
        book_type: String,
        price_precision: u32,
        size_precision: u32,
    ) -> napi::Result<Self, String> {
        let book_type = BookType::from_str(&book_type).map_err(|e| e.to_js())?;
        let inner = OrderBook::new(
            instrument_id,
            book_type,
            precision(price_precision),
            precision(size_precision),
        )
        .map_err(|e| e.to_js())?;
        Ok(Self {
            handle: insert(inner),
        })
    }

    /// The slab handle for the plain-function hot path.
    #[napi(getter)]
    pub fn handle(&self) -> u32 {
        self.handle
    }

    /// Replaces the book with a depth snapshot (up to 10 levels per side, best first).
    #[napi]
    pub fn apply_depth(
        &self,
        bids: Vec<DepthLevelJs>,
        asks: Vec<DepthLevelJs>,
        flags: u32,
        sequence: BigInt,
        ts_event: BigInt,
        ts_init: BigInt,
    ) -> napi::Result<Option<BookFailure>, String> {
        let mut slots = [[None; 10], [None; 10]];
        for (levels, out) in [bids, asks].iter().zip(slots.iter_mut()) {
            if levels.len() > 10 {
                return Ok(Some(BookFailure {
                    code: "BOOK_DEPTH_TOO_DEEP".to_string(),
                    message: format!(
                        "a depth snapshot holds at most 10 levels per side, got {}",
                        levels.len()
                    ),
                    index: None,
                }));
            }
            for (level, slot) in levels.iter().zip(out.iter_mut()) {
                // Precisions are checked by the book against its own; any raw is accepted here.
                let price = price_in(&level.price, 16)?;
                let size = match nonneg(&level.size)? {
                    Ok(q) => q,
                    Err(f) => return Ok(Some(f)),
                };
                *slot = Some(DepthLevel {
                    price,
                    size,
                    orders: level.orders,
                });
            }
        }
        let [bids, asks] = slots;
        let depth = OrderBookDepth10 {
            bids,
            asks,
            flags: u8::try_from(flags).unwrap_or(0),
            sequence: u64_of(&sequence),
            ts_event: u64_of(&ts_event),
            ts_init: u64_of(&ts_init),
        };
        with_book(self.handle, |b| {
            b.apply_depth(&depth).err().map(BookFailure::from)
        })
    }

    /// `L1_MBP`: sets both sides from a quote.
    #[napi]
    pub fn update_quote(
        &self,
        bid: BigInt,
        ask: BigInt,
        bid_size: BigInt,
        ask_size: BigInt,
        sequence: BigInt,
        ts_event: BigInt,
    ) -> napi::Result<Option<BookFailure>, String> {
        let (bid, ask) = (price_in(&bid, 16)?, price_in(&ask, 16)?);
        let bid_size = match nonneg(&bid_size)? {
            Ok(q) => q,
            Err(f) => return Ok(Some(f)),
        };
        let ask_size = match nonneg(&ask_size)? {
            Ok(q) => q,
            Err(f) => return Ok(Some(f)),
        };
        let (seq, ts) = (u64_of(&sequence), u64_of(&ts_event));
        with_book(self.handle, |b| {
            b.update_quote(bid, ask, bid_size, ask_size, seq, ts)
                .err()
                .map(BookFailure::from)
        })
    }

    /// `L1_MBP`: a trade sets both sides to its price.
    #[napi]
    pub fn update_trade(
        &self,
        price: BigInt,
        size: BigInt,
        sequence: BigInt,
        ts_event: BigInt,
    ) -> napi::Result<Option<BookFailure>, String> {
        let price = price_in(&price, 16)?;
        let size = match nonneg(&size)? {
            Ok(q) => q,
            Err(f) => return Ok(Some(f)),
        };
        let (seq, ts) = (u64_of(&sequence), u64_of(&ts_event));
        with_book(self.handle, |b| {
            b.update_trade(price, size, seq, ts)
                .err()
                .map(BookFailure::from)
        })
    }

    /// Empties the book.
    #[napi]
    pub fn clear(&self, sequence: BigInt, ts_event: BigInt) -> napi::Result<(), String> {
        let (seq, ts) = (u64_of(&sequence), u64_of(&ts_event));
        with_book(self.handle, |b| b.clear(seq, ts))
    }

    /// Spread raw.
    #[napi]
    pub fn spread(&self) -> napi::Result<Option<BigInt>, String> {
        with_book(self.handle, |b| b.spread().map(|p| BigInt::from(p.raw())))
    }

    /// Midpoint (one more decimal than the book's prices).
    #[napi]
    pub fn midpoint(&self) -> napi::Result<Option<BookValue>, String> {
        with_book(self.handle, |b| b.midpoint().map(price_out))
    }

    /// Levels of `side` from the best outwards.
    #[napi]
    pub fn levels(&self, side_name: String, depth: u32) -> napi::Result<Vec<BookLevelJs>, String> {
        let s = side(&side_name)?;
        with_book(self.handle, |b| {
            b.levels(s, depth as usize)
                .into_iter()
                .map(BookLevelJs::from)
                .collect()
        })
    }

    /// Public size raw at a price.
    #[napi]
    pub fn size_at(&self, side_name: String, price: BigInt) -> napi::Result<BigInt, String> {
        let (s, p) = (side(&side_name)?, price_in(&price, 16)?);
        with_book(self.handle, |b| BigInt::from(b.size_at(s, p).raw()))
    }

    /// `L3_MBO`: the orders at a level, oldest first.
    #[napi]
    pub fn level_orders(
        &self,
        side_name: String,
        price: BigInt,
    ) -> napi::Result<Vec<BookLevelOrder>, String> {
        let (s, p) = (side(&side_name)?, price_in(&price, 16)?);
        with_book(self.handle, |b| {
            b.level_orders(s, p)
                .into_iter()
                .map(|(id, size)| BookLevelOrder {
                    order_id: BigInt::from(id),
                    size: qty_out(size),
                })
                .collect()
        })
    }

    /// Average price for a quantity taken by an order on `side`.
    #[napi]
    pub fn avg_px_for_quantity(
        &self,
        quantity: BigInt,
        quantity_precision: u32,
        side_name: String,
    ) -> napi::Result<Option<BookAvgPx>, String> {
        let (q, s) = (qty_in(&quantity, quantity_precision)?, side(&side_name)?);
        let avg =
            with_book(self.handle, |b| b.avg_px_for_quantity(q, s))?.map_err(|e| e.to_js())?;
        Ok(avg.map(|a| BookAvgPx {
            price: price_out(a.price),
            filled: qty_out(a.filled),
        }))
    }

    /// Size an order on `side` could take at `price` or better (raw, book size precision).
    #[napi]
    pub fn quantity_for_price(
        &self,
        price: BigInt,
        side_name: String,
    ) -> napi::Result<BigInt, String> {
        let (p, s) = (price_in(&price, 16)?, side(&side_name)?);
        with_book(self.handle, |b| {
            BigInt::from(b.quantity_for_price(p, s).raw())
        })
    }

    /// Fills an order would get now.
    #[napi]
    pub fn simulate_fills(
        &self,
        side_name: String,
        price: Option<BigInt>,
        size: BigInt,
        size_precision: u32,
    ) -> napi::Result<Vec<BookFill>, String> {
        let order = SimOrder {
            side: side(&side_name)?,
            price: price.as_ref().map(|p| price_in(p, 16)).transpose()?,
            size: qty_in(&size, size_precision)?,
        };
        with_book(self.handle, |b| {
            b.simulate_fills(&order)
                .into_iter()
                .map(|f| BookFill {
                    price: price_out(f.price),
                    size: qty_out(f.size),
                })
                .collect()
        })
    }

    /// The integrity failure, if any (crossed, sequence backwards, L1 with extra levels).
    #[napi]
    pub fn check_integrity(&self) -> napi::Result<Option<BookFailure>, String> {
        with_book(self.handle, |b| {
            b.check_integrity().err().map(BookFailure::from)
        })
    }

    /// Last sequence applied.
    #[napi(getter)]
    pub fn sequence(&self) -> napi::Result<BigInt, String> {
        with_book(self.handle, |b| BigInt::from(b.sequence()))
    }

    /// Inputs applied.
    #[napi(getter)]
    pub fn update_count(&self) -> napi::Result<BigInt, String> {
        with_book(self.handle, |b| BigInt::from(b.update_count()))
    }

    /// `tsEvent` of the last input.
    #[napi(getter)]
    pub fn ts_last(&self) -> napi::Result<BigInt, String> {
        with_book(self.handle, |b| BigInt::from(b.ts_last()))
    }

    /// A readable dump: header and the best 10 levels per side.
    #[napi]
    pub fn display(&self) -> napi::Result<String, String> {
        with_book(self.handle, |b| b.to_string())
    }
}

/// A size raw, or the failure of a negative one (the book's own error, not the value type's).
fn nonneg(v: &BigInt) -> napi::Result<Result<Quantity, BookFailure>, String> {
    match raw(v, "size")? {
        r if r < 0 => Ok(Err(negative(r))),
        r => Quantity::new_checked(r, 16).map(Ok).map_err(|e| e.to_js()),
    }
}

fn negative(raw: i128) -> BookFailure {
    BookError::NegativeSize {
        value: format_raw(raw, decimals_of(raw)),
    }
    .into()
}

/// One own order as it crosses.
#[napi(object)]
pub struct OwnOrderJs {
    pub client_order_id: String,
    pub side: String,
    pub price: BigInt,
    pub price_precision: u32,
    pub size: BigInt,
    pub size_precision: u32,
    pub status: String,
    pub ts_last: BigInt,
}

impl OwnOrderJs {
    fn to_core(&self) -> napi::Result<OwnOrder, String> {
        Ok(OwnOrder {
            client_order_id: self.client_order_id.clone(),
            side: side(&self.side)?,
            price: price_in(&self.price, self.price_precision)?,
            size: qty_in(&self.size, self.size_precision)?,
            status: OrderStatus::from_str(&self.status).map_err(|e| e.to_js())?,
            ts_last: u64_of(&self.ts_last),
        })
    }
}

/// A level where our size exceeds the public size.
#[napi(object)]
pub struct LevelExcessJs {
    pub side: String,
    pub price: BookValue,
    pub own: BookValue,
    pub public: BookValue,
}

/// Our own orders of one instrument.
#[napi]
pub struct NativeOwnOrderBook {
    inner: OwnOrderBook,
}

#[napi]
impl NativeOwnOrderBook {
    /// An empty own book.
    #[napi(constructor)]
    pub fn new(instrument_id: String) -> Self {
        Self {
            inner: OwnOrderBook::new(instrument_id),
        }
    }

    /// Adds an order (a duplicate id throws `OWN_BOOK_DUPLICATE_ORDER`).
    #[napi]
    pub fn add(&mut self, order: OwnOrderJs) -> napi::Result<(), String> {
        self.inner.add(order.to_core()?).map_err(|e| e.to_js())
    }

    /// Replaces an order (an unknown id throws `OWN_BOOK_UNKNOWN_ORDER`).
    #[napi]
    pub fn update(&mut self, order: OwnOrderJs) -> napi::Result<(), String> {
        self.inner.update(order.to_core()?).map_err(|e| e.to_js())
    }

    /// Removes an order (an unknown id throws `OWN_BOOK_UNKNOWN_ORDER`).
    #[napi]
    pub fn delete(&mut self, client_order_id: String) -> napi::Result<(), String> {
        self.inner
            .delete(&client_order_id)
            .map(|_| ())
            .map_err(|e| e.to_js())
    }

    /// Removes every order.
    #[napi]
    pub fn clear(&mut self) {
        self.inner.clear();
    }

    /// Orders held.
    #[napi(getter)]
    pub fn count(&self) -> u32 {
        u32::try_from(self.inner.len()).unwrap_or(u32::MAX)
    }

    /// Our levels of a side, best first.
    #[napi]
    pub fn levels(
        &self,
        side_name: String,
        depth: u32,
        status_filter: Option<Vec<String>>,
    ) -> napi::Result<Vec<BookLevelJs>, String> {
        let filter = statuses(status_filter)?;
        Ok(self
            .inner
            .levels(side(&side_name)?, depth as usize, filter.as_deref())
            .into_iter()
            .map(BookLevelJs::from)
            .collect())
    }

    /// The public levels net of our size.
    #[napi]
    pub fn net_levels(
        &self,
        book: &NativeOrderBook,
        side_name: String,
        depth: u32,
        status_filter: Option<Vec<String>>,
    ) -> napi::Result<Vec<BookLevelJs>, String> {
        let filter = statuses(status_filter)?;
        let s = side(&side_name)?;
        with_book(book.handle, |b| {
            self.inner
                .net_levels(b, s, depth as usize, filter.as_deref())
                .into_iter()
                .map(BookLevelJs::from)
                .collect()
        })
    }

    /// Ids we hold that are not in `openIds`, sorted.
    #[napi]
    pub fn audit_open(&self, open_ids: Vec<String>) -> Vec<String> {
        let open: BTreeSet<String> = open_ids.into_iter().collect();
        self.inner.audit_open(&open)
    }

    /// Levels where our size exceeds the public size.
    #[napi]
    pub fn audit_levels(
        &self,
        book: &NativeOrderBook,
        status_filter: Option<Vec<String>>,
    ) -> napi::Result<Vec<LevelExcessJs>, String> {
        let filter = statuses(status_filter)?;
        with_book(book.handle, |b| {
            self.inner
                .audit_levels(b, filter.as_deref())
                .into_iter()
                .map(|x| LevelExcessJs {
                    side: x.side.as_str().to_string(),
                    price: price_out(x.price),
                    own: qty_out(x.own),
                    public: qty_out(x.public),
                })
                .collect()
        })
    }
}
