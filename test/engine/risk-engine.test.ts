import { describe, expect, it } from 'vitest';

import { TestClock } from '../../ts/common/index.js';
import { parseRateLimit } from '../../ts/config/index.js';
import {
  cancelOrder,
  Endpoint,
  modifyOrder,
  orderList,
  RateThrottler,
  submitOrderList,
  type TradingStateChanged,
} from '../../ts/engine/index.js';
import {
  ClientOrderId,
  InstrumentId,
  Order,
  OrderListId,
  PositionId,
  Price,
  Quantity,
} from '../../ts/model/index.js';
import { BTCUSDT, Desk, type DeskOptions, ETHPERP, quote, SEC } from './fixtures.js';

function desk(o: DeskOptions = {}): Desk {
  const d = new Desk(o);
  d.fundBinance('1000000', '100');
  d.data.process(quote(BTCUSDT.id, '20000.00', '20000.01', d.now()));
  d.data.process(quote(ETHPERP.id, '1000.00', '1000.05', d.now()));
  return d;
}

function reason(o: Order): string {
  const e = o.lastEvent;
  return e.type === 'OrderDenied' || e.type === 'OrderModifyRejected' ? e.reason : `not refused: ${o.status}`;
}

describe('RiskEngine: pre-trade checks deny through the order state machine', () => {
  it('a denied order is DENIED in the cache and its OrderDenied is published; the client never sees it', () => {
    const d = desk();
    const o = d.submit(
      d.order({ instrumentId: InstrumentId.from('XRPUSDT.BINANCE'), qty: '1.000', price: '1.00' }),
    );
    expect(o.status).toBe('DENIED');
    expect(reason(o)).toBe('instrument XRPUSDT.BINANCE is not in the cache');
    expect(d.cache.isOrderClosed(o.clientOrderId)).toBe(true);
    expect(d.events).toContain('OrderDenied');
    expect(d.binance.commands).toEqual([]);
    expect(d.risk.deniedCount).toBe(1);
  });

  it.each([
    ['price precision', { qty: '0.010', price: '19000.001' }, /price 19000.001 has precision 3, more than 2/],
    ['price not positive', { qty: '0.010', price: '0.00' }, /price 0.00 is not positive/],
    [
      'trigger precision',
      { qty: '0.010', type: 'STOP_MARKET' as const, trigger: '21000.123' },
      /trigger price 21000.123/,
    ],
    [
      'quantity precision',
      { qty: '0.0101', price: '19000.00' },
      /quantity 0.0101 has precision 4, more than 3/,
    ],
    ['quantity above max', { qty: '101.000', price: '19000.00' }, /exceeds the maximum quantity 100/],
    [
      'notional below min',
      { qty: '0.001', price: '5000.00' },
      /notional 5.00000000 USDT is below the minimum notional 10/,
    ],
  ])('denies on %s', (_name, params, expected) => {
    const d = desk();
    const o = d.submit(d.order(params));
    expect(o.status).toBe('DENIED');
    expect(reason(o)).toMatch(expected);
  });

  it('checks the tick and step of the instrument (0.05 tick, 0.01 step)', () => {
    const d = desk();
    const a = d.submit(d.order({ instrumentId: ETHPERP.id, qty: '1.00', price: '1000.03' }));
    expect(reason(a)).toMatch(/price 1000.03 is not a multiple of the price increment 0.05/);
    const b = d.submit(d.order({ instrumentId: ETHPERP.id, qty: '1.00', price: '1000.05' }));
    expect(b.status).toBe('ACCEPTED');
  });

  it('maxNotionalPerOrder: at the limit passes, above is denied', () => {
    const d = desk({ risk: { maxNotionalPerOrder: { 'BTCUSDT.BINANCE': '1000' } } });
    expect(d.submit(d.order({ qty: '0.050', price: '20000.00' })).status).toBe('ACCEPTED');
    const o = d.submit(d.order({ qty: '0.051', price: '20000.00' }));
    expect(reason(o)).toBe(
      'notional 1020.00000000 USDT exceeds maxNotionalPerOrder 1000.00000000 USDT for BTCUSDT.BINANCE',
    );
  });

  it('values a MARKET order at the ask (BUY) of the last quote, and denies it when no price is known', () => {
    const d = desk({ risk: { maxNotionalPerOrder: { 'BTCUSDT.BINANCE': '1000' } } });
    // 0.05 * 20000.01 = 1000.0005 -> 1000.00 USDT at the currency's 8 decimals? no: 1000.0005 > 1000
    const o = d.submit(d.order({ qty: '0.050' }));
    expect(reason(o)).toMatch(/notional 1000.00050000 USDT exceeds/);
    const sell = d.submit(d.order({ side: 'SELL', qty: '0.050' })); // at the bid 20000.00: 1000 exactly
    expect(sell.status).toBe('ACCEPTED');

    const empty = new Desk();
    empty.fundBinance('1000000', '100');
    const blind = empty.submit(empty.order({ qty: '0.050' }));
    expect(reason(blind)).toBe('no price to check the notional of MARKET O-1 on BTCUSDT.BINANCE');
  });

  it('reduce-only: denied when it would open, increase or flip; allowed when it reduces', () => {
    const d = desk();
    expect(
      reason(d.submit(d.order({ side: 'SELL', qty: '0.100', price: '20000.00', reduceOnly: true }))),
    ).toMatch(/reduce-only SELL of 0.100 would increase or flip/);
    d.trade({ qty: '0.100', px: '20000.00' });
    expect(
      d.submit(d.order({ side: 'SELL', qty: '0.200', price: '20000.00', reduceOnly: true })).status,
    ).toBe('DENIED');
    expect(d.submit(d.order({ side: 'BUY', qty: '0.010', price: '20000.00', reduceOnly: true })).status).toBe(
      'DENIED',
    );
    expect(
      d.submit(d.order({ side: 'SELL', qty: '0.100', price: '20000.00', reduceOnly: true })).status,
    ).toBe('ACCEPTED');
  });

  it('reduce-only with a position id checks that position (HEDGING)', () => {
    const d = desk();
    d.trade({ instrumentId: ETHPERP.id, qty: '1.00', px: '1000.00' });
    d.trade({ instrumentId: ETHPERP.id, side: 'SELL', qty: '1.00', px: '1000.00' }); // a separate short
    const close = d.order({
      instrumentId: ETHPERP.id,
      side: 'SELL',
      qty: '1.00',
      price: '1000.00',
      reduceOnly: true,
    });
    d.submit(close, PositionId.from('P-O-1'));
    expect(close.status).toBe('ACCEPTED');
    const wrong = d.order({
      instrumentId: ETHPERP.id,
      side: 'SELL',
      qty: '1.00',
      price: '1000.00',
      reduceOnly: true,
    });
    d.submit(wrong, PositionId.from('P-O-2'));
    expect(reason(wrong)).toMatch(/would increase or flip/);
  });

  it('CASH account: the free balance must cover notional plus taker fee (BUY) or the base quantity (SELL)', () => {
    const d = new Desk();
    d.fundBinance('1000', '0.010');
    d.data.process(quote(BTCUSDT.id, '20000.00', '20000.01', d.now()));
    // 0.049 * 20000 = 980 + 0.98 fee = 980.98 <= 1000
    expect(d.submit(d.order({ qty: '0.049', price: '20000.00' })).status).toBe('ACCEPTED');
    // 0.050 * 20000 = 1000 + 1 fee = 1001 > 1000
    expect(reason(d.submit(d.order({ qty: '0.050', price: '20000.00' })))).toBe(
      'notional 1000.00000000 USDT plus fees (1001.00000000 USDT) exceeds the free balance 1000.00000000 USDT of BINANCE-001',
    );
    expect(d.submit(d.order({ side: 'SELL', qty: '0.010', price: '20000.00' })).status).toBe('ACCEPTED');
    expect(reason(d.submit(d.order({ side: 'SELL', qty: '0.011', price: '20000.00' })))).toMatch(
      /selling 0.011 BTC exceeds the free balance 0.01000000 BTC/,
    );
  });

  it('denies a whole order list when one order fails', () => {
    const d = desk();
    const good = d.order({ qty: '0.010', price: '19000.00' });
    const bad = d.order({ qty: '0.010', price: '19000.005' });
    const list = orderList(OrderListId.from('OL-1'), [good, bad], d.now());
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      submitOrderList({ traderId: good.traderId, orderList: list, tsInit: d.now() }),
    );
    expect([good.status, bad.status]).toEqual(['DENIED', 'DENIED']);
    expect(reason(good)).toMatch(/^order list OL-1 denied: O-2: price 19000.005/);
    expect(d.binance.commands).toEqual([]);
  });

  it('bypass lets everything through unchecked', () => {
    const d = desk({ risk: { bypass: true, maxOrderSubmitRate: '1/00:00:01' } });
    d.risk.setTradingState('HALTED');
    // Bad precision, HALTED and over the rate: still sent (this fake venue accepts anything).
    expect(d.submit(d.order({ qty: '0.010', price: '19000.005' })).status).toBe('ACCEPTED');
    expect(d.submit(d.order({ qty: '0.010', price: '19000.00' })).status).toBe('ACCEPTED');
  });
});

