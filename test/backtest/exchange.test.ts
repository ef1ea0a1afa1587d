import { describe, expect, it } from 'vitest';

import { BacktestEngine } from '../../ts/backtest/engine.js';
import type { StrategyConfig } from '../../ts/config/index.js';
import {
  CurrencyPair,
  Money,
  type OrderEvent,
  Price,
  Quantity,
  type QuoteTick,
  quoteTick,
} from '../../ts/model/index.js';
import { Strategy } from '../../ts/trading/strategy.js';

const SEC = 1_000_000_000n;
const T0 = 1_700_000_000n * SEC;
const SPOT = CurrencyPair.create({
  id: 'BTCUSDT.SIM',
  baseCurrency: 'BTC',
  quoteCurrency: 'USDT',
  pricePrecision: 2,
  priceIncrement: '0.01',
  sizePrecision: 3,
  sizeIncrement: '0.001',
  makerFee: '0.001',
  takerFee: '0.001',
});
const q = (bid: string, ask: string, ts: bigint): QuoteTick =>
  quoteTick({
    instrumentId: SPOT.id,
    bidPrice: Price.from(bid),
    askPrice: Price.from(ask),
    bidSize: Quantity.from('1.000'),
    askSize: Quantity.from('1.000'),
    tsEvent: ts,
    tsInit: ts,
  });

