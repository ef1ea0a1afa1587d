import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  type MatchEvent,
  type SimulatedMatchingConfig,
  SimulatedMatchingEngine,
  type SimulatedOrder,
  simulatedOrderOf,
} from '../../ts/backtest/matching.js';
import { quoteTick, tradeTick } from '../../ts/model/data/index.js';
import { KairosError } from '../../ts/model/errors.js';
import { InstrumentId, TradeId } from '../../ts/model/identifiers/index.js';
import { Order } from '../../ts/model/orders/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import { params } from '../model/orders/fixtures.js';

const p = (s: string): Price => Price.from(s);
const q = (s: string): Quantity => Quantity.from(s);

function engine(
  bookType: 'L1_MBP' | 'L2_MBP',
  extra: Partial<SimulatedMatchingConfig> = {},
): SimulatedMatchingEngine {
  return new SimulatedMatchingEngine({
    priceIncrement: p('0.01'),
    sizeIncrement: q('0.1'),
    bookType,
    ...extra,
  });
}

/** Compact form: `id TYPE detail`, as the core's table tests write it. */
function show(e: MatchEvent): string {
  switch (e.type) {
    case 'FILLED':
      return `${e.clientOrderId} FILLED ${e.side} ${e.lastQty}@${e.lastPx} ${e.liquiditySide === 'MAKER' ? 'M' : 'T'}${
        e.leavesQty.isZero() ? '' : ` leaves ${e.leavesQty}`
      }`;
    case 'REJECTED':
    case 'MODIFY_REJECTED':
    case 'CANCEL_REJECTED':
      return `${e.clientOrderId} ${e.type} ${e.reasonCode}`;
    case 'UPDATED':
      return `${e.clientOrderId} UPDATED q=${e.quantity} px=${e.price?.toString() ?? '-'}`;
    default:
      return `${e.clientOrderId} ${e.type}`;
  }
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof KairosError) return err.code;
    throw err;
  }
  throw new Error('expected an error');
}

const quote = (bid: string, ask: string, bidSize: string, askSize: string, tsEvent: bigint) => ({
  bidPrice: p(bid),
  askPrice: p(ask),
  bidSize: q(bidSize),
  askSize: q(askSize),
  tsEvent,
});

const limit = (
  clientOrderId: string,
  side: 'BUY' | 'SELL',
  quantity: string,
  price: string,
): SimulatedOrder => ({
  clientOrderId,
  side,
  orderType: 'LIMIT',
  quantity: q(quantity),
  price: p(price),
});

const market = (clientOrderId: string, side: 'BUY' | 'SELL', quantity: string): SimulatedOrder => ({
  clientOrderId,
  side,
  orderType: 'MARKET',
  quantity: q(quantity),
});

const depth = (e: SimulatedMatchingEngine, ts: bigint): MatchEvent[] =>
  e.processSnapshot(
    [
      { price: p('99.99'), size: q('1.0') },
      { price: p('99.98'), size: q('2.0') },
    ],
    [
      { price: p('100.01'), size: q('1.0') },
      { price: p('100.02'), size: q('2.0') },
      { price: p('100.03'), size: q('3.0') },
    ],
    ts,
  );

