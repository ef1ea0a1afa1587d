/**
 * Continuous checks on the TestClock: in-flight (spec runtime table), open orders, own-books
 * audit, purges and held fill reports.
 */
import { describe, expect, it } from 'vitest';

import { Cache } from '../../ts/cache/index.js';
import { LiveExecEngineConfig, type LiveExecEngineConfigInput } from '../../ts/config/index.js';
import {
  type CheckContext,
  type ExternalOrderClaim,
  HeldFillReports,
  LiveChecks,
  type OwnBookEntry,
  type OwnBookLike,
  type PublicBookLike,
} from '../../ts/live/index.js';
import type { OrderRejected } from '../../ts/model/events/index.js';
import { ClientOrderId, type InstrumentId, StrategyId } from '../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import {
  BTC,
  fillReportOf,
  LiveDesk,
  MockReconClient,
  MS,
  netPosition,
  orderOf,
  orderReport,
  S2,
  SEC,
  T0,
} from './fixtures.js';

function setup(
  config: LiveExecEngineConfigInput = {},
  options: {
    claims?: readonly ExternalOrderClaim[];
    desk?: LiveDesk;
    books?: LiveChecks['ownBooks'] extends unknown ? Parameters<typeof makeChecks>[3] : never;
  } = {},
) {
  const desk = options.desk ?? new LiveDesk();
  const client = new MockReconClient();
  const checks = makeChecks(desk, client, config, options.books, options.claims);
  return { desk, client, checks };
}

function makeChecks(
  desk: LiveDesk,
  client: MockReconClient,
  config: LiveExecEngineConfigInput,
  books?: { ownBooks(): Iterable<OwnBookLike>; publicBook(i: InstrumentId): PublicBookLike | null },
  claims: readonly ExternalOrderClaim[] = [],
): LiveChecks {
  const ctx: CheckContext = {
    cache: desk.cache,
    clock: desk.clock,
    log: desk.log,
    msgbus: desk.msgbus,
    reconciler: desk.reconciler(config, { claims }),
    clients: [client],
  };
  const c = new LiveChecks(ctx, { config: LiveExecEngineConfig.parse(config), ...(books ? { books } : {}) });
  c.start();
  return c;
}

/** Advances the clock by `ns` in steps of `step`, letting each check finish its queries. */
async function advance(desk: LiveDesk, checks: LiveChecks, ns: bigint, step: bigint): Promise<void> {
  for (let t = 0n; t < ns; t += step) {
    desk.advance(step);
    await checks.idle();
  }
}

function queries(client: MockReconClient, id: string): number {
  return client.calls.filter((c) => c === `queryOrder:${id}`).length;
}

