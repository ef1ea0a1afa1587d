/**
 * Start-up reconciliation end to end in TypeScript: cache state + a venue's mass status ->
 * the native diff -> actions applied to the cache -> the applied state and the summary event.
 * One test per row of the spec's STARTUP table, named as its test-coverage column.
 */
import { describe, expect, it } from 'vitest';
import type { ReconciliationResult } from '../../ts/live/index.js';
import type { OrderFilled, OrderRejected } from '../../ts/model/events/index.js';
import { InstrumentId, StrategyId, Venue } from '../../ts/model/identifiers/index.js';
import {
  ACCOUNT,
  BTC,
  ETH,
  fillReportOf,
  LiveDesk,
  MockReconClient,
  netPosition,
  orderOf,
  orderReport,
  positionReportOf,
  S1,
  S2,
  SEC,
} from './fixtures.js';

async function run(
  desk: LiveDesk,
  client: MockReconClient,
  config: Parameters<LiveDesk['reconciler']>[0] = {},
  options: Parameters<LiveDesk['reconciler']>[1] = {},
): Promise<ReconciliationResult> {
  return desk.reconciler(config, options).reconcileAll([client]);
}

function venueSummary(r: ReconciliationResult) {
  const v = r.summary.venues[0];
  if (v === undefined) throw new Error('no venue in the summary');
  return v;
}

/** The INTERNAL-DIFF orders in the cache. */
function internalDiffOrders(desk: LiveDesk) {
  return desk.cache.orders().filter((o) => o.strategyId.value === 'INTERNAL-DIFF');
}

