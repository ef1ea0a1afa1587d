import { describe, expect, it } from 'vitest';

import { Cache } from '../../ts/cache/index.js';
import { TestClock } from '../../ts/common/clock/index.js';
import { submitOrderList } from '../../ts/engine/index.js';
import { InstrumentId, OrderListId, StrategyId } from '../../ts/model/identifiers/index.js';
import type { Order } from '../../ts/model/orders/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import { OrderFactory } from '../../ts/trading/index.js';
import { STRATEGY, TRADER } from './fake-venue.js';

const T0 = BigInt(Date.UTC(2026, 0, 25, 14, 30, 5)) * 1_000_000n;
const BTC = InstrumentId.from('BTCUSDT.BINANCE');
const ETH = InstrumentId.from('ETHUSDT.BINANCE');
const q = (v: string) => Quantity.from(v);
const px = (v: string) => Price.from(v);

function factory(over: Partial<ConstructorParameters<typeof OrderFactory>[0]> = {}) {
  const clock = new TestClock({ startNs: T0 });
  return { clock, f: new OrderFactory({ traderId: TRADER, strategyId: STRATEGY, clock, ...over }) };
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

const base = { instrumentId: BTC, side: 'BUY', quantity: q('1.5') } as const;

describe('OrderFactory: single orders', () => {
  it('market: an INITIALIZED order with a fresh id, the clock time, the trader and strategy', () => {
    const { f } = factory();
    const o = f.market(base);
    expect(o.orderType).toBe('MARKET');
    expect(o.status).toBe('INITIALIZED');
    expect(o.clientOrderId.value).toBe('O-20260125-143005-001-001-1');
    expect(o.tsInit).toBe(T0);
    expect(o.traderId.eq(TRADER)).toBe(true);
    expect(o.strategyId.eq(STRATEGY)).toBe(true);
    expect(o.quantity.eq(q('1.5'))).toBe(true);
    expect(o.timeInForce).toBe('GTC');
    expect(o.contingencyType).toBe('NO_CONTINGENCY');
  });

  it('limit: price, post-only, display quantity, GTD expiry, reduce-only, tags', () => {
    const { f } = factory();
    const o = f.limit({
      ...base,
      side: 'SELL',
      price: px('20100.50'),
      postOnly: true,
      displayQty: q('0.5'),
      timeInForce: 'GTD',
      expireTimeNs: T0 + 60_000_000_000n,
      reduceOnly: true,
      tags: ['mm'],
    });
    expect(o.orderType).toBe('LIMIT');
    expect(o.side).toBe('SELL');
    expect(o.price?.eq(px('20100.50'))).toBe(true);
    expect(o.postOnly).toBe(true);
    expect(o.displayQty?.eq(q('0.5'))).toBe(true);
    expect(o.timeInForce).toBe('GTD');
    expect(o.expireTimeNs).toBe(T0 + 60_000_000_000n);
    expect(o.reduceOnly).toBe(true);
    expect(o.tags).toEqual(['mm']);
  });

  it('stopMarket and marketIfTouched: trigger price with the DEFAULT trigger type unless given', () => {
    const { f } = factory();
    const s = f.stopMarket({ ...base, triggerPrice: px('21000') });
    expect([s.orderType, s.triggerPrice?.toString(), s.triggerType, s.price]).toEqual([
      'STOP_MARKET',
      '21000',
      'DEFAULT',
      null,
    ]);
    const m = f.marketIfTouched({ ...base, triggerPrice: px('19000'), triggerType: 'LAST_PRICE' });
    expect([m.orderType, m.triggerType]).toEqual(['MARKET_IF_TOUCHED', 'LAST_PRICE']);
  });

  it('stopLimit and limitIfTouched: price and trigger price, post-only allowed', () => {
    const { f } = factory();
    const s = f.stopLimit({ ...base, price: px('21010'), triggerPrice: px('21000'), postOnly: true });
    expect([s.orderType, s.price?.toString(), s.triggerPrice?.toString(), s.postOnly]).toEqual([
      'STOP_LIMIT',
      '21010',
      '21000',
      true,
    ]);
    const l = f.limitIfTouched({ ...base, price: px('18990'), triggerPrice: px('19000') });
    expect([l.orderType, l.price?.toString(), l.triggerPrice?.toString()]).toEqual([
      'LIMIT_IF_TOUCHED',
      '18990',
      '19000',
    ]);
  });

  it('marketToLimit: no price, display quantity allowed', () => {
    const { f } = factory();
    const o = f.marketToLimit({ ...base, displayQty: q('1') });
    expect([o.orderType, o.price, o.displayQty?.toString()]).toEqual(['MARKET_TO_LIMIT', null, '1']);
  });

  it('trailing stops: offsets, PRICE offset type by default, optional first trigger price', () => {
    const { f } = factory();
    const m = f.trailingStopMarket({ ...base, side: 'SELL', trailingOffset: '25.5' });
    expect([m.orderType, m.trailingOffset?.toString(), m.trailingOffsetType, m.triggerPrice]).toEqual([
      'TRAILING_STOP_MARKET',
      '25.5',
      'PRICE',
      null,
    ]);
    const l = f.trailingStopLimit({
      ...base,
      trailingOffset: '50',
      limitOffset: '10',
      trailingOffsetType: 'BASIS_POINTS',
      triggerPrice: px('20500'),
      price: px('20510'),
    });
    expect([
      l.orderType,
      l.trailingOffset?.toString(),
      l.limitOffset?.toString(),
      l.trailingOffsetType,
      l.triggerPrice?.toString(),
      l.price?.toString(),
    ]).toEqual(['TRAILING_STOP_LIMIT', '50', '10', 'BASIS_POINTS', '20500', '20510']);
  });

  it('factory defaults fill what a call leaves out, and a call overrides them', () => {
    const { f } = factory({ defaults: { timeInForce: 'IOC', triggerType: 'MARK_PRICE' } });
    expect(f.limit({ ...base, price: px('1') }).timeInForce).toBe('IOC');
    expect(f.limit({ ...base, price: px('1'), timeInForce: 'GTC' }).timeInForce).toBe('GTC');
    expect(f.stopMarket({ ...base, triggerPrice: px('2') }).triggerType).toBe('MARK_PRICE');
  });

  it("the model's validation errors surface unchanged, and the refused order's id is used up", () => {
    const { f } = factory();
    expect(code(() => f.limit({ ...base, price: px('1'), timeInForce: 'GTD' }))).toBe('INVALID_ORDER');
    expect(code(() => f.market({ ...base, timeInForce: 'GTD', expireTimeNs: T0 + 1n }))).toBe(
      'INVALID_ORDER',
    );
    expect(code(() => f.limit({ ...base, price: px('1'), displayQty: q('2') }))).toBe('INVALID_ORDER');
    expect(code(() => f.limit({ ...base, price: px('1'), expireTimeNs: T0 + 1n }))).toBe('INVALID_ORDER');
    expect(code(() => f.trailingStopMarket({ ...base, trailingOffset: '-1' }))).toBe('INVALID_ORDER');
    expect(code(() => f.trailingStopMarket({ ...base, trailingOffset: 'abc' }))).toBe('INVALID_ORDER');
    expect(code(() => f.market({ ...base, quantity: q('0') }))).toBe('INVALID_ORDER');
    expect(code(() => f.market({ ...base, contingencyType: 'OCO' }))).toBe('INVALID_ORDER');
    expect(f.market(base).clientOrderId.value.endsWith('-9')).toBe(true);
  });

  it('a bad message names the order and the rule', () => {
    const { f } = factory();
    expect(() => f.limit({ ...base, price: px('1'), timeInForce: 'GTD' })).toThrow(
      /invalid LIMIT order O-20260125-143005-001-001-1: GTD needs expireTimeNs/,
    );
  });

  it('setCounts moves both generators on (restart)', () => {
    const { f } = factory();
    f.setCounts(10, 4);
    expect(f.market(base).clientOrderId.value.endsWith('-11')).toBe(true);
    expect(f.nextOrderListId().value.endsWith('-5')).toBe(true);
  });

  it('useUuidClientOrderIds gives UUID ids', () => {
    const { f } = factory({ useUuidClientOrderIds: true });
    expect(f.market(base).clientOrderId.value).toHaveLength(36);
  });
});

describe('OrderFactory: brackets', () => {
  function ids(o: Order) {
    return {
      id: o.clientOrderId.value,
      type: o.orderType,
      side: o.side,
      contingency: o.contingencyType,
      linked: o.linkedOrderIds.map((l) => l.value),
      parent: o.parentOrderId?.value ?? null,
      list: o.orderListId?.value ?? null,
      reduceOnly: o.reduceOnly,
    };
  }

  it('MARKET entry: OTO parent of a post-only LIMIT take-profit and a STOP_MARKET stop-loss, linked OUO', () => {
    const { f } = factory();
    const b = f.bracket({
      ...base,
      takeProfitPrice: px('21000'),
      stopLossTriggerPrice: px('19000'),
    });
    const list = 'OL-20260125-143005-001-001-1';
    const [e, tp, sl] = ['1', '2', '3'].map((n) => `O-20260125-143005-001-001-${n}`);
    expect(b.id.value).toBe(list);
    expect(b.orders).toEqual([b.entry, b.takeProfit, b.stopLoss]);
    expect(ids(b.entry)).toEqual({
      id: e,
      type: 'MARKET',
      side: 'BUY',
      contingency: 'OTO',
      linked: [tp, sl],
      parent: null,
      list,
      reduceOnly: false,
    });
    expect(ids(b.takeProfit)).toEqual({
      id: tp,
      type: 'LIMIT',
      side: 'SELL',
      contingency: 'OUO',
      linked: [sl],
      parent: e,
      list,
      reduceOnly: true,
    });
    expect(ids(b.stopLoss)).toEqual({
      id: sl,
      type: 'STOP_MARKET',
      side: 'SELL',
      contingency: 'OUO',
      linked: [tp],
      parent: e,
      list,
      reduceOnly: true,
    });
    expect(b.takeProfit.price?.toString()).toBe('21000');
    expect(b.takeProfit.postOnly).toBe(true);
    expect(b.stopLoss.triggerPrice?.toString()).toBe('19000');
    for (const o of b.orders) expect(o.quantity.eq(q('1.5'))).toBe(true);
    expect(Object.isFrozen(b.orders)).toBe(true);
  });

  it('LIMIT entry, OCO exits, STOP_LIMIT stop-loss, GTD exits, tpPostOnly false, SELL side', () => {
    const { f } = factory();
    const b = f.bracket({
      ...base,
      side: 'SELL',
      entryType: 'LIMIT',
      entryPrice: px('20000'),
      entryPostOnly: true,
      takeProfitPrice: px('19000'),
      tpPostOnly: false,
      stopLossTriggerPrice: px('21000'),
      stopLossType: 'STOP_LIMIT',
      stopLossPrice: px('21010'),
      contingencyType: 'OCO',
      timeInForce: 'GTD',
      expireTimeNs: T0 + 10n ** 12n,
    });
    expect([b.entry.orderType, b.entry.price?.toString(), b.entry.postOnly, b.entry.timeInForce]).toEqual([
      'LIMIT',
      '20000',
      true,
      'GTC',
    ]);
    expect([b.takeProfit.side, b.takeProfit.contingencyType, b.takeProfit.postOnly]).toEqual([
      'BUY',
      'OCO',
      false,
    ]);
    expect([b.stopLoss.orderType, b.stopLoss.price?.toString(), b.stopLoss.triggerPrice?.toString()]).toEqual(
      ['STOP_LIMIT', '21010', '21000'],
    );
    for (const o of [b.takeProfit, b.stopLoss]) {
      expect(o.timeInForce).toBe('GTD');
      expect(o.expireTimeNs).toBe(T0 + 10n ** 12n);
    }
  });

  it('refuses inconsistent brackets with INVALID_BRACKET before using any id', () => {
    const { f } = factory();
    const ok = { ...base, takeProfitPrice: px('21000'), stopLossTriggerPrice: px('19000') };
    expect(code(() => f.bracket({ ...ok, entryType: 'LIMIT' }))).toBe('INVALID_BRACKET');
    expect(code(() => f.bracket({ ...ok, entryPrice: px('20000') }))).toBe('INVALID_BRACKET');
    expect(code(() => f.bracket({ ...ok, stopLossType: 'STOP_LIMIT' }))).toBe('INVALID_BRACKET');
    expect(code(() => f.bracket({ ...ok, stopLossPrice: px('1') }))).toBe('INVALID_BRACKET');
    expect(code(() => f.bracket({ ...ok, stopLossTriggerPrice: px('22000') }))).toBe('INVALID_BRACKET');
    expect(code(() => f.bracket({ ...ok, side: 'SELL' }))).toBe('INVALID_BRACKET');
    expect(code(() => f.bracket({ ...ok, entryType: 'LIMIT', entryPrice: px('21500') }))).toBe(
      'INVALID_BRACKET',
    );
    expect(code(() => f.bracket({ ...ok, contingencyType: 'OTO' as 'OCO' }))).toBe('INVALID_BRACKET');
    expect(f.clientOrderIds.count).toBe(0);
    expect(f.orderListIds.count).toBe(0);
  });

  it("an exit the model refuses surfaces the model's error (GTD exits without expiry)", () => {
    const { f } = factory();
    expect(
      code(() =>
        f.bracket({
          ...base,
          takeProfitPrice: px('21000'),
          stopLossTriggerPrice: px('19000'),
          timeInForce: 'GTD',
        }),
      ),
    ).toBe('INVALID_ORDER');
  });
});

describe('OrderFactory: createList', () => {
  it('gives orders built without a list id a fresh one', () => {
    const { f } = factory();
    const a = f.limit({ ...base, price: px('1') });
    const b = f.limit({ ...base, price: px('2') });
    const list = f.createList([a, b]);
    expect(list.id.value).toBe('OL-20260125-143005-001-001-1');
    expect(list.orders).toEqual([a, b]);
  });

  it('keeps the list id the orders were built with', () => {
    const { f } = factory();
    const id = f.nextOrderListId();
    const a = f.limit({ ...base, price: px('1'), orderListId: id });
    const b = f.limit({ ...base, price: px('2'), orderListId: id });
    expect(f.createList([a, b]).id.eq(id)).toBe(true);
  });

  it('orders built with reserved ids link to each other, and lists go into the cache as they are', () => {
    const { f } = factory();
    const aId = f.nextClientOrderId();
    const bId = f.nextClientOrderId();
    const orderListId = f.nextOrderListId();
    const common = { ...base, contingencyType: 'OCO' as const, orderListId };
    const a = f.limit({ ...common, clientOrderId: aId, price: px('1'), linkedOrderIds: [bId] });
    const b = f.stopMarket({ ...common, clientOrderId: bId, triggerPrice: px('0.5'), linkedOrderIds: [aId] });
    expect(a.clientOrderId.eq(aId) && b.clientOrderId.eq(bId)).toBe(true);
    expect(a.linkedOrderIds[0]?.eq(b.clientOrderId)).toBe(true);
    const cache = new Cache();
    const list = f.createList([a, b]);
    cache.addOrderList(list);
    const bracket = f.bracket({ ...base, takeProfitPrice: px('21000'), stopLossTriggerPrice: px('19000') });
    cache.addOrderList(bracket);
    expect(cache.orderList(list.id)?.orders).toEqual([a, b]);
    expect(cache.orderList(bracket.id)?.orders).toHaveLength(3);
  });

  it("lists are the engine's OrderList: instrument, strategy and time set, ready for SubmitOrderList", () => {
    const { f, clock } = factory();
    clock.advanceTime(T0 + 5n);
    const b = f.bracket({ ...base, takeProfitPrice: px('21000'), stopLossTriggerPrice: px('19000') });
    expect([b.instrumentId.value, b.strategyId.value, b.tsInit]).toEqual([
      BTC.value,
      STRATEGY.value,
      T0 + 5n,
    ]);
    const command = submitOrderList({ traderId: TRADER, orderList: b, tsInit: T0 + 5n });
    expect(command.type).toBe('SubmitOrderList');
    expect(command.orderList.orders).toEqual([b.entry, b.takeProfit, b.stopLoss]);
    const list = f.createList([f.market(base)]);
    expect([list.instrumentId.value, list.strategyId.value, list.tsInit]).toEqual([
      BTC.value,
      STRATEGY.value,
      T0 + 5n,
    ]);
  });

  it('refuses empty lists, duplicates, mixed list ids, instruments and strategies', () => {
    const { f } = factory();
    const other = new OrderFactory({
      traderId: TRADER,
      strategyId: StrategyId.from('S-002'),
      clock: new TestClock(),
    });
    const foreign = other.limit({ ...base, price: px('1') });
    const a = f.limit({ ...base, price: px('1') });
    const withId = f.limit({ ...base, price: px('1'), orderListId: OrderListId.from('OL-X') });
    const eth = f.limit({ ...base, instrumentId: ETH, price: px('1') });
    expect(code(() => f.createList([]))).toBe('INVALID_ORDER_LIST');
    expect(code(() => f.createList([a, a]))).toBe('INVALID_ORDER_LIST');
    expect(code(() => f.createList([a, withId]))).toBe('INVALID_ORDER_LIST');
    expect(code(() => f.createList([a, eth]))).toBe('INVALID_ORDER_LIST');
    expect(code(() => f.createList([a, foreign]))).toBe('INVALID_ORDER_LIST');
  });
});
