//! Step 3, per order: the events that take the cached order (or a new external one) to the
//! venue's state.
//!
//! # Sequence for one order
//! 1. `REJECTED` at the venue: one `REJECTED` event, nothing else.
//! 2. Not yet acknowledged (`INITIALIZED`, `SUBMITTED`, `EMULATED`, `RELEASED`): the events that
//!    reach `ACCEPTED` (`RELEASED`, `SUBMITTED` as needed, then `ACCEPTED`).
//! 3. Quantity, price or trigger price changed at the venue: `UPDATED` with the new values
//!    (before any fill, so `FILL_COMPLETE` is judged against the venue's quantity).
//! 4. Fill reports not in the cache, by `ts_event` then trade id: `FILL_PARTIAL`/`FILL_COMPLETE`.
//!    Fills the order already holds (same trade id) are compared, never applied again.
//! 5. Venue filled more than the order now is: one inferred fill for the rest, at the price
//!    that makes the order's average the venue's average (exact, rounded half-even at the fixed
//!    scale), else the report's price, else the order's price; none: `MISSING_FILL_PRICE`, the
//!    venue fails. Venue filled less: `VENUE_LESS_FILLED` logged, the cache kept, no failure.
//! 6. The venue's final status: `CANCELED`, `EXPIRED`, `TRIGGERED`, or back from a pending
//!    request.
//!
//! Every event goes through [`crate::orders::fsm::transition`] before it is emitted. An event the
//! table refuses ends the order's sequence with `STATUS_UNREACHABLE` (the events before it
//! stand) and the venue fails. Each step emits only what is missing, so the same reports against
//! the cache after applying the first result emit nothing.

use std::sync::Arc;

use super::action::{
    CreateOrder, Discrepancy, DiscrepancyKind, FillData, OrderEvent, Severity, UpdateData,
};
use super::fxhash::FxMap;
use super::ids::{IdHasher, INFERRED_PREFIX};
use super::input::{CachedFill, CachedOrder, FillReport, InstrumentSpec, OrderStatusReport};
use super::output::{Output, PositionKey};
use super::wide::I256;
use crate::enums::{LiquiditySide, OmsType, OrderSide, OrderStatus};
use crate::orders::fsm::{transition, OrderEventKind, Transition};
use crate::types::fixed::{decimals_of, raw_unit};
use crate::types::{Money, Price, Quantity};

/// Read-only context shared by every order of a venue.
pub(crate) struct OrderContext<'a> {
    pub venue: &'a str,
    /// The mass status's fill reports, to name a fill's report by index.
    pub fill_reports: &'a [FillReport],
}

impl OrderContext<'_> {
    /// The index of `f` in the mass status's fill reports (every fill reference points there).
    fn fill_index(&self, f: &FillReport) -> Option<usize> {
        let base = self.fill_reports.as_ptr() as usize;
        let at = f as *const FillReport as usize;
        let size = std::mem::size_of::<FillReport>();
        let i = at.checked_sub(base)? / size;
        (i < self.fill_reports.len() && std::ptr::eq(&self.fill_reports[i], f)).then_some(i)
    }
}

/// The order being reconciled: cached, or created from the report just before.
pub(crate) struct OrderJob<'a> {
    pub cached: Option<&'a CachedOrder>,
    /// Set when the order is created in this run (its `CreateOrder` is already in the output).
    pub created: Option<&'a CreateOrder>,
    pub report: Option<&'a OrderStatusReport>,
    /// Sorted by `ts_event` then trade id.
    pub fills: Vec<&'a FillReport>,
    pub instrument: &'a InstrumentSpec,
    pub instrument_id: Arc<str>,
}

/// The order's state as the table moves it.
struct Sim {
    status: OrderStatus,
    previous: Option<OrderStatus>,
    quantity: i128,
    filled: i128,
    notional: I256,
}

impl Sim {
    fn step(&self, kind: OrderEventKind) -> Result<OrderStatus, OrderEventKind> {
        match transition(self.status, kind) {
            Ok(Transition::To(s)) => Ok(s),
            Ok(Transition::Previous) => Ok(self.previous.unwrap_or(if self.filled > 0 {
                OrderStatus::PartiallyFilled
            } else {
                OrderStatus::Accepted
            })),
            Err(_) => Err(kind),
        }
    }

    fn enter(&mut self, next: OrderStatus) {
        let pending =
            |s: OrderStatus| matches!(s, OrderStatus::PendingUpdate | OrderStatus::PendingCancel);
        if pending(next) && !pending(self.status) {
            self.previous = Some(self.status);
        }
        self.status = next;
    }
}

