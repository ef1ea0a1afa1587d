import { describe, expect, it } from 'vitest';

import type { OrderType } from '../../../ts/model/enums.js';
import type { KairosError } from '../../../ts/model/errors.js';
import { ClientOrderId, InstrumentId, OrderListId } from '../../../ts/model/identifiers/index.js';
import { Order, type OrderParams } from '../../../ts/model/orders/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import { params } from './fixtures.js';

const P = Price.from('100.00');
const T = Price.from('99.00');

/** A valid definition of each type. */
const VALID: Record<OrderType, Partial<OrderParams>> = {
  MARKET: { orderType: 'MARKET', price: null },
  LIMIT: { orderType: 'LIMIT', price: P, postOnly: true, displayQty: Quantity.from('1') },
  STOP_MARKET: { orderType: 'STOP_MARKET', price: null, triggerPrice: T },
  STOP_LIMIT: { orderType: 'STOP_LIMIT', price: P, triggerPrice: T, triggerType: 'MARK_PRICE' },
  MARKET_TO_LIMIT: { orderType: 'MARKET_TO_LIMIT', price: null },
  MARKET_IF_TOUCHED: { orderType: 'MARKET_IF_TOUCHED', price: null, triggerPrice: T },
  LIMIT_IF_TOUCHED: { orderType: 'LIMIT_IF_TOUCHED', price: P, triggerPrice: T },
  TRAILING_STOP_MARKET: {
    orderType: 'TRAILING_STOP_MARKET',
    price: null,
    trailingOffset: '25',
    trailingOffsetType: 'BASIS_POINTS',
  },
  TRAILING_STOP_LIMIT: {
    orderType: 'TRAILING_STOP_LIMIT',
    price: null,
    trailingOffset: '1.5',
    limitOffset: '0.5',
  },
};

function refusal(over: Partial<OrderParams>): KairosError | undefined {
  try {
    Order.create(params(over));
  } catch (e) {
    return e as KairosError;
  }
  return undefined;
}

