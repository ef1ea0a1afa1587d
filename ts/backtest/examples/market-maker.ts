/**
 * A small market maker with brackets: it bids (or offers) one tick behind the touch with a
 * bracket (limit entry, take-profit `takeProfitTicks` away, stop-loss `stopLossTicks` away on the
 * other side), one bracket at a time, alternating sides, and re-quotes an entry left unfilled for
 * `refreshQuotes` quotes. The exits are held by the strategy until the entry fills and handled as
 * OUO by its contingent-order manager (`manageContingentOrders`).
 */
import { z } from 'zod';

import { StrategyConfig } from '../../config/index.js';
import type { QuoteTick } from '../../model/data/index.js';
import { InstrumentId } from '../../model/identifiers/index.js';
import type { Order } from '../../model/orders/index.js';
import { Price, Quantity } from '../../model/values/index.js';
import { Strategy } from '../../trading/strategy.js';

export const MarketMakerConfig = StrategyConfig.extend({
  instrumentId: z.string(),
  tradeSize: z.string(),
  takeProfitTicks: z.int().positive().default(5),
  stopLossTicks: z.int().positive().default(10),
  refreshQuotes: z.int().positive().default(20),
  manageContingentOrders: z.boolean().default(true),
});
export type MarketMakerConfig = z.infer<typeof MarketMakerConfig>;

export class MarketMaker extends Strategy<MarketMakerConfig> {
  /** Parses a config given in a node's `strategies` (see `loadStrategy`). */
  static readonly configSchema = MarketMakerConfig;
  readonly instrumentId: InstrumentId;
  readonly tradeSize: Quantity;
  #entry: Order | null = null;
  #age = 0;
  #nextSide: 'BUY' | 'SELL' = 'BUY';

  constructor(config: MarketMakerConfig) {
    super(config);
    this.instrumentId = InstrumentId.from(config.instrumentId);
    this.tradeSize = Quantity.from(config.tradeSize);
  }

  protected override onStart(): void {
    this.subscribeQuoteTicks(this.instrumentId);
  }

  protected override onStop(): void {
    this.cancelAllOrders(this.instrumentId);
    this.closeAllPositions(this.instrumentId);
  }

  protected override onReset(): void {
    this.#entry = null;
    this.#age = 0;
    this.#nextSide = 'BUY';
  }

  override onQuoteTick(q: QuoteTick): void {
    const filter = { instrumentId: this.instrumentId, strategyId: this.strategyId };
    const open = this.cache.ordersOpen(filter).length + this.cache.ordersInflight(filter).length;
    const positions = this.cache.positionsOpen(filter);
    const entry = this.#entry;
    if (entry?.isOpen && entry.filledQty.isZero()) {
      this.#age += 1;
      if (this.#age >= this.config.refreshQuotes && entry.status !== 'PENDING_CANCEL')
        this.cancelOrder(entry);
      return;
    }
    if (positions.length > 0 && open === 0) {
      // Exits gone (filled partly, or refused): flatten.
      this.closeAllPositions(this.instrumentId);
      return;
    }
    if (positions.length > 0 || open > 0) return;
    this.#quote(q);
  }

  #quote(q: QuoteTick): void {
    const tick = this.cache.instrument(this.instrumentId)!.priceIncrement;
    const at = (p: Price, ticks: number): Price =>
      Price.fromRaw(p.raw + BigInt(ticks) * tick.raw, tick.precision);
    const side = this.#nextSide;
    this.#nextSide = side === 'BUY' ? 'SELL' : 'BUY';
    const entryPrice = side === 'BUY' ? at(q.bidPrice, -1) : at(q.askPrice, 1);
    const dir = side === 'BUY' ? 1 : -1;
    const b = this.orderFactory.bracket({
      instrumentId: this.instrumentId,
      side,
      quantity: this.tradeSize,
      entryType: 'LIMIT',
      entryPrice,
      entryPostOnly: true,
      takeProfitPrice: at(entryPrice, dir * this.config.takeProfitTicks),
      tpPostOnly: false,
      stopLossTriggerPrice: at(entryPrice, -dir * this.config.stopLossTicks),
    });
    this.#entry = b.entry;
    this.#age = 0;
    this.submitOrderList(b);
  }
}