struct Run<'a, 'o> {
    out: &'o mut Output,
    job: &'a OrderJob<'a>,
    client_order_id: Arc<str>,
    venue_order_id: Option<Arc<str>>,
    account_id: Arc<str>,
    instrument_id: Arc<str>,
    side: OrderSide,
    position: PositionKey,
    /// Signed quantity of the fills emitted, added to the position once at the end.
    position_delta: i128,
    known: KnownFills<'a>,
    sim: Sim,
    origin_status: OrderStatus,
    stuck: bool,
}

impl Run<'_, '_> {
    fn discrepancy(&mut self, severity: Severity, fails_venue: bool, kind: DiscrepancyKind) {
        self.out.discrepancy(Discrepancy {
            severity,
            fails_venue,
            instrument_id: self.job.instrument.instrument_id.clone(),
            client_order_id: Some(self.client_order_id.to_string()),
            venue_order_id: self.venue_order_id.as_deref().map(str::to_string),
            kind,
        });
    }

    /// Emits one event if the table allows it; otherwise records why and stops the order.
    fn emit(
        &mut self,
        kind: OrderEventKind,
        ts_event: u64,
        fill: Option<Box<FillData>>,
        update: Option<Box<UpdateData>>,
        reason: Option<String>,
    ) -> bool {
        if self.stuck {
            return false;
        }
        let next = match self.sim.step(kind) {
            Ok(next) => next,
            Err(event) => {
                let venue = self.job.report.map_or(self.sim.status, |r| r.status);
                self.stuck = true;
                self.discrepancy(
                    Severity::Error,
                    true,
                    DiscrepancyKind::StatusUnreachable {
                        cached: self.origin_status,
                        venue,
                        at: self.sim.status,
                        event: Some(event),
                    },
                );
                return false;
            }
        };
        self.sim.enter(next);
        if let Some(f) = &fill {
            self.position_delta += match f.side {
                OrderSide::Buy => f.last_qty.raw(),
                OrderSide::Sell => -f.last_qty.raw(),
            };
        }
        self.out.event(OrderEvent {
            client_order_id: self.client_order_id.clone(),
            venue_order_id: self.venue_order_id.clone(),
            account_id: self.account_id.clone(),
            instrument_id: self.instrument_id.clone(),
            kind,
            status_after: next,
            fill,
            update,
            reason,
            ts_event,
            reconciliation: true,
        });
        true
    }

    fn fill(&mut self, data: FillData, ts_event: u64) -> bool {
        let qty = data.last_qty.raw();
        let filled = self.sim.filled + qty;
        if filled > self.sim.quantity {
            let precision = self.job.instrument.size_precision;
            self.stuck = true;
            self.discrepancy(
                Severity::Error,
                true,
                DiscrepancyKind::Overfill {
                    quantity: qty_at(self.sim.quantity, precision),
                    filled: qty_at(filled, precision),
                },
            );
            return false;
        }
        let kind = if filled == self.sim.quantity {
            OrderEventKind::FillComplete
        } else {
            OrderEventKind::FillPartial
        };
        let notional = I256::mul(data.last_px.raw(), qty);
        if self.emit(kind, ts_event, Some(Box::new(data)), None, None) {
            self.sim.filled = filled;
            self.sim.notional = self.sim.notional.add(notional);
            true
        } else {
            false
        }
    }
}

/// A quantity at `precision`, or at the full scale when the raw has more decimals.
fn qty_at(raw: i128, precision: u8) -> Quantity {
    Quantity::new_checked(raw, precision.max(decimals_of(raw)))
        .unwrap_or_else(|_| Quantity::zero(precision))
}