describe('in-flight check (spec runtime table)', () => {
  it('test_inflight_order_timeout_reconciliation', async () => {
    const { desk, client, checks } = setup({
      inflightCheckIntervalMs: 2_000,
      inflightCheckThresholdMs: 5_000,
      inflightCheckRetries: 5,
    });
    const o = desk.submit(desk.order({ id: 'O-1', qty: '1.000' }));
    client.notFound.add('O-1');
    // Before the threshold nothing is queried.
    await advance(desk, checks, 4n * SEC, 2_000n * MS);
    expect(queries(client, 'O-1')).toBe(0);
    // Ticks at 6, 8, 10, 12 s: four queries, no answer, still SUBMITTED.
    await advance(desk, checks, 8n * SEC, 2_000n * MS);
    expect(queries(client, 'O-1')).toBe(4);
    expect(o.status).toBe('SUBMITTED');
    // The fifth query without an answer resolves it.
    await advance(desk, checks, 2n * SEC, 2_000n * MS);
    expect(queries(client, 'O-1')).toBe(5);
    expect(o.status).toBe('REJECTED');
    const e = o.lastEvent as OrderRejected;
    expect(e.reason).toBe('INFLIGHT_TIMEOUT');
    expect(e.reconciliation).toBe(true);
    expect(desk.orderEvents.at(-1)).toBe(e);
    // Resolved: never queried again.
    await advance(desk, checks, 10n * SEC, 2_000n * MS);
    expect(queries(client, 'O-1')).toBe(5);
    checks.stop();
    expect(desk.clock.timerCount).toBe(0);
  });

  it('resolves PENDING_UPDATE and PENDING_CANCEL to CANCELED; a partially filled order keeps its fills', async () => {
    const { desk, client, checks } = setup({ inflightCheckRetries: 2 });
    const upd = desk.pendingUpdate(desk.accept(desk.submit(desk.order({ id: 'U-1', qty: '1.000' })), 'V-U'));
    const part = desk.accept(desk.submit(desk.order({ id: 'C-1', qty: '2.000' })), 'V-C');
    desk.fill(part, 'T-C', '0.500');
    desk.pendingCancel(part);
    // Failed queries count as no answer here (the venue never confirmed).
    client.failingQueries.add('U-1');
    client.notFound.add('C-1');
    await advance(desk, checks, 12n * SEC, 2_000n * MS);
    expect(upd.status).toBe('CANCELED');
    expect(part.status).toBe('CANCELED');
    expect(part.filledQty.toString()).toBe('0.500');
    expect(part.tradeIds.map((t) => t.value)).toEqual(['T-C']);
    expect(netPosition(desk.cache)).toBe('0.500');
    expect(queries(client, 'U-1')).toBe(2);
  });

  it('a PARTIALLY_FILLED report of what is known takes an order out of PENDING_UPDATE (values kept), without an error', () => {
    const { desk, client, checks } = setup();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    desk.fill(o, 'T-1', '0.400');
    desk.pendingUpdate(o);
    const events = o.events.length;
    checks.handleOrderReport(
      client,
      orderReport({
        clientOrderId: 'O-1',
        venueOrderId: 'V-1',
        status: 'PARTIALLY_FILLED',
        qty: '1.000',
        filled: '0.400',
      }),
    );
    expect(desk.lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([]);
    expect(o.events.slice(events).map((e) => e.type)).toEqual(['OrderUpdated']);
    expect([o.status, o.filledQty.toString(), o.quantity.toString(), o.price?.toString()]).toEqual([
      'PARTIALLY_FILLED',
      '0.400',
      '1.000',
      '100.00',
    ]);
  });

  it('reconciles a report found at the venue through the native diff, fills included', async () => {
    const { desk, client, checks } = setup();
    const o = desk.submit(desk.order({ id: 'O-1', qty: '1.000' }));
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
    client.fills = [
      fillReportOf({ venueOrderId: 'V-1', clientOrderId: 'O-1', tradeId: 'T-1', qty: '1.000' }),
    ];
    await advance(desk, checks, 6n * SEC, 2_000n * MS);
    expect(o.status).toBe('FILLED');
    expect(o.venueOrderId?.value).toBe('V-1');
    expect(o.tradeIds.map((t) => t.value)).toEqual(['T-1']);
    expect(o.events.slice(2).every((e) => e.reconciliation)).toBe(true);
    expect(netPosition(desk.cache)).toBe('1.000');
    expect(client.calls).toContain('fillReports:V-1');
  });
});

describe('open-order check', () => {
  it('applies a status change found at the venue (open orders check discrepancy)', async () => {
    const { desk, client, checks } = setup({ openCheckIntervalSecs: 5 });
    const gone = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    const part = desk.accept(desk.submit(desk.order({ id: 'O-2', qty: '2.000' })), 'V-2');
    client.orders = [
      // O-1 is no longer open: absent from the open list, its query says CANCELED.
      orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'CANCELED', qty: '1.000' }),
      orderReport({
        clientOrderId: 'O-2',
        venueOrderId: 'V-2',
        status: 'PARTIALLY_FILLED',
        qty: '2.000',
        filled: '1.000',
        avgPx: '100.00',
      }),
    ];
    client.fills = [fillReportOf({ venueOrderId: 'V-2', tradeId: 'T-2', qty: '1.000' })];
    await advance(desk, checks, 4n * SEC, SEC);
    expect(client.calls.filter((c) => c.startsWith('orderReports'))).toEqual([]);
    await advance(desk, checks, 1n * SEC, SEC);
    expect(client.calls).toContain('orderReports:true');
    expect(gone.status).toBe('CANCELED');
    expect(gone.lastEvent.reconciliation).toBe(true);
    expect(part.status).toBe('PARTIALLY_FILLED');
    expect(part.tradeIds.map((t) => t.value)).toEqual(['T-2']);
    expect(netPosition(desk.cache)).toBe('1.000');
  });

  it('resolves an open order the venue does not know after the retries: ACCEPTED -> REJECTED, PARTIALLY_FILLED -> CANCELED', async () => {
    const { desk, client, checks } = setup({ openCheckIntervalSecs: 5, inflightCheckRetries: 3 });
    const a = desk.accept(desk.submit(desk.order({ id: 'A-1', qty: '1.000' })), 'V-A');
    const p = desk.accept(desk.submit(desk.order({ id: 'P-1', qty: '2.000' })), 'V-P');
    desk.fill(p, 'T-P', '1.000');
    const unknown = desk.accept(desk.submit(desk.order({ id: 'F-1', qty: '1.000' })), 'V-F');
    client.notFound.add('A-1');
    client.notFound.add('P-1');
    // A failed query is unknown: it never counts towards "not found".
    client.failingQueries.add('F-1');
    await advance(desk, checks, 10n * SEC, 5n * SEC);
    expect(a.status).toBe('ACCEPTED');
    await advance(desk, checks, 5n * SEC, 5n * SEC);
    expect(a.status).toBe('REJECTED');
    expect((a.lastEvent as OrderRejected).reason).toBe('NOT_FOUND_AT_VENUE');
    expect(p.status).toBe('CANCELED');
    expect(p.filledQty.toString()).toBe('1.000');
    expect(unknown.status).toBe('ACCEPTED');
    expect(checks.openOrders.notFoundCount('F-1')).toBe(0);
  });

  it('reconciles an order open at the venue and unknown here as an external order, claims applied', async () => {
    const claims = [{ strategyId: S2, instrumentIds: [BTC.id] }];
    const { desk, client, checks } = setup(
      { openCheckIntervalSecs: 5, openCheckOpenOnly: false },
      { claims },
    );
    client.orders = [
      orderReport({
        clientOrderId: null,
        venueOrderId: 'V-9',
        status: 'PARTIALLY_FILLED',
        qty: '3.000',
        filled: '1.000',
        avgPx: '99.00',
      }),
      orderReport({
        clientOrderId: 'OLD-1',
        venueOrderId: 'V-8',
        status: 'FILLED',
        qty: '1.000',
        filled: '1.000',
      }),
    ];
    client.fills = [fillReportOf({ venueOrderId: 'V-9', tradeId: 'T-9', qty: '1.000', px: '99.00' })];
    await advance(desk, checks, 5n * SEC, 5n * SEC);
    expect(client.calls).toContain('orderReports:false');
    const created = desk.cache.orders();
    // Only the open one: a closed order the cache never knew is history, not an external order.
    expect(created).toHaveLength(1);
    expect(created[0]?.strategyId.eq(S2)).toBe(true);
    expect(created[0]?.tags).toEqual(['VENUE']);
    expect(created[0]?.status).toBe('PARTIALLY_FILLED');
    expect(created[0]?.tradeIds.map((t) => t.value)).toEqual(['T-9']);
    // A second poll finds nothing new.
    await advance(desk, checks, 5n * SEC, 5n * SEC);
    expect(desk.cache.orders()).toHaveLength(1);
  });

  it('a failed open-orders query changes nothing (unknown is not empty)', async () => {
    const { desk, client, checks } = setup({ openCheckIntervalSecs: 5, inflightCheckRetries: 0 });
    const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    client.failure = 'reject';
    await advance(desk, checks, 20n * SEC, 5n * SEC);
    expect(o.status).toBe('ACCEPTED');
    expect(desk.logged(40).some((l) => String(l.msg).includes('open-order check: query failed'))).toBe(true);
  });
});

