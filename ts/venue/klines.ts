/**
 * Klines (`<symbol>@kline_<interval>`) built from the synthetic market: each interval bucket
 * (calendar-aligned, as Binance's) opens at the previous close, takes every synthetic trade, and
 * is pushed on every update while open (`x: false`) and once more when the next update falls in a
 * later bucket (`x: true`). A bucket without trades is flat at the last close.
 */
import { Decimal } from 'decimal.js';

import type { SyntheticTrade } from './synthetic.js';
import type { Step } from './units.js';

/** Intervals served, with their length in ms. */
export const KLINE_INTERVALS: Readonly<Record<string, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
};

interface Bucket {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  takerBuy: number;
  quote: Decimal;
  takerQuote: Decimal;
  trades: number;
  firstId: number;
  lastId: number;
}

/** The klines of one symbol. */
export class KlineBuilder {
  readonly #symbol: string;
  readonly #tick: Step;
  readonly #lot: Step;
  readonly #buckets = new Map<string, Bucket>();

  constructor(symbol: string, tick: Step, lot: Step) {
    this.#symbol = symbol;
    this.#tick = tick;
    this.#lot = lot;
  }

  /**
   * Applies an update's trades at `nowMs` and returns the kline payloads of the intervals in
   * `wanted` (closed ones first), keyed by interval.
   */
  update(
    nowMs: number,
    trades: readonly SyntheticTrade[],
    midTicks: number,
    wanted: ReadonlySet<string>,
  ): { interval: string; data: Record<string, unknown> }[] {
    const out: { interval: string; data: Record<string, unknown> }[] = [];
    for (const [interval, len] of Object.entries(KLINE_INTERVALS)) {
      const start = Math.floor(nowMs / len) * len;
      let b = this.#buckets.get(interval);
      if (b !== undefined && b.start !== start) {
        if (wanted.has(interval)) out.push({ interval, data: this.#payload(interval, len, b, true, nowMs) });
        b = fresh(start, b.close);
        this.#buckets.set(interval, b);
      } else if (b === undefined) {
        b = fresh(start, midTicks);
        this.#buckets.set(interval, b);
      }
      for (const t of trades) {
        if (b.trades === 0) b.firstId = t.id;
        b.lastId = t.id;
        b.trades++;
        b.high = Math.max(b.high, t.ticks);
        b.low = Math.min(b.low, t.ticks);
        b.close = t.ticks;
        b.volume += t.steps;
        const quote = new Decimal(this.#tick.format(t.ticks)).mul(this.#lot.format(t.steps));
        b.quote = b.quote.add(quote);
        if (!t.buyerMaker) {
          b.takerBuy += t.steps;
          b.takerQuote = b.takerQuote.add(quote);
        }
      }
      if (wanted.has(interval)) out.push({ interval, data: this.#payload(interval, len, b, false, nowMs) });
    }
    return out;
  }

  #payload(
    interval: string,
    len: number,
    b: Bucket,
    closed: boolean,
    nowMs: number,
  ): Record<string, unknown> {
    const p = (t: number) => this.#tick.format(t);
    const q = (s: number) => this.#lot.format(s);
    const dp = this.#tick.precision + this.#lot.precision;
    return {
      e: 'kline',
      E: nowMs,
      s: this.#symbol,
      k: {
        t: b.start,
        T: b.start + len - 1,
        s: this.#symbol,
        i: interval,
        f: b.trades === 0 ? -1 : b.firstId,
        L: b.trades === 0 ? -1 : b.lastId,
        o: p(b.open),
        c: p(b.close),
        h: p(b.high),
        l: p(b.low),
        v: q(b.volume),
        n: b.trades,
        x: closed,
        q: b.quote.toFixed(dp),
        V: q(b.takerBuy),
        Q: b.takerQuote.toFixed(dp),
        B: '0',
      },
    };
  }
}

function fresh(start: number, price: number): Bucket {
  return {
    start,
    open: price,
    high: price,
    low: price,
    close: price,
    volume: 0,
    takerBuy: 0,
    quote: new Decimal(0),
    takerQuote: new Decimal(0),
    trades: 0,
    firstId: -1,
    lastId: -1,
  };
}