/** Runs `onFirst` on the first quote and records every order event as `type clientOrderId`. */
class Probe extends Strategy {
  readonly events: string[] = [];
  onFirst: (s: Probe, q: QuoteTick) => void = () => {};
  #first = true;
  protected override onStart(): void {
    this.subscribeQuoteTicks(SPOT.id);
  }
  override onQuoteTick(quote: QuoteTick): void {
    if (this.#first) this.onFirst(this, quote);
    this.#first = false;
  }
  override onOrderEvent(e: OrderEvent): void {
    const extra = e.type === 'OrderRejected' ? ` postOnly=${e.dueToPostOnly}` : '';
    this.events.push(`${e.type}@${(e.tsEvent - T0) / SEC}${extra}`);
  }
}

async function run(onFirst: (s: Probe, q: QuoteTick) => void, config: Partial<StrategyConfig> = {}) {
  const engine = new BacktestEngine();
  engine.addVenue({
    venue: 'SIM',
    omsType: 'NETTING',
    accountType: 'CASH',
    startingBalances: [Money.from('100000', 'USDT')],
  });
  engine.addInstrument(SPOT);
  engine.addData([
    q('100.00', '100.10', T0 + SEC),
    q('100.00', '100.10', T0 + 5n * SEC),
    q('99.00', '99.10', T0 + 9n * SEC),
  ]);
  const s = new Probe(config as StrategyConfig);
  s.onFirst = onFirst;
  engine.addStrategy(s);
  const result = await engine.run();
  return { s, result };
}

describe('SimulatedExchange: the events a venue causes', () => {
  it('a post-only order that would cross is REJECTED with dueToPostOnly', async () => {
    const { s } = await run((st) =>
      st.submitOrder(
        st.orderFactory.limit({
          instrumentId: SPOT.id,
          side: 'BUY',
          quantity: Quantity.from('0.500'),
          price: Price.from('100.10'),
          postOnly: true,
        }),
      ),
    );
    expect(s.events).toEqual(['OrderSubmitted@1', 'OrderRejected@1 postOnly=true']);
  });

  it('a GTD order expires at the venue at its expiry time (no strategy timer needed)', async () => {
    const { s, result } = await run((st) =>
      st.submitOrder(
        st.orderFactory.limit({
          instrumentId: SPOT.id,
          side: 'BUY',
          quantity: Quantity.from('0.500'),
          price: Price.from('90.00'),
          timeInForce: 'GTD',
          expireTimeNs: T0 + 3n * SEC,
        }),
      ),
    );
    expect(s.events).toEqual(['OrderSubmitted@1', 'OrderAccepted@1', 'OrderExpired@3']);
    expect(result.orders[0]!.status).toBe('EXPIRED');
  });

  it('a resting limit fills when the market comes to it, as maker, with an AccountState after', async () => {
    const { s, result } = await run((st) =>
      st.submitOrder(
        st.orderFactory.limit({
          instrumentId: SPOT.id,
          side: 'BUY',
          quantity: Quantity.from('0.500'),
          price: Price.from('99.50'),
        }),
      ),
    );
    expect(s.events).toEqual(['OrderSubmitted@1', 'OrderAccepted@1', 'OrderFilled@9']);
    expect(result.fills[0]).toMatchObject({
      price: '99.50',
      liquiditySide: 'MAKER',
      commission: '0.04975000 USDT',
    });
    // 100000 - 49.75 - 0.04975 = 99950.20025 USDT, 0.5 BTC.
    expect(result.accounts[0]!.balances.map((b) => b.total)).toEqual([
      '99950.20025000 USDT',
      '0.50000000 BTC',
    ]);
  });

  it('a CASH venue rejects an order beyond the balance its resting orders leave free', async () => {
    const { s } = await run((st) => {
      for (let i = 0; i < 2; i++) {
        // Each needs 600 * 90.00 + 0.1% taker fee = 54054 USDT of the 100000.
        st.submitOrder(
          st.orderFactory.limit({
            instrumentId: SPOT.id,
            side: 'BUY',
            quantity: Quantity.from('600.000'),
            price: Price.from('90.00'),
          }),
        );
      }
    });
    expect(s.events).toEqual([
      'OrderSubmitted@1',
      'OrderSubmitted@1',
      'OrderAccepted@1',
      'OrderRejected@1 postOnly=false',
    ]);
  });

  it('modify and cancel reach the matching engine: UPDATED then CANCELED', async () => {
    const { s, result } = await run((st) => {
      const o = st.orderFactory.limit({
        instrumentId: SPOT.id,
        side: 'BUY',
        quantity: Quantity.from('0.500'),
        price: Price.from('90.00'),
      });
      st.submitOrder(o);
      st.clock.setTimeAlert({
        name: 'modify',
        alertTimeNs: T0 + 2n * SEC,
        callback: () => st.modifyOrder(o, { price: Price.from('91.00') }),
      });
      st.clock.setTimeAlert({
        name: 'cancel',
        alertTimeNs: T0 + 3n * SEC,
        callback: () => st.cancelOrder(o),
      });
    });
    expect(s.events).toEqual([
      'OrderSubmitted@1',
      'OrderAccepted@1',
      'OrderPendingUpdate@2',
      'OrderUpdated@2',
      'OrderPendingCancel@3',
      'OrderCanceled@3',
    ]);
    expect(result.orders[0]).toMatchObject({ price: '91.00', status: 'CANCELED' });
  });
});

describe('SimulatedExchange: an L2 venue', () => {
  it('a marketable limit walks the book built from deltas (one fill per level, as taker)', async () => {
    const { orderBookDelta, orderBookDeltas } = await import('../../ts/model/index.js');
    const ts = T0 + SEC;
    const add = (side: 'BUY' | 'SELL', price: string, size: string, id: bigint) =>
      orderBookDelta({
        instrumentId: SPOT.id,
        action: 'ADD',
        order: { side, price: Price.from(price), size: Quantity.from(size), orderId: id },
        tsEvent: ts,
        tsInit: ts,
      });
    class Taker extends Strategy {
      protected override onStart(): void {
        this.subscribeOrderBookDeltas(SPOT.id);
      }
      override onOrderBookDeltas(): void {
        if (this.cache.orders().length > 0) return;
        // A limit through two levels (the risk engine prices market orders from quotes only).
        this.submitOrder(
          this.orderFactory.limit({
            instrumentId: SPOT.id,
            side: 'BUY',
            quantity: Quantity.from('2.000'),
            price: Price.from('101.00'),
          }),
        );
      }
    }
    const engine = new BacktestEngine();
    engine.addVenue({
      venue: 'SIM',
      omsType: 'NETTING',
      accountType: 'CASH',
      bookType: 'L2_MBP',
      startingBalances: [Money.from('100000', 'USDT')],
    });
    engine.addInstrument(SPOT);
    engine.addData([
      orderBookDeltas(SPOT.id, [
        add('BUY', '99.00', '1.000', 1n),
        add('SELL', '100.00', '1.000', 2n),
        add('SELL', '101.00', '2.000', 3n),
      ]),
    ]);
    engine.addStrategy(new Taker());
    const r = await engine.run();
    expect(r.fills.map((f) => `${f.quantity}@${f.price} ${f.liquiditySide}`)).toEqual([
      '1.000@100.00 TAKER',
      '1.000@101.00 TAKER',
    ]);
    expect(r.orders[0]).toMatchObject({ status: 'FILLED', avgPx: '100.5' });
  });
});
