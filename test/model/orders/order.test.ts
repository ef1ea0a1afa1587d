import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { KairosError } from '../../../ts/model/errors.js';
import { orderUpdated } from '../../../ts/model/events/index.js';
import { StrategyId, VenueOrderId } from '../../../ts/model/identifiers/index.js';
import { Order } from '../../../ts/model/orders/index.js';
import { Money, Price, Quantity } from '../../../ts/model/values/index.js';
import { eventOf, fill, limitOrder, params, USDT } from './fixtures.js';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as KairosError).code;
  }
  return undefined;
}

function accepted(over: Parameters<typeof limitOrder>[0] = {}): Order {
  const order = limitOrder(over);
  order.apply(eventOf(order, 'SUBMITTED'));
  order.apply(eventOf(order, 'ACCEPTED'));
  return order;
}

describe('Order fills', () => {
  it('averages fill prices exactly: 3 @ 100.00, 3 @ 100.01, 4 @ 100.03 -> 100.015', () => {
    const order = accepted();
    order.apply(fill(order, '3', '100.00'));
    expect(order.status).toBe('PARTIALLY_FILLED');
    order.apply(fill(order, '3', '100.01'));
    order.apply(fill(order, '4', '100.03'));
    // (300 + 300.03 + 400.12) / 10 = 100.015
    expect(order.avgPx?.toFixed()).toBe('100.015');
    expect(order.status).toBe('FILLED');
    expect(order.filledQty.toString()).toBe('10');
    expect(order.leavesQty.isZero()).toBe(true);
    expect(order.isClosed).toBe(true);
  });

  it('rounds an average that does not terminate once, half-even at 16 decimals', () => {
    const order = accepted();
    order.apply(fill(order, '1', '100.00'));
    order.apply(fill(order, '1', '100.00'));
    order.apply(fill(order, '1', '100.01'));
    // 300.01 / 3 = 100.00333...
    expect(order.avgPx?.toFixed()).toBe('100.0033333333333333');
  });

  it('keeps leaves = quantity - filled after each fill', () => {
    const order = accepted();
    order.apply(fill(order, '2.5'));
    expect(order.leavesQty.toString()).toBe('7.5');
    expect(order.filledQty.toString()).toBe('2.5');
  });

  it('sums commissions per currency and records trade ids in order', () => {
    const order = accepted();
    order.apply(fill(order, '1', '100.00', { tradeId: 'A', commission: Money.from('0.10', USDT) }));
    order.apply(fill(order, '1', '100.00', { tradeId: 'B', commission: Money.from('0.00001', 'BTC') }));
    order.apply(fill(order, '1', '100.00', { tradeId: 'C', commission: Money.from('0.20', USDT) }));
    expect(order.commissions().map(String)).toEqual(['0.30000000 USDT', '0.00001000 BTC']);
    expect(order.tradeIds.map(String)).toEqual(['A', 'B', 'C']);
    expect(order.lastTradeId?.value).toBe('C');
  });

  it('computes slippage against the limit price, signed by side', () => {
    const buy = accepted({ price: Price.from('100.00') });
    buy.apply(fill(buy, '10', '99.50'));
    expect(buy.slippage.toFixed()).toBe('-0.5');
    const sell = accepted({ side: 'SELL', price: Price.from('100.00') });
    sell.apply(fill(sell, '10', '99.50'));
    expect(sell.slippage.toFixed()).toBe('0.5');
  });

  it('refuses a duplicate trade id and changes nothing', () => {
    const order = accepted();
    order.apply(fill(order, '1', '100.00', { tradeId: 'T-DUP' }));
    const before = order.toSnapshot();
    expect(codeOf(() => order.apply(fill(order, '1', '100.00', { tradeId: 'T-DUP' })))).toBe(
      'DUPLICATE_FILL',
    );
    expect(order.toSnapshot()).toEqual(before);
  });

  it('refuses an overfill (OVERFILL) and changes nothing', () => {
    const order = accepted();
    order.apply(fill(order, '6'));
    const before = order.toSnapshot();
    expect(codeOf(() => order.apply(fill(order, '4.5')))).toBe('OVERFILL');
    expect(order.toSnapshot()).toEqual(before);
    expect(order.events.length).toBe(4);
  });

  it('refuses a fill on the wrong side', () => {
    const order = accepted();
    expect(codeOf(() => order.apply(fill(order, '1', '100.00', { side: 'SELL' })))).toBe('INVALID_FILL');
  });

  it('refuses events of another order, strategy or instrument', () => {
    const order = accepted();
    const other = limitOrder();
    expect(codeOf(() => order.apply(eventOf(other, 'CANCELED')))).toBe('EVENT_MISMATCH');
    const e = { ...eventOf(order, 'CANCELED'), strategyId: StrategyId.from('OTHER-002') };
    expect(codeOf(() => order.apply(e))).toBe('EVENT_MISMATCH');
    expect(order.status).toBe('ACCEPTED');
  });

  it('applies an update: new quantity and price, leaves follow', () => {
    const order = accepted();
    order.apply(fill(order, '4'));
    const h = eventOf(order, 'CANCELED');
    order.apply(orderUpdated({ ...h, quantity: Quantity.from('6'), price: Price.from('101.00') }));
    expect(order.quantity.toString()).toBe('6');
    expect(order.price?.toString()).toBe('101.00');
    expect(order.leavesQty.toString()).toBe('2');
    expect(order.status).toBe('PARTIALLY_FILLED');
  });

  it('refuses an update below the filled quantity or of a price the type has not', () => {
    const order = accepted();
    order.apply(fill(order, '4'));
    const h = eventOf(order, 'CANCELED');
    expect(codeOf(() => order.apply(orderUpdated({ ...h, quantity: Quantity.from('3') })))).toBe(
      'INVALID_UPDATE',
    );
    expect(
      codeOf(() =>
        order.apply(orderUpdated({ ...h, quantity: Quantity.from('10'), triggerPrice: Price.from('1') })),
      ),
    ).toBe('INVALID_UPDATE');
    expect(order.quantity.toString()).toBe('10');
  });

  it('keeps the venue order id from the acceptance and the account from submission', () => {
    const order = accepted();
    expect(order.venueOrderId?.eq(VenueOrderId.from('V-1'))).toBe(true);
    expect(order.accountId?.value).toBe('BINANCE-001');
    expect(order.tsAccepted).not.toBeNull();
  });

  it('rebuilds the same state from its events', () => {
    const order = accepted();
    order.apply(fill(order, '3', '100.10'));
    order.apply(eventOf(order, 'PENDING_CANCEL'));
    order.apply(eventOf(order, 'CANCELED'));
    const copy = Order.fromEvents(order.events);
    expect(copy.toSnapshot()).toEqual(order.toSnapshot());
  });

  it('refuses a second OrderInitialized, and a rebuild that does not start with one', () => {
    const order = accepted();
    expect(codeOf(() => order.apply(order.init))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => Order.fromEvents([eventOf(order, 'CANCELED')]))).toBe('INVALID_ORDER');
    expect(order.status).toBe('ACCEPTED');
  });

  it('answers the predicates', () => {
    const order = limitOrder({ side: 'SELL', quantity: Quantity.from('2.5') });
    expect(order.isSell && !order.isBuy).toBe(true);
    expect(order.isPassive && !order.isAggressive).toBe(true);
    expect(order.signedDecimalQty.toFixed()).toBe('-2.5');
    expect(order.isOpen || order.isClosed || order.isInflight).toBe(false);
    order.apply(eventOf(order, 'SUBMITTED'));
    expect(order.isInflight).toBe(true);
    order.apply(eventOf(order, 'ACCEPTED'));
    expect(order.isOpen && !order.isInflight).toBe(true);
    order.apply(eventOf(order, 'PENDING_CANCEL'));
    expect(order.isOpen && order.isInflight).toBe(true);
    const market = Order.create(params({ orderType: 'MARKET', price: null }));
    expect(market.isAggressive).toBe(true);
  });
});