/// Reconciles one order, appending its events (and discrepancies) to `out`.
pub(crate) fn reconcile_order(out: &mut Output, ctx: &OrderContext<'_>, job: &OrderJob<'_>) {
    let report = job.report;
    let (client_order_id, venue_order_id, account_id, side, quantity, status, previous) =
        match (job.cached, job.created) {
            (Some(c), _) => {
                let account = match report {
                    Some(r) => out.account(&r.account_id),
                    None => out.account(&out.account_id.clone()),
                };
                (
                    Arc::from(c.client_order_id.as_str()),
                    report
                        .map(|r| r.venue_order_id.as_str())
                        .or(c.venue_order_id.as_deref())
                        .map(Arc::from),
                    account,
                    c.side,
                    c.quantity.raw(),
                    c.status,
                    c.previous_status,
                )
            }
            (None, Some(c)) => (
                c.client_order_id.clone(),
                Some(c.venue_order_id.clone()),
                c.account_id.clone(),
                c.side,
                c.quantity.raw(),
                OrderStatus::Initialized,
                None,
            ),
            (None, None) => return,
        };
    let instrument_id = job.instrument_id.clone();

    let position_id = match job.instrument.oms_type {
        OmsType::Hedging => report
            .and_then(|r| r.venue_position_id.clone())
            .or_else(|| job.fills.first().and_then(|f| f.venue_position_id.clone()))
            .or_else(|| job.cached.and_then(|c| c.position_id.clone()))
            .or_else(|| job.created.and_then(|c| c.position_id.clone())),
        _ => None,
    };
    let position = PositionKey {
        instrument_id: job.instrument_id.clone(),
        position_id: position_id.clone(),
    };
    let (filled, notional) = job.cached.map_or((0, I256::ZERO), |c| {
        c.fills.iter().fold((0, I256::ZERO), |(q, n), f| {
            (
                q + f.last_qty.raw(),
                n.add(I256::mul(f.last_px.raw(), f.last_qty.raw())),
            )
        })
    });
    let mut run = Run {
        out,
        job,
        client_order_id,
        venue_order_id,
        account_id,
        instrument_id,
        side,
        position,
        position_delta: 0,
        known: KnownFills::new(job.cached),
        sim: Sim {
            status,
            previous,
            quantity,
            filled,
            notional,
        },
        origin_status: status,
        stuck: false,
    };

    if let Some(r) = report {
        if !venue_status_is_valid(r.status) {
            run.discrepancy(
                Severity::Error,
                true,
                DiscrepancyKind::InvalidReportStatus { venue: r.status },
            );
            return;
        }
        if r.status == OrderStatus::Rejected {
            if run.sim.status != OrderStatus::Rejected {
                run.emit(
                    OrderEventKind::Rejected,
                    r.ts_last,
                    None,
                    None,
                    Some(r.reason.clone().unwrap_or_else(|| "REJECTED".to_string())),
                );
            }
            return;
        }
        acknowledge(&mut run, r);
        update(&mut run, job, r);
    }

    apply_fill_reports(&mut run, ctx, job, &position_id);

    if let Some(r) = report {
        let filled = infer_missing_fill(&mut run, ctx, job, r, &position_id);
        finish(&mut run, r, filled);
    }
    let delta = run.position_delta;
    if delta != 0 {
        run.out.add_position_delta(&run.position, delta);
    }
}

/// The trade ids the cache holds for one order: a scan for the usual few, an index for a busy
/// order (so each fill costs O(1), never O(fills so far)).
enum KnownFills<'a> {
    Few(&'a [CachedFill]),
    Many(FxMap<&'a str, &'a CachedFill>),
}

impl<'a> KnownFills<'a> {
    fn new(cached: Option<&'a CachedOrder>) -> Self {
        let fills = cached.map_or(&[][..], |c| c.fills.as_slice());
        if fills.len() <= 16 {
            KnownFills::Few(fills)
        } else {
            KnownFills::Many(fills.iter().map(|f| (f.trade_id.as_str(), f)).collect())
        }
    }

    fn get(&self, trade_id: &str) -> Option<&'a CachedFill> {
        match self {
            KnownFills::Few(fills) => fills.iter().find(|f| f.trade_id == trade_id),
            KnownFills::Many(map) => map.get(trade_id).copied(),
        }
    }
}

/// Statuses a venue can report.
fn venue_status_is_valid(status: OrderStatus) -> bool {
    !matches!(
        status,
        OrderStatus::Initialized
            | OrderStatus::Submitted
            | OrderStatus::Denied
            | OrderStatus::Emulated
            | OrderStatus::Released
    )
}

/// Step 2: reach `ACCEPTED` from a status before the venue's acknowledgement.
fn acknowledge(run: &mut Run<'_, '_>, r: &OrderStatusReport) {
    use OrderEventKind as E;
    let path: &[OrderEventKind] = match run.sim.status {
        OrderStatus::Emulated => &[E::Released, E::Submitted, E::Accepted],
        OrderStatus::Released => &[E::Submitted, E::Accepted],
        OrderStatus::Initialized | OrderStatus::Submitted => &[E::Accepted],
        _ => &[],
    };
    for &kind in path {
        let ts = if kind == E::Accepted {
            r.ts_accepted
        } else {
            r.ts_accepted.min(r.ts_last)
        };
        if !run.emit(kind, ts, None, None, None) {
            return;
        }
    }
}

