/**
 * Bar aggregation: INTERNAL bars built from quotes (BID, ASK or MID) or trades (LAST), exactly.
 *
 * # What each kind closes on
 * | aggregation                  | a bar is built when                                         |
 * |------------------------------|-------------------------------------------------------------|
 * | TICK (step n)                | n updates were applied                                      |
 * | VOLUME (step n)              | the volume reaches n (an update that crosses is split: the rest opens the next bar at the same price) |
 * | VALUE (step n)               | the sum of price * size reaches n quote units (split the same way, at the update's size precision, rounded up) |
 * | MILLISECOND .. WEEK (step n) | the clock passes the close of each interval of the UTC grid (timers on the engine's clock) |
 *
 * # Exactness
 * Prices are the ticks' own `Price`s (high/low by comparison, never converted); volume is summed
 * on the raw `bigint` at the finest size precision seen. The MID price is `midPrice` of the
 * cache (one decimal finer than bid/ask) and the MID size is (bid size + ask size) / 2 the same
 * way.
 *
 * # Time bars: which bar a tick at a close time belongs to
 * `left-open` (default): an interval is (open, close], so a tick stamped exactly at a close time
 * belongs to the bar closing then; `right-open`: [open, close), it opens the next bar. The bar
 * closing at T is built by the timer at T, or earlier by the first tick that belongs after it
 * (a tick with `tsEvent` > T, or >= T for right-open) when the timer has not fired yet, so the
 * result does not depend on whether data or timers at one timestamp are processed first,
 * except for a left-open tick at exactly T processed after the timer at T: that bar is already
 * out, and the tick goes to the next one. (A backtest processes data at T before timers at T.)
 * Bars are stamped with their close time (`timeBarsTimestampOnClose`, default) or open time.
 * With `timeBarsBuildWithNoUpdates` an interval without updates gives a flat bar at the last
 * close with zero volume (none before the first update); `timeBarsSkipFirstNonFullBar` drops
 * the first bar when the aggregator started inside its interval.
 */
import { midPrice } from '../cache/index.js';
import type { Clock, TimeEvent } from '../common/index.js';
import type { QuoteTick, TradeTick } from '../model/data/index.js';
import { type Bar, type BarType, bar, barIntervalNs, barTypeToString } from '../model/data/index.js';
import type { Instrument } from '../model/instruments/index.js';
import { FIXED_SCALE, type Price, Quantity } from '../model/values/index.js';
import { EngineError, EngineErrorCode } from './errors.js';

const S = 10n ** BigInt(FIXED_SCALE);
const UNIT: readonly bigint[] = Array.from(
  { length: FIXED_SCALE + 1 },
  (_, p) => 10n ** BigInt(FIXED_SCALE - p),
);

/** Receives every bar an aggregator builds. */
export type BarHandler = (bar: Bar) => void;

/** Time bar settings (the names of `LiveDataEngineConfig`). */
export interface TimeBarOptions {
  readonly timeBarsBuildWithNoUpdates: boolean;
  readonly timeBarsTimestampOnClose: boolean;
  readonly timeBarsSkipFirstNonFullBar: boolean;
  readonly timeBarsIntervalType: 'left-open' | 'right-open';
}

export const DEFAULT_TIME_BAR_OPTIONS: TimeBarOptions = Object.freeze({
  timeBarsBuildWithNoUpdates: true,
  timeBarsTimestampOnClose: true,
  timeBarsSkipFirstNonFullBar: false,
  timeBarsIntervalType: 'left-open',
});

/** (a + b) / 2 of two raws, one decimal finer than `precision` (max 16), half-even at 16. */
function midSize(a: Quantity, b: Quantity): Quantity {
  const sum = a.raw + b.raw;
  let half = sum / 2n;
  if (sum % 2n !== 0n && half % 2n !== 0n) half += 1n;
  return Quantity.fromRaw(half, Math.min(Math.max(a.precision, b.precision) + 1, FIXED_SCALE));
}

/** Open, high, low, close and volume of the bar being built. */
export class BarBuilder {
  readonly barType: BarType;
  #open: Price | null = null;
  #high: Price | null = null;
  #low: Price | null = null;
  #close: Price | null = null;
  #volumeRaw = 0n;
  #volumePrecision: number;
  #count = 0;
  #lastClose: Price | null = null;

  constructor(barType: BarType, sizePrecision: number) {
    this.barType = barType;
    this.#volumePrecision = sizePrecision;
  }

  /** Updates applied since the last bar. */
  get count(): number {
    return this.#count;
  }
  get volumeRaw(): bigint {
    return this.#volumeRaw;
  }
  /** The close of the last bar built (or of the current one once updated). */
  get lastClose(): Price | null {
    return this.#close ?? this.#lastClose;
  }