describe('SimulatedMatchingEngine', () => {
  it('fills an L1 market order at the ask with typed values and deterministic ids', () => {
    const e = engine('L1_MBP', { orderIdPrefix: 'SIM', tradeIdPrefix: 'SIM-T' });
    expect(e.processQuote(quote('99.99', '100.01', '1.0', '2.0', 1n))).toEqual([]);
    const events = e.submit(market('a', 'BUY', '1.5'), 2n);
    expect(events.map(show)).toEqual(['a ACCEPTED', 'a FILLED BUY 1.5@100.01 T']);
    const fill = events[1];
    if (fill?.type !== 'FILLED') throw new Error('expected a fill');
    expect(fill.venueOrderId).toBe('SIM-1');
    expect(fill.tradeId).toBe('SIM-T-1');
    expect(fill.lastPx).toBeInstanceOf(Price);
    expect(fill.lastPx.precision).toBe(2);
    expect(fill.lastQty.raw).toBe(15n * 10n ** 15n);
    expect(fill.ts).toBe(2n);
    expect(Object.isFrozen(fill)).toBe(true);
    expect(e.bestAsk()?.size.toString()).toBe('0.5');
  });

  it('walks an L2 book and cancels what a market order cannot fill', () => {
    const e = engine('L2_MBP');
    depth(e, 1n);
    expect(e.submit(market('a', 'BUY', '7.0'), 2n).map(show)).toEqual([
      'a ACCEPTED',
      'a FILLED BUY 1.0@100.01 T leaves 6.0',
      'a FILLED BUY 2.0@100.02 T leaves 4.0',
      'a FILLED BUY 3.0@100.03 T leaves 1.0',
      'a CANCELED',
    ]);
    expect(e.bestAsk()).toBeUndefined();
  });

  it('takes as taker up to the limit, rests the rest and fills it as maker when a delta crosses', () => {
    const e = engine('L2_MBP');
    depth(e, 1n);
    expect(e.submit(limit('a', 'BUY', '4.0', '100.02'), 2n).map(show)).toEqual([
      'a ACCEPTED',
      'a FILLED BUY 1.0@100.01 T leaves 3.0',
      'a FILLED BUY 2.0@100.02 T leaves 1.0',
    ]);
    expect(e.openClientOrderIds()).toEqual(['a']);
    expect(
      e
        .processDeltas(
          [{ action: 'UPDATE', order: { side: 'SELL', price: p('100.00'), size: q('5.0'), orderId: 0n } }],
          3n,
        )
        .map(show),
    ).toEqual(['a FILLED BUY 1.0@100.02 M']);
    expect(e.position()).toEqual({ side: 'LONG', quantity: q('4.0') });
  });

  it('rejects a post-only order that would cross, naming the prices', () => {
    const e = engine('L1_MBP');
    e.processQuote(quote('99.99', '100.01', '1.0', '1.0', 1n));
    const [ev] = e.submit({ ...limit('a', 'BUY', '1.0', '100.05'), postOnly: true }, 2n);
    expect(ev?.type).toBe('REJECTED');
    if (ev?.type !== 'REJECTED') return;
    expect(ev.reasonCode).toBe('POST_ONLY_WOULD_CROSS');
    expect(ev.reason).toBe('post-only BUY at 100.05 would cross the best opposite price 100.01');
  });

  it('fills IOC partly then cancels, and cancels FOK with nothing filled', () => {
    const e = engine('L2_MBP');
    depth(e, 1n);
    expect(e.submit({ ...limit('a', 'SELL', '5.0', '99.98'), timeInForce: 'IOC' }, 2n).map(show)).toEqual([
      'a ACCEPTED',
      'a FILLED SELL 1.0@99.99 T leaves 4.0',
      'a FILLED SELL 2.0@99.98 T leaves 2.0',
      'a CANCELED',
    ]);
    expect(e.submit({ ...limit('b', 'BUY', '6.1', '100.03'), timeInForce: 'FOK' }, 3n).map(show)).toEqual([
      'b ACCEPTED',
      'b CANCELED',
    ]);
  });

  it('expires a GTD order at its expire time', () => {
    const e = engine('L1_MBP');
    e.processQuote(quote('99.99', '100.01', '1.0', '1.0', 1n));
    e.submit({ ...limit('a', 'BUY', '1.0', '99.00'), timeInForce: 'GTD', expireTime: 1_000n }, 2n);
    expect(e.advanceTime(999n)).toEqual([]);
    expect(e.advanceTime(1_000n).map(show)).toEqual(['a EXPIRED']);
  });

  it('triggers a sell stop on a trade and fills it at the bid', () => {
    const e = engine('L1_MBP');
    e.processQuote(quote('99.99', '100.01', '1.0', '1.0', 1n));
    e.submit(
      {
        clientOrderId: 's',
        side: 'SELL',
        orderType: 'STOP_MARKET',
        quantity: q('1.0'),
        triggerPrice: p('99.50'),
      },
      2n,
    );
    expect(
      e.processTrade({ price: p('99.50'), size: q('0.1'), aggressorSide: 'SELLER', tsEvent: 3n }).map(show),
    ).toEqual(['s TRIGGERED', 's FILLED SELL 1.0@99.99 T']);
  });

  it('trails a sell stop behind the rising bid and fires on the retrace', () => {
    const e = engine('L1_MBP');
    e.processQuote(quote('100.00', '100.02', '1.0', '1.0', 1n));
    const order: SimulatedOrder = {
      clientOrderId: 't',
      side: 'SELL',
      orderType: 'TRAILING_STOP_LIMIT',
      quantity: q('1.0'),
      trailingOffset: p('0.50'),
      limitOffset: p('0.10'),
    };
    expect(e.submit(order, 2n).map(show)).toEqual(['t ACCEPTED']);
    expect(e.processQuote(quote('101.00', '101.02', '1.0', '1.0', 3n))).toEqual([]);
    expect(e.processQuote(quote('100.45', '100.47', '1.0', '1.0', 4n)).map(show)).toEqual([
      't TRIGGERED',
      't FILLED SELL 1.0@100.45 T',
    ]);
    const both = { ...order, clientOrderId: 'u', trailingOffsetBps: 50 };
    expect(codeOf(() => e.submit(both, 5n))).toBe('INVALID_VALUE');
    const { trailingOffset: _offset, ...noOffset } = order;
    const [rej] = e.submit({ ...noOffset, clientOrderId: 'v', trailingOffsetBps: 0 }, 6n);
    expect(rej?.type === 'REJECTED' && rej.reasonCode).toBe('INVALID_TRAILING_OFFSET');
  });

  it('modifies into the market, cancels, and rejects a cancel of an unknown id', () => {
    const e = engine('L1_MBP');
    e.processQuote(quote('99.99', '100.01', '1.0', '1.0', 1n));
    e.submit(limit('a', 'BUY', '2.0', '100.00'), 2n);
    expect(e.modify('a', { price: p('100.01') }, 3n).map(show)).toEqual([
      'a UPDATED q=2.0 px=100.01',
      'a FILLED BUY 1.0@100.01 T leaves 1.0',
    ]);
    expect(e.cancel('a', 4n).map(show)).toEqual(['a CANCELED']);
    expect(e.cancel('a', 5n).map(show)).toEqual(['a CANCEL_REJECTED ORDER_NOT_FOUND']);
    expect(e.cancelAll(6n)).toEqual([]);
  });

  it('reads a packed quote batch exactly as the object form', () => {
    const a = engine('L1_MBP');
    const b = engine('L1_MBP');
    for (const e of [a, b]) e.submit(limit('x', 'BUY', '1.0', '99.50'), 1n);
    const quotes = [quote('99.60', '99.70', '1.0', '1.0', 2n), quote('99.40', '99.45', '1.0', '0.3', 3n)];
    const data = new BigInt64Array([2n, 9960n, 9970n, 10n, 10n, 3n, 9940n, 9945n, 10n, 3n]);
    expect(b.processQuoteBatch(data)).toEqual(a.processQuotes(quotes));
    expect(a.bestAsk()).toBeUndefined();
  });

  it('reads packed trade and delta batches with the documented codes', () => {
    const l1 = engine('L1_MBP');
    l1.processQuote(quote('99.99', '100.01', '1.0', '1.0', 1n));
    l1.submit(limit('b', 'BUY', '2.0', '99.95'), 2n);
    // ts, price, size, aggressor (2 = seller): the first print is above the bid, the second reaches it.
    const trades = new BigInt64Array([3n, 9996n, 10n, 2n, 4n, 9995n, 5n, 2n]);
    expect(l1.processTradeBatch(trades).map(show)).toEqual(['b FILLED BUY 0.5@99.95 M leaves 1.5']);
    expect(codeOf(() => l1.processTradeBatch(new BigInt64Array([5n, 9995n, 5n, 7n])))).toBe('INVALID_BATCH');

    const l2 = engine('L2_MBP');
    depth(l2, 1n);
    // action (1 update, 2 delete), side (1 sell), price, size: the best ask is deleted, 100.02 grows.
    const deltas = new BigInt64Array([2n, 1n, 10001n, 0n, 1n, 1n, 10002n, 50n]);
    expect(l2.processDeltaBatch(deltas, 2n)).toEqual([]);
    expect(l2.bestAsk()).toEqual({ price: p('100.02'), size: q('5.0') });
    l2.processDeltas([{ action: 'CLEAR', order: null }], 3n);
    expect(l2.bestAsk()).toBeUndefined();
    expect(l2.bestBid()).toBeUndefined();
  });

  it('takes model orders and ticks as they are', () => {
    const e = engine('L1_MBP');
    const instrumentId = InstrumentId.from('BTCUSDT.BINANCE');
    const tick = quoteTick({
      instrumentId,
      bidPrice: p('99.99'),
      askPrice: p('100.01'),
      bidSize: q('1.0'),
      askSize: q('1.0'),
      tsEvent: 1n,
      tsInit: 1n,
    });
    e.processQuote(tick);
    const trailing = Order.create(
      params({
        side: 'SELL',
        orderType: 'TRAILING_STOP_MARKET',
        quantity: Quantity.from('1.0'),
        price: null,
        trailingOffset: '20',
        trailingOffsetType: 'TICKS',
      }),
    );
    const sim = simulatedOrderOf(trailing, p('0.01'));
    expect(sim.trailingOffset?.toString()).toBe('0.20');
    expect(sim.clientOrderId).toBe(trailing.clientOrderId.value);
    expect(e.submit(sim, 2n).map((ev) => ev.type)).toEqual(['ACCEPTED']);
    const trade = tradeTick({
      instrumentId,
      price: p('99.79'),
      size: q('0.1'),
      aggressorSide: 'SELLER',
      tradeId: TradeId.from('1'),
      tsEvent: 3n,
      tsInit: 3n,
    });
    expect(e.processTrade(trade).map(show)).toEqual([
      `${sim.clientOrderId} TRIGGERED`,
      `${sim.clientOrderId} FILLED SELL 1.0@99.99 T`,
    ]);
    const bps = Order.create(
      params({
        orderType: 'TRAILING_STOP_MARKET',
        price: null,
        trailingOffset: '12.5',
        trailingOffsetType: 'BASIS_POINTS',
      }),
    );
    expect(codeOf(() => simulatedOrderOf(bps, p('0.01')))).toBe('INVALID_VALUE');
  });

  it('replays a bar through its extremes and fills a limit it touched', () => {
    const e = engine('L1_MBP');
    e.processQuote(quote('99.99', '100.01', '1.0', '1.0', 1n));
    e.submit(limit('a', 'SELL', '1.0', '100.50'), 2n);
    e.submit(limit('b', 'BUY', '1.0', '99.90'), 2n);
    const bar = {
      open: p('100.00'),
      high: p('100.50'),
      low: p('99.90'),
      close: p('100.00'),
      volume: q('40.0'),
      tsEvent: 3n,
    };
    expect(e.processBars([bar]).map(show)).toEqual([
      'b FILLED BUY 1.0@99.90 M',
      'a FILLED SELL 1.0@100.50 M',
    ]);
    expect(e.bestAsk()).toEqual({ price: p('100.00'), size: q('10.0') });
  });

  it('refuses bad input with stable codes and applies nothing of a bad batch', () => {
    const e = engine('L1_MBP');
    expect(codeOf(() => e.processQuoteBatch(new BigInt64Array([1n, 9999n, 10001n, 10n])))).toBe(
      'INVALID_BATCH',
    );
    expect(
      codeOf(() =>
        e.processQuoteBatch(new BigInt64Array([1n, 9999n, 10001n, 10n, 10n, 2n, 9999n, 10001n, 10n, -1n])),
      ),
    ).toBe('INVALID_BATCH');
    expect(e.bestBid()).toBeUndefined();
    expect(codeOf(() => e.processQuote(quote('99.995', '100.01', '1.0', '1.0', 1n)))).toBe(
      'TOO_MANY_DECIMALS',
    );
    expect(codeOf(() => e.processDeltas([], 1n))).toBe('BOOK_TYPE_MISMATCH');
    expect(codeOf(() => e.submit({ ...market('a', 'BUY', '1.0'), side: 'HOLD' as 'BUY' }, 1n))).toBe(
      'UNKNOWN_VARIANT',
    );
    expect(codeOf(() => engine('L1_MBP', { priceIncrement: p('0') }))).toBe('INVALID_MATCHING_CONFIG');
    expect(codeOf(() => e.advanceTime(-1n))).toBe('OUT_OF_RANGE');
    const coarse = new SimulatedMatchingEngine({
      priceIncrement: p('0.05'),
      sizeIncrement: q('1'),
      bookType: 'L1_MBP',
    });
    expect(codeOf(() => coarse.processQuote(quote('99.97', '100.05', '1', '1', 1n)))).toBe('OFF_INCREMENT');
    const [rej] = coarse.submit(limit('a', 'BUY', '1', '99.97'), 2n);
    expect(rej?.type === 'REJECTED' && rej.reason).toBe(
      "price '99.97' is not a multiple of the increment 0.05",
    );
  });

  it('gives identical events for the same command stream, with fills bounded by quantity and limit', () => {
    const cmd = fc.oneof(
      fc.record({
        k: fc.constant('quote' as const),
        mid: fc.integer({ min: 9_950, max: 10_050 }),
        size: fc.integer({ min: 0, max: 30 }),
      }),
      fc.record({
        k: fc.constant('order' as const),
        id: fc.integer({ min: 0, max: 5 }),
        side: fc.constantFrom('BUY' as const, 'SELL' as const),
        type: fc.constantFrom(
          'MARKET' as const,
          'LIMIT' as const,
          'STOP_MARKET' as const,
          'STOP_LIMIT' as const,
        ),
        qty: fc.integer({ min: 1, max: 30 }),
        px: fc.integer({ min: 9_950, max: 10_050 }),
      }),
      fc.record({ k: fc.constant('cancel' as const), id: fc.integer({ min: 0, max: 5 }) }),
    );
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 40 }), (cmds) => {
        type Sent = { quantity: bigint; side: 'BUY' | 'SELL'; limit: bigint | undefined };
        const run = (): { events: MatchEvent[]; sent: Map<string, Sent> } => {
          const e = engine('L1_MBP');
          const events: MatchEvent[] = [];
          const sent = new Map<string, Sent>();
          let ts = 0n;
          for (const c of cmds) {
            ts += 10n;
            if (c.k === 'quote') {
              const bidPrice = Price.fromRaw(BigInt(c.mid - 1) * 10n ** 14n, 2);
              const askPrice = Price.fromRaw(BigInt(c.mid + 1) * 10n ** 14n, 2);
              const size = Quantity.fromRaw(BigInt(c.size) * 10n ** 15n, 1);
              events.push(
                ...e.processQuote({ bidPrice, askPrice, bidSize: size, askSize: size, tsEvent: ts }),
              );
            } else if (c.k === 'order') {
              const px = Price.fromRaw(BigInt(c.px) * 10n ** 14n, 2);
              const quantity = Quantity.fromRaw(BigInt(c.qty) * 10n ** 15n, 1);
              const out = e.submit(
                {
                  clientOrderId: `c${c.id}`,
                  side: c.side,
                  orderType: c.type,
                  quantity,
                  price: px,
                  triggerPrice: px,
                },
                ts,
              );
              const first = out[0];
              if (first?.type === 'ACCEPTED') {
                const limited = c.type === 'LIMIT' || c.type === 'STOP_LIMIT';
                sent.set(first.venueOrderId, {
                  quantity: quantity.raw,
                  side: c.side,
                  limit: limited ? px.raw : undefined,
                });
              }
              events.push(...out);
            } else {
              events.push(...e.cancel(`c${c.id}`, ts));
            }
          }
          return { events, sent };
        };
        const a = run();
        expect(run().events).toEqual(a.events);
        const filled = new Map<string, bigint>();
        for (const ev of a.events) {
          if (ev.type !== 'FILLED') continue;
          const order = a.sent.get(ev.venueOrderId);
          if (order === undefined) throw new Error(`fill of an order never accepted: ${ev.venueOrderId}`);
          const total = (filled.get(ev.venueOrderId) ?? 0n) + ev.lastQty.raw;
          filled.set(ev.venueOrderId, total);
          expect(total).toBeLessThanOrEqual(order.quantity);
          expect(ev.leavesQty.raw).toBe(order.quantity - total);
          expect(ev.side).toBe(order.side);
          if (order.limit !== undefined) {
            if (order.side === 'BUY') expect(ev.lastPx.raw).toBeLessThanOrEqual(order.limit);
            else expect(ev.lastPx.raw).toBeGreaterThanOrEqual(order.limit);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
