import { describe, expect, it } from 'vitest';

import type { StrategyConfig } from '../../ts/config/index.js';
import { Endpoint } from '../../ts/engine/index.js';
import type { OrderEvent, OrderFilled, QuoteTick } from '../../ts/model/index.js';
import { Price, Quantity } from '../../ts/model/index.js';
import type { PositionEvent } from '../../ts/trading/strategy.js';
import { Strategy } from '../../ts/trading/strategy.js';
import { BTCUSDT, Desk, quote, SEC, TRADER } from '../engine/fixtures.js';

/** Records every hook call as one line. */
class Recorder extends Strategy {
  readonly calls: string[] = [];
  startHook: () => void = () => {};

  protected override onStart(): void {
    this.calls.push('onStart');
    this.startHook();
  }
  protected override onStop(): void {
    this.calls.push('onStop');
  }
  override onQuoteTick(q: QuoteTick): void {
    this.calls.push(`quote ${q.bidPrice}`);
  }
  override onOrderSubmitted(e: OrderEvent): void {
    this.calls.push(`submitted ${e.clientOrderId}`);
  }
  override onOrderAccepted(e: OrderEvent): void {
    this.calls.push(`accepted ${e.clientOrderId}`);
  }
  override onOrderFilled(e: OrderFilled): void {
    this.calls.push(`filled ${e.clientOrderId} ${e.lastQty}@${e.lastPx}`);
  }
  override onOrderCanceled(e: OrderEvent): void {
    this.calls.push(`canceled ${e.clientOrderId}`);
  }
  override onOrderUpdated(e: OrderEvent): void {
    this.calls.push(`updated ${e.clientOrderId}`);
  }
  override onOrderDenied(e: OrderEvent): void {
    this.calls.push(`denied ${e.clientOrderId}`);
  }
  override onOrderEvent(e: OrderEvent): void {
    this.calls.push(`orderEvent ${e.type}`);
  }
  override onPositionOpened(e: PositionEvent): void {
    this.calls.push(`opened ${e.positionId}`);
  }
  override onPositionClosed(e: PositionEvent): void {
    this.calls.push(`closed ${e.positionId}`);
  }
  override onEvent(e: OrderEvent | PositionEvent): void {
    this.calls.push(`event ${e.type}`);
  }
}

function wire<S extends Strategy>(desk: Desk, s: S): S {
  let n = 0;
  s.register({
    traderId: TRADER,
    bus: desk.bus,
    cache: desk.cache,
    clock: desk.clock,
    portfolio: desk.portfolio,
    omsRegistry: desk.exec,
    ids: () => `ID-${++n}`,
  });
  return s;
}

const qty = (v: string) => Quantity.from(v);

describe('Strategy: identity and config', () => {
  it('derives its id from the class name and the order id tag; honours an explicit id', () => {
    expect(new Recorder().strategyId.value).toBe('Recorder-000');
    expect(new Recorder({ orderIdTag: '007' } as StrategyConfig).strategyId.value).toBe('Recorder-007');
    expect(new Recorder({ strategyId: 'MM-002' } as StrategyConfig).strategyId.value).toBe('MM-002');
  });

  it('fills every base default and exposes the external order claims as instrument ids', () => {
    const s = new Recorder({ externalOrderClaims: ['BTCUSDT.BINANCE'] } as StrategyConfig);
    expect(s.settings.manageContingentOrders).toBe(false);
    expect(s.settings.useUuidClientOrderIds).toBe(false);
    expect(s.externalOrderClaims?.map((i) => i.value)).toEqual(['BTCUSDT.BINANCE']);
  });

  it('refuses the order factory and subscriptions before it is registered', () => {
    const s = new Recorder();
    expect(() => s.orderFactory).toThrow(/register/);
    expect(() => s.subscribeQuoteTicks(BTCUSDT.id)).toThrow(/register/);
  });

  it('registers its omsType with the execution engine', () => {
    const desk = new Desk();
    const s = wire(desk, new Recorder({ omsType: 'HEDGING' } as StrategyConfig));
    const o = s.orderFactory.market({ instrumentId: BTCUSDT.id, side: 'BUY', quantity: qty('0.010') });
    expect(desk.exec.omsFor(o)).toBe('HEDGING');
  });
});