describe('RiskEngine: trading states', () => {
  it('HALTED denies submits and rejects modifies but lets cancels through', () => {
    const d = desk();
    const open = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    const changes: TradingStateChanged[] = [];
    d.bus.subscribe('events.risk.trading_state', (e: TradingStateChanged) => changes.push(e));
    d.risk.setTradingState('HALTED');
    expect(changes.map((c) => `${c.previous}->${c.state}`)).toEqual(['ACTIVE->HALTED']);
    expect(reason(d.submit(d.order({ qty: '0.010', price: '19000.00' })))).toBe('trading state is HALTED');
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      modifyOrder({ order: open, price: Price.from('19100.00'), tsInit: d.now() }),
    );
    expect(open.status).toBe('ACCEPTED');
    expect(reason(open)).toBe('trading state is HALTED');
    d.bus.send(Endpoint.RISK_EXECUTE, cancelOrder({ order: open, tsInit: d.now() }));
    expect(open.status).toBe('CANCELED');
  });

  it('REDUCING allows only orders that reduce the net position without flipping it', () => {
    const d = desk();
    d.trade({ qty: '0.100', px: '20000.00' });
    d.risk.setTradingState('REDUCING');
    expect(reason(d.submit(d.order({ qty: '0.010', price: '19000.00' })))).toMatch(
      /REDUCING and a BUY of 0.010 would not reduce/,
    );
    expect(d.submit(d.order({ side: 'SELL', qty: '0.200', price: '21000.00' })).status).toBe('DENIED');
    expect(d.submit(d.order({ side: 'SELL', qty: '0.050', price: '21000.00' })).status).toBe('ACCEPTED');
    d.risk.setTradingState('ACTIVE');
    expect(d.submit(d.order({ qty: '0.010', price: '19000.00' })).status).toBe('ACCEPTED');
  });

  it('REDUCING rejects a modify that grows an order', () => {
    const d = desk();
    const o = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    d.risk.setTradingState('REDUCING');
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      modifyOrder({ order: o, quantity: Quantity.from('0.020'), tsInit: d.now() }),
    );
    expect(reason(o)).toBe('trading state is REDUCING: quantity 0.010 cannot grow to 0.020');
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      modifyOrder({ order: o, quantity: Quantity.from('0.005'), tsInit: d.now() }),
    );
    expect(o.quantity.toString()).toBe('0.005');
  });
});

