//! The driver: one venue's mass status against the cache, steps 1 to 4 in order, and the
//! loop over venues.

use std::collections::{BTreeSet, HashMap};

use super::action::{
    CreateOrder, Discrepancy, DiscrepancyKind, OrderEvent, OrderOrigin, ReconAction, Severity,
    EXTERNAL_STRATEGY_ID, VENUE_TAG,
};
use super::dedup::dedup;
use super::error::ReconError;
use super::filter::apply_filters;
use super::ids::{IdHasher, EXTERNAL_PREFIX};
use super::input::{CachedFill, CachedOrder, CachedState, FillReport, MassStatus, ReconSettings};
use super::orders::{orphan_fills, reconcile_order, OrderContext, OrderJob};
use super::positions::reconcile_positions;
use super::summary::{ReconSummary, ReportCounts};
use crate::enums::OmsType;

/// A position: the instrument, and the venue position id under HEDGING.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct PositionKey {
    pub instrument_id: String,
    pub position_id: Option<String>,
}

/// The result of one venue's reconciliation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReconOutcome {
    pub venue: String,
    /// In the order to apply them.
    pub actions: Vec<ReconAction>,
    pub summary: ReconSummary,
}

/// Collects actions and keeps the summary's counts in step with them.
pub(crate) struct Output {
    pub account_id: String,
    pub actions: Vec<ReconAction>,
    pub summary: ReconSummary,
    position_deltas: HashMap<PositionKey, i128>,
    unknown_instruments: BTreeSet<String>,
}

impl Output {
    pub(crate) fn event(&mut self, event: OrderEvent) {
        *self.summary.events.entry(event.kind).or_default() += 1;
        self.actions.push(ReconAction::OrderEvent(event));
    }

    pub(crate) fn create(&mut self, create: CreateOrder) {
        match create.origin {
            OrderOrigin::External => self.summary.orders_created_external += 1,
            OrderOrigin::InternalDiff => self.summary.orders_created_internal_diff += 1,
        }
        self.actions.push(ReconAction::CreateOrder(create));
    }

    pub(crate) fn discrepancy(&mut self, d: Discrepancy) {
        self.summary.discrepancies += 1;
        if d.fails_venue {
            self.summary.reasons.push(d.to_string());
        }
        self.actions.push(ReconAction::Discrepancy(d));
    }

    /// Reports the first use of an instrument the cache does not know; the venue fails.
    pub(crate) fn unknown_instrument(&mut self, instrument_id: &str) {
        if self.unknown_instruments.insert(instrument_id.to_string()) {
            self.discrepancy(Discrepancy {
                severity: Severity::Error,
                fails_venue: true,
                instrument_id: instrument_id.to_string(),
                client_order_id: None,
                venue_order_id: None,
                kind: DiscrepancyKind::UnknownInstrument,
            });
        }
    }

    pub(crate) fn add_position_delta(&mut self, key: &PositionKey, signed_raw: i128) {
        match self.position_deltas.get_mut(key) {
            Some(v) => *v += signed_raw,
            None => {
                self.position_deltas.insert(key.clone(), signed_raw);
            }
        }
    }

    pub(crate) fn position_delta(&self, key: &PositionKey) -> i128 {
        self.position_deltas.get(key).copied().unwrap_or(0)
    }
}

/// One order to reconcile, before sorting.
struct Pending<'a> {
    ts: u64,
    venue_order_id: &'a str,
    cached: Option<&'a CachedOrder>,
    create: Option<CreateOrder>,
    report: Option<&'a super::input::OrderStatusReport>,
    fills: Vec<&'a FillReport>,
}

