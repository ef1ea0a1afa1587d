/**
 * EMA cross: long when the fast EMA of bar closes is above the slow one, short when below,
 * reversing with a market order at each cross. A plain example strategy, on bars.
 */
import { z } from 'zod';

import { StrategyConfig } from '../../config/index.js';
import { type Bar, type BarType, parseBarType } from '../../model/data/index.js';
import { InstrumentId } from '../../model/identifiers/index.js';
import { Quantity } from '../../model/values/index.js';
import { Strategy } from '../../trading/strategy.js';

/** Config of {@link EmaCross}: the base settings plus its own. */
export const EmaCrossConfig = StrategyConfig.extend({
  instrumentId: z.string(),
  /** e.g. `BTCUSDT-PERP.SIM-1-MINUTE-LAST-EXTERNAL`. */
  barType: z.string(),
  fastPeriod: z.int().positive().default(10),
  slowPeriod: z.int().positive().default(30),
  tradeSize: z.string(),
});
export type EmaCrossConfig = z.infer<typeof EmaCrossConfig>;

/** An exponential moving average (a float indicator: it only decides, never prices). */
export class Ema {
  readonly period: number;
  readonly #alpha: number;
  value = 0;
  count = 0;
  constructor(period: number) {
    this.period = period;
    this.#alpha = 2 / (period + 1);
  }
  update(x: number): void {
    this.value = this.count === 0 ? x : this.#alpha * x + (1 - this.#alpha) * this.value;
    this.count += 1;
  }
  get initialized(): boolean {
    return this.count >= this.period;
  }
}

export class EmaCross extends Strategy<EmaCrossConfig> {
  /** Parses a config given in a node's `strategies` (see `loadStrategy`). */
  static readonly configSchema = EmaCrossConfig;
  readonly instrumentId: InstrumentId;
  readonly barType: BarType;
  readonly tradeSize: Quantity;
  #fast: Ema;
  #slow: Ema;

  constructor(config: EmaCrossConfig) {
    super(config);
    this.instrumentId = InstrumentId.from(config.instrumentId);
    this.barType = parseBarType(config.barType);
    this.tradeSize = Quantity.from(config.tradeSize);
    this.#fast = new Ema(config.fastPeriod);
    this.#slow = new Ema(config.slowPeriod);
  }

  protected override onStart(): void {
    this.subscribeBars(this.barType);
  }

  protected override onStop(): void {
    this.cancelAllOrders(this.instrumentId);
    this.closeAllPositions(this.instrumentId);
  }

  protected override onReset(): void {
    this.#fast = new Ema(this.config.fastPeriod);
    this.#slow = new Ema(this.config.slowPeriod);
  }

  override onBar(bar: Bar): void {
    const close = bar.close.toNumber();
    this.#fast.update(close);
    this.#slow.update(close);
    if (!this.#slow.initialized) return;
    const up = this.#fast.value >= this.#slow.value;
    const position = this.cache.positionsOpen({
      instrumentId: this.instrumentId,
      strategyId: this.strategyId,
    })[0];
    if (up) {
      if (position === undefined) this.#enter('BUY');
      else if (position.isShort) {
        this.closePosition(position);
        this.#enter('BUY');
      }
    } else if (position === undefined) this.#enter('SELL');
    else if (position.isLong) {
      this.closePosition(position);
      this.#enter('SELL');
    }
  }

  #enter(side: 'BUY' | 'SELL'): void {
    this.submitOrder(
      this.orderFactory.market({ instrumentId: this.instrumentId, side, quantity: this.tradeSize }),
    );
  }
}