  update(price: Price, sizeRaw: bigint, sizePrecision: number): void {
    if (this.#open === null) {
      this.#open = price;
      this.#high = price;
      this.#low = price;
    } else {
      if (price.gt(this.#high!)) this.#high = price;
      if (price.lt(this.#low!)) this.#low = price;
    }
    this.#close = price;
    this.#volumeRaw += sizeRaw;
    if (sizePrecision > this.#volumePrecision) this.#volumePrecision = sizePrecision;
    this.#count += 1;
  }

  /** The bar of the updates so far (or a flat one at the last close); resets. `null` when neither. */
  build(tsEvent: bigint, tsInit: bigint): Bar | null {
    const open = this.#open ?? this.#lastClose;
    if (open === null) return null;
    const b = bar({
      barType: this.barType,
      open,
      high: this.#high ?? open,
      low: this.#low ?? open,
      close: this.#close ?? open,
      volume: Quantity.fromRaw(this.#volumeRaw, this.#volumePrecision),
      tsEvent,
      tsInit,
    });
    this.#lastClose = b.close;
    this.reset();
    return b;
  }

  /** Drops the updates so far (keeps the last close). */
  reset(): void {
    if (this.#close !== null) this.#lastClose = this.#close;
    this.#open = null;
    this.#high = null;
    this.#low = null;
    this.#close = null;
    this.#volumeRaw = 0n;
    this.#count = 0;
  }
}

/** Turns quotes or trades into bars of one bar type. */
export abstract class BarAggregator {
  readonly barType: BarType;
  readonly key: string;
  protected readonly builder: BarBuilder;
  protected readonly handler: BarHandler;
  readonly #fromQuotes: boolean;

  protected constructor(barType: BarType, instrument: Instrument, handler: BarHandler) {
    this.barType = barType;
    this.key = barTypeToString(barType);
    this.builder = new BarBuilder(barType, instrument.sizePrecision);
    this.handler = handler;
    this.#fromQuotes = barType.spec.priceType !== 'LAST';
  }

  /** True when fed from quotes (BID, ASK, MID); false from trades (LAST). */
  get fromQuotes(): boolean {
    return this.#fromQuotes;
  }

  handleQuote(q: QuoteTick): void {
    if (!this.#fromQuotes) return;
    switch (this.barType.spec.priceType) {
      case 'BID':
        this.apply(q.bidPrice, q.bidSize, q.tsEvent, q.tsInit);
        return;
      case 'ASK':
        this.apply(q.askPrice, q.askSize, q.tsEvent, q.tsInit);
        return;
      default:
        this.apply(midPrice(q), midSize(q.bidSize, q.askSize), q.tsEvent, q.tsInit);
    }
  }

  handleTrade(t: TradeTick): void {
    if (this.#fromQuotes) return;
    this.apply(t.price, t.size, t.tsEvent, t.tsInit);
  }

  /** Stops the aggregator (cancels its timer, if any). */
  stop(): void {}

  protected abstract apply(price: Price, size: Quantity, tsEvent: bigint, tsInit: bigint): void;

  protected emit(b: Bar | null): void {
    if (b !== null) this.handler(b);
  }
}

/** A bar every `step` updates. */
export class TickBarAggregator extends BarAggregator {
  readonly #step: number;

  constructor(barType: BarType, instrument: Instrument, handler: BarHandler) {
    super(barType, instrument, handler);
    this.#step = barType.spec.step;
  }

  protected apply(price: Price, size: Quantity, tsEvent: bigint, tsInit: bigint): void {
    this.builder.update(price, size.raw, size.precision);
    if (this.builder.count >= this.#step) this.emit(this.builder.build(tsEvent, tsInit));
  }
}

/** A bar every `step` units of volume; an update that crosses the threshold is split. */
export class VolumeBarAggregator extends BarAggregator {
  readonly #stepRaw: bigint;

  constructor(barType: BarType, instrument: Instrument, handler: BarHandler) {
    super(barType, instrument, handler);
    this.#stepRaw = BigInt(barType.spec.step) * S;
  }

  protected apply(price: Price, size: Quantity, tsEvent: bigint, tsInit: bigint): void {
    let rest = size.raw;
    if (rest === 0n) {
      this.builder.update(price, 0n, size.precision);
      return;
    }
    while (rest > 0n) {
      const need = this.#stepRaw - this.builder.volumeRaw;
      if (rest < need) {
        this.builder.update(price, rest, size.precision);
        return;
      }
      this.builder.update(price, need, size.precision);
      rest -= need;
      this.emit(this.builder.build(tsEvent, tsInit));
    }
  }
}

/** A bar every `step` quote units of value (price * size); an update that crosses it is split. */
export class ValueBarAggregator extends BarAggregator {
  readonly #stepRaw: bigint;
  // Sum of price * size at 16 decimals.
  #valueRaw = 0n;

  constructor(barType: BarType, instrument: Instrument, handler: BarHandler) {
    super(barType, instrument, handler);
    this.#stepRaw = BigInt(barType.spec.step) * S;
  }

  protected apply(price: Price, size: Quantity, tsEvent: bigint, tsInit: bigint): void {
    let rest = size.raw;
    const px = price.raw;
    if (px <= 0n || rest === 0n) {
      this.builder.update(price, rest, size.precision);
      return;
    }
    const unit = UNIT[size.precision]!;
    while (rest > 0n) {
      const need = this.#stepRaw - this.#valueRaw;
      const value = (px * rest) / S;
      if (value < need) {
        this.builder.update(price, rest, size.precision);
        this.#valueRaw += value;
        return;
      }
      // The smallest size (at the update's precision) whose value reaches `need`.
      let part = ((need * S + px * unit - 1n) / (px * unit)) * unit;
      if (part > rest) part = rest;
      this.builder.update(price, part, size.precision);
      rest -= part;
      this.#valueRaw = 0n;
      this.emit(this.builder.build(tsEvent, tsInit));
    }
  }
}

/** A bar per interval of the UTC grid, closed by the clock (see the module doc). */
export class TimeBarAggregator extends BarAggregator {
  readonly #clock: Clock;
  readonly #options: TimeBarOptions;
  readonly #intervalNs: bigint;
  readonly #timerName: string;
  #nextCloseNs: bigint;
  #skipNext: boolean;

  constructor(
    barType: BarType,
    instrument: Instrument,
    handler: BarHandler,
    clock: Clock,
    options: TimeBarOptions = DEFAULT_TIME_BAR_OPTIONS,
  ) {
    super(barType, instrument, handler);
    const interval = barIntervalNs(barType.spec);
    if (interval === null) {
      throw new EngineError(EngineErrorCode.ENGINE_INVALID_ARGUMENT, `${this.key} is not a time bar type`);
    }
    this.#clock = clock;
    this.#options = options;
    this.#intervalNs = interval;
    const now = clock.timestampNs();
    const start = now - (now % interval);
    this.#nextCloseNs = start + interval;
    this.#skipNext = options.timeBarsSkipFirstNonFullBar && start !== now;
    this.#timerName = `DataEngine.bars.${this.key}`;
    clock.setTimer({
      name: this.#timerName,
      intervalNs: interval,
      startNs: start,
      callback: (e: TimeEvent) => this.closeUpTo(e.tsEvent),
    });
  }

  /** Close time of the bar being built. */
  get nextCloseNs(): bigint {
    return this.#nextCloseNs;
  }

  override stop(): void {
    this.#clock.cancelTimer(this.#timerName);
  }

  protected apply(price: Price, size: Quantity, tsEvent: bigint, _tsInit: bigint): void {
    // A tick past the current interval closes it first (the timer has not fired yet).
    this.closeUpTo(this.#options.timeBarsIntervalType === 'left-open' ? tsEvent - 1n : tsEvent);
    this.builder.update(price, size.raw, size.precision);
  }

  /** Builds every bar whose close time is at or before `ts`. */
  closeUpTo(ts: bigint): void {
    while (this.#nextCloseNs <= ts) {
      const close = this.#nextCloseNs;
      this.#nextCloseNs = close + this.#intervalNs;
      if (this.#skipNext) {
        this.#skipNext = false;
        this.builder.reset();
        continue;
      }
      if (this.builder.count === 0 && !this.#options.timeBarsBuildWithNoUpdates) continue;
      const stamp = this.#options.timeBarsTimestampOnClose ? close : close - this.#intervalNs;
      this.emit(this.builder.build(stamp, this.#clock.timestampNs()));
    }
  }
}

/** The aggregator for a bar type's aggregation (see the module doc). */
export function createBarAggregator(
  barType: BarType,
  instrument: Instrument,
  handler: BarHandler,
  clock: Clock,
  options: TimeBarOptions = DEFAULT_TIME_BAR_OPTIONS,
): BarAggregator {
  switch (barType.spec.aggregation) {
    case 'TICK':
      return new TickBarAggregator(barType, instrument, handler);
    case 'VOLUME':
      return new VolumeBarAggregator(barType, instrument, handler);
    case 'VALUE':
      return new ValueBarAggregator(barType, instrument, handler);
    case 'MILLISECOND':
    case 'SECOND':
    case 'MINUTE':
    case 'HOUR':
    case 'DAY':
    case 'WEEK':
      return new TimeBarAggregator(barType, instrument, handler, clock, options);
  }
}
