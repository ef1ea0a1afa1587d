//! The driver: one venue's mass status against the cache, steps 1 to 4 in order, and the
//! loop over venues.

use std::sync::Arc;

use super::action::{
    CreateOrder, Discrepancy, OrderOrigin, ReconAction, EXTERNAL_STRATEGY_ID, VENUE_TAG,
};
use super::dedup::{check_order_repeat, dedup_order_fills, dedup_positions, order_repeat_warning};
use super::error::ReconError;
use super::filter::Filters;
use super::fxhash::{map_with_capacity, FxMap, FxSet};
use super::ids::{IdHasher, EXTERNAL_PREFIX};
use super::input::{
    CachedOrder, CachedState, FillReport, InstrumentSpec, MassStatus, OrderStatusReport,
    PositionStatusReport, ReconSettings,
};
use super::orders::{orphan_fills, reconcile_order, OrderContext, OrderJob};
use super::output::Output;
use super::positions::reconcile_positions;
use super::summary::{ReconSummary, ReportCounts};
use crate::enums::OmsType;
use crate::orders::fsm::OrderEventKind;

/// The result of one venue's reconciliation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReconOutcome {
    pub venue: String,
    /// In the order to apply them.
    pub actions: Vec<ReconAction>,
    pub summary: ReconSummary,
}

/// One order's reports, gathered from the mass status.
struct Group<'a> {
    report: Option<&'a OrderStatusReport>,
    fills: Vec<&'a FillReport>,
}

