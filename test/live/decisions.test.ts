/**
 * The decisions of `reconciliation-decisions.md` the start-up tables leave open, end to end
 * through the cache: duplicates, venue less filled, INTERNAL-DIFF pricing, HEDGING positions, and
 * a restart from the cache's snapshot.
 */

import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import type { Cache } from '../../ts/cache/index.js';
import { quoteTick } from '../../ts/model/data/index.js';
import { PositionId } from '../../ts/model/identifiers/index.js';
import { positionStatusReport } from '../../ts/model/reports/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import {
  ACCOUNT,
  BTC,
  fillReportOf,
  LiveDesk,
  MockReconClient,
  netPosition,
  orderReport,
  positionReportOf,
  SEC,
  T0,
} from './fixtures.js';

function first<T>(xs: readonly T[]): T {
  const x = xs[0];
  if (x === undefined) throw new Error('empty');
  return x;
}

describe('reconciliation decisions', () => {
  it('a repeated fill report with the same data is dropped with a warning; with other data the venue fails', async () => {
    const desk = new LiveDesk();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
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
    ];
    const fill = fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-1', qty: '1.000' });
    client.fills = [fill, fill];
    const r = await desk.reconciler().reconcileAll([client]);
    expect(r.strategiesMayStart).toBe(true);
    expect(first(r.summary.venues).duplicatesDropped.fills).toBe(1);
    expect(o.tradeIds.map((t) => t.value)).toEqual(['T-1']);
    expect(desk.logged(40).some((l) => l.code === 'DUPLICATE_FILL_REPORT_DROPPED')).toBe(true);

    const desk2 = new LiveDesk();
    const o2 = desk2.accept(desk2.submit(desk2.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    client.fills = [fill, fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-1', qty: '1.000', px: '101.00' })];
    const r2 = await desk2.reconciler().reconcileAll([client]);
    expect(r2.strategiesMayStart).toBe(false);
    expect(first(r2.summary.venues).reasons.join()).toContain('T-1');
    expect(o2.status).toBe('ACCEPTED');
  });

  it('a venue less filled than the cache keeps the cache and logs an error, without failing', async () => {
    const desk = new LiveDesk();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '2.000' })), 'V-1');
    desk.fill(o, 'T-1', '1.500');
    const client = new MockReconClient();
    client.orders = [
      orderReport({
        clientOrderId: 'O-1',
        venueOrderId: 'V-1',
        status: 'PARTIALLY_FILLED',
        qty: '2.000',
        filled: '1.000',
        avgPx: '100.00',
      }),
    ];
    const r = await desk.reconciler().reconcileAll([client]);
    expect(o.filledQty.toString()).toBe('1.500');
    const d = first(r.summary.venues).discrepancies.find((x) => x.code === 'VENUE_LESS_FILLED');
    expect(d).toMatchObject({ severity: 'ERROR', cached: '1.500', venue: '1.000', failsVenue: false });
    expect(r.strategiesMayStart).toBe(true);
  });

  it('prices an INTERNAL-DIFF fill at the last quote mid when the report has no average', async () => {
    const desk = new LiveDesk();
    desk.cache.addQuote(
      quoteTick({
        instrumentId: BTC.id,
        bidPrice: Price.from('99.00'),
        askPrice: Price.from('101.00'),
        bidSize: Quantity.from('1.000'),
        askSize: Quantity.from('1.000'),
        tsEvent: T0,
        tsInit: T0,
      }),
    );
    const client = new MockReconClient();
    client.positions = [positionReportOf('LONG', '2.000', null)];
    const r = await desk.reconciler().reconcileAll([client]);
    const diff = first(desk.cache.orders());
    expect(diff.strategyId.value).toBe('INTERNAL-DIFF');
    expect(diff.avgPx?.toFixed(2)).toBe('100.00');
    expect(netPosition(desk.cache)).toBe('2.000');
    expect(r.strategiesMayStart).toBe(true);
  });

  it('with no average, mid or last price an INTERNAL-DIFF cannot be priced: the venue fails', async () => {
    const desk = new LiveDesk();
    const client = new MockReconClient();
    client.positions = [positionReportOf('SHORT', '2.000', null)];
    const r = await desk.reconciler().reconcileAll([client]);
    expect(r.strategiesMayStart).toBe(false);
    expect(first(r.summary.venues).reasons.join()).toContain('NO_PRICE_FOR_INTERNAL_DIFF');
    expect(desk.cache.orders()).toEqual([]);
  });

  it('HEDGING: each venue position id is its own position', async () => {
    const desk = new LiveDesk();
    const client = new MockReconClient();
    const leg = (side: 'LONG' | 'SHORT', qty: string, id: string) =>
      positionStatusReport({
        accountId: ACCOUNT,
        instrumentId: BTC.id,
        positionSide: side,
        quantity: Quantity.from(qty),
        avgPxOpen: new Decimal('100.00'),
        venuePositionId: PositionId.from(id),
        tsLast: T0 + SEC,
        tsInit: T0 + SEC,
      });
    client.positions = [leg('LONG', '1.000', 'BTC-LONG'), leg('SHORT', '2.000', 'BTC-SHORT')];
    const r = await desk.reconciler({}, { hedging: true }).reconcileAll([client]);
    expect(r.strategiesMayStart).toBe(true);
    const positions = desk.cache.positionsOpen().map((p) => [p.id.value, p.side, p.quantity.toString()]);
    expect(positions).toEqual([
      ['BTC-LONG', 'LONG', '1.000'],
      ['BTC-SHORT', 'SHORT', '2.000'],
    ]);
    const again = await desk.reconciler({}, { hedging: true }).reconcileAll([client]);
    expect(first(again.summary.venues).events).toEqual({});
  });

  it('after a restart from the cache snapshot, the same mass status generates nothing', async () => {
    const desk = new LiveDesk();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '2.000' })), 'V-1');
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
        clientOrderId: null,
        venueOrderId: 'V-2',
        status: 'ACCEPTED',
        qty: '1.000',
        side: 'SELL',
        px: '110.00',
      }),
    ];
    client.positions = [positionReportOf('LONG', '3.000')];
    expect((await desk.reconciler().reconcileAll([client])).strategiesMayStart).toBe(true);
    expect(o.tradeIds[0]?.value).toMatch(/^INF-/);

    const restarted = new LiveDesk();
    const cache: Cache = restarted.cache;
    cache.loadFrom(desk.cache.snapshot());
    const counts = cache.counts();
    const r = await restarted.reconciler().reconcileAll([client]);
    expect(first(r.summary.venues).events).toEqual({});
    expect(first(r.summary.venues).ordersCreated).toEqual({ external: 0, internalDiff: 0 });
    expect(cache.counts()).toEqual(counts);
    expect(netPosition(cache)).toBe('3.000');
  });

  it('is deterministic: two fresh runs of the same input generate the same ids and event ids', async () => {
    const runOnce = async () => {
      const desk = new LiveDesk();
      desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '2.000' })), 'V-1');
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
        orderReport({ clientOrderId: null, venueOrderId: 'V-2', status: 'ACCEPTED', qty: '1.000' }),
      ];
      client.positions = [positionReportOf('LONG', '5.000')];
      await desk.reconciler().reconcileAll([client]);
      return desk.cache
        .orders()
        .map((o) => [
          o.clientOrderId.value,
          o.events.filter((e) => e.reconciliation).map((e) => e.eventId),
          o.tradeIds.map((t) => t.value),
        ]);
    };
    const a = await runOnce();
    expect(a).toHaveLength(3);
    expect(await runOnce()).toEqual(a);
    const ids = a.flatMap((x) => x[1] as string[]);
    // O-1: its fill; the external order: initialized, accepted; the INTERNAL-DIFF: initialized, accepted, filled.
    expect(ids.length).toBe(6);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/.test(id)),
    ).toBe(true);
  });
});

