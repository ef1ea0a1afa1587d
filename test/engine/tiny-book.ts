/**
 * A small L2 book in TS for the data engine's tests (the native OrderBook plugs into the same
 * `BookLike` interface). Refuses a DELETE or UPDATE of a level it does not hold, changing nothing.
 */
import type { BookLike } from '../../ts/engine/index.js';
import type { OrderBookDelta, OrderBookDeltas, Price } from '../../ts/model/index.js';

export class TinyBook implements BookLike {
  readonly bids = new Map<bigint, { price: Price; size: string }>();
  readonly asks = new Map<bigint, { price: Price; size: string }>();
  applied = 0;

  applyDelta(d: OrderBookDelta): void {
    this.#check(d);
    this.#apply(d);
  }

  applyDeltas(ds: OrderBookDeltas): void {
    // Check the whole batch first: a refused batch changes nothing.
    const probe = new TinyBook();
    for (const [k, v] of this.bids) probe.bids.set(k, v);
    for (const [k, v] of this.asks) probe.asks.set(k, v);
    for (const d of ds.deltas) {
      probe.#check(d);
      probe.#apply(d);
    }
    for (const d of ds.deltas) this.#apply(d);
  }

  #check(d: OrderBookDelta): void {
    if (d.action !== 'DELETE' && d.action !== 'UPDATE') return;
    const side = d.order!.side === 'BUY' ? this.bids : this.asks;
    if (!side.has(d.order!.price.raw)) throw new Error(`no level ${d.order!.price} to ${d.action}`);
  }

  #apply(d: OrderBookDelta): void {
    this.applied += 1;
    if (d.action === 'CLEAR') {
      this.bids.clear();
      this.asks.clear();
      return;
    }
    const o = d.order!;
    const side = o.side === 'BUY' ? this.bids : this.asks;
    if (d.action === 'DELETE') side.delete(o.price.raw);
    else side.set(o.price.raw, { price: o.price, size: o.size.toString() });
  }

  bestBidPrice(): Price | null {
    let best: Price | null = null;
    for (const l of this.bids.values()) if (best === null || l.price.gt(best)) best = l.price;
    return best;
  }

  bestAskPrice(): Price | null {
    let best: Price | null = null;
    for (const l of this.asks.values()) if (best === null || l.price.lt(best)) best = l.price;
    return best;
  }
}