/// Step 3: the venue's quantity and prices, where they changed.
fn update(run: &mut Run<'_, '_>, job: &OrderJob<'_>, r: &OrderStatusReport) {
    let (quantity, price, trigger) = match (job.cached, job.created) {
        (Some(c), _) => (c.quantity, c.price, c.trigger_price),
        (None, Some(c)) => (c.quantity, c.price, c.trigger_price),
        (None, None) => return,
    };
    let differs = |cached: Option<Price>, venue: Option<Price>| {
        // A venue that omits a price (market orders) changes nothing.
        matches!((cached, venue), (Some(a), Some(b)) if a != b)
    };
    let changed =
        quantity != r.quantity || differs(price, r.price) || differs(trigger, r.trigger_price);
    if !changed || run.sim.status.is_closed() {
        return;
    }
    // Only an update the table takes as a plain `UPDATED` (not a pending modify's ack, which it
    // also is) is emitted; a closed order keeps its values.
    if run.sim.step(OrderEventKind::Updated).is_err() {
        return;
    }
    let data = UpdateData {
        quantity: r.quantity,
        price: r.price.or(price),
        trigger_price: r.trigger_price.or(trigger),
    };
    if run.emit(
        OrderEventKind::Updated,
        r.ts_last,
        None,
        Some(Box::new(data)),
        None,
    ) {
        run.sim.quantity = r.quantity.raw();
    }
}

/// Step 4: fill reports not in the cache, in order; known ones compared within tolerance.
fn apply_fill_reports(
    run: &mut Run<'_, '_>,
    ctx: &OrderContext<'_>,
    job: &OrderJob<'_>,
    position_id: &Option<String>,
) {
    for f in &job.fills {
        if let Some(cached) = run.known.get(&f.trade_id) {
            compare_known_fill(run, cached, f);
            continue;
        }
        let data = FillData {
            trade_id: f.trade_id.clone(),
            side: f.side,
            last_qty: f.last_qty,
            last_px: f.last_px,
            commission: f.commission,
            liquidity_side: f.liquidity_side,
            position_id: f.venue_position_id.clone().or_else(|| position_id.clone()),
            inferred: false,
            report_index: ctx.fill_index(f),
        };
        if !run.fill(data, f.ts_event) {
            return;
        }
    }
}

/// More than half a tick on the price, or more than one unit of the commission currency.
fn compare_known_fill(run: &mut Run<'_, '_>, cached: &CachedFill, f: &FillReport) {
    let tick = raw_unit(run.job.instrument.price_precision);
    if (f.last_px.raw() - cached.last_px.raw()).abs() * 2 > tick {
        run.discrepancy(
            Severity::Warning,
            false,
            DiscrepancyKind::FillPriceMismatch {
                trade_id: f.trade_id.clone(),
                cached: cached.last_px,
                venue: f.last_px,
            },
        );
    }
    if commission_differs(cached.commission, f.commission) {
        run.discrepancy(
            Severity::Warning,
            false,
            DiscrepancyKind::FillCommissionMismatch {
                trade_id: f.trade_id.clone(),
                cached: cached.commission,
                venue: f.commission,
            },
        );
    }
}

fn commission_differs(cached: Option<Money>, venue: Option<Money>) -> bool {
    let unit = |m: &Money| raw_unit(m.currency().precision());
    match (cached, venue) {
        (None, None) => false,
        (Some(m), None) | (None, Some(m)) => m.raw().abs() > unit(&m),
        (Some(a), Some(b)) => {
            a.currency() != b.currency() || (a.raw() - b.raw()).abs() > unit(&a).max(unit(&b))
        }
    }
}

/// How the venue's filled quantity compares once the fill reports are applied.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Filled {
    /// Equal (possibly after an inferred fill).
    Aligned,
    /// The venue holds less: the cache is kept.
    VenueLess,
    /// Fills are missing and could not be inferred.
    Missing,
}

