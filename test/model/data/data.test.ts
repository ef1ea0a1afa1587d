import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  bar,
  barIntervalNs,
  barTypeToString,
  orderBookDelta,
  orderBookDeltas,
  parseBarType,
  quoteTick,
  RecordFlag,
  tradeTick,
} from '../../../ts/model/data/index.js';
import type { KairosError } from '../../../ts/model/errors.js';
import { InstrumentId, TradeId } from '../../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';

const DATA = new URL('../../../../shared/data/market/', import.meta.url);
const XBTUSD = InstrumentId.from('XBTUSD.BITMEX');

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as KairosError).code;
  }
  return undefined;
}

describe('ticks', () => {
  it('builds trade ticks from the recorded BitMEX prints', () => {
    const lines = readFileSync(new URL('bitmex-xbtusd-trades.csv', DATA), 'utf8').trim().split('\n').slice(1);
    const ticks = lines.map((line) => {
      const [, , ts, local, id, side, price, amount] = line.split(',');
      return tradeTick({
        instrumentId: XBTUSD,
        price: Price.from(price!, 1),
        size: Quantity.from(amount!),
        aggressorSide: side === 'buy' ? 'BUYER' : 'SELLER',
        tradeId: TradeId.from(id!),
        tsEvent: BigInt(ts!) * 1000n,
        tsInit: BigInt(local!) * 1000n,
      });
    });
    expect(ticks.length).toBe(10);
    expect(ticks[0]!.price.toString()).toBe('8531.5');
    expect(ticks[0]!.size.toString()).toBe('2152');
    expect(ticks[0]!.aggressorSide).toBe('SELLER');
    expect(ticks[0]!.tsEvent).toBe(1583020803145000000n);
  });

  it('builds quote ticks from the recorded TrueFX quotes and refuses mixed precisions', () => {
    const [header, first] = readFileSync(new URL('truefx-usdjpy-quotes.csv', DATA), 'utf8').split('\n');
    expect(header).toBe('timestamp,bid,ask');
    const [ts, bid, ask] = first!.split(',');
    const q = quoteTick({
      instrumentId: InstrumentId.from('USD/JPY.SIM'),
      bidPrice: Price.from(bid!),
      askPrice: Price.from(ask!),
      bidSize: Quantity.from('1000000'),
      askSize: Quantity.from('1000000'),
      tsEvent: BigInt(Date.parse(`${ts!.replace(' ', 'T').slice(0, 23)}Z`)) * 1_000_000n,
      tsInit: 0n,
    });
    expect(q.askPrice.sub(q.bidPrice).toString()).toBe('0.073');
    expect(q.tsEvent).toBe(1357077600295000000n);
    expect(code(() => quoteTick({ ...q, askPrice: Price.from('86.7') }))).toBe('INVALID_DATA');
  });

  it('refuses a trade of size zero', () => {
    expect(
      code(() =>
        tradeTick({
          instrumentId: XBTUSD,
          price: Price.from('1.0'),
          size: Quantity.from('0'),
          aggressorSide: 'NO_AGGRESSOR',
          tradeId: TradeId.from('1'),
          tsEvent: 0n,
          tsInit: 0n,
        }),
      ),
    ).toBe('INVALID_DATA');
  });
});

