/**
 * A small seeded market generator for examples, tests and benchmarks: a random walk of the mid
 * price in whole ticks (exact prices, no float drift), with a constant spread. The same seed and
 * options give the same data on every machine.
 */
import {
  type Bar,
  type BarType,
  bar,
  parseBarType,
  type QuoteTick,
  quoteTick,
} from '../../model/data/index.js';
import type { Instrument } from '../../model/instruments/index.js';
import { Price, Quantity } from '../../model/values/index.js';

/** A seeded PRNG (mulberry32): floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of the generators. */
export interface SyntheticMarketOptions {
  readonly instrument: Instrument;
  readonly seed: number;
  /** Number of quotes (or bars). */
  readonly count: number;
  /** Time of the first point, UNIX ns. */
  readonly startNs: bigint;
  /** Time between points, ns. */
  readonly intervalNs: bigint;
  /** First mid price, e.g. `'50000.0'`. */
  readonly startPrice: string;
  /** Standard deviation of one step, in ticks (default 5). */
  readonly stepTicks?: number;
  /** Spread in ticks (default 1). */
  readonly spreadTicks?: number;
  /** Top-of-book size on each side (default `'1'` at the instrument's size precision). */
  readonly size?: string;
}

/** A walk in whole ticks: one normal step (Box-Muller) per call. */
function walker(o: SyntheticMarketOptions): () => bigint {
  const rnd = seededRandom(o.seed);
  const sd = o.stepTicks ?? 5;
  let ticks = Price.from(o.startPrice).raw / o.instrument.priceIncrement.raw;
  return () => {
    const u = 1 - rnd();
    const v = rnd();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    ticks += BigInt(Math.round(z * sd));
    if (ticks < 100n) ticks = 100n; // keep prices positive and away from zero
    return ticks;
  };
}

function px(o: SyntheticMarketOptions, ticks: bigint): Price {
  const inc = o.instrument.priceIncrement;
  return Price.fromRaw(ticks * inc.raw, inc.precision);
}

/** `count` quotes, bid = mid, ask = mid + spread. */
export function syntheticQuotes(o: SyntheticMarketOptions): QuoteTick[] {
  const next = walker(o);
  const spread = BigInt(o.spreadTicks ?? 1);
  const size = o.instrument.makeQty(o.size ?? '1');
  const out: QuoteTick[] = [];
  for (let i = 0; i < o.count; i++) {
    const t = next();
    const ts = o.startNs + BigInt(i) * o.intervalNs;
    out.push(
      quoteTick({
        instrumentId: o.instrument.id,
        bidPrice: px(o, t),
        askPrice: px(o, t + spread),
        bidSize: size,
        askSize: size,
        tsEvent: ts,
        tsInit: ts,
      }),
    );
  }
  return out;
}

/** `count` EXTERNAL bars of `barType` (default 1-MINUTE-LAST), each from 10 walk steps. */
export function syntheticBars(o: SyntheticMarketOptions & { readonly barType?: BarType }): Bar[] {
  const next = walker(o);
  const barType = o.barType ?? parseBarType(`${o.instrument.id.value}-1-MINUTE-LAST-EXTERNAL`);
  const volume = Quantity.from(o.size ?? '10', o.instrument.sizePrecision);
  const out: Bar[] = [];
  let open = next();
  for (let i = 0; i < o.count; i++) {
    let high = open;
    let low = open;
    let close = open;
    for (let s = 0; s < 10; s++) {
      close = next();
      if (close > high) high = close;
      if (close < low) low = close;
    }
    const ts = o.startNs + BigInt(i + 1) * o.intervalNs;
    out.push(
      bar({
        barType,
        open: px(o, open),
        high: px(o, high),
        low: px(o, low),
        close: px(o, close),
        volume,
        tsEvent: ts,
        tsInit: ts,
      }),
    );
    open = close;
  }
  return out;
}