/// Step 5.
fn infer_missing_fill(
    run: &mut Run<'_, '_>,
    ctx: &OrderContext<'_>,
    job: &OrderJob<'_>,
    r: &OrderStatusReport,
    position_id: &Option<String>,
) -> Filled {
    if run.stuck {
        return Filled::Aligned;
    }
    let venue_filled = r.filled_qty.raw();
    let have = run.sim.filled;
    let size_precision = job.instrument.size_precision;
    if venue_filled < have {
        run.discrepancy(
            Severity::Error,
            false,
            DiscrepancyKind::VenueLessFilled {
                cached: qty_at(have, size_precision),
                venue: r.filled_qty,
            },
        );
        return Filled::VenueLess;
    }
    if venue_filled == have {
        return Filled::Aligned;
    }
    let missing = venue_filled - have;
    let missing_qty = qty_at(missing, size_precision.max(r.filled_qty.precision()));
    let order_price = job
        .cached
        .and_then(|c| c.price)
        .or(job.created.and_then(|c| c.price));
    let price = r
        .avg_px
        .and_then(|avg| {
            let px = I256::mul(avg.raw(), venue_filled)
                .sub(run.sim.notional)
                .div_round(missing)?;
            let precision = job.instrument.price_precision.max(decimals_of(px));
            Price::new_checked(px, precision).ok()
        })
        .or(r.price)
        .or(order_price);
    let Some(last_px) = price else {
        run.discrepancy(
            Severity::Error,
            true,
            DiscrepancyKind::MissingFillPrice {
                missing: missing_qty,
            },
        );
        return Filled::Missing;
    };
    let trade_id = IdHasher::new(INFERRED_PREFIX)
        .str(ctx.venue)
        .str(&r.account_id)
        .str(&r.instrument_id)
        .str(&run.client_order_id)
        .str(&r.venue_order_id)
        .i128(missing)
        .i128(last_px.raw())
        .i128(venue_filled)
        .u64(r.ts_last)
        .id(INFERRED_PREFIX);
    let data = FillData {
        trade_id,
        side: run.side,
        last_qty: missing_qty,
        last_px,
        commission: None,
        liquidity_side: LiquiditySide::NoLiquiditySide,
        position_id: position_id.clone(),
        inferred: true,
        report_index: None,
    };
    run.fill(data, r.ts_last);
    Filled::Aligned
}

/// Step 6: the venue's final status.
fn finish(run: &mut Run<'_, '_>, r: &OrderStatusReport, filled: Filled) {
    use OrderEventKind as E;
    use OrderStatus as S;
    if run.stuck {
        return;
    }
    let reason = || r.reason.clone();
    let less_filled = filled == Filled::VenueLess;
    match (r.status, run.sim.status) {
        (S::Canceled, s) if s != S::Canceled && !less_filled => {
            run.emit(E::Canceled, r.ts_last, None, None, reason());
        }
        (S::Expired, s) if s != S::Expired && !less_filled => {
            run.emit(E::Expired, r.ts_last, None, None, reason());
        }
        (S::Triggered, S::Accepted | S::PendingUpdate) => {
            run.emit(E::Triggered, r.ts_last, None, None, None);
        }
        (S::Accepted | S::Triggered, S::PendingUpdate | S::PendingCancel) => {
            run.emit(E::Accepted, r.ts_last, None, None, None);
        }
        (S::PartiallyFilled, S::PendingUpdate) => {
            run.emit(E::Updated, r.ts_last, None, None, None);
        }
        (S::PartiallyFilled, S::PendingCancel) => {
            run.emit(E::CancelRejected, r.ts_last, None, None, None);
        }
        _ => {}
    }
    if run.stuck || filled != Filled::Aligned {
        return;
    }
    let reached = match r.status {
        // A venue may hold its own pending states; the order is open either way.
        S::PendingCancel | S::PendingUpdate => !run.sim.status.is_closed(),
        // Venues that report fills on an open order without PARTIALLY_FILLED.
        S::Accepted => matches!(run.sim.status, S::Accepted | S::PartiallyFilled),
        S::Triggered => matches!(run.sim.status, S::Triggered | S::PartiallyFilled),
        other => run.sim.status == other,
    };
    if !reached {
        run.discrepancy(
            Severity::Error,
            true,
            DiscrepancyKind::StatusUnreachable {
                cached: run.origin_status,
                venue: r.status,
                at: run.sim.status,
                event: None,
            },
        );
    }
}

/// The discrepancy for fill reports whose order nobody knows.
pub(crate) fn orphan_fills(out: &mut Output, fills: &[&FillReport]) {
    let Some(first) = fills.first() else { return };
    out.discrepancy(Discrepancy {
        severity: Severity::Warning,
        fails_venue: false,
        instrument_id: first.instrument_id.clone(),
        client_order_id: first.client_order_id.clone(),
        venue_order_id: Some(first.venue_order_id.clone()),
        kind: DiscrepancyKind::OrphanFills {
            venue_order_id: first.venue_order_id.clone(),
            count: fills.len(),
        },
    });
}