describe('bars', () => {
  it('parses and prints a bar type whose instrument contains hyphens', () => {
    const t = parseBarType('BTCUSDT-PERP.BINANCE-15-MINUTE-LAST-EXTERNAL');
    expect(t.instrumentId.value).toBe('BTCUSDT-PERP.BINANCE');
    expect(t.spec).toEqual({ step: 15, aggregation: 'MINUTE', priceType: 'LAST' });
    expect(barTypeToString(t)).toBe('BTCUSDT-PERP.BINANCE-15-MINUTE-LAST-EXTERNAL');
    expect(barIntervalNs(t.spec)).toBe(900_000_000_000n);
    expect(barIntervalNs(parseBarType('X.Y-100-TICK-MID-INTERNAL').spec)).toBeNull();
  });

  it.each([
    ['BTCUSDT.BINANCE-1-MINUTE-LAST', 'not INSTRUMENT'],
    ['BTCUSDT.BINANCE-x-MINUTE-LAST-EXTERNAL', 'step'],
    ['BTCUSDT.BINANCE-0-MINUTE-LAST-EXTERNAL', 'positive integer'],
    ['BTCUSDT.BINANCE-1-FORTNIGHT-LAST-EXTERNAL', 'aggregation'],
    ['BTCUSDT.BINANCE-1-MINUTE-LAST-ELSEWHERE', 'aggregation source'],
  ])('refuses the bar type %s', (text, message) => {
    let err: KairosError | undefined;
    try {
      parseBarType(text);
    } catch (e) {
      err = e as KairosError;
    }
    expect(err?.code).toBe('INVALID_DATA');
    expect(err?.message).toContain(message);
  });

  it('refuses a bar whose high is below its close', () => {
    const barType = parseBarType('BTCUSDT.BINANCE-1-MINUTE-LAST-EXTERNAL');
    const ok = {
      barType,
      open: Price.from('10.0'),
      high: Price.from('12.0'),
      low: Price.from('9.0'),
      close: Price.from('11.0'),
      volume: Quantity.from('5'),
      tsEvent: 60n,
      tsInit: 61n,
    };
    expect(bar(ok).close.toString()).toBe('11.0');
    expect(code(() => bar({ ...ok, close: Price.from('12.5') }))).toBe('INVALID_DATA');
    expect(code(() => bar({ ...ok, low: Price.from('10.5') }))).toBe('INVALID_DATA');
  });
});

describe('book deltas', () => {
  const BTC = InstrumentId.from('BTCUSDT.BINANCE');

  it('builds deltas from the recorded depth updates (qty 0 as a delete)', () => {
    const lines = readFileSync(new URL('btcusdt-depth-update.csv', DATA), 'utf8')
      .trim()
      .split('\n')
      .slice(1, 51);
    const deltas = lines.map((line, i) => {
      const [, ts, , last, side, , price, qty] = line.split(',');
      const size = Quantity.from(qty!);
      return orderBookDelta({
        instrumentId: BTC,
        action: size.isZero() ? 'DELETE' : 'UPDATE',
        order: { side: side === 'b' ? 'BUY' : 'SELL', price: Price.from(price!), size, orderId: 0n },
        flags: RecordFlag.F_MBP | (i === lines.length - 1 ? RecordFlag.F_LAST : 0),
        sequence: BigInt(last!),
        tsEvent: BigInt(ts!) * 1_000_000n,
        tsInit: 0n,
      });
    });
    const batch = orderBookDeltas(BTC, deltas);
    expect(batch.deltas[0]!.action).toBe('DELETE');
    expect(batch.deltas.at(-1)!.flags & RecordFlag.F_LAST).toBe(RecordFlag.F_LAST);
  });

  it('refuses a CLEAR with an order, an ADD of size zero, a foreign delta in a batch', () => {
    const order = { side: 'BUY' as const, price: Price.from('1.00'), size: Quantity.from('0'), orderId: 0n };
    expect(
      code(() => orderBookDelta({ instrumentId: BTC, action: 'CLEAR', order, tsEvent: 0n, tsInit: 0n })),
    ).toBe('INVALID_DATA');
    expect(
      code(() => orderBookDelta({ instrumentId: BTC, action: 'ADD', order, tsEvent: 0n, tsInit: 0n })),
    ).toBe('INVALID_DATA');
    expect(code(() => orderBookDelta({ instrumentId: BTC, action: 'UPDATE', tsEvent: 0n, tsInit: 0n }))).toBe(
      'INVALID_DATA',
    );
    const clear = orderBookDelta({ instrumentId: BTC, action: 'CLEAR', tsEvent: 0n, tsInit: 0n });
    expect(clear.order).toBeNull();
    expect(code(() => orderBookDeltas(XBTUSD, [clear]))).toBe('INVALID_DATA');
    expect(code(() => orderBookDeltas(BTC, []))).toBe('INVALID_DATA');
  });
});
