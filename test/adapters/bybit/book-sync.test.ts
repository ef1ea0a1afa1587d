import { readFileSync } from 'node:fs';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BybitBookSync,
  type BybitBookSyncAction,
  BybitBookSyncError,
  type BybitOrderBookMessage,
  isDeleteSize,
} from '../../../ts/adapters/bybit/book-sync.js';
import { KairosError } from '../../../ts/model/errors.js';

// Real Bybit `orderbook.500.XRPUSDT` stream (1 snapshot + 49 deltas), read in place.
const FILE = new URL('../../../../shared/data/market/bybit-xrpusdt-ob500.jsonl', import.meta.url);
const LINES = readFileSync(FILE, 'utf8').trim().split('\n');
const parseLine = (line: string) => JSON.parse(line) as BybitOrderBookMessage;
const MESSAGES = LINES.map(parseLine);

// ---------------------------------------------------------------------------------------------
// Reference book, independent of the module: price -> size with decimal.js, straight from the JSON.

type Side = Map<string, Decimal>;
interface RefBook {
  bids: Side;
  asks: Side;
}
const emptyBook = (): RefBook => ({ bids: new Map(), asks: new Map() });

function refSet(side: Side, price: string, size: string): void {
  const key = new Decimal(price).toFixed();
  const qty = new Decimal(size);
  if (qty.isZero()) side.delete(key);
  else side.set(key, qty);
}