describe('Strategy: data through the data engine', () => {
  it('subscribes through DataEngine.execute and gets quotes only while running', async () => {
    const desk = new Desk();
    const s = wire(desk, new Recorder());
    s.startHook = () => s.subscribeQuoteTicks(BTCUSDT.id);
    await s.start();
    expect(desk.binanceData.calls).toContain(`subscribeQuotes ${BTCUSDT.id}`);
    desk.binanceData.emit(quote(BTCUSDT.id, '100.00', '100.10', desk.now()));
    await s.stop();
    desk.binanceData.emit(quote(BTCUSDT.id, '101.00', '101.10', desk.now()));
    expect(s.calls).toEqual(['onStart', 'quote 100.00', 'onStop']);
    s.unsubscribeQuoteTicks(BTCUSDT.id);
    expect(desk.binanceData.calls).toContain(`unsubscribeQuotes ${BTCUSDT.id}`);
  });
});

describe('Strategy: actions through the real engines', () => {
  async function running(config: Partial<StrategyConfig> = {}) {
    const desk = new Desk();
    desk.fundBinance('100000', '10');
    desk.binanceData.emit(quote(BTCUSDT.id, '19999.00', '20000.00', desk.now()));
    const s = wire(desk, new Recorder(config as StrategyConfig));
    await s.start();
    return { desk, s };
  }

  it('submitOrder: the risk engine, the exec engine and the client see it; hooks run specific -> onOrderEvent -> onEvent', async () => {
    const { desk, s } = await running();
    const o = s.orderFactory.market({ instrumentId: BTCUSDT.id, side: 'BUY', quantity: qty('0.010') });
    s.submitOrder(o);
    expect(desk.binance.commands).toEqual([`submit ${o.clientOrderId} SUBMITTED`]);
    desk.binance.fill(o, BTCUSDT, '0.010', '20000.00');
    const id = o.clientOrderId.value;
    expect(s.calls.slice(1)).toEqual([
      `submitted ${id}`,
      'orderEvent OrderSubmitted',
      'event OrderSubmitted',
      `accepted ${id}`,
      'orderEvent OrderAccepted',
      'event OrderAccepted',
      `filled ${id} 0.010@20000.00`,
      'orderEvent OrderFilled',
      'event OrderFilled',
      `opened BTCUSDT.BINANCE-Recorder-000`,
      'event PositionOpened',
    ]);
    expect(o.status).toBe('FILLED');
  });

  it('a denied order comes back as onOrderDenied (risk engine check)', async () => {
    const { s } = await running();
    const o = s.orderFactory.market({ instrumentId: BTCUSDT.id, side: 'BUY', quantity: qty('1000') });
    s.submitOrder(o);
    expect(o.status).toBe('DENIED');
    expect(s.calls).toContain(`denied ${o.clientOrderId}`);
  });

  it('modifyOrder and cancelOrder go through the engines to the client', async () => {
    const { desk, s } = await running();
    const o = s.orderFactory.limit({
      instrumentId: BTCUSDT.id,
      side: 'BUY',
      quantity: qty('0.010'),
      price: Price.from('19000.00'),
    });
    desk.binance.see(o);
    s.submitOrder(o);
    s.modifyOrder(o, { price: Price.from('19001.00') });
    expect(o.price?.toString()).toBe('19001.00');
    s.cancelOrder(o);
    expect(o.status).toBe('CANCELED');
    expect(desk.binance.commands.map((c) => c.split(' ')[0])).toEqual(['submit', 'modify', 'cancel']);
    expect(s.calls).toContain(`updated ${o.clientOrderId}`);
    expect(s.calls).toContain(`canceled ${o.clientOrderId}`);
  });

  it('cancelAllOrders sends one CancelAllOrders for the instrument', async () => {
    const { desk, s } = await running();
    const o = s.orderFactory.limit({
      instrumentId: BTCUSDT.id,
      side: 'BUY',
      quantity: qty('0.010'),
      price: Price.from('19000.00'),
    });
    s.submitOrder(o);
    s.cancelAllOrders(BTCUSDT.id);
    expect(desk.binance.commands.at(-1)).toBe(`cancelAll ${BTCUSDT.id}`);
    expect(o.status).toBe('PENDING_CANCEL');
  });

  it('closePosition submits a reduce-only market order for the whole quantity; closeAllPositions closes each', async () => {
    const { desk, s } = await running();
    const o = s.orderFactory.market({ instrumentId: BTCUSDT.id, side: 'BUY', quantity: qty('0.020') });
    s.submitOrder(o);
    desk.binance.fill(o, BTCUSDT, '0.020', '20000.00');
    const [position] = desk.cache.positionsOpen({ strategyId: s.strategyId });
    const close = s.closeAllPositions()[0]!;
    expect(close.side).toBe('SELL');
    expect(close.reduceOnly).toBe(true);
    expect(close.orderType).toBe('MARKET');
    expect(close.quantity.eq(qty('0.020'))).toBe(true);
    desk.binance.fill(close, BTCUSDT, '0.020', '20100.00');
    expect(position!.isClosed).toBe(true);
    expect(s.calls.at(-2)).toBe(`closed ${position!.id}`);
    expect(s.closePosition(position!)).toBeNull();
  });

  it('with manageContingentOrders a bracket submits the entry and releases the exits when it fills', async () => {
    const { desk, s } = await running({ manageContingentOrders: true });
    const b = s.orderFactory.bracket({
      instrumentId: BTCUSDT.id,
      side: 'BUY',
      quantity: qty('0.010'),
      takeProfitPrice: Price.from('21000.00'),
      stopLossTriggerPrice: Price.from('19000.00'),
    });
    for (const o of b.orders) desk.binance.see(o);
    s.submitOrderList(b);
    expect(desk.binance.commands).toEqual([`submit ${b.entry.clientOrderId} SUBMITTED`]);
    expect(b.takeProfit.status).toBe('INITIALIZED');
    desk.binance.fill(b.entry, BTCUSDT, '0.010', '20000.00');
    expect(b.takeProfit.status).toBe('ACCEPTED');
    expect(b.stopLoss.status).toBe('ACCEPTED');
    // One exit fills: the other is canceled (OUO).
    desk.binance.fill(b.takeProfit, BTCUSDT, '0.010', '21000.00');
    expect(b.stopLoss.status).toBe('CANCELED');
  });

  it('canceling a held bracket exit cancels it locally (no venue knows it)', async () => {
    const { desk, s } = await running({ manageContingentOrders: true });
    const b = s.orderFactory.bracket({
      instrumentId: BTCUSDT.id,
      side: 'BUY',
      quantity: qty('0.010'),
      entryType: 'LIMIT',
      entryPrice: Price.from('19500.00'),
      takeProfitPrice: Price.from('21000.00'),
      stopLossTriggerPrice: Price.from('19000.00'),
    });
    for (const o of b.orders) desk.binance.see(o);
    s.submitOrderList(b);
    s.cancelOrder(b.entry);
    // The entry closed without a fill: the manager cancels the held exits locally.
    expect(b.entry.status).toBe('CANCELED');
    expect(b.takeProfit.status).toBe('CANCELED');
    expect(b.stopLoss.status).toBe('CANCELED');
    expect(desk.binance.commands).toEqual([
      `submit ${b.entry.clientOrderId} SUBMITTED`,
      `cancel ${b.entry.clientOrderId}`,
    ]);
  });

  it('with manageGtdExpiry a GTD order is canceled at its expiry on the clock', async () => {
    const { desk, s } = await running({ manageGtdExpiry: true });
    const o = s.orderFactory.limit({
      instrumentId: BTCUSDT.id,
      side: 'BUY',
      quantity: qty('0.010'),
      price: Price.from('19000.00'),
      timeInForce: 'GTD',
      expireTimeNs: desk.now() + 5n * SEC,
    });
    desk.binance.see(o);
    s.submitOrder(o);
    desk.advance(4n * SEC);
    expect(o.status).toBe('ACCEPTED');
    desk.advance(1n * SEC);
    expect(o.status).toBe('CANCELED');
  });
});