describe('Order fill properties', () => {
  it('any sequence of partial fills keeps filled + leaves == quantity and avgPx within [min px, max px]', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            units: fc.integer({ min: 1, max: 1_000_000 }),
            cents: fc.integer({ min: 1, max: 10_000_000 }),
          }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        (fills) => {
          const total = fills.reduce((a, f) => a + f.units, 0);
          const order = accepted({
            quantity: Quantity.fromRaw(BigInt(total) * 10n ** 13n, 3),
          });
          let min = Number.POSITIVE_INFINITY;
          let max = 0;
          for (const f of fills) {
            const qty = Quantity.fromRaw(BigInt(f.units) * 10n ** 13n, 3).toString();
            const px = Price.fromRaw(BigInt(f.cents) * 10n ** 14n, 2);
            min = Math.min(min, f.cents);
            max = Math.max(max, f.cents);
            order.apply(fill(order, qty, px.toString()));
            expect(order.filledQty.add(order.leavesQty).eq(order.quantity)).toBe(true);
            const avg = order.avgPx!;
            expect(avg.gte(new Decimal(min).div(100))).toBe(true);
            expect(avg.lte(new Decimal(max).div(100))).toBe(true);
          }
          expect(order.status).toBe('FILLED');
        },
      ),
      { numRuns: 200 },
    );
  });
});