class TestOwnBook implements OwnBookLike {
  readonly instrumentId: InstrumentId;
  readonly entries = new Map<string, OwnBookEntry>();
  constructor(instrumentId: InstrumentId) {
    this.instrumentId = instrumentId;
  }
  add(id: string, side: 'BUY' | 'SELL', px: string, size: string): void {
    this.entries.set(id, {
      clientOrderId: ClientOrderId.from(id),
      side,
      price: Price.from(px),
      size: Quantity.from(size),
    });
  }
  orders(): Iterable<OwnBookEntry> {
    return [...this.entries.values()];
  }
  delete(id: ClientOrderId): void {
    this.entries.delete(id.value);
  }
}

describe('own-books audit', () => {
  it('without own books, the view built from the cache holds its in-flight orders too: nothing to report', () => {
    const { desk, checks } = setup({ ownBooksAuditIntervalSecs: 30 });
    desk.submit(desk.order({ id: 'O-1', qty: '1.000', px: '100.00' })); // SUBMITTED: in flight
    desk.accept(desk.submit(desk.order({ id: 'O-2', qty: '1.000', px: '99.00' })), 'V-2');
    expect(checks.ownBooks.audit()).toEqual([]);
  });

  it('logs each inconsistency on its interval and removes closed orders from the own book (own books audit mismatch)', async () => {
    const desk = new LiveDesk();
    const own = new TestOwnBook(BTC.id);
    const publicBook: PublicBookLike = {
      sizeAt: (side, price) =>
        side === 'BUY' && price.eq(Price.from('100.00')) ? Quantity.from('0.500') : null,
    };
    const { checks } = setup(
      { ownBooksAuditIntervalSecs: 30 },
      { desk, books: { ownBooks: () => [own], publicBook: () => publicBook } },
    );
    const resting = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000', px: '100.00' })), 'V-1');
    const closed = desk.accept(desk.submit(desk.order({ id: 'O-2', qty: '1.000', px: '99.00' })), 'V-2');
    desk.fill(closed, 'T-2', '1.000', '99.00');
    desk.accept(desk.submit(desk.order({ id: 'O-3', qty: '1.000', px: '98.00' })), 'V-3');
    own.add('O-1', 'BUY', '100.00', resting.leavesQty.toString());
    own.add('O-2', 'BUY', '99.00', '1.000');
    await advance(desk, checks, 29n * SEC, SEC);
    expect(desk.logged(50).filter((l) => String(l.msg).startsWith('own-books audit'))).toEqual([]);
    await advance(desk, checks, 1n * SEC, SEC);
    const lines = desk.logged(50).filter((l) => String(l.msg).startsWith('own-books audit'));
    expect(lines.map((l) => [l.code, l.clientOrderId ?? null, l.own, l.other])).toEqual([
      ['OWN_BOOK_ORDER_CLOSED', 'O-2', '1.000', 'FILLED'],
      ['OWN_BOOK_ORDER_MISSING', 'O-3', 'ABSENT', 'ACCEPTED'],
      ['OWN_SIZE_EXCEEDS_PUBLIC', null, '1.000', '0.500'],
    ]);
    expect([...own.entries.keys()]).toEqual(['O-1']);
    // The closed order is gone from the own book: the next audit no longer reports it.
    const again = checks.ownBooks.audit().map((f) => f.code);
    expect(again).toEqual(['OWN_BOOK_ORDER_MISSING', 'OWN_SIZE_EXCEEDS_PUBLIC']);
  });

  it('without an own book, the cache view agrees with itself and no public book means no finding', () => {
    const { desk, checks } = setup({ ownBooksAuditIntervalSecs: 10 });
    desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
    expect(checks.ownBooks.audit()).toEqual([]);
  });
});