describe('Strategy: async-safe handlers', () => {
  class Slow extends Strategy {
    readonly log2: string[] = [];
    override async onQuoteTick(q: QuoteTick): Promise<void> {
      this.log2.push(`start ${q.bidPrice}`);
      // A slow await: a later quote must not overtake this one.
      await new Promise((r) => setTimeout(r, q.bidPrice.toString() === '1.00' ? 20 : 1));
      this.log2.push(`end ${q.bidPrice}`);
    }
    override onOrderEvent(e: OrderEvent): void {
      this.log2.push(e.type);
    }
  }

  it('a slow await never reorders events: the next is delivered after the previous settled', async () => {
    const desk = new Desk();
    desk.fundBinance('100000');
    const s = wire(desk, new Slow());
    await s.start();
    s.subscribeQuoteTicks(BTCUSDT.id);
    desk.binanceData.emit(quote(BTCUSDT.id, '1.00', '1.10', desk.now()));
    desk.binanceData.emit(quote(BTCUSDT.id, '2.00', '2.10', desk.now()));
    const o = s.orderFactory.market({ instrumentId: BTCUSDT.id, side: 'BUY', quantity: qty('10.000') });
    s.submitOrder(o);
    desk.binanceData.emit(quote(BTCUSDT.id, '3.00', '3.10', desk.now()));
    expect(s.isIdle).toBe(false);
    await s.idle();
    expect(s.log2).toEqual([
      'start 1.00',
      'end 1.00',
      'start 2.00',
      'end 2.00',
      'OrderSubmitted',
      'OrderAccepted',
      'start 3.00',
      'end 3.00',
    ]);
  });

  it('a throwing or rejecting hook is counted and the next event is still delivered', async () => {
    class Bad extends Strategy {
      readonly seen: string[] = [];
      override async onQuoteTick(q: QuoteTick): Promise<void> {
        this.seen.push(q.bidPrice.toString());
        if (q.bidPrice.toString() === '1.00') throw new Error('boom');
        if (q.bidPrice.toString() === '2.00') await Promise.reject(new Error('async boom'));
      }
    }
    const desk = new Desk();
    const s = wire(desk, new Bad());
    await s.start();
    s.subscribeQuoteTicks(BTCUSDT.id);
    for (const p of ['1.00', '2.00', '3.00']) desk.binanceData.emit(quote(BTCUSDT.id, p, '9.00', desk.now()));
    await s.idle();
    expect(s.seen).toEqual(['1.00', '2.00', '3.00']);
    expect(s.handlerErrorCount).toBe(2);
  });

  it('an event caused from inside a sync hook is delivered after that hook returns', async () => {
    class Reentrant extends Strategy {
      readonly seen: string[] = [];
      override onQuoteTick(): void {
        this.seen.push('quote in');
        this.submitOrder(
          this.orderFactory.market({ instrumentId: BTCUSDT.id, side: 'BUY', quantity: qty('10.000') }),
        );
        this.seen.push('quote out');
      }
      override onOrderEvent(e: OrderEvent): void {
        this.seen.push(e.type);
      }
    }
    const desk = new Desk();
    desk.fundBinance('100000');
    const s = wire(desk, new Reentrant());
    await s.start();
    s.subscribeQuoteTicks(BTCUSDT.id);
    desk.binanceData.emit(quote(BTCUSDT.id, '1.00', '1.10', desk.now()));
    expect(s.seen).toEqual(['quote in', 'quote out', 'OrderSubmitted', 'OrderAccepted']);
    expect(desk.bus.isRegistered(Endpoint.RISK_EXECUTE)).toBe(true);
  });
});
