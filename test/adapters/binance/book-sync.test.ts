import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BinanceBookSync,
  type BinanceBookSyncAction,
  BinanceBookSyncError,
  type BinanceBookSyncKind,
  type BinanceDepthEvent,
  type BinanceDepthSnapshot,
  isDeleteSize,
} from '../../../ts/adapters/binance/book-sync.js';
import { KairosError } from '../../../ts/model/errors.js';

// Real Binance USDT-M futures BTCUSDT data, read in place from shared/ beside the checkout.
const MARKET = new URL('../../../../shared/data/market/', import.meta.url);

interface CsvRow {
  readonly firstUpdateId: bigint;
  readonly lastUpdateId: bigint;
  readonly pu: bigint;
  readonly side: 'b' | 'a';
  readonly price: string;
  readonly qty: string;
}

function readCsv(name: string): CsvRow[] {
  const lines = readFileSync(new URL(name, MARKET), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu');
  return lines.slice(1).map((line) => {
    const f = line.split(',');
    const side = f[4];
    if (side !== 'b' && side !== 'a') throw new Error(`bad side in ${line}`);
    return {
      firstUpdateId: BigInt(f[2]!),
      lastUpdateId: BigInt(f[3]!),
      pu: BigInt(f[8]!),
      side,
      price: f[6]!,
      qty: f[7]!,
    };
  });
}

const snapRows = readCsv('btcusdt-depth-snap.csv');
const updateRows = readCsv('btcusdt-depth-update.csv');

function levelsOf(rows: readonly CsvRow[], side: 'b' | 'a'): [string, string][] {
  return rows.filter((r) => r.side === side).map((r) => [r.price, r.qty]);
}

function snapshotFromRows(rows: readonly CsvRow[], lastUpdateId: bigint): BinanceDepthSnapshot {
  return { lastUpdateId, bids: levelsOf(rows, 'b'), asks: levelsOf(rows, 'a') };
}

/** Groups consecutive rows with the same ids into one event, as the venue sent them. */
function eventsFromRows(rows: readonly CsvRow[]): BinanceDepthEvent[] {
  const events: BinanceDepthEvent[] = [];
  let group: CsvRow[] = [];
  const flush = () => {
    const g = group[0];
    if (g === undefined) return;
    events.push({
      U: g.firstUpdateId,
      u: g.lastUpdateId,
      pu: g.pu,
      b: levelsOf(group, 'b'),
      a: levelsOf(group, 'a'),
    });
    group = [];
  };
  for (const r of rows) {
    const g = group[0];
    if (g !== undefined && (g.firstUpdateId !== r.firstUpdateId || g.lastUpdateId !== r.lastUpdateId))
      flush();
    group.push(r);
  }
  flush();
  return events;
}

/**
 * The recorded update is a single event of 100 levels. To exercise chaining and gaps on real
 * levels, split it into one event per level, with ids that partition the real [U, u] range and
 * chain (futures: pu = previous u; spot: U = previous u + 1).
 */
function perLevelEvents(rows: readonly CsvRow[]): BinanceDepthEvent[] {
  const first = rows[0]!;
  const span = first.lastUpdateId - first.firstUpdateId + 1n;
  const n = BigInt(rows.length);
  return rows.map((r, i) => {
    const U = first.firstUpdateId + (span * BigInt(i)) / n;
    const u = first.firstUpdateId + (span * BigInt(i + 1)) / n - 1n;
    const pu = i === 0 ? first.pu : first.firstUpdateId + (span * BigInt(i)) / n - 1n;
    return {
      U,
      u,
      pu,
      b: r.side === 'b' ? [[r.price, r.qty]] : [],
      a: r.side === 'a' ? [[r.price, r.qty]] : [],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Reference book, independent of the module: price -> size with decimal.js, built from the rows.

type Side = Map<string, Decimal>;
interface RefBook {
  bids: Side;
  asks: Side;
}

function refSet(side: Side, price: string, size: string): void {
  const key = new Decimal(price).toFixed();
  const qty = new Decimal(size);
  if (qty.isZero()) side.delete(key);
  else side.set(key, qty);
}

function refFromRows(rows: readonly CsvRow[], into: RefBook = { bids: new Map(), asks: new Map() }): RefBook {
  for (const r of rows) refSet(r.side === 'b' ? into.bids : into.asks, r.price, r.qty);
  return into;
}

function best(side: Side, pick: 'max' | 'min'): string | undefined {
  let out: Decimal | undefined;
  for (const k of side.keys()) {
    const p = new Decimal(k);
    if (out === undefined || (pick === 'max' ? p.gt(out) : p.lt(out))) out = p;
  }
  return out?.toFixed();
}

function sorted(side: Side): [string, string][] {
  return [...side.entries()]
    .sort((x, y) => new Decimal(x[0]).cmp(new Decimal(y[0])))
    .map(([p, q]) => [p, q.toFixed()]);
}

/** Applies the module's actions the way a book would. Resync clears it. */
function applyActions(book: RefBook, actions: readonly BinanceBookSyncAction[]): void {
  for (const a of actions) {
    switch (a.type) {
      case 'snapshot':
        book.bids.clear();
        book.asks.clear();
        for (const l of a.bids) refSet(book.bids, l.price, l.size);
        for (const l of a.asks) refSet(book.asks, l.price, l.size);
        break;
      case 'deltas':
        for (const l of a.bids) refSet(book.bids, l.price, l.size);
        for (const l of a.asks) refSet(book.asks, l.price, l.size);
        break;
      case 'resync':
        book.bids.clear();
        book.asks.clear();
        break;
    }
  }
}

function emptyBook(): RefBook {
  return { bids: new Map(), asks: new Map() };
}

const types = (actions: readonly BinanceBookSyncAction[]) => actions.map((a) => a.type);

function resyncOf(actions: readonly BinanceBookSyncAction[]) {
  expect(actions).toHaveLength(1);
  const a = actions[0]!;
  if (a.type !== 'resync') throw new Error(`expected a resync, got ${a.type}`);
  return a;
}

const SNAP_ID = snapRows[0]!.lastUpdateId;
const REAL_EVENT = eventsFromRows(updateRows);

describe('the recorded files', () => {
  it('hold one snapshot of 100 bids and one diff event of 100 levels', () => {
    expect(new Set(snapRows.map((r) => r.lastUpdateId)).size).toBe(1);
    expect(snapRows.every((r) => r.side === 'b')).toBe(true);
    expect(REAL_EVENT).toHaveLength(1);
    expect(REAL_EVENT[0]!.b.length + REAL_EVENT[0]!.a.length).toBe(100);
  });
});

describe('BinanceBookSync on the real BTCUSDT futures data', () => {
  it('reports the recorded snapshot as stale: the recorded event starts 20M ids after it', () => {
    const sync = new BinanceBookSync({ kind: 'futures' });
    expect(sync.onEvent(REAL_EVENT[0]!)).toEqual([]);
    const resync = resyncOf(sync.onSnapshot(snapshotFromRows(snapRows, SNAP_ID)));
    expect(resync.reason).toBe('snapshot-stale');
    expect(resync.message).toContain(`snapshot ${SNAP_ID}`);
    // The event is still usable with a newer snapshot, so it is kept.
    expect(resync.bufferedEvents).toBe(1);
    expect(sync.state).toBe('buffering');
    expect(sync.bufferedEvents).toBe(1);
  });

  it('replays the snapshot alone into the independently computed best bid', () => {
    const sync = new BinanceBookSync({ kind: 'futures' });
    const actions = sync.onSnapshot(snapshotFromRows(snapRows, SNAP_ID));
    expect(types(actions)).toEqual(['snapshot']);
    const book = emptyBook();
    applyActions(book, actions);
    const ref = refFromRows(snapRows);
    expect(best(book.bids, 'max')).toBe(best(ref.bids, 'max'));
    expect(best(book.bids, 'max')).toBe('20377');
    expect(best(book.asks, 'min')).toBeUndefined();
    expect(sorted(book.bids)).toEqual(sorted(ref.bids));
    expect(sync.state).toBe('bridging');
    expect(sync.lastUpdateId).toBe(SNAP_ID);
  });

  it.each([
    ['U <= lastUpdateId <= u', REAL_EVENT[0]!.U],
    ['u == lastUpdateId', REAL_EVENT[0]!.u],
    ['pu == lastUpdateId', REAL_EVENT[0]!.pu],
  ])(
    'applies the real event over a snapshot it straddles (%s) and matches the reference book',
    (_name, id) => {
      const sync = new BinanceBookSync({ kind: 'futures' });
      expect(sync.onEvent(REAL_EVENT[0]!)).toEqual([]);
      const actions = sync.onSnapshot(snapshotFromRows(snapRows, BigInt(id!)));
      expect(types(actions)).toEqual(['snapshot', 'deltas']);
      const book = emptyBook();
      applyActions(book, actions);
      const ref = refFromRows(updateRows, refFromRows(snapRows));
      expect(best(book.bids, 'max')).toBe(best(ref.bids, 'max'));
      expect(best(book.asks, 'min')).toBe(best(ref.asks, 'min'));
      // Hand-checked against the file: highest non-zero bid row, lowest non-zero ask row.
      expect(best(book.bids, 'max')).toBe('20472.1');
      expect(best(book.asks, 'min')).toBe('20472.2');
      expect(sorted(book.bids)).toEqual(sorted(ref.bids));
      expect(sorted(book.asks)).toEqual(sorted(ref.asks));
      expect(sync.state).toBe('synced');
      expect(sync.lastUpdateId).toBe(BigInt(REAL_EVENT[0]!.u));
    },
  );

  it('drops events older than the snapshot and counts them', () => {
    const sync = new BinanceBookSync({ kind: 'futures' });
    const events = perLevelEvents(updateRows);
    for (const e of events) expect(sync.onEvent(e)).toEqual([]);
    // A snapshot taken just after event 40: events 0..39 are older (u < lastUpdateId).
    const actions = sync.onSnapshot(snapshotFromRows(snapRows, BigInt(events[40]!.U)));
    expect(sync.droppedEvents).toBe(40);
    expect(types(actions)).toEqual(['snapshot', ...events.slice(40).map(() => 'deltas')]);
    const book = emptyBook();
    applyActions(book, actions);
    const ref = refFromRows(updateRows.slice(40), refFromRows(snapRows));
    expect(sorted(book.bids)).toEqual(sorted(ref.bids));
    expect(sorted(book.asks)).toEqual(sorted(ref.asks));
  });

  it('drops a replayed (duplicate) event once synced, with no action', () => {
    const sync = new BinanceBookSync({ kind: 'futures' });
    const events = perLevelEvents(updateRows);
    sync.onSnapshot(snapshotFromRows(snapRows, BigInt(events[0]!.U)));
    for (const e of events.slice(0, 10)) expect(types(sync.onEvent(e))).toEqual(['deltas']);
    expect(sync.onEvent(events[5]!)).toEqual([]);
    expect(sync.onEvent(events[9]!)).toEqual([]);
    expect(sync.droppedEvents).toBe(2);
    expect(types(sync.onEvent(events[10]!))).toEqual(['deltas']);
  });

  it('replays the per-level stream live and ends on the reference book', () => {
    const sync = new BinanceBookSync({ kind: 'futures' });
    const events = perLevelEvents(updateRows);
    const book = emptyBook();
    applyActions(book, sync.onSnapshot(snapshotFromRows(snapRows, BigInt(events[0]!.U))));
    const ref = refFromRows(snapRows);
    events.forEach((e, i) => {
      applyActions(book, sync.onEvent(e));
      refFromRows([updateRows[i]!], ref);
      expect(best(book.bids, 'max')).toBe(best(ref.bids, 'max'));
      expect(best(book.asks, 'min')).toBe(best(ref.asks, 'min'));
    });
    expect(sorted(book.asks)).toEqual(sorted(ref.asks));
    expect(sync.state).toBe('synced');
  });

  it.each([0, 1, 37, 98])('signals a gap when line %i of the update stream is deleted', (missing) => {
    const sync = new BinanceBookSync({ kind: 'futures' });
    const events = perLevelEvents(updateRows);
    sync.onSnapshot(snapshotFromRows(snapRows, BigInt(events[0]!.U)));
    const seen: BinanceBookSyncAction[] = [];
    events.forEach((e, i) => {
      if (i !== missing) seen.push(...sync.onEvent(e));
    });
    const resyncs = seen.filter((a) => a.type === 'resync');
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]).toMatchObject({ reason: 'gap', kind: 'futures' });
    // Nothing is applied after the break: the events from it on wait for a new snapshot.
    expect(seen.findIndex((a) => a.type === 'resync')).toBe(missing);
    expect(sync.state).toBe('buffering');
    expect(sync.bufferedEvents).toBe(events.length - missing - 1);
    // A new snapshot at the break heals it and the buffered events are replayed.
    const healed = sync.onSnapshot(snapshotFromRows(snapRows, BigInt(events[missing + 1]!.pu!)));
    expect(types(healed)).toEqual(['snapshot', ...events.slice(missing + 1).map(() => 'deltas')]);
  });

  it('signals a gap among buffered events before the snapshot arrives', () => {
    const sync = new BinanceBookSync({ kind: 'futures', maxBufferedEvents: 1_000 });
    const events = perLevelEvents(updateRows);
    // Buffered with a hole: the hole is already reported while buffering.
    for (const e of events.slice(0, 20)) sync.onEvent(e);
    const r = resyncOf(sync.onEvent(events[21]!));
    expect(r.reason).toBe('gap');
    expect(sync.bufferedEvents).toBe(1);
    // The snapshot taken before the hole is now stale.
    expect(resyncOf(sync.onSnapshot(snapshotFromRows(snapRows, BigInt(events[0]!.U)))).reason).toBe(
      'snapshot-stale',
    );
  });
});

describe('BinanceBookSync spot rules', () => {
  // Spot ids are contiguous: U = previous u + 1; there is no pu.
  const spotEvents = (from: bigint, count: number): BinanceDepthEvent[] =>
    Array.from({ length: count }, (_, i) => {
      const r = updateRows[i % updateRows.length]!;
      const U = from + BigInt(i * 3);
      return {
        U,
        u: U + 2n,
        b: r.side === 'b' ? [[r.price, r.qty]] : [],
        a: r.side === 'a' ? [[r.price, r.qty]] : [],
      };
    });

  it('drops events with u <= lastUpdateId and starts at the one with U <= lastUpdateId+1 <= u', () => {
    const sync = new BinanceBookSync({ kind: 'spot' });
    const events = spotEvents(100n, 10); // [100,102] [103,105] [106,108] ...
    for (const e of events) sync.onEvent(e);
    const actions = sync.onSnapshot({ lastUpdateId: 105, bids: [['1.00', '2']], asks: [] });
    expect(sync.droppedEvents).toBe(2);
    const first = actions[1];
    expect(first).toMatchObject({ type: 'deltas', firstUpdateId: 106n, finalUpdateId: 108n });
  });

  it('accepts a snapshot inside the first event range (U <= id+1 <= u)', () => {
    const sync = new BinanceBookSync({ kind: 'spot' });
    for (const e of spotEvents(100n, 3)) sync.onEvent(e);
    expect(types(sync.onSnapshot({ lastUpdateId: 100, bids: [], asks: [] }))).toEqual([
      'snapshot',
      'deltas',
      'deltas',
      'deltas',
    ]);
  });

  it('reports a snapshot older than the buffered stream as stale and keeps the buffer', () => {
    const sync = new BinanceBookSync({ kind: 'spot' });
    for (const e of spotEvents(100n, 3)) sync.onEvent(e);
    const r = resyncOf(sync.onSnapshot({ lastUpdateId: 98, bids: [], asks: [] }));
    expect(r).toMatchObject({ reason: 'snapshot-stale', bufferedEvents: 3 });
    expect(types(sync.onSnapshot({ lastUpdateId: 99, bids: [], asks: [] }))).toEqual([
      'snapshot',
      'deltas',
      'deltas',
      'deltas',
    ]);
  });

  it('requires U == previous u + 1 once synced; a jump is a gap', () => {
    const sync = new BinanceBookSync({ kind: 'spot' });
    sync.onSnapshot({ lastUpdateId: 99, bids: [], asks: [] });
    expect(types(sync.onEvent({ U: 100, u: 102, b: [], a: [] }))).toEqual(['deltas']);
    expect(types(sync.onEvent({ U: 103, u: 103, b: [], a: [] }))).toEqual(['deltas']);
    const r = resyncOf(sync.onEvent({ U: 105, u: 107, b: [], a: [] }));
    expect(r.reason).toBe('gap');
    expect(r.message).toContain('U=105 u=107');
    expect(sync.state).toBe('buffering');
  });

  it('signals a gap when the first live event after the snapshot skips ids', () => {
    const sync = new BinanceBookSync({ kind: 'spot' });
    sync.onSnapshot({ lastUpdateId: 99, bids: [], asks: [] });
    expect(sync.onEvent({ U: 90, u: 99, b: [], a: [] })).toEqual([]);
    expect(resyncOf(sync.onEvent({ U: 101, u: 105, b: [], a: [] })).reason).toBe('gap');
  });

  it('ignores a second snapshot once one is in use', () => {
    const sync = new BinanceBookSync({ kind: 'spot' });
    sync.onSnapshot({ lastUpdateId: 99, bids: [], asks: [] });
    expect(sync.onSnapshot({ lastUpdateId: 500, bids: [], asks: [] })).toEqual([]);
    expect(sync.lastUpdateId).toBe(99n);
  });
});

describe('BinanceBookSync buffer bound', () => {
  it('signals buffer-overflow on the event past the bound and keeps only that event', () => {
    const sync = new BinanceBookSync({ kind: 'futures', maxBufferedEvents: 5 });
    const events = perLevelEvents(updateRows);
    for (const e of events.slice(0, 5)) expect(sync.onEvent(e)).toEqual([]);
    const r = resyncOf(sync.onEvent(events[5]!));
    expect(r).toMatchObject({ reason: 'buffer-overflow', bufferedEvents: 1 });
    expect(r.message).toContain('more than 5 events');
    // The stream goes on from the kept event: a snapshot at it syncs.
    for (const e of events.slice(6, 9)) expect(sync.onEvent(e)).toEqual([]);
    expect(types(sync.onSnapshot(snapshotFromRows(snapRows, BigInt(events[5]!.U))))).toEqual([
      'snapshot',
      'deltas',
      'deltas',
      'deltas',
      'deltas',
    ]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses maxBufferedEvents %s', (max) => {
    expect(() => new BinanceBookSync({ kind: 'spot', maxBufferedEvents: max })).toThrow(/maxBufferedEvents/);
  });
});

describe('BinanceBookSync refuses bad input and loses nothing', () => {
  const good = (): BinanceDepthEvent[] => perLevelEvents(updateRows);

  const badEvents: [string, (e: BinanceDepthEvent) => unknown, RegExp][] = [
    [
      'garbage price',
      (e) => ({ ...e, b: [['abc', '1.0']] }),
      /b\[0\]\[0\]: expected a positive decimal price string, got "abc"/,
    ],
    ['exponent price', (e) => ({ ...e, a: [['2e4', '1.0']] }), /a\[0\]\[0\].*"2e4"/],
    ['zero price', (e) => ({ ...e, a: [['0.00', '1.0']] }), /a\[0\]\[0\].*"0.00"/],
    [
      'negative qty',
      (e) => ({ ...e, b: [['20000.00', '-1']] }),
      /b\[0\]\[1\]: expected a non-negative decimal quantity string, got "-1"/,
    ],
    ['numeric qty', (e) => ({ ...e, b: [['20000.00', 1]] }), /b\[0\]\[1\].*got 1/],
    ['NaN qty', (e) => ({ ...e, b: [['20000.00', 'NaN']] }), /"NaN"/],
    ['short level', (e) => ({ ...e, b: [['20000.00']] }), /b\[0\]: expected \[price, quantity\]/],
    ['bids not an array', (e) => ({ ...e, b: 'x' }), /b: expected an array/],
    ['missing a', ({ a: _a, ...rest }) => rest, /a: expected an array.*missing/],
    [
      'missing u',
      ({ u: _u, ...rest }) => rest,
      /u: expected a non-negative integer update id, got undefined/,
    ],
    ['missing pu (futures)', ({ pu: _pu, ...rest }) => rest, /pu: expected .* got undefined/],
    ['float id', (e) => ({ ...e, U: 1.5 }), /U: .* got 1.5/],
    ['unsafe id', (e) => ({ ...e, u: 2 ** 60 }), /u: .* got 1152921504606847000/],
    ['negative id', (e) => ({ ...e, U: -3 }), /U: .* got -3/],
    ['U > u', (e) => ({ ...e, U: BigInt(e.u) + 1n }), /U \(\d+\) is greater than u/],
    ['pu >= U', (e) => ({ ...e, pu: e.U }), /pu \(\d+\) is not below U/],
    ['null event', () => null, /expected an object, got null/],
  ];

  it.each(badEvents)(
    'refuses an event with %s, with code and message, state unchanged',
    (_name, mutate, message) => {
      const sync = new BinanceBookSync({ kind: 'futures' });
      const events = good();
      const book = emptyBook();
      applyActions(book, sync.onSnapshot(snapshotFromRows(snapRows, BigInt(events[0]!.U))));
      for (const e of events.slice(0, 50)) applyActions(book, sync.onEvent(e));
      const before = { state: sync.state, last: sync.lastUpdateId, dropped: sync.droppedEvents };

      let caught: unknown;
      try {
        sync.onEvent(mutate(events[50]!) as BinanceDepthEvent);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(BinanceBookSyncError);
      expect(caught).toBeInstanceOf(KairosError);
      const err = caught as BinanceBookSyncError;
      expect(err.code).toBe('BOOK_SYNC_INVALID_EVENT');
      expect(err.message).toMatch(/^binance futures depth event: /);
      expect(err.message).toMatch(message);
      expect({ state: sync.state, last: sync.lastUpdateId, dropped: sync.droppedEvents }).toEqual(before);

      // The good event that was mangled still applies, and the stream carries on to the reference.
      for (const e of events.slice(50)) applyActions(book, sync.onEvent(e));
      const ref = refFromRows(updateRows, refFromRows(snapRows));
      expect(sorted(book.bids)).toEqual(sorted(ref.bids));
      expect(sorted(book.asks)).toEqual(sorted(ref.asks));
    },
  );

  it('refuses a bad event while buffering without losing the buffer', () => {
    const sync = new BinanceBookSync({ kind: 'futures' });
    const events = good();
    for (const e of events.slice(0, 3)) sync.onEvent(e);
    expect(() => sync.onEvent({ ...events[3]!, a: [['1', 'x']] })).toThrow(BinanceBookSyncError);
    expect(sync.bufferedEvents).toBe(3);
    sync.onEvent(events[3]!);
    expect(types(sync.onSnapshot(snapshotFromRows(snapRows, BigInt(events[0]!.U))))).toHaveLength(5);
  });

  it.each([
    ['garbage lastUpdateId', { lastUpdateId: 'abc', bids: [], asks: [] }, /lastUpdateId: .* got "abc"/],
    ['missing bids', { lastUpdateId: 5, asks: [] }, /bids: expected an array/],
    ['garbage level', { lastUpdateId: 5, bids: [['1.0', '1,5']], asks: [] }, /bids\[0\]\[1\].*"1,5"/],
  ])('refuses a snapshot with %s and keeps the buffer', (_name, snapshot, message) => {
    const sync = new BinanceBookSync({ kind: 'spot' });
    sync.onEvent({ U: 1, u: 3, b: [], a: [] });
    let caught: unknown;
    try {
      sync.onSnapshot(snapshot as unknown as BinanceDepthSnapshot);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BinanceBookSyncError);
    expect(caught).toBeInstanceOf(KairosError);
    expect((caught as BinanceBookSyncError).code).toBe('BOOK_SYNC_INVALID_SNAPSHOT');
    expect((caught as BinanceBookSyncError).message).toMatch(/^binance spot depth snapshot: /);
    expect((caught as BinanceBookSyncError).message).toMatch(message);
    expect(sync.state).toBe('buffering');
    expect(sync.bufferedEvents).toBe(1);
  });

  it('accepts ids as numbers, bigints and digit strings alike', () => {
    for (const id of [105, 105n, '105']) {
      const sync = new BinanceBookSync({ kind: 'spot' });
      sync.onEvent({ U: '104', u: 106n, b: [], a: [] });
      expect(types(sync.onSnapshot({ lastUpdateId: id, bids: [], asks: [] }))).toEqual([
        'snapshot',
        'deltas',
      ]);
    }
  });
});

describe('BinanceBookSync on the real payload shapes', () => {
  const BINANCE = new URL('../../../../shared/data/binance/', import.meta.url);
  const payload = (path: string): unknown => JSON.parse(readFileSync(new URL(path, BINANCE), 'utf8'));

  it('takes a futures depthUpdate event and depth response exactly as the venue sends them', () => {
    const event = payload('futures/market/depth_update_stream.json') as BinanceDepthEvent & { e: string };
    expect(event.e).toBe('depthUpdate');
    const depth = payload('futures/http/futures_market_depth.json') as BinanceDepthSnapshot;
    const sync = new BinanceBookSync({ kind: 'futures' });
    expect(sync.onEvent(event)).toEqual([]);
    // The recorded response is not from the same moment: re-stamp it inside the event's [U, u].
    const actions = sync.onSnapshot({ ...depth, lastUpdateId: 158 });
    expect(actions).toEqual([
      {
        type: 'snapshot',
        kind: 'futures',
        lastUpdateId: 158n,
        bids: [{ price: '4.00000000', size: '431.00000000' }],
        asks: [{ price: '4.00000200', size: '12.00000000' }],
      },
      {
        type: 'deltas',
        kind: 'futures',
        firstUpdateId: 157n,
        finalUpdateId: 160n,
        bids: [{ price: '0.0024', size: '10' }],
        asks: [{ price: '0.0026', size: '100' }],
      },
    ]);
    // As recorded, the response (1027024) is far newer than the event (u=160): the event is stale.
    const fresh = new BinanceBookSync({ kind: 'futures' });
    fresh.onEvent(event);
    expect(types(fresh.onSnapshot(depth))).toEqual(['snapshot']);
    expect(fresh.droppedEvents).toBe(1);
  });

  it('takes a spot depth response as is and keeps its exact decimal strings', () => {
    const depth = payload('spot/http/spot_market_depth.json') as BinanceDepthSnapshot;
    const sync = new BinanceBookSync({ kind: 'spot' });
    const actions = sync.onSnapshot(depth);
    const book = emptyBook();
    applyActions(book, actions);
    expect(best(book.bids, 'max')).toBe('60650');
    expect(best(book.asks, 'min')).toBe('60650.01');
    const snap = actions[0]!;
    expect(snap.type === 'snapshot' && snap.bids[0]).toEqual({ price: '60650.00000000', size: '0.00213000' });
    expect(sync.lastUpdateId).toBe(14527958487n);
  });
});

describe('isDeleteSize', () => {
  it.each([
    ['0', true],
    ['0.000', true],
    ['00.0', true],
    ['0.001', false],
    ['10', false],
  ])('%s -> %s', (size, expected) => {
    expect(isDeleteSize(size)).toBe(expected);
  });
});

describe('BinanceBookSync properties', () => {
  // A random chained stream with one random snapshot point and optional lost events: the synced
  // book equals the reference exactly when nothing was lost after the snapshot, and otherwise a
  // gap is signalled.
  const kinds: BinanceBookSyncKind[] = ['spot', 'futures'];

  it('syncs to the reference book or signals the loss, for any snapshot point and loss', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.array(
          fc.record({
            side: fc.constantFrom<'b' | 'a'>('b', 'a'),
            tick: fc.integer({ min: 1, max: 30 }),
            qty: fc.integer({ min: 0, max: 3 }),
            width: fc.integer({ min: 1, max: 4 }),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        fc.nat(),
        fc.option(fc.nat(), { nil: undefined }),
        (kind, steps, snapAt, lostAt) => {
          // Events with ids: U_i = prev_u + 1 (both kinds), pu_i = prev_u.
          let prevU = 1_000n;
          const events = steps.map((s) => {
            const U = prevU + 1n;
            const u = U + BigInt(s.width - 1);
            const level: [string, string] = [`${100 + s.tick}.5`, `${s.qty}.25`.replace(/^0\.25$/, '0')];
            const e: BinanceDepthEvent = {
              U,
              u,
              pu: prevU,
              b: s.side === 'b' ? [level] : [],
              a: s.side === 'a' ? [level] : [],
            };
            prevU = u;
            return e;
          });
          const snapIndex = snapAt % events.length;
          // Reference: the state after events [0, snapIndex) is the snapshot, then the rest.
          const snapBook = emptyBook();
          for (const e of events.slice(0, snapIndex)) {
            for (const [p, q] of e.b) refSet(snapBook.bids, p, q);
            for (const [p, q] of e.a) refSet(snapBook.asks, p, q);
          }
          const snapshot: BinanceDepthSnapshot = {
            lastUpdateId: snapIndex === 0 ? 1_000n : BigInt(events[snapIndex - 1]!.u),
            bids: sorted(snapBook.bids),
            asks: sorted(snapBook.asks),
          };
          const lost = lostAt === undefined ? undefined : lostAt % events.length;
          const delivered = events.filter((_, i) => i !== lost);

          const sync = new BinanceBookSync({ kind });
          const book = emptyBook();
          const all: BinanceBookSyncAction[] = [];
          // Half the events arrive before the snapshot (buffered), the rest after.
          const split = Math.floor(delivered.length / 2);
          for (const e of delivered.slice(0, split)) all.push(...sync.onEvent(e));
          all.push(...sync.onSnapshot(snapshot));
          for (const e of delivered.slice(split)) all.push(...sync.onEvent(e));
          applyActions(book, all);

          // A loss is visible only when a later event arrives; a loss before the snapshot point is
          // harmless (at most an early resync while buffering, before the snapshot is used).
          const lossMatters = lost !== undefined && lost >= snapIndex && lost < events.length - 1;
          const lastSnapshot = all.map((a) => a.type).lastIndexOf('snapshot');
          if (lossMatters) {
            expect(all.slice(Math.max(0, lastSnapshot)).some((a) => a.type === 'resync')).toBe(true);
          } else {
            expect(lastSnapshot).toBeGreaterThanOrEqual(0);
            expect(all.slice(lastSnapshot).some((a) => a.type === 'resync')).toBe(false);
            const ref = emptyBook();
            // An undetectable loss (the last event) is simply missing from the book.
            for (const e of events.filter((_, i) => i !== lost || i < snapIndex)) {
              for (const [p, q] of e.b) refSet(ref.bids, p, q);
              for (const [p, q] of e.a) refSet(ref.asks, p, q);
            }
            expect(sorted(book.bids)).toEqual(sorted(ref.bids));
            expect(sorted(book.asks)).toEqual(sorted(ref.asks));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