describe('RiskEngine: throttles on the clock', () => {
  it('denies submits over maxOrderSubmitRate and recovers when the window has passed', () => {
    const d = desk({ risk: { maxOrderSubmitRate: '2/00:00:01' } });
    const statuses = () => d.cache.orders().map((o) => o.status);
    d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    d.advance(500_000_000n);
    d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    const third = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    expect(reason(third)).toBe('order submit rate exceeded: maxOrderSubmitRate 2/00:00:01');
    // 1 s after the first: the first left the window, one slot is free.
    d.advance(500_000_000n);
    d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    const fifth = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    expect(statuses()).toEqual(['ACCEPTED', 'ACCEPTED', 'DENIED', 'ACCEPTED', 'DENIED']);
    expect(reason(fifth)).toMatch(/rate exceeded/);
    expect(d.risk.submitThrottler.refusedCount).toBe(2);
  });

  it('orders denied for another reason do not use throttle capacity', () => {
    const d = desk({ risk: { maxOrderSubmitRate: '1/00:00:10' } });
    d.submit(d.order({ qty: '0.010', price: '19000.001' }));
    expect(d.submit(d.order({ qty: '0.010', price: '19000.00' })).status).toBe('ACCEPTED');
  });

  it('rejects modifies over maxOrderModifyRate; the order returns to its status', () => {
    const d = desk({ risk: { maxOrderModifyRate: '1/00:00:01' } });
    const o = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      modifyOrder({ order: o, price: Price.from('19100.00'), tsInit: d.now() }),
    );
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      modifyOrder({ order: o, price: Price.from('19200.00'), tsInit: d.now() }),
    );
    expect(o.price?.toString()).toBe('19100.00');
    expect(o.status).toBe('ACCEPTED');
    expect(reason(o)).toBe('order modify rate exceeded: maxOrderModifyRate 1/00:00:01');
    d.advance(SEC);
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      modifyOrder({ order: o, price: Price.from('19200.00'), tsInit: d.now() }),
    );
    expect(o.price?.toString()).toBe('19200.00');
  });

  it('RateThrottler: a sliding window of the last N acquisitions', () => {
    const clock = new TestClock({ startNs: 10n * SEC });
    const t = new RateThrottler(parseRateLimit('3/00:00:02'), clock);
    expect([t.tryAcquire(), t.tryAcquire(), t.tryAcquire(), t.tryAcquire()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(t.used).toBe(3);
    clock.advanceTime(12n * SEC - 1n);
    expect(t.tryAcquire()).toBe(false); // still inside (t - 2s, t]
    clock.advanceTime(12n * SEC);
    expect([t.tryAcquire(), t.tryAcquire(), t.tryAcquire(), t.tryAcquire()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(t.refusedCount).toBe(3);
  });
});

describe('RiskEngine: brackets on a CASH account', () => {
  it('checks the entry against the balance but not the OTO children that sell what the entry buys', () => {
    const d = new Desk();
    d.fundBinance('1000', '0');
    const entry = d.order({ qty: '0.010', price: '20000.00', id: 'ENTRY' });
    const takeProfit = Order.create({
      traderId: entry.traderId,
      strategyId: entry.strategyId,
      instrumentId: entry.instrumentId,
      clientOrderId: ClientOrderId.from('TP'),
      side: 'SELL',
      orderType: 'LIMIT',
      quantity: Quantity.from('0.010'),
      price: Price.from('21000.00'),
      parentOrderId: entry.clientOrderId,
      tsInit: d.now(),
    });
    const list = orderList(OrderListId.from('BRACKET-1'), [entry, takeProfit], d.now());
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      submitOrderList({ traderId: entry.traderId, orderList: list, tsInit: d.now() }),
    );
    expect([entry.status, takeProfit.status]).toEqual(['ACCEPTED', 'ACCEPTED']);
    // The same sell on its own has no BTC to sell.
    expect(reason(d.submit(d.order({ side: 'SELL', qty: '0.010', price: '21000.00' })))).toMatch(
      /no BTC balance|exceeds the free balance/,
    );
  });
});