/// Reconciles one venue: the cached state against its mass status.
///
/// `Err` when the mass status cannot be reconciled at all (duplicates, conflicting claims);
/// otherwise the ordered actions and the summary, whose `complete` says whether the venue is
/// reconciled.
pub fn reconcile(
    state: &CachedState,
    mass: &MassStatus,
    settings: &ReconSettings,
) -> Result<ReconOutcome, ReconError> {
    let claims = claims_by_instrument(settings)?;

    let mut by_client: HashMap<&str, &CachedOrder> = HashMap::with_capacity(state.orders.len());
    let mut by_venue: HashMap<&str, &CachedOrder> = HashMap::with_capacity(state.orders.len());
    let fill_count = state.orders.iter().map(|o| o.fills.len()).sum();
    let mut cached_fills: HashMap<(&str, &str), &CachedFill> = HashMap::with_capacity(fill_count);
    for order in &state.orders {
        if by_client.insert(&order.client_order_id, order).is_some() {
            return Err(ReconError::DuplicateCachedOrder {
                client_order_id: order.client_order_id.clone(),
            });
        }
        if let Some(v) = order.venue_order_id.as_deref() {
            by_venue.insert(v, order);
        }
        for f in &order.fills {
            cached_fills.insert((&order.instrument_id, &f.trade_id), f);
        }
    }

    // Step 1 and 2.
    let mut d = dedup(mass)?;
    let mut filtered = apply_filters(&mut d, settings);

    let mut out = Output {
        account_id: mass.account_id.clone(),
        actions: Vec::with_capacity(d.orders.len() * 2 + d.fills.len()),
        summary: ReconSummary {
            venue: mass.venue.clone(),
            reports: ReportCounts {
                orders: mass.order_reports.len() as u64,
                fills: mass.fill_reports.len() as u64,
                positions: mass.position_reports.len() as u64,
            },
            duplicates_dropped: d.dropped,
            ..ReconSummary::default()
        },
        position_deltas: HashMap::new(),
        unknown_instruments: BTreeSet::new(),
    };
    for w in d.warnings.drain(..) {
        out.discrepancy(w);
    }

    // Fills indexed once by venue order id.
    let mut fills_by_order: HashMap<&str, Vec<&FillReport>> =
        HashMap::with_capacity(d.orders.len());
    for f in &d.fills {
        fills_by_order.entry(&f.venue_order_id).or_default().push(f);
    }

    // Step 3: one job per order report, then per group of fills with no report.
    let mut jobs: Vec<Pending<'_>> = Vec::with_capacity(d.orders.len());
    for r in &d.orders {
        let fills = fills_by_order
            .remove(r.venue_order_id.as_str())
            .unwrap_or_default();
        let Some(instrument) = state.instruments.get(&r.instrument_id) else {
            out.unknown_instrument(&r.instrument_id);
            continue;
        };
        let cached = r
            .client_order_id
            .as_deref()
            .and_then(|id| by_client.get(id))
            .or_else(|| by_venue.get(r.venue_order_id.as_str()))
            .copied();
        let create = if cached.is_some() {
            None
        } else {
            let claim = claims.get(r.instrument_id.as_str()).copied();
            if claim.is_none() && settings.filter_unclaimed_external_orders {
                filtered.orders += 1;
                filtered.fills += fills.len() as u64;
                continue;
            }
            let client_order_id = r.client_order_id.clone().unwrap_or_else(|| {
                IdHasher::new(EXTERNAL_PREFIX)
                    .str(&mass.venue)
                    .str(&r.account_id)
                    .str(&r.instrument_id)
                    .str(&r.venue_order_id)
                    .str(r.side.as_str())
                    .str(r.order_type.as_str())
                    .u64(r.ts_accepted)
                    .id(EXTERNAL_PREFIX)
            });
            Some(CreateOrder {
                origin: OrderOrigin::External,
                client_order_id,
                venue_order_id: r.venue_order_id.clone(),
                strategy_id: claim.unwrap_or(EXTERNAL_STRATEGY_ID).to_string(),
                tag: VENUE_TAG,
                account_id: r.account_id.clone(),
                instrument_id: r.instrument_id.clone(),
                side: r.side,
                order_type: r.order_type,
                time_in_force: r.time_in_force,
                quantity: r.quantity,
                price: r.price,
                trigger_price: r.trigger_price,
                position_id: match instrument.oms_type {
                    OmsType::Hedging => r.venue_position_id.clone(),
                    _ => None,
                },
                ts_init: r.ts_accepted,
            })
        };
        jobs.push(Pending {
            ts: r.ts_accepted,
            venue_order_id: &r.venue_order_id,
            cached,
            create,
            report: Some(r),
            fills,
        });
    }
    // Fills that arrived with no order report: applied to a cached order, else orphans.
    let mut orphans: Vec<(&str, Vec<&FillReport>)> = Vec::new();
    for (venue_order_id, fills) in fills_by_order {
        let cached = by_venue.get(venue_order_id).copied().or_else(|| {
            fills
                .iter()
                .find_map(|f| f.client_order_id.as_deref())
                .and_then(|id| by_client.get(id).copied())
        });
        match cached {
            Some(order) if state.instruments.contains_key(&order.instrument_id) => {
                jobs.push(Pending {
                    ts: fills.iter().map(|f| f.ts_event).min().unwrap_or(0),
                    venue_order_id,
                    cached: Some(order),
                    create: None,
                    report: None,
                    fills,
                })
            }
            Some(order) => out.unknown_instrument(&order.instrument_id),
            None => orphans.push((venue_order_id, fills)),
        }
    }
    jobs.sort_unstable_by(|a, b| {
        (a.ts, a.venue_order_id).cmp(&(b.ts, b.venue_order_id))
    });

    let ctx = OrderContext {
        venue: &mass.venue,
        cached_fills: &cached_fills,
    };
    for mut pending in jobs {
        pending
            .fills
            .sort_unstable_by(|a, b| (a.ts_event, &a.trade_id).cmp(&(b.ts_event, &b.trade_id)));
        if let Some(create) = &pending.create {
            out.create(create.clone());
        }
        let instrument_id = pending
            .report
            .map(|r| r.instrument_id.as_str())
            .or(pending.cached.map(|c| c.instrument_id.as_str()))
            .unwrap_or_default();
        let Some(instrument) = state.instruments.get(instrument_id) else {
            continue;
        };
        let job = OrderJob {
            cached: pending.cached,
            created: pending.create.as_ref(),
            report: pending.report,
            fills: pending.fills,
            instrument,
        };
        reconcile_order(&mut out, &ctx, &job);
    }
    orphans.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (_, fills) in &orphans {
        orphan_fills(&mut out, fills);
    }

    // Step 4.
    reconcile_positions(&mut out, &mass.venue, state, settings, &d.positions);

    out.summary.filtered = filtered;
    out.summary.complete = out.summary.reasons.is_empty();
    Ok(ReconOutcome {
        venue: mass.venue.clone(),
        actions: out.actions,
        summary: out.summary,
    })
}