describe('start-up reconciliation (spec STARTUP table)', () => {
  it('test_order_state_discrepancy_reconciliation', async () => {
    const desk = new LiveDesk();
    const o = desk.submit(desk.order({ id: 'O-1', qty: '1.000' }));
    const client = new MockReconClient();
    client.orders = [
      orderReport({
        clientOrderId: 'O-1',
        venueOrderId: 'V-1',
        status: 'REJECTED',
        qty: '1.000',
        reason: 'INSUFFICIENT_MARGIN',
      }),
    ];
    const r = await run(desk, client);
    expect(o.status).toBe('REJECTED');
    const last = o.lastEvent as OrderRejected;
    expect(last.type).toBe('OrderRejected');
    expect(last.reason).toBe('INSUFFICIENT_MARGIN');
    expect(last.reconciliation).toBe(true);
    expect(desk.cache.ordersClosed().map((x) => x.clientOrderId.value)).toEqual(['O-1']);
    expect(r.strategiesMayStart).toBe(true);
    expect(venueSummary(r).events).toEqual({ REJECTED: 1 });
    expect(venueSummary(r).eventsApplied).toBe(1);
    // The applied event was published for the strategy.
    expect(desk.orderEvents.map((e) => e.type)).toEqual(['OrderRejected']);
    expect(desk.summaries).toHaveLength(1);
  });

  it('test_missed_fill_reconciliation_scenario', async () => {
    const desk = new LiveDesk();
    const withReport = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    const inferred = desk.accept(desk.submit(desk.order({ id: 'O-2', qty: '2.000' })), 'V-2');
    const client = new MockReconClient();
    client.orders = [
      orderReport({
        clientOrderId: 'O-1',
        venueOrderId: 'V-1',
        status: 'FILLED',
        qty: '1.000',
        filled: '1.000',
        avgPx: '100.00',
      }),
      // No fill report for O-2: the fill is inferred at the venue's average price.
      orderReport({
        clientOrderId: 'O-2',
        venueOrderId: 'V-2',
        status: 'FILLED',
        qty: '2.000',
        filled: '2.000',
        avgPx: '99.50',
      }),
    ];
    client.fills = [
      fillReportOf({ venueOrderId: 'V-1', clientOrderId: 'O-1', tradeId: 'T-1', qty: '1.000' }),
    ];
    client.positions = [positionReportOf('LONG', '3.000')];
    const r = await run(desk, client);
    expect(withReport.status).toBe('FILLED');
    expect(withReport.tradeIds.map((t) => t.value)).toEqual(['T-1']);
    expect(inferred.status).toBe('FILLED');
    expect(inferred.tradeIds[0]?.value).toMatch(/^INF-[0-9A-F]{32}$/);
    expect(inferred.avgPx?.toFixed(2)).toBe('99.50');
    expect((inferred.lastEvent as OrderFilled).reconciliation).toBe(true);
    expect(netPosition(desk.cache)).toBe('3.000');
    expect(internalDiffOrders(desk)).toEqual([]);
    expect(venueSummary(r).events).toEqual({ FILL_COMPLETE: 2 });
    expect(r.strategiesMayStart).toBe(true);
  });

  it('test_multiple_fills_reconciliation', async () => {
    const desk = new LiveDesk();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '3.000' })), 'V-1');
    desk.fill(o, 'T-1', '1.000', '100.00');
    const client = new MockReconClient();
    client.orders = [
      orderReport({
        clientOrderId: 'O-1',
        venueOrderId: 'V-1',
        status: 'FILLED',
        qty: '3.000',
        filled: '3.000',
        avgPx: '101.00',
      }),
    ];
    // Out of order on purpose: applied by tsEvent.
    client.fills = [
      fillReportOf({
        venueOrderId: 'V-1',
        tradeId: 'T-3',
        qty: '1.000',
        px: '102.00',
        ts: desk.now() + 3n * SEC,
      }),
      fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-1', qty: '1.000', px: '100.00', ts: desk.now() + SEC }),
      fillReportOf({
        venueOrderId: 'V-1',
        tradeId: 'T-2',
        qty: '1.000',
        px: '101.00',
        ts: desk.now() + 2n * SEC,
      }),
    ];
    client.positions = [positionReportOf('LONG', '3.000', '101.00')];
    const r = await run(desk, client);
    expect(o.status).toBe('FILLED');
    expect(o.tradeIds.map((t) => t.value)).toEqual(['T-1', 'T-2', 'T-3']);
    expect(o.filledQty.toString()).toBe('3.000');
    expect(o.avgPx?.toFixed(2)).toBe('101.00');
    expect(netPosition(desk.cache)).toBe('3.000');
    expect(venueSummary(r).events).toEqual({ FILL_PARTIAL: 1, FILL_COMPLETE: 1 });
    expect(venueSummary(r).reports).toEqual({ orders: 1, fills: 3, positions: 1 });
  });

  it('test_external_order_reconciliation', async () => {
    const desk = new LiveDesk();
    const client = new MockReconClient();
    client.orders = [
      orderReport({
        clientOrderId: null,
        venueOrderId: 'V-9',
        status: 'ACCEPTED',
        qty: '2.000',
        side: 'SELL',
        px: '101.00',
      }),
      orderReport({
        clientOrderId: 'WEB-1',
        venueOrderId: 'V-10',
        status: 'ACCEPTED',
        qty: '1.000',
        px: '99.00',
        instrument: ETH,
      }),
    ];
    const r = await run(desk, client);
    const created = desk.cache.orders();
    expect(created).toHaveLength(2);
    for (const o of created) {
      expect(o.strategyId.value).toBe('EXTERNAL');
      expect(o.tags).toEqual(['VENUE']);
      expect(o.status).toBe('ACCEPTED');
      expect(o.init.reconciliation).toBe(true);
    }
    const noId = created.find((o) => o.venueOrderId?.value === 'V-9');
    expect(noId?.clientOrderId.value).toMatch(/^EXT-[0-9A-F]{32}$/);
    expect(noId?.side).toBe('SELL');
    expect(noId?.price?.toString()).toBe('101.00');
    expect(
      desk.cache.order(created.find((o) => o.venueOrderId?.value === 'V-10')!.clientOrderId)?.clientOrderId
        .value,
    ).toBe('WEB-1');
    expect(venueSummary(r).ordersCreated).toEqual({ external: 2, internalDiff: 0 });
    expect(desk.cache.ordersOpen()).toHaveLength(2);
  });

  it('test_reconcile_state_no_cached_with_partially_filled_order_and_canceled', async () => {
    const desk = new LiveDesk();
    const client = new MockReconClient();
    client.orders = [
      orderReport({
        clientOrderId: 'O-7',
        venueOrderId: 'V-7',
        status: 'CANCELED',
        qty: '1.000',
        filled: '0.500',
        avgPx: '100.00',
      }),
    ];
    client.fills = [
      fillReportOf({ venueOrderId: 'V-7', clientOrderId: 'O-7', tradeId: 'T-7', qty: '0.500' }),
    ];
    client.positions = [positionReportOf('LONG', '0.500')];
    const r = await run(desk, client);
    const o = orderOf(desk.cache, 'O-7');
    expect(o.status).toBe('CANCELED');
    expect(o.filledQty.toString()).toBe('0.500');
    expect(o.tradeIds.map((t) => t.value)).toEqual(['T-7']);
    expect(o.strategyId.value).toBe('EXTERNAL');
    expect(o.events.map((e) => e.type)).toEqual([
      'OrderInitialized',
      'OrderAccepted',
      'OrderFilled',
      'OrderCanceled',
    ]);
    expect(netPosition(desk.cache)).toBe('0.500');
    expect(r.strategiesMayStart).toBe(true);
  });

  it('test_reconcile_state_with_cached_order_and_different_fill_data', async () => {
    const desk = new LiveDesk();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    desk.fill(o, 'T-1', '1.000', '100.00', '0.01');
    const client = new MockReconClient();
    client.orders = [
      orderReport({
        clientOrderId: 'O-1',
        venueOrderId: 'V-1',
        status: 'FILLED',
        qty: '1.000',
        filled: '1.000',
        avgPx: '100.50',
      }),
    ];
    client.fills = [
      fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-1', qty: '1.000', px: '100.50', commission: '0.05' }),
    ];
    const eventsBefore = o.events.length;
    const r = await run(desk, client);
    // The cached fill is kept.
    expect(o.events.length).toBe(eventsBefore);
    expect(o.avgPx?.toFixed(2)).toBe('100.00');
    expect(o.commissions().map((c) => c.amountString())).toEqual(['0.01000000']);
    const codes = venueSummary(r).discrepancies.map((d) => [d.code, d.cached, d.venue]);
    expect(codes).toContainEqual(['FILL_PRICE_MISMATCH', '100.00', '100.50']);
    expect(codes.find((c) => c[0] === 'FILL_COMMISSION_MISMATCH')).toBeDefined();
    // Logged, structured, with both values.
    const line = desk.logged(40).find((l) => l.code === 'FILL_PRICE_MISMATCH');
    expect(line).toMatchObject({
      cached: '100.00',
      venue: '100.50',
      clientOrderId: 'O-1',
      instrumentId: BTC.id.value,
    });
    expect(r.strategiesMayStart).toBe(true);
  });

  it('test_filtered_client_order_ids_filters_reports', async () => {
    const desk = new LiveDesk();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    const client = new MockReconClient();
    client.orders = [
      orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'CANCELED', qty: '1.000' }),
      orderReport({ clientOrderId: 'DUP-1', venueOrderId: 'V-2', status: 'ACCEPTED', qty: '1.000' }),
      // Filtered by instrument: only ETH is reconciled.
      orderReport({ clientOrderId: 'B-1', venueOrderId: 'V-3', status: 'ACCEPTED', qty: '1.000' }),
      orderReport({
        clientOrderId: 'E-1',
        venueOrderId: 'V-4',
        status: 'ACCEPTED',
        qty: '1.000',
        instrument: ETH,
      }),
    ];
    const r = await run(desk, client, {
      filteredClientOrderIds: ['O-1', 'DUP-1'],
      reconciliationInstrumentIds: [ETH.id.value],
    });
    expect(o.status).toBe('ACCEPTED');
    expect(desk.cache.orders().map((x) => x.clientOrderId.value)).toEqual(['O-1', 'E-1']);
    expect(venueSummary(r).filtered.orders).toBe(3);
    expect(r.strategiesMayStart).toBe(true);
  });

  it('test_duplicate_client_order_id_fails_validation', async () => {
    const desk = new LiveDesk();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    const client = new MockReconClient();
    client.orders = [
      orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'CANCELED', qty: '1.000' }),
      orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-7', status: 'ACCEPTED', qty: '1.000' }),
    ];
    const r = await run(desk, client);
    expect(r.strategiesMayStart).toBe(false);
    expect(r.summary.complete).toBe(false);
    const v = venueSummary(r);
    expect(v.complete).toBe(false);
    expect(v.reasons.join()).toContain('RECON_DUPLICATE_CLIENT_ORDER_ID');
    expect(v.reasons.join()).toContain('V-7');
    expect(r.summary.reasons[0]).toMatch(/^BINANCE: RECON_DUPLICATE_CLIENT_ORDER_ID/);
    // Nothing applied: the cache is untouched.
    expect(o.status).toBe('ACCEPTED');
    expect(desk.cache.orders()).toHaveLength(1);
    expect(desk.logged(50).some((l) => String(l.msg).includes('RECON_DUPLICATE_CLIENT_ORDER_ID'))).toBe(true);
  });

  it('test_long_position_reconciliation_quantity_mismatch', async () => {
    const desk = new LiveDesk();
    desk.position('LONG', '100.000');
    const client = new MockReconClient();
    client.positions = [positionReportOf('LONG', '150.000', '101.00')];
    const r = await run(desk, client);
    const [diff] = internalDiffOrders(desk);
    expect(diff?.side).toBe('BUY');
    expect(diff?.orderType).toBe('MARKET');
    expect(diff?.quantity.toString()).toBe('50.000');
    expect(diff?.tags).toEqual(['RECONCILIATION']);
    expect(diff?.status).toBe('FILLED');
    expect(diff?.avgPx?.toFixed(2)).toBe('101.00');
    expect(netPosition(desk.cache)).toBe('150.000');
    expect(venueSummary(r).ordersCreated).toEqual({ external: 0, internalDiff: 1 });
    expect(venueSummary(r).discrepancies.map((d) => [d.code, d.cached, d.venue])).toEqual([
      ['POSITION_MISMATCH', '100.000', '150.000'],
    ]);
    expect(r.strategiesMayStart).toBe(true);
  });

  it('test_short_position_reconciliation_quantity_mismatch', async () => {
    const desk = new LiveDesk();
    desk.position('SHORT', '100.000');
    const client = new MockReconClient();
    client.positions = [positionReportOf('SHORT', '150.000')];
    const r = await run(desk, client);
    const [diff] = internalDiffOrders(desk);
    expect(diff?.side).toBe('SELL');
    expect(diff?.quantity.toString()).toBe('50.000');
    expect(diff?.status).toBe('FILLED');
    expect(netPosition(desk.cache)).toBe('-150.000');
    expect(r.strategiesMayStart).toBe(true);
  });

  it('test_long_position_reconciliation_external_smaller', async () => {
    const desk = new LiveDesk();
    desk.position('LONG', '150.000');
    const client = new MockReconClient();
    client.positions = [positionReportOf('LONG', '100.000')];
    await run(desk, client);
    const [diff] = internalDiffOrders(desk);
    expect(diff?.side).toBe('SELL');
    expect(diff?.quantity.toString()).toBe('50.000');
    expect(netPosition(desk.cache)).toBe('100.000');
    expect(desk.cache.positionsOpen()).toHaveLength(1);
  });

  it('test_position_reconciliation_cross_side_long_to_short', async () => {
    const desk = new LiveDesk();
    desk.position('LONG', '100.000', 'P-1');
    const before = desk.cache.positionsOpen()[0]!;
    const client = new MockReconClient();
    client.positions = [positionReportOf('SHORT', '50.000', '99.00')];
    await run(desk, client);
    const [diff] = internalDiffOrders(desk);
    // One order closes the internal long and opens the venue's short.
    expect(diff?.side).toBe('SELL');
    expect(diff?.quantity.toString()).toBe('150.000');
    expect(before.isClosed).toBe(true);
    const now = desk.cache.positionsOpen();
    expect(now).toHaveLength(1);
    expect(now[0]?.id.value).toBe(before.id.value);
    expect(now[0]?.side).toBe('SHORT');
    expect(now[0]?.quantity.toString()).toBe('50.000');
    expect(desk.cache.positionSnapshots(before.id)).toHaveLength(1);
    expect(netPosition(desk.cache)).toBe('-50.000');
    expect(desk.positionEvents.map((e) => e.type)).toEqual(['PositionClosed', 'PositionOpened']);
  });

  it('test_internal_diff_order_not_filtered_when_filter_unclaimed_external_orders_enabled', async () => {
    const desk = new LiveDesk();
    desk.position('LONG', '1.000');
    const client = new MockReconClient();
    client.orders = [
      orderReport({ clientOrderId: null, venueOrderId: 'V-X', status: 'ACCEPTED', qty: '5.000' }),
    ];
    client.positions = [positionReportOf('LONG', '3.000')];
    const r = await run(desk, client, { filterUnclaimedExternalOrders: true });
    expect(desk.cache.orders().some((o) => o.strategyId.value === 'EXTERNAL')).toBe(false);
    const [diff] = internalDiffOrders(desk);
    expect(diff?.quantity.toString()).toBe('2.000');
    expect(diff?.status).toBe('FILLED');
    expect(netPosition(desk.cache)).toBe('3.000');
    expect(venueSummary(r).ordersCreated).toEqual({ external: 0, internalDiff: 1 });
    expect(venueSummary(r).filtered.orders).toBe(1);
  });
});

