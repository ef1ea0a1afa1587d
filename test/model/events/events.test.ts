import { describe, expect, it } from 'vitest';
import type { KairosError } from '../../../ts/model/errors.js';
import {
  assertNever,
  ORDER_EVENT_TYPES,
  type OrderEvent,
  orderAccepted,
  orderCanceled,
  orderFilled,
  orderRejected,
  orderUpdated,
} from '../../../ts/model/events/index.js';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from '../../../ts/model/identifiers/index.js';
import { Currency, Price, Quantity } from '../../../ts/model/values/index.js';

const H = {
  traderId: TraderId.from('TRADER-001'),
  strategyId: StrategyId.from('S-001'),
  instrumentId: InstrumentId.from('BTCUSDT.BINANCE'),
  clientOrderId: ClientOrderId.from('O-1'),
  tsEvent: 5n,
  tsInit: 6n,
};

/** Exhaustive over every order event: adding a type without a case fails to compile. */
function describeEvent(e: OrderEvent): string {
  switch (e.type) {
    case 'OrderInitialized':
    case 'OrderDenied':
    case 'OrderEmulated':
    case 'OrderReleased':
    case 'OrderSubmitted':
    case 'OrderAccepted':
    case 'OrderRejected':
    case 'OrderCanceled':
    case 'OrderExpired':
    case 'OrderTriggered':
    case 'OrderPendingUpdate':
    case 'OrderPendingCancel':
    case 'OrderModifyRejected':
    case 'OrderCancelRejected':
    case 'OrderUpdated':
      return e.type;
    case 'OrderFilled':
      return `${e.type} ${e.lastQty}@${e.lastPx}`;
    default:
      return assertNever(e, 'order event');
  }
}

describe('order events', () => {
  it('fill the defaults: a UUID v4, reconciliation false, absent ids as null', () => {
    const e = orderCanceled(H);
    expect(e.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(e.reconciliation).toBe(false);
    expect(e.venueOrderId).toBeNull();
    expect(e.accountId).toBeNull();
    expect(e.tsEvent).toBe(5n);
    expect(e.tsInit).toBe(6n);
  });

  it('keep a given event id and reconciliation flag (deterministic replays)', () => {
    const e = orderRejected({ ...H, eventId: 'id-1', reconciliation: true, reason: 'INFLIGHT_TIMEOUT' });
    expect(e.eventId).toBe('id-1');
    expect(e.reconciliation).toBe(true);
    expect(e.dueToPostOnly).toBe(false);
  });

  it('have the same keys for every event of a type, in one order', () => {
    const a = orderUpdated({ ...H, quantity: Quantity.from('1') });
    const b = orderUpdated({
      ...H,
      quantity: Quantity.from('2'),
      price: Price.from('1.0'),
      venueOrderId: VenueOrderId.from('V'),
    });
    expect(Object.keys(a)).toEqual(Object.keys(b));
    const c = orderAccepted({ ...H, venueOrderId: VenueOrderId.from('V'), accountId: AccountId.from('B-1') });
    expect(Object.keys(c).slice(0, 11)).toEqual(Object.keys(a).slice(0, 11));
  });

  it('switch exhaustively with assertNever, which throws on an unknown kind at run time', () => {
    const f = orderFilled({
      ...H,
      venueOrderId: VenueOrderId.from('V'),
      accountId: AccountId.from('B-1'),
      tradeId: TradeId.from('T'),
      orderSide: 'BUY',
      orderType: 'MARKET',
      lastQty: Quantity.from('1'),
      lastPx: Price.from('2.5'),
      currency: Currency.from('USDT'),
      liquiditySide: 'TAKER',
    });
    expect(describeEvent(f)).toBe('OrderFilled 1@2.5');
    expect(f.commission).toBeNull();
    expect(f.positionId).toBeNull();
    let err: KairosError | undefined;
    try {
      describeEvent({ ...f, type: 'OrderExploded' } as unknown as OrderEvent);
    } catch (e) {
      err = e as KairosError;
    }
    expect(err?.code).toBe('UNREACHABLE');
    expect(err?.message).toContain('OrderExploded');
  });

  it('lists all sixteen order event types', () => {
    expect(ORDER_EVENT_TYPES.length).toBe(16);
    expect(new Set(ORDER_EVENT_TYPES).size).toBe(16);
  });
});
