import { describe, expect, it } from 'vitest';

import type { BookLike } from '../../ts/engine/index.js';
import {
  type Bar,
  type OrderBookDeltas,
  orderBookDelta,
  orderBookDeltas,
  Price,
  parseBarType,
  Quantity,
  type QuoteTick,
} from '../../ts/model/index.js';
import { Actor } from '../../ts/trading/actor.js';
import { BTCUSDT, Desk, MIN, quote, SEC, TRADER } from '../engine/fixtures.js';

class Watcher extends Actor {
  readonly seen: string[] = [];
  constructor() {
    super('WATCHER-001');
  }
  override onQuoteTick(q: QuoteTick): void {
    this.seen.push(`quote ${q.bidPrice}`);
  }
  override onBar(b: Bar): void {
    this.seen.push(`bar ${b.open}-${b.close}`);
  }
  override onOrderBookDeltas(d: OrderBookDeltas): void {
    this.seen.push(`deltas ${d.deltas.length}`);
  }
  override onOrderBook(b: BookLike): void {
    this.seen.push(`book ${b.bestBidPrice()}`);
  }
}

function wired(desk: Desk): Watcher {
  const a = new Watcher();
  a.register({
    traderId: TRADER,
    bus: desk.bus,
    cache: desk.cache,
    clock: desk.clock,
    portfolio: desk.portfolio,
  });
  return a;
}

describe('Actor: data only', () => {
  it('gets internal bars aggregated by the data engine from its quotes', async () => {
    const desk = new Desk();
    const a = wired(desk);
    await a.start();
    a.subscribeBars(parseBarType(`${BTCUSDT.id.value}-1-MINUTE-BID-INTERNAL`));
    const t = desk.now();
    desk.binanceData.emit(quote(BTCUSDT.id, '100.00', '100.10', t + SEC));
    desk.binanceData.emit(quote(BTCUSDT.id, '101.00', '101.10', t + 2n * SEC));
    desk.advance(MIN);
    expect(a.seen).toEqual(['bar 100.00-101.00']);
    expect(a.subscribedTopics).toEqual([`data.bars.${BTCUSDT.id.value}-1-MINUTE-BID-INTERNAL`]);
  });

  it('gets book deltas after the cache book applied them, and book snapshots on its interval', async () => {
    const desk = new Desk();
    const a = wired(desk);
    await a.start();
    a.subscribeOrderBookDeltas(BTCUSDT.id);
    a.subscribeOrderBook(BTCUSDT.id, 1000);
    expect(desk.binanceData.calls).toContain(`subscribeBookDeltas ${BTCUSDT.id}`);
    const ts = desk.now();
    desk.binanceData.emit(
      orderBookDeltas(BTCUSDT.id, [
        orderBookDelta({
          instrumentId: BTCUSDT.id,
          action: 'ADD',
          order: { side: 'BUY', price: Price.from('99.50'), size: Quantity.from('1.000'), orderId: 1n },
          tsEvent: ts,
          tsInit: ts,
        }),
      ]),
    );
    desk.advance(SEC);
    expect(a.seen).toEqual(['deltas 1', 'book 99.50']);
  });

  it('unsubscribes everything when disposed', async () => {
    const desk = new Desk();
    const a = wired(desk);
    await a.start();
    a.subscribeQuoteTicks(BTCUSDT.id);
    await a.stop();
    await a.dispose();
    expect(a.subscribedTopics).toEqual([]);
    expect(desk.binanceData.calls).toContain(`unsubscribeQuotes ${BTCUSDT.id}`);
    expect(() =>
      a.register({
        traderId: TRADER,
        bus: desk.bus,
        cache: desk.cache,
        clock: desk.clock,
        portfolio: desk.portfolio,
      }),
    ).toThrow(/registered already/);
  });
});