describe('order definitions', () => {
  it.each(Object.entries(VALID))('a valid %s is accepted with its defaults', (type, over) => {
    const order = Order.create(params(over));
    expect(order.orderType).toBe(type);
    expect(order.status).toBe('INITIALIZED');
    expect(order.timeInForce).toBe('GTC');
    const triggered = order.triggerPrice !== null || type.startsWith('TRAILING');
    expect(order.triggerType === 'NO_TRIGGER').toBe(!triggered);
  });

  // name, the type's valid definition + the breaking change, text the message must contain
  const CASES: [string, OrderType, Partial<OrderParams>, string][] = [
    ['LIMIT without price', 'LIMIT', { price: null }, 'price is required'],
    ['MARKET with a price', 'MARKET', { price: P }, 'price is not allowed'],
    ['MARKET post-only', 'MARKET', { postOnly: true }, 'postOnly is not allowed'],
    ['MARKET GTD', 'MARKET', { timeInForce: 'GTD', expireTimeNs: 5n }, 'GTD is not allowed'],
    ['MARKET display qty', 'MARKET', { displayQty: Quantity.from('1') }, 'displayQty is not allowed'],
    ['STOP_MARKET without trigger', 'STOP_MARKET', { triggerPrice: null }, 'triggerPrice is required'],
    ['STOP_MARKET with price', 'STOP_MARKET', { price: P }, 'price is not allowed'],
    ['STOP_MARKET NO_TRIGGER', 'STOP_MARKET', { triggerType: 'NO_TRIGGER' }, 'NO_TRIGGER'],
    ['STOP_LIMIT without price', 'STOP_LIMIT', { price: null }, 'price is required'],
    ['STOP_LIMIT without trigger', 'STOP_LIMIT', { triggerPrice: null }, 'triggerPrice is required'],
    ['LIMIT with trigger', 'LIMIT', { triggerPrice: T }, 'triggerPrice is not allowed'],
    [
      'LIMIT with trigger type',
      'LIMIT',
      { triggerType: 'LAST_PRICE' },
      'triggerType LAST_PRICE is not allowed',
    ],
    [
      'MARKET_IF_TOUCHED without trigger',
      'MARKET_IF_TOUCHED',
      { triggerPrice: null },
      'triggerPrice is required',
    ],
    ['LIMIT_IF_TOUCHED without price', 'LIMIT_IF_TOUCHED', { price: null }, 'price is required'],
    ['MARKET_TO_LIMIT with price', 'MARKET_TO_LIMIT', { price: P }, 'price is not allowed'],
    [
      'trailing without offset',
      'TRAILING_STOP_MARKET',
      { trailingOffset: null },
      'trailingOffset is required',
    ],
    [
      'trailing NO_TRAILING_OFFSET',
      'TRAILING_STOP_MARKET',
      { trailingOffsetType: 'NO_TRAILING_OFFSET' },
      'trailingOffsetType',
    ],
    ['trailing negative offset', 'TRAILING_STOP_MARKET', { trailingOffset: '-1' }, 'must not be negative'],
    ['trailing offset not a number', 'TRAILING_STOP_MARKET', { trailingOffset: 'abc' }, 'not a decimal'],
    [
      'trailing limit without limit offset',
      'TRAILING_STOP_LIMIT',
      { limitOffset: null },
      'limitOffset is required',
    ],
    [
      'limit offset on a trailing market',
      'TRAILING_STOP_MARKET',
      { limitOffset: '1' },
      'limitOffset is not allowed',
    ],
    ['trailing offset on a limit', 'LIMIT', { trailingOffset: '1' }, 'trailingOffset is not allowed'],
    ['GTD without expiry', 'LIMIT', { timeInForce: 'GTD' }, 'GTD needs expireTimeNs'],
    ['expiry without GTD', 'LIMIT', { expireTimeNs: 5n }, 'only for GTD'],
    ['zero quantity', 'LIMIT', { quantity: Quantity.from('0') }, 'quantity must be positive'],
    [
      'display qty above qty',
      'LIMIT',
      { displayQty: Quantity.from('11') },
      'displayQty 11 exceeds quantity 10',
    ],
    ['contingency without links', 'LIMIT', { contingencyType: 'OCO' }, 'needs linkedOrderIds'],
    [
      'trigger instrument without emulation',
      'LIMIT',
      { triggerInstrumentId: InstrumentId.from('ETHUSDT.BINANCE') },
      'emulationTrigger',
    ],
    ['spawn id without algorithm', 'LIMIT', { execSpawnId: ClientOrderId.from('X-1') }, 'execAlgorithmId'],
    ['empty tag', 'LIMIT', { tags: [''] }, 'tags'],
  ];

  it.each(CASES)('refuses %s', (_name, type, change, text) => {
    const err = refusal({ ...VALID[type], ...change });
    expect(err?.code).toBe('INVALID_ORDER');
    expect(err?.message).toContain(type);
    expect(err?.message).toContain(text);
  });

  it('refuses an order linked to itself', () => {
    const id = ClientOrderId.from('SELF-1');
    const err = refusal({
      clientOrderId: id,
      contingencyType: 'OCO',
      linkedOrderIds: [id],
      orderListId: OrderListId.from('L-1'),
    });
    expect(err?.message).toContain('SELF-1');
    expect(err?.message).toContain('must not contain the order itself');
  });

  it('accepts a full contingent GTD definition and keeps every field', () => {
    const order = Order.create(
      params({
        timeInForce: 'GTD',
        expireTimeNs: 1_700_000_000_000_000_000n,
        contingencyType: 'OUO',
        orderListId: OrderListId.from('L-7'),
        linkedOrderIds: [ClientOrderId.from('O-TP')],
        parentOrderId: ClientOrderId.from('O-ENTRY'),
        reduceOnly: true,
        quoteQuantity: true,
        emulationTrigger: 'BID_ASK',
        execAlgorithmId: 'TWAP',
        execAlgorithmParams: { horizonSecs: '60' },
        tags: ['exit'],
      }),
    );
    const s = order.toSnapshot();
    expect(s.contingencyType).toBe('OUO');
    expect(s.linkedOrderIds.map(String)).toEqual(['O-TP']);
    expect(s.parentOrderId?.value).toBe('O-ENTRY');
    expect(s.expireTimeNs).toBe(1_700_000_000_000_000_000n);
    expect(order.init.execAlgorithmParams).toEqual({ horizonSecs: '60' });
    expect(s.tags).toEqual(['exit']);
    expect(order.reduceOnly && order.quoteQuantity).toBe(true);
  });

  it('gives each initialized event a UUID v4 unless an id is given', () => {
    const a = Order.create(params());
    expect(a.init.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const b = Order.create(params({ eventId: 'fixed-id' }));
    expect(b.init.eventId).toBe('fixed-id');
  });
});