/// Instrument -> claiming strategy. Two strategies claiming one instrument is an error.
fn claims_by_instrument(settings: &ReconSettings) -> Result<HashMap<&str, &str>, ReconError> {
    let mut claims: HashMap<&str, &str> = HashMap::new();
    for claim in &settings.external_order_claims {
        for instrument in &claim.instrument_ids {
            if let Some(first) = claims.insert(instrument, &claim.strategy_id) {
                if first != claim.strategy_id {
                    return Err(ReconError::ConflictingClaims {
                        instrument_id: instrument.clone(),
                        first: first.to_string(),
                        second: claim.strategy_id.clone(),
                    });
                }
            }
        }
    }
    Ok(claims)
}

/// One venue's reconciliation inside [`reconcile_all`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VenueReconciliation {
    /// Always present; `complete: false` with the error as its reason when `error` is set.
    pub summary: ReconSummary,
    /// Empty when `error` is set.
    pub actions: Vec<ReconAction>,
    pub error: Option<ReconError>,
}

/// Reconciles every venue, in the order given, without stopping at a failure: the node logs
/// every venue's reasons before it refuses to start.
pub fn reconcile_all(
    state: &CachedState,
    venues: &[MassStatus],
    settings: &ReconSettings,
) -> Vec<VenueReconciliation> {
    venues
        .iter()
        .map(|mass| match reconcile(state, mass, settings) {
            Ok(outcome) => VenueReconciliation {
                summary: outcome.summary,
                actions: outcome.actions,
                error: None,
            },
            Err(error) => VenueReconciliation {
                summary: ReconSummary {
                    venue: mass.venue.clone(),
                    reports: ReportCounts {
                        orders: mass.order_reports.len() as u64,
                        fills: mass.fill_reports.len() as u64,
                        positions: mass.position_reports.len() as u64,
                    },
                    complete: false,
                    reasons: vec![format!("{}: {error}", error.code())],
                    ..ReconSummary::default()
                },
                actions: Vec::new(),
                error: Some(error),
            },
        })
        .collect()
}

/// True when every venue is reconciled: the node may start its strategies.
pub fn all_complete(results: &[VenueReconciliation]) -> bool {
    results.iter().all(|r| r.summary.complete)
}