/** Applies raw messages directly: a snapshot replaces, a delta sets. No id checks at all. */
function refApply(book: RefBook, raw: BybitOrderBookMessage): void {
  if (raw.type === 'snapshot') {
    book.bids.clear();
    book.asks.clear();
  }
  for (const [p, q] of raw.data.b) refSet(book.bids, p, q);
  for (const [p, q] of raw.data.a) refSet(book.asks, p, q);
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
function applyActions(book: RefBook, actions: readonly BybitBookSyncAction[]): void {
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

const types = (actions: readonly BybitBookSyncAction[]) => actions.map((a) => a.type);

describe('the recorded file', () => {
  it('holds one snapshot then 49 deltas with u rising by one', () => {
    expect(MESSAGES.map((m) => m.type)).toEqual(['snapshot', ...Array(49).fill('delta')]);
    const ids = MESSAGES.map((m) => Number(m.data.u));
    expect(ids.every((u, i) => i === 0 || u === ids[i - 1]! + 1)).toBe(true);
  });
});

describe('BybitBookSync on the real XRPUSDT stream', () => {
  it('replays every message to the independently computed best bid/ask and final book', () => {
    const sync = new BybitBookSync({ symbol: 'XRPUSDT' });
    const book = emptyBook();
    const ref = emptyBook();
    for (const m of MESSAGES) {
      const actions = sync.onMessage(m);
      expect(types(actions)).toEqual([m.type === 'snapshot' ? 'snapshot' : 'deltas']);
      applyActions(book, actions);
      refApply(ref, m);
      expect(best(book.bids, 'max')).toBe(best(ref.bids, 'max'));
      expect(best(book.asks, 'min')).toBe(best(ref.asks, 'min'));
    }
    expect(sorted(book.bids)).toEqual(sorted(ref.bids));
    expect(sorted(book.asks)).toEqual(sorted(ref.asks));
    // The book never crosses on the real stream.
    expect(new Decimal(best(book.bids, 'max')!).lt(best(book.asks, 'min')!)).toBe(true);
    expect(sync.lastUpdateId).toBe(BigInt(MESSAGES.at(-1)!.data.u));
    expect(sync.droppedMessages).toBe(0);
  });

  it('starts from the recorded snapshot top of book', () => {
    const sync = new BybitBookSync();
    const book = emptyBook();
    applyActions(book, sync.onMessage(MESSAGES[0]!));
    expect(best(book.bids, 'max')).toBe('1.9531');
    expect(book.bids.size).toBe(500);
    expect(book.asks.size).toBe(500);
  });

  it('deletes levels sent with size "0"', () => {
    const deletes = MESSAGES.slice(1)
      .flatMap((m) => [...m.data.b, ...m.data.a])
      .filter(([, q]) => isDeleteSize(q));
    expect(deletes.length).toBeGreaterThan(0);
    const sync = new BybitBookSync();
    const book = emptyBook();
    for (const m of MESSAGES) applyActions(book, sync.onMessage(m));
    const last = MESSAGES.at(-1)!;
    for (const [p, q] of last.data.b) {
      if (isDeleteSize(q)) expect(book.bids.has(new Decimal(p).toFixed())).toBe(false);
    }
  });

  it.each([1, 10, 25, 48, 49])(
    'signals a gap when line %i (a delta) is deleted, then waits for a snapshot',
    (missing) => {
      const sync = new BybitBookSync();
      const seen: BybitBookSyncAction[][] = [];
      LINES.forEach((line, i) => {
        if (i !== missing) seen.push([...sync.onMessage(parseLine(line))]);
      });
      const flat = seen.flat();
      const resyncs = flat.filter((a) => a.type === 'resync');
      if (missing === LINES.length - 1) {
        // Nothing follows the lost last line, so nothing can reveal it.
        expect(resyncs).toHaveLength(0);
        return;
      }
      expect(resyncs).toHaveLength(1);
      expect(resyncs[0]).toMatchObject({ reason: 'gap', symbol: 'XRPUSDT' });
      const u = BigInt(MESSAGES[missing]!.data.u);
      expect(resyncs[0]!.type === 'resync' && resyncs[0]!.message).toBe(
        `bybit XRPUSDT orderbook: expected update ${u}, got ${u + 1n}`,
      );
      // Every delta after the resync is dropped: no deltas action follows it.
      const at = flat.findIndex((a) => a.type === 'resync');
      expect(flat.slice(at + 1)).toEqual([]);
      expect(sync.state).toBe('awaiting-snapshot');
      expect(sync.droppedMessages).toBe(LINES.length - missing - 2);

      // A fresh snapshot heals it: here the venue's snapshot of the state after the missing line.
      const ref = emptyBook();
      for (const m of MESSAGES.slice(0, missing + 1)) refApply(ref, m);
      const healed: BybitOrderBookMessage = {
        type: 'snapshot',
        data: {
          s: 'XRPUSDT',
          b: sorted(ref.bids),
          a: sorted(ref.asks),
          u: MESSAGES[missing]!.data.u,
          seq: 1,
        },
      };
      const book = emptyBook();
      applyActions(book, sync.onMessage(healed));
      for (const m of MESSAGES.slice(missing + 1)) applyActions(book, sync.onMessage(m));
      for (const m of MESSAGES.slice(missing + 1)) refApply(ref, m);
      expect(sorted(book.bids)).toEqual(sorted(ref.bids));
      expect(sorted(book.asks)).toEqual(sorted(ref.asks));
    },
  );

  it('drops a duplicated (stale) delta with no action', () => {
    const sync = new BybitBookSync();
    for (const m of MESSAGES.slice(0, 10)) sync.onMessage(m);
    expect(sync.onMessage(MESSAGES[5]!)).toEqual([]);
    expect(sync.onMessage(MESSAGES[9]!)).toEqual([]);
    expect(sync.droppedMessages).toBe(2);
    expect(types(sync.onMessage(MESSAGES[10]!))).toEqual(['deltas']);
  });

  it('drops deltas that arrive before any snapshot', () => {
    const sync = new BybitBookSync();
    expect(sync.onMessage(MESSAGES[1]!)).toEqual([]);
    expect(sync.state).toBe('awaiting-snapshot');
    expect(sync.droppedMessages).toBe(1);
    expect(types(sync.onMessage(MESSAGES[0]!))).toEqual(['snapshot']);
  });

  it('treats a delta with u == 1 as a snapshot (venue restart) and chains from it', () => {
    const sync = new BybitBookSync();
    for (const m of MESSAGES.slice(0, 5)) sync.onMessage(m);
    const restart: BybitOrderBookMessage = { ...MESSAGES[5]!, data: { ...MESSAGES[5]!.data, u: 1 } };
    const actions = sync.onMessage(restart);
    expect(actions).toEqual([
      {
        type: 'snapshot',
        symbol: 'XRPUSDT',
        updateId: 1n,
        seq: BigInt(MESSAGES[5]!.data.seq),
        bids: MESSAGES[5]!.data.b.map(([price, size]) => ({ price, size })),
        asks: MESSAGES[5]!.data.a.map(([price, size]) => ({ price, size })),
      },
    ]);
    const next: BybitOrderBookMessage = { ...MESSAGES[6]!, data: { ...MESSAGES[6]!.data, u: 2 } };
    expect(types(sync.onMessage(next))).toEqual(['deltas']);
    expect(sync.lastUpdateId).toBe(2n);
  });

  it('resets on any later snapshot, even one with a lower u', () => {
    const sync = new BybitBookSync();
    for (const m of MESSAGES.slice(0, 20)) sync.onMessage(m);
    expect(types(sync.onMessage(MESSAGES[0]!))).toEqual(['snapshot']);
    expect(sync.lastUpdateId).toBe(BigInt(MESSAGES[0]!.data.u));
    expect(types(sync.onMessage(MESSAGES[1]!))).toEqual(['deltas']);
  });
});

describe('BybitBookSync refuses bad input and loses nothing', () => {
  type Mutate = (m: BybitOrderBookMessage) => unknown;
  const withData = (m: BybitOrderBookMessage, data: Record<string, unknown>) => ({
    ...m,
    data: { ...m.data, ...data },
  });
  const cases: [string, Mutate, RegExp][] = [
    [
      'garbage price',
      (m) => withData(m, { b: [['x1.95', '10']] }),
      /data\.b\[0\]\[0\]: expected a positive decimal price string, got "x1.95"/,
    ],
    ['negative size', (m) => withData(m, { a: [['1.95', '-10']] }), /data\.a\[0\]\[1\]: .* got "-10"/],
    ['number size', (m) => withData(m, { a: [['1.95', 10]] }), /data\.a\[0\]\[1\]: .* got 10/],
    ['empty price', (m) => withData(m, { b: [['', '1']] }), /data\.b\[0\]\[0\]: .* got ""/],
    [
      'missing u',
      (m) => withData(m, { u: undefined }),
      /data\.u: expected a non-negative integer, got undefined/,
    ],
    ['fractional u', (m) => withData(m, { u: 20254870.5 }), /data\.u: .* got 20254870.5/],
    ['missing seq', (m) => withData(m, { seq: undefined }), /data\.seq: .*undefined/],
    ['missing asks', (m) => withData(m, { a: undefined }), /data\.a: expected an array/],
    [
      'unknown type',
      (m) => ({ ...m, type: 'partial' }),
      /type: expected "snapshot" or "delta", got "partial"/,
    ],
    ['no data', (m) => ({ ...m, data: null }), /data: expected an object, got null/],
    ['other symbol', (m) => withData(m, { s: 'BTCUSDT' }), /data\.s: expected "XRPUSDT", got "BTCUSDT"/],
  ];

  it.each(cases)(
    'refuses a message with %s, with code and message, state unchanged',
    (_name, mutate, message) => {
      const sync = new BybitBookSync({ symbol: 'XRPUSDT' });
      const book = emptyBook();
      for (const m of MESSAGES.slice(0, 20)) applyActions(book, sync.onMessage(m));
      const before = { state: sync.state, last: sync.lastUpdateId, dropped: sync.droppedMessages };
      let caught: unknown;
      try {
        sync.onMessage(mutate(MESSAGES[20]!) as BybitOrderBookMessage);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(BybitBookSyncError);
      expect(caught).toBeInstanceOf(KairosError);
      expect((caught as BybitBookSyncError).code).toBe('BOOK_SYNC_INVALID_MESSAGE');
      expect((caught as BybitBookSyncError).message).toMatch(/^bybit orderbook message: /);
      expect((caught as BybitBookSyncError).message).toMatch(message);
      expect({ state: sync.state, last: sync.lastUpdateId, dropped: sync.droppedMessages }).toEqual(before);
      // The real message still applies and the replay ends on the reference book.
      for (const m of MESSAGES.slice(20)) applyActions(book, sync.onMessage(m));
      const ref = emptyBook();
      for (const m of MESSAGES) refApply(ref, m);
      expect(sorted(book.bids)).toEqual(sorted(ref.bids));
      expect(sorted(book.asks)).toEqual(sorted(ref.asks));
    },
  );

  it('refuses a non-object message', () => {
    const sync = new BybitBookSync();
    expect(() => sync.onMessage('{"type":"delta"}' as unknown as BybitOrderBookMessage)).toThrow(
      /expected an object, got "\{\\"type\\":\\"delta\\"\}"/,
    );
  });
});

describe('BybitBookSync properties on the real stream', () => {
  // Deliver the real lines with random duplicates (replays) and random losses. Duplicates never
  // change the book; the first loss that a later line can reveal always yields one resync, after
  // which nothing is applied (the file has no second snapshot).
  it('ends on the reference book when nothing is lost, and resyncs exactly at the first revealed loss', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('deliver', 'deliver', 'deliver', 'duplicate', 'lose'), {
          minLength: LINES.length,
          maxLength: LINES.length,
        }),
        (plan) => {
          plan[0] = 'deliver'; // the snapshot
          const sync = new BybitBookSync();
          const book = emptyBook();
          const actions: BybitBookSyncAction[] = [];
          LINES.forEach((line, i) => {
            if (plan[i] === 'lose') return;
            actions.push(...sync.onMessage(parseLine(line)));
            if (plan[i] === 'duplicate') actions.push(...sync.onMessage(parseLine(line)));
          });
          applyActions(book, actions);
          const firstLoss = plan.indexOf('lose');
          const revealed = firstLoss !== -1 && plan.slice(firstLoss + 1).some((p) => p !== 'lose');
          const resyncAt = actions.findIndex((a) => a.type === 'resync');
          if (!revealed) {
            expect(resyncAt).toBe(-1);
            const ref = emptyBook();
            // Lost trailing lines are simply absent.
            MESSAGES.forEach((m, i) => {
              if (plan[i] !== 'lose') refApply(ref, m);
            });
            expect(sorted(book.bids)).toEqual(sorted(ref.bids));
            expect(sorted(book.asks)).toEqual(sorted(ref.asks));
          } else {
            expect(actions.filter((a) => a.type === 'resync')).toHaveLength(1);
            // Everything before the loss applied once each; nothing after the resync.
            expect(resyncAt).toBe(firstLoss);
            expect(actions.slice(resyncAt + 1)).toEqual([]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