describe('start-up: cached open orders the mass status does not name', () => {
  it("are queried by id: the venue's status and fills are applied before strategies start", async () => {
    const desk = new LiveDesk();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    const client = new MockReconClient();
    client.history = [
      orderReport({
        clientOrderId: 'O-1',
        venueOrderId: 'V-1',
        status: 'FILLED',
        qty: '1.000',
        filled: '1.000',
        avgPx: '100.00',
      }),
    ];
    client.historyFills = [fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-1', qty: '1.000' })];
    const r = await desk.reconciler().reconcileAll([client]);
    expect(r.strategiesMayStart).toBe(true);
    expect(client.calls).toEqual(['massStatus:null', 'queryOrder:O-1', 'fillReports:V-1']);
    expect(`${o.status} ${o.filledQty} ${o.tradeIds.map((t) => t.value)}`).toBe('FILLED 1.000 T-1');
    expect(first(r.summary.venues).reports.orders).toBe(1);
  });

  it('unknown to the venue: ACCEPTED is resolved REJECTED and PARTIALLY_FILLED CANCELED (NOT_FOUND_AT_VENUE), fills kept', async () => {
    const desk = new LiveDesk();
    const a = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    const p = desk.accept(desk.submit(desk.order({ id: 'O-2', qty: '2.000' })), 'V-2');
    desk.fill(p, 'T-2', '0.500');
    const client = new MockReconClient();
    client.positions = [positionReportOf('LONG', '0.500')];
    const r = await desk.reconciler().reconcileAll([client]);
    expect(r.strategiesMayStart).toBe(true);
    expect(`${a.status} ${(a.lastEvent as { reason?: string }).reason}`).toBe('REJECTED NOT_FOUND_AT_VENUE');
    expect(`${p.status} ${p.filledQty}`).toBe('CANCELED 0.500');
    expect(desk.logged(40).filter((l) => String(l.msg).includes('NOT_FOUND_AT_VENUE'))).toHaveLength(2);
  });

  it('a lookup that fails leaves the venue incomplete (unknown, never "not found"): nothing is resolved', async () => {
    const desk = new LiveDesk();
    const a = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    const b = desk.accept(desk.submit(desk.order({ id: 'O-2', qty: '1.000' })), 'V-2');
    const client = new MockReconClient();
    client.failingQueries.add('O-1');
    const r = await desk.reconciler().reconcileAll([client]);
    expect(r.strategiesMayStart).toBe(false);
    expect(first(r.summary.venues).reasons).toEqual(['ORDER_QUERY_FAILED: O-1: HTTP 503 from venue']);
    expect([a.status, b.status]).toEqual(['ACCEPTED', 'ACCEPTED']);
  });

  it('orders in flight are left to the in-flight check, and filtered ones are not asked about', async () => {
    const desk = new LiveDesk();
    desk.submit(desk.order({ id: 'O-1', qty: '1.000' }));
    desk.accept(desk.submit(desk.order({ id: 'O-2', qty: '1.000' })), 'V-2');
    const client = new MockReconClient();
    const r = await desk.reconciler({ filteredClientOrderIds: ['O-2'] }).reconcileAll([client]);
    expect(r.strategiesMayStart).toBe(true);
    expect(client.calls).toEqual(['massStatus:null']);
  });
});