class SpyCache extends Cache {
  readonly flags: boolean[] = [];
  override purgeClosedOrders(tsNow: bigint, bufferNs: bigint, purgeFromDatabase = false) {
    this.flags.push(purgeFromDatabase);
    return super.purgeClosedOrders(tsNow, bufferNs, purgeFromDatabase);
  }
}

describe('purges', () => {
  it('purge closed orders and positions on their intervals, never within the buffer or while open', async () => {
    const desk = new LiveDesk();
    const { checks } = setup(
      {
        purgeClosedOrdersIntervalMins: 10,
        purgeClosedOrdersBufferMins: 60,
        purgeClosedPositionsIntervalMins: 10,
        purgeClosedPositionsBufferMins: 60,
      },
      { desk },
    );
    const open = desk.accept(desk.submit(desk.order({ id: 'OPEN-1', qty: '1.000' })), 'V-O');
    desk.position('LONG', '1.000', 'BUY-1');
    const sell = desk.order({ id: 'SELL-1', side: 'SELL', qty: '1.000', type: 'MARKET' });
    desk.fill(desk.accept(desk.submit(sell), 'V-S'), 'T-S', '1.000');
    expect(desk.cache.positionsClosed()).toHaveLength(1);
    // 50 min: closed for less than the 60 min buffer.
    await advance(desk, checks, 50n * 60n * SEC, 10n * 60n * SEC);
    expect(desk.cache.orders()).toHaveLength(3);
    await advance(desk, checks, 20n * 60n * SEC, 10n * 60n * SEC);
    expect(desk.cache.orders().map((o) => o.clientOrderId.value)).toEqual(['OPEN-1']);
    expect(desk.cache.positions()).toEqual([]);
    expect(open.status).toBe('ACCEPTED');
    const kinds = checks.purges.runs.filter((r) => r.purged > 0).map((r) => [r.kind, r.purged]);
    expect(kinds).toEqual([
      ['closedOrders', 2],
      ['closedPositions', 1],
    ]);
  });

  it('passes purgeFromDatabase to the cache', async () => {
    const desk = new LiveDesk();
    const cache = new SpyCache();
    const d = Object.assign(Object.create(Object.getPrototypeOf(desk)) as LiveDesk, desk, { cache });
    const client = new MockReconClient();
    const checks = makeChecks(d, client, {
      purgeClosedOrdersIntervalMins: 1,
      purgeClosedOrdersBufferMins: 0,
      purgeFromDatabase: true,
    });
    await advance(desk, checks, 2n * 60n * SEC, 60n * SEC);
    expect(cache.flags).toEqual([true, true]);
  });

  it('registers no timer for a purge that is off', () => {
    const { desk } = setup({});
    expect(desk.clock.timerNames).toEqual(['live.inflight-check']);
  });
});