describe('start-up reconciliation: decisions', () => {
  function busyVenue(desk: LiveDesk): MockReconClient {
    const a = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '2.000' })), 'V-1');
    desk.fill(a, 'T-1', '1.000');
    desk.submit(desk.order({ id: 'O-2', qty: '1.000' }));
    const client = new MockReconClient();
    client.orders = [
      orderReport({
        clientOrderId: 'O-1',
        venueOrderId: 'V-1',
        status: 'FILLED',
        qty: '2.000',
        filled: '2.000',
        avgPx: '100.00',
      }),
      orderReport({
        clientOrderId: 'O-2',
        venueOrderId: 'V-2',
        status: 'CANCELED',
        qty: '1.000',
        filled: '0.400',
        avgPx: '100.00',
      }),
      orderReport({
        clientOrderId: null,
        venueOrderId: 'V-3',
        status: 'ACCEPTED',
        qty: '1.000',
        side: 'SELL',
        px: '105.00',
      }),
    ];
    client.fills = [fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-1', qty: '1.000' })];
    // 2.000 + 0.400 from orders; the venue holds 3.000: 0.600 needs an INTERNAL-DIFF.
    client.positions = [positionReportOf('LONG', '3.000')];
    return client;
  }

  it('is idempotent: a second run over the applied cache generates nothing', async () => {
    const desk = new LiveDesk();
    const client = busyVenue(desk);
    const first = await run(desk, client);
    expect(first.strategiesMayStart).toBe(true);
    expect(venueSummary(first).ordersCreated).toEqual({ external: 1, internalDiff: 1 });
    expect(netPosition(desk.cache)).toBe('3.000');
    const counts = desk.cache.counts();
    const second = await run(desk, client);
    expect(second.strategiesMayStart).toBe(true);
    expect(venueSummary(second).events).toEqual({});
    expect(venueSummary(second).ordersCreated).toEqual({ external: 0, internalDiff: 0 });
    expect(desk.cache.counts()).toEqual(counts);
    expect(desk.summaries).toHaveLength(2);
  });

  it('publishes one typed summary per run with counts, duration and completeness', async () => {
    const desk = new LiveDesk();
    const client = busyVenue(desk);
    const r = await run(desk, client);
    expect(desk.summaries).toEqual([r.summary]);
    const s = r.summary;
    expect(s.type).toBe('ReconciliationSummary');
    expect(s.complete).toBe(true);
    expect(s.reasons).toEqual([]);
    expect(s.durationNs).toBeGreaterThan(0n);
    const v = venueSummary(r);
    expect(v).toMatchObject({ venue: 'BINANCE', clientId: 'BINANCE', complete: true, reasons: [] });
    expect(v.reports).toEqual({ orders: 3, fills: 1, positions: 1 });
    // O-2 accepted, partly filled (inferred), canceled; O-1 filled; the external order accepted;
    // the INTERNAL-DIFF order accepted and filled.
    expect(v.events).toEqual({ ACCEPTED: 3, CANCELED: 1, FILL_COMPLETE: 2, FILL_PARTIAL: 1 });
    expect(v.eventsApplied).toBe(7);
    expect(v.diffNs).toBeGreaterThan(0n);
    expect(v.durationNs).toBeGreaterThanOrEqual(v.diffNs);
  });

  it('a failed mass-status query leaves the venue incomplete, never empty, and other venues still run', async () => {
    const desk = new LiveDesk();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    desk.position('LONG', '1.000');
    const failing = new MockReconClient();
    failing.failure = 'reject';
    failing.positions = [positionReportOf('FLAT', '0.000')];
    const bybit = new MockReconClient(Venue.from('BYBIT'), ACCOUNT, 'BYBIT');
    const r = await desk.reconciler().reconcileAll([failing, bybit]);
    expect(r.strategiesMayStart).toBe(false);
    const [bin, byb] = r.summary.venues;
    expect(bin?.complete).toBe(false);
    expect(bin?.reasons[0]).toMatch(/^MASS_STATUS_QUERY_FAILED: HTTP 503/);
    expect(bin?.reports).toEqual({ orders: 0, fills: 0, positions: 0 });
    expect(byb?.complete).toBe(true);
    // Nothing was taken for flat or canceled.
    expect(o.status).toBe('ACCEPTED');
    expect(netPosition(desk.cache)).toBe('1.000');
    expect(internalDiffOrders(desk)).toEqual([]);
  });

  it('a mass-status query that outlives timeoutReconciliation is a failure on the clock', async () => {
    const desk = new LiveDesk();
    const client = new MockReconClient();
    client.failure = 'hang';
    const pending = desk.reconciler({}, { timeoutSecs: 10 }).reconcileAll([client]);
    await Promise.resolve();
    desk.advance(9n * SEC);
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await new Promise((res) => setTimeout(res, 5));
    expect(settled).toBe(false);
    desk.advance(1n * SEC);
    const r = await pending;
    expect(r.strategiesMayStart).toBe(false);
    expect(venueSummary(r).reasons[0]).toMatch(/^MASS_STATUS_TIMEOUT/);
    expect(desk.clock.timerCount).toBe(0);
  });

  it('a client that throws instead of rejecting fails its venue and leaves no timer', async () => {
    const desk = new LiveDesk();
    const client = new MockReconClient();
    client.generateMassStatus = () => {
      throw new Error('not connected');
    };
    const r = await run(desk, client);
    expect(r.strategiesMayStart).toBe(false);
    expect(venueSummary(r).reasons).toEqual(['MASS_STATUS_QUERY_FAILED: not connected']);
    expect(desk.clock.timerCount).toBe(0);
  });

  it('passes reconciliationLookbackMins to the mass-status query', async () => {
    const desk = new LiveDesk();
    const client = new MockReconClient();
    await run(desk, client, { reconciliationLookbackMins: 90 });
    expect(client.calls).toEqual(['massStatus:90']);
  });

  it('external orders go to the strategy that claims their instrument at start-up (tag VENUE kept)', async () => {
    const desk = new LiveDesk();
    const client = new MockReconClient();
    client.orders = [
      orderReport({ clientOrderId: null, venueOrderId: 'V-1', status: 'ACCEPTED', qty: '1.000' }),
      orderReport({
        clientOrderId: null,
        venueOrderId: 'V-2',
        status: 'ACCEPTED',
        qty: '1.000',
        instrument: ETH,
      }),
    ];
    const r = await run(
      desk,
      client,
      { filterUnclaimedExternalOrders: true },
      { claims: [{ strategyId: S2, instrumentIds: [InstrumentId.from(BTC.id.value)] }] },
    );
    const orders = desk.cache.orders();
    expect(orders).toHaveLength(1);
    expect(orders[0]?.strategyId.eq(S2)).toBe(true);
    expect(orders[0]?.tags).toEqual(['VENUE']);
    expect(orders[0]?.instrumentId.eq(BTC.id)).toBe(true);
    expect(venueSummary(r).filtered.orders).toBe(1);
  });

  it('without generateMissingOrders a position mismatch fails the venue and creates nothing', async () => {
    const desk = new LiveDesk();
    desk.position('LONG', '1.000');
    const client = new MockReconClient();
    client.positions = [positionReportOf('LONG', '2.000')];
    const r = await run(desk, client, { generateMissingOrders: false });
    expect(r.strategiesMayStart).toBe(false);
    expect(venueSummary(r).reasons.join()).toContain('POSITION_NOT_ALIGNED');
    expect(internalDiffOrders(desk)).toEqual([]);
  });

  it('reconciliation: false skips the venues and lets strategies start', async () => {
    const desk = new LiveDesk();
    const client = new MockReconClient();
    const r = await run(desk, client, { reconciliation: false });
    expect(r.strategiesMayStart).toBe(true);
    expect(r.summary.venues).toEqual([]);
    expect(client.calls).toEqual([]);
  });

  it('the strategy of cached orders is kept; only created orders are EXTERNAL', async () => {
    const desk = new LiveDesk();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000', strategy: S1 })), 'V-1');
    const client = new MockReconClient();
    client.orders = [
      orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'CANCELED', qty: '1.000' }),
    ];
    await run(desk, client);
    expect(o.strategyId.eq(S1)).toBe(true);
    expect(o.status).toBe('CANCELED');
    expect(StrategyId.from('EXTERNAL').isExternal).toBe(true);
    expect(ACCOUNT.value).toBe('BINANCE-001');
  });
});