/// One order to reconcile, before sorting.
struct Pending<'a> {
    ts: u64,
    venue_order_id: &'a str,
    cached: Option<&'a CachedOrder>,
    create: Option<Box<CreateOrder>>,
    report: Option<&'a OrderStatusReport>,
    fills: Vec<&'a FillReport>,
    instrument: &'a InstrumentSpec,
    instrument_id: Arc<str>,
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

    let mut by_client: FxMap<&str, &CachedOrder> = map_with_capacity(state.orders.len());
    let mut by_venue: FxMap<&str, &CachedOrder> = map_with_capacity(state.orders.len());
    for order in &state.orders {
        if by_client.insert(&order.client_order_id, order).is_some() {
            return Err(ReconError::DuplicateCachedOrder {
                client_order_id: order.client_order_id.clone(),
            });
        }
        if let Some(v) = order.venue_order_id.as_deref() {
            by_venue.insert(v, order);
        }
    }
    let instruments: FxMap<&str, (&InstrumentSpec, Arc<str>)> = state
        .instruments
        .iter()
        .map(|(id, spec)| (id.as_str(), (spec, Arc::from(id.as_str()))))
        .collect();

    let mut out = Output::new(
        mass.account_id.clone(),
        ReconSummary {
            venue: mass.venue.clone(),
            reports: ReportCounts {
                orders: mass.order_reports.len() as u64,
                fills: mass.fill_reports.len() as u64,
                positions: mass.position_reports.len() as u64,
            },
            ..ReconSummary::default()
        },
    );
    let filters = Filters::new(settings);
    let mut filtered = ReportCounts::default();
    let mut dropped = ReportCounts::default();
    let mut warnings: Vec<Discrepancy> = Vec::new();

    // Steps 1 and 2 for orders: one venue-id index that groups each order's reports.
    let mut slots: FxMap<&str, usize> = map_with_capacity(mass.order_reports.len());
    let mut client_ids: FxMap<&str, &OrderStatusReport> =
        map_with_capacity(mass.order_reports.len());
    let mut groups: Vec<Group<'_>> = Vec::with_capacity(mass.order_reports.len());
    let mut filtered_venue_ids: FxSet<&str> = FxSet::default();
    for r in &mass.order_reports {
        if filters.order_excluded(r) {
            filtered.orders += 1;
            filtered_venue_ids.insert(&r.venue_order_id);
            continue;
        }
        if let Some(&slot) = slots.get(r.venue_order_id.as_str()) {
            let seen = groups[slot].report.expect("slots of order reports");
            check_order_repeat(seen, r)?;
            dropped.orders += 1;
            warnings.push(order_repeat_warning(r));
            continue;
        }
        if let Some(id) = r.client_order_id.as_deref() {
            if let Some(seen) = client_ids.insert(id, r) {
                return Err(ReconError::DuplicateClientOrderId {
                    client_order_id: id.to_string(),
                    first: seen.venue_order_id.clone(),
                    second: r.venue_order_id.clone(),
                });
            }
        }
        slots.insert(&r.venue_order_id, groups.len());
        groups.push(Group {
            report: Some(r),
            fills: Vec::new(),
        });
    }
    for f in &mass.fill_reports {
        if filters.fill_excluded(f)
            || (!filtered_venue_ids.is_empty()
                && filtered_venue_ids.contains(f.venue_order_id.as_str()))
        {
            filtered.fills += 1;
            continue;
        }
        let slot = *slots.entry(&f.venue_order_id).or_insert_with(|| {
            groups.push(Group {
                report: None,
                fills: Vec::new(),
            });
            groups.len() - 1
        });
        groups[slot].fills.push(f);
    }
    for g in &mut groups {
        dropped.fills += dedup_order_fills(&mut g.fills, &mut warnings)?;
    }
    let mut positions: Vec<&PositionStatusReport> = Vec::new();
    dropped.positions = dedup_positions(mass.position_reports.iter(), &mut positions);
    let before = positions.len();
    positions.retain(|p| !filters.position_excluded(p));
    filtered.positions = (before - positions.len()) as u64;

    warnings.sort_by(|a, b| {
        (&a.venue_order_id, a.kind.code()).cmp(&(&b.venue_order_id, b.kind.code()))
    });
    for w in warnings {
        out.discrepancy(w);
    }
    out.actions
        .reserve(groups.len() + mass.fill_reports.len() * 2);

    // Step 3: one job per order.
    let mut jobs: Vec<Pending<'_>> = Vec::with_capacity(groups.len());
    let mut orphans: Vec<Vec<&FillReport>> = Vec::new();
    for g in groups {
        let (cached, instrument_name) = match g.report {
            Some(r) => (
                r.client_order_id
                    .as_deref()
                    .and_then(|id| by_client.get(id))
                    .or_else(|| by_venue.get(r.venue_order_id.as_str()))
                    .copied(),
                r.instrument_id.as_str(),
            ),
            None => {
                let first = g.fills[0];
                let cached = by_venue
                    .get(first.venue_order_id.as_str())
                    .copied()
                    .or_else(|| {
                        g.fills
                            .iter()
                            .find_map(|f| f.client_order_id.as_deref())
                            .and_then(|id| by_client.get(id).copied())
                    });
                let Some(order) = cached else {
                    orphans.push(g.fills);
                    continue;
                };
                (Some(order), order.instrument_id.as_str())
            }
        };
        let Some((instrument, instrument_id)) = instruments.get(instrument_name) else {
            out.unknown_instrument(instrument_name);
            continue;
        };
        let mut create = None;
        if let (None, Some(r)) = (cached, g.report) {
            let claim = claims.get(r.instrument_id.as_str()).copied();
            if claim.is_none() && settings.filter_unclaimed_external_orders {
                filtered.orders += 1;
                filtered.fills += g.fills.len() as u64;
                continue;
            }
            create = Some(Box::new(external_order(
                &mut out,
                &mass.venue,
                r,
                claim,
                instrument,
                instrument_id,
            )));
        }
        let (ts, venue_order_id) = match g.report {
            Some(r) => (r.ts_accepted, r.venue_order_id.as_str()),
            None => (g.fills[0].ts_event, g.fills[0].venue_order_id.as_str()),
        };
        jobs.push(Pending {
            ts,
            venue_order_id,
            cached,
            create,
            report: g.report,
            fills: g.fills,
            instrument,
            instrument_id: instrument_id.clone(),
        });
    }
    jobs.sort_unstable_by(|a, b| (a.ts, a.venue_order_id).cmp(&(b.ts, b.venue_order_id)));

    let ctx = OrderContext {
        venue: &mass.venue,
        fill_reports: &mass.fill_reports,
    };
    for pending in jobs {
        if let Some(create) = &pending.create {
            out.create(CreateOrder::clone(create));
        }
        let job = OrderJob {
            cached: pending.cached,
            created: pending.create.as_deref(),
            report: pending.report,
            fills: pending.fills,
            instrument: pending.instrument,
            instrument_id: pending.instrument_id,
        };
        reconcile_order(&mut out, &ctx, &job);
    }
    orphans.sort_unstable_by(|a, b| a[0].venue_order_id.cmp(&b[0].venue_order_id));
    for fills in &orphans {
        orphan_fills(&mut out, fills);
    }

    // Step 4.
    reconcile_positions(&mut out, &mass.venue, state, settings, &positions);

    for &kind in OrderEventKind::ALL {
        let n = out.event_count(kind);
        if n > 0 {
            out.summary.events.insert(kind, n);
        }
    }
    out.summary.filtered = filtered;
    out.summary.duplicates_dropped = dropped;
    out.summary.complete = out.summary.reasons.is_empty();
    Ok(ReconOutcome {
        venue: mass.venue.clone(),
        actions: out.actions,
        summary: out.summary,
    })
}

/// The order to create for a report the cache does not know.
fn external_order(
    out: &mut Output,
    venue: &str,
    r: &OrderStatusReport,
    claim: Option<&str>,
    instrument: &InstrumentSpec,
    instrument_id: &Arc<str>,
) -> CreateOrder {
    let client_order_id: Arc<str> = match r.client_order_id.as_deref() {
        Some(id) => Arc::from(id),
        None => IdHasher::new(EXTERNAL_PREFIX)
            .str(venue)
            .str(&r.account_id)
            .str(&r.instrument_id)
            .str(&r.venue_order_id)
            .str(r.side.as_str())
            .str(r.order_type.as_str())
            .u64(r.ts_accepted)
            .id(EXTERNAL_PREFIX)
            .into(),
    };
    CreateOrder {
        origin: OrderOrigin::External,
        client_order_id,
        venue_order_id: Arc::from(r.venue_order_id.as_str()),
        strategy_id: out.intern(claim.unwrap_or(EXTERNAL_STRATEGY_ID)),
        tag: VENUE_TAG,
        account_id: out.account(&r.account_id),
        instrument_id: instrument_id.clone(),
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
    }
}

/// Instrument -> claiming strategy. Two strategies claiming one instrument is an error.
fn claims_by_instrument(settings: &ReconSettings) -> Result<FxMap<&str, &str>, ReconError> {
    let mut claims: FxMap<&str, &str> = FxMap::default();
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