describe('held fill reports', () => {
  it('is bounded: the oldest is dropped with an error', () => {
    const desk = new LiveDesk();
    const held = new HeldFillReports(desk.log, 2);
    held.hold(fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-1', qty: '1.000' }), desk.now());
    held.hold(fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-2', qty: '1.000' }), desk.now());
    held.hold(fillReportOf({ venueOrderId: 'V-2', tradeId: 'T-3', qty: '1.000' }), desk.now());
    expect(held.size).toBe(2);
    expect(held.dropped).toBe(1);
    expect(desk.logged(50).map((l) => l.tradeId)).toEqual(['T-1']);
    expect(held.release('V-1').map((f) => f.tradeId.value)).toEqual(['T-2']);
    expect(held.size).toBe(1);
    expect(() => new HeldFillReports(desk.log, 0)).toThrow(RangeError);
  });

  it('after the in-flight threshold, queries the order and reconciles the answer with the held fills', async () => {
    const { desk, client, checks } = setup({ inflightCheckThresholdMs: 5_000 });
    client.orders = [
      orderReport({
        clientOrderId: null,
        venueOrderId: 'V-7',
        status: 'FILLED',
        qty: '1.000',
        filled: '1.000',
        avgPx: '101.00',
      }),
    ];
    checks.heldFills.hold(
      fillReportOf({ venueOrderId: 'V-7', tradeId: 'T-7', qty: '1.000', px: '101.00' }),
      desk.now(),
    );
    await advance(desk, checks, 4n * SEC, 2_000n * MS);
    expect(desk.cache.orders()).toEqual([]);
    await advance(desk, checks, 2n * SEC, 2_000n * MS);
    expect(client.calls).toContain('queryOrder:V-7');
    const [o] = desk.cache.orders();
    expect(o?.strategyId.value).toBe('EXTERNAL');
    expect(o?.status).toBe('FILLED');
    expect(o?.tradeIds.map((t) => t.value)).toEqual(['T-7']);
    expect(checks.heldFills.size).toBe(0);
    expect(orderOf(desk.cache, o!.clientOrderId.value)).toBe(o);
    expect(StrategyId.from('EXTERNAL').isExternal).toBe(true);
  });

  it('a fill report for an order still SUBMITTED (its accept not seen yet) fills it with the venue order id of the fill', () => {
    const { desk, client, checks } = setup();
    const o = desk.submit(desk.order({ id: 'O-8', qty: '1.000' }));
    const fill = fillReportOf({ venueOrderId: 'V-8', clientOrderId: 'O-8', tradeId: 'T-8', qty: '1.000' });
    const out = checks.handleFillReport(client, fill);
    expect(out?.reasons).toEqual([]);
    expect(o.status).toBe('FILLED');
    expect(o.venueOrderId?.value).toBe('V-8');
    expect(o.tradeIds.map((t) => t.value)).toEqual(['T-8']);
  });

  it('a fill report for an unknown order is held, then released with its order report', () => {
    const { desk, client, checks } = setup();
    const fill = fillReportOf({ venueOrderId: 'V-5', clientOrderId: 'O-5', tradeId: 'T-5', qty: '0.400' });
    expect(checks.handleFillReport(client, fill)).toBeNull();
    expect(checks.heldFills.size).toBe(1);
    const o = desk.submit(desk.order({ id: 'O-5', qty: '1.000' }));
    const out = checks.handleOrderReport(
      client,
      orderReport({
        clientOrderId: 'O-5',
        venueOrderId: 'V-5',
        status: 'PARTIALLY_FILLED',
        qty: '1.000',
        filled: '0.400',
        avgPx: '100.00',
      }),
    );
    expect(out?.complete).toBe(true);
    expect(checks.heldFills.size).toBe(0);
    expect(o.status).toBe('PARTIALLY_FILLED');
    expect(o.tradeIds.map((t) => t.value)).toEqual(['T-5']);
    // A fill for a known order is applied at once; a repeat changes nothing.
    const next = fillReportOf({
      venueOrderId: 'V-5',
      tradeId: 'T-6',
      qty: '0.600',
      ts: desk.now() + 5n * SEC,
    });
    expect(checks.handleFillReport(client, next)?.complete).toBe(true);
    expect(checks.handleFillReport(client, next)?.applied?.eventsApplied).toBe(0);
    expect(o.status).toBe('FILLED');
    expect(netPosition(desk.cache)).toBe('1.000');
  });

  it('a runtime order report overtaken by newer fills while it waited is dropped, not a discrepancy', () => {
    const { desk, client, checks } = setup();
    const o = desk.accept(desk.submit(desk.order({ id: 'O-7', qty: '1.000' })), 'V-7');
    // A check applied the venue's two fills (the second at T0 + 8 s) before the queue reached a
    // report from T0 + 5 s that still shows the first fill only.
    desk.fill(o, 'T-71', '0.400');
    checks.handleFillReport(
      client,
      fillReportOf({ venueOrderId: 'V-7', tradeId: 'T-72', qty: '0.300', ts: T0 + 8n * SEC }),
    );
    expect(o.filledQty.toString()).toBe('0.700');
    const stale = orderReport({
      clientOrderId: 'O-7',
      venueOrderId: 'V-7',
      status: 'PARTIALLY_FILLED',
      qty: '1.000',
      filled: '0.400',
      avgPx: '100.00',
    });
    expect(checks.handleOrderReport(client, stale)).toBeNull();
    expect(desk.logged(50)).toEqual([]);
    // A report as old but newer than the order's last event is a real discrepancy, still logged.
    const fresh = { ...stale, tsLast: T0 + 9n * SEC } as typeof stale;
    expect(checks.handleOrderReport(client, fresh)?.decoded?.actions.length ?? 0).toBeGreaterThan(0);
    expect(desk.logged(50).some((l) => l.code === 'VENUE_LESS_FILLED')).toBe(true);
    expect(o.filledQty.toString()).toBe('0.700');
  });
});
