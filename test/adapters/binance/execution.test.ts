import { Decimal } from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BinanceError } from '../../../ts/adapters/binance/errors.js';
import { BinanceExecutionClient } from '../../../ts/adapters/binance/execution.js';
import { BinanceExecClientConfig } from '../../../ts/config/binance.js';
import { ClientOrderId, InstrumentId, VenueOrderId } from '../../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import { FakeVenue } from './fake-venue.js';
import { load } from './fixtures.js';

const NOW = 1_700_000_000_000_000_000n;
let venue: FakeVenue;
beforeEach(async () => {
  venue = await new FakeVenue('exec-key', 'exec-secret').start();
});
afterEach(async () => {
  await venue.stop();
});

function client(
  accountType: 'SPOT' | 'USDT_FUTURE',
  extra: { timeoutMs?: number; maxRetries?: number } = {},
) {
  return new BinanceExecutionClient({
    config: BinanceExecClientConfig.parse({
      type: 'BINANCE',
      accountType,
      apiKey: venue.apiKey,
      apiSecret: venue.secret,
      baseUrlHttp: venue.url,
      maxRetries: extra.maxRetries ?? 1,
      retryDelayMs: 1,
    }),
    nowNs: () => NOW,
    env: {},
    ...(extra.timeoutMs === undefined ? {} : { timeoutMs: extra.timeoutMs }),
  });
}

async function failure(p: Promise<unknown>): Promise<BinanceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BinanceError);
    return e as BinanceError;
  }
  throw new Error('expected a failure, got a result');
}

function spotVenue(): void {
  venue
    .on('GET /api/v3/openOrders', { body: load('spot/http/open_orders_response.json') })
    .on('GET /api/v3/allOrders', { body: load('spot/http/all_orders_response.json') })
    .on('GET /api/v3/myTrades', { body: load('spot/http/account_trades_response.json') })
    .on('GET /api/v3/time', { body: { serverTime: Date.now() } })
    .on('GET /api/v3/exchangeInfo', { body: load('spot/http/spot_market_exchange_info.json') });
}

function futuresVenue(): void {
  venue
    .on('GET /fapi/v1/openOrders', { body: load('futures/http/futures_account_orders.json') })
    .on('GET /fapi/v1/openAlgoOrders', { body: load('futures/http/open_algo_orders.json') })
    .on('GET /fapi/v1/allOrders', { body: [load('futures/http/order_response.json')] })
    .on('GET /fapi/v1/userTrades', { body: load('futures/http/futures_account_trades.json') })
    .on('GET /fapi/v3/positionRisk', { body: load('futures/http/futures_account_positions_hedge.json') });
}

describe('report generators (spot)', () => {
  it('order status reports: open orders plus the history of their symbols, signed and verified', async () => {
    spotVenue();
    const reports = await client('SPOT').generateOrderStatusReports();
    expect(reports.map((r) => `${r.instrumentId} ${r.venueOrderId} ${r.orderStatus}`)).toEqual([
      'LTCBTC.BINANCE 1 ACCEPTED',
    ]);
    expect(reports[0]?.accountId.value).toBe('BINANCE-SPOT');
    expect(reports[0]?.tsInit).toBe(NOW);
    const hist = venue.calls('GET /api/v3/allOrders');
    expect(hist.map((r) => r.query.get('symbol'))).toEqual(['LTCBTC']);
    expect(venue.requests.every((r) => r.signatureValid === true && r.apiKey === 'exec-key')).toBe(true);
  });

  it('a lookback is sent as startTime and filters out orders last changed before it', async () => {
    spotVenue();
    const reports = await client('SPOT').generateOrderStatusReports({
      instrumentId: InstrumentId.from('LTCBTC.BINANCE'),
      startNs: 1499827319560n * 1_000_000n,
    });
    expect(venue.calls('GET /api/v3/allOrders')[0]?.query.get('startTime')).toBe('1499827319560');
    // The order is older than the lookback but still open: it is kept.
    expect(reports).toHaveLength(1);
  });

  it('openOnly reads no history', async () => {
    spotVenue();
    await client('SPOT').generateOrderStatusReports({ openOnly: true });
    expect(venue.calls('GET /api/v3/allOrders')).toHaveLength(0);
  });

  it('fill reports come from myTrades of each symbol', async () => {
    spotVenue();
    const fills = await client('SPOT').generateFillReports();
    expect(fills.map((f) => `${f.tradeId} ${f.commission}`)).toEqual(['28457 10.10000000 BNB']);
    expect(venue.calls('GET /api/v3/myTrades')[0]?.query.get('symbol')).toBe('LTCBTC');
  });

  it('spot has no positions: an empty list is the true answer', async () => {
    expect(await client('SPOT').generatePositionStatusReports()).toEqual([]);
  });

  it('an HTTP 500 on the history is a failure, never an empty list', async () => {
    spotVenue();
    venue.on('GET /api/v3/allOrders', { status: 500, text: 'boom' });
    const e = await failure(client('SPOT').generateOrderStatusReports());
    expect(e.code).toBe('BINANCE_HTTP_500');
    expect(venue.calls('GET /api/v3/allOrders')).toHaveLength(2); // one retry
  });

  it('a timeout is a failure (BINANCE_TIMEOUT), never an empty list', async () => {
    spotVenue();
    venue.on('GET /api/v3/myTrades', { delayMs: 400, body: [] });
    const e = await failure(client('SPOT', { timeoutMs: 50, maxRetries: 0 }).generateFillReports());
    expect(e.code).toBe('BINANCE_TIMEOUT');
  });

  it('HTTP 429 with a long Retry-After is RATE_LIMITED, and later queries are refused locally', async () => {
    spotVenue();
    venue.on('GET /api/v3/openOrders', {
      status: 429,
      headers: { 'retry-after': '60' },
      body: { code: -1003, msg: 'Too many requests' },
    });
    const c = client('SPOT');
    expect((await failure(c.generateOrderStatusReports())).code).toBe('RATE_LIMITED');
    const n = venue.requests.length;
    expect((await failure(c.generateFillReports())).code).toBe('RATE_LIMITED');
    expect(venue.requests.length).toBe(n);
  });

  it('a garbage payload is a failure naming the field', async () => {
    spotVenue();
    venue.on('GET /api/v3/openOrders', {
      body: [{ ...(load('spot/http/order_response.json') as object), origQty: 'lots' }],
    });
    const e = await failure(client('SPOT').generateOrderStatusReports());
    expect(e.code).toBe('BINANCE_INVALID_PAYLOAD');
    expect(e.message).toContain("'[0].origQty'");
  });

  it('paginates order history by order id until a short page', async () => {
    spotVenue();
    const base = (load('spot/http/all_orders_response.json') as Record<string, unknown>[])[0]!;
    venue.on('GET /api/v3/allOrders', (r) => {
      const from = Number(r.query.get('orderId') ?? 1);
      const n = from === 1 ? 1000 : 2;
      return {
        body: Array.from({ length: n }, (_, i) => ({ ...base, orderId: from + i, status: 'CANCELED' })),
      };
    });
    const reports = await client('SPOT').generateOrderStatusReports();
    expect(reports).toHaveLength(1002);
    expect(venue.calls('GET /api/v3/allOrders').map((r) => r.query.get('orderId'))).toEqual([null, '1001']);
    // The open order's report (NEW) wins over the history's copy of order 1.
    expect(reports.find((r) => r.venueOrderId.value === '1')?.orderStatus).toBe('ACCEPTED');
  });

  it('paginates trades by id until a short page', async () => {
    spotVenue();
    const base = (load('spot/http/account_trades_response.json') as Record<string, unknown>[])[0]!;
    venue.on('GET /api/v3/myTrades', (r) => {
      const from = Number(r.query.get('fromId') ?? 1);
      const n = from === 1 ? 1000 : 3;
      return { body: Array.from({ length: n }, (_, i) => ({ ...base, id: from + i })) };
    });
    const fills = await client('SPOT').generateFillReports({
      instrumentId: InstrumentId.from('BNBBTC.BINANCE'),
    });
    expect(fills).toHaveLength(1003);
    expect(venue.calls('GET /api/v3/myTrades').map((r) => r.query.get('fromId'))).toEqual([null, '1001']);
  });
});

describe('report generators (USD-M futures)', () => {
  it('order reports include open algo orders; positions come from positionRisk (hedge legs)', async () => {
    futuresVenue();
    const c = client('USDT_FUTURE');
    const mass = await c.generateMassStatus(60);
    expect([...mass.orderReports.keys()].sort()).toEqual(['12345678', '1917641', 'ALGO-123456789']);
    expect(mass.fillReportCount).toBe(0); // the trades are ETHUSDT, outside the window (2022)
    const legs = mass.positionReportsFor(InstrumentId.from('BTCUSDT-PERP.BINANCE'));
    expect(legs.map((p) => p.positionSide)).toEqual(['LONG', 'SHORT']);
    // One open-orders read; trades read for the one symbol with orders in the window.
    expect(venue.calls('GET /fapi/v1/openOrders')).toHaveLength(1);
    expect(venue.calls('GET /fapi/v1/userTrades').map((r) => r.query.get('symbol'))).toEqual(['BTCUSDT']);
    const start = venue.calls('GET /fapi/v1/allOrders')[0]?.query.get('startTime');
    expect(Number(start)).toBe(Number((NOW - 3_600_000_000_000n) / 1_000_000n));
  });

  it('fills without a lookback', async () => {
    futuresVenue();
    const fills = await client('USDT_FUTURE').generateFillReports({
      instrumentId: InstrumentId.from('ETHUSDT-PERP.BINANCE'),
    });
    expect(fills.map((f) => f.tradeId.value)).toEqual(['82357626', '82357629']);
  });

  it('a failed positionRisk makes the mass status fail', async () => {
    futuresVenue();
    venue.on('GET /fapi/v3/positionRisk', { status: 502, text: '' });
    expect((await failure(client('USDT_FUTURE').generateMassStatus())).code).toBe('BINANCE_HTTP_502');
  });
});

describe('commands', () => {
  const spotOrder = {
    instrumentId: InstrumentId.from('BTCUSDT.BINANCE'),
    clientOrderId: ClientOrderId.from('O-20240101-001'),
    side: 'SELL' as const,
    orderType: 'MARKET' as const,
    quantity: Quantity.from('10'),
    timeInForce: 'GTC' as const,
  };

  it('submitOrder (spot): newClientOrderId is ours, FULL answer gives the report and fills', async () => {
    venue.on('POST /api/v3/order', { body: load('spot/http/new_order_full_response.json') });
    const res = await client('SPOT').submitOrder(spotOrder);
    expect(res.type).toBe('accepted');
    if (res.type !== 'accepted') return;
    expect(res.report.orderStatus).toBe('FILLED');
    expect(res.fills).toHaveLength(5);
    const [r] = venue.calls('POST /api/v3/order');
    expect(r?.signatureValid).toBe(true);
    expect(r?.query.get('newClientOrderId')).toBe('O-20240101-001');
    expect(r?.query.get('newOrderRespType')).toBe('FULL');
    expect(r?.query.get('type')).toBe('MARKET');
    expect(r?.query.get('timeInForce')).toBeNull();
  });

  it('submitOrder: a post-only limit is LIMIT_MAKER on spot, GTX on futures', async () => {
    venue.on('POST /api/v3/order', { body: load('spot/http/order_response.json') });
    venue.on('POST /fapi/v1/order', { body: load('futures/http/order_response.json') });
    const limit = {
      ...spotOrder,
      orderType: 'LIMIT' as const,
      price: Price.from('50000.00'),
      postOnly: true,
    };
    await client('SPOT').submitOrder(limit);
    await client('USDT_FUTURE').submitOrder({
      ...limit,
      instrumentId: InstrumentId.from('BTCUSDT-PERP.BINANCE'),
    });
    expect(venue.calls('POST /api/v3/order')[0]?.query.get('type')).toBe('LIMIT_MAKER');
    const f = venue.calls('POST /fapi/v1/order')[0];
    expect(f?.query.get('timeInForce')).toBe('GTX');
    expect(f?.query.get('symbol')).toBe('BTCUSDT');
    expect(f?.query.get('price')).toBe('50000.00');
  });

  it('submitOrder: venue rejection -2010 is rejected with the venue code', async () => {
    venue.on('POST /api/v3/order', {
      status: 400,
      body: { code: -2010, msg: 'Account has insufficient balance for requested action.' },
    });
    const res = await client('SPOT').submitOrder(spotOrder);
    expect(res).toMatchObject({ type: 'rejected', code: 'BINANCE_2010', venueCode: -2010 });
  });

  it.each([
    [
      '-1007',
      { status: 408, body: { code: -1007, msg: 'Timeout waiting for response from backend server.' } },
    ],
    ['HTTP 500', { status: 500, text: '' }],
    ['timeout', { delayMs: 400, body: {} }],
    ['unreadable 200', { status: 200, text: 'not json' }],
  ])('submitOrder: %s is unknown, never rejected', async (_name, reply) => {
    venue.on('POST /api/v3/order', reply);
    const res = await client('SPOT', { timeoutMs: 100 }).submitOrder(spotOrder);
    expect(res.type).toBe('unknown');
    expect(venue.calls('POST /api/v3/order')).toHaveLength(1); // never retried
  });

  it('submitOrder (futures): conditional orders go to the algo service with clientAlgoId', async () => {
    venue.on('POST /fapi/v1/algoOrder', {
      body: (load('futures/http/open_algo_orders.json') as unknown[])[0],
    });
    const res = await client('USDT_FUTURE').submitOrder({
      instrumentId: InstrumentId.from('BTCUSDT-PERP.BINANCE'),
      clientOrderId: ClientOrderId.from('test-algo-order-1'),
      side: 'BUY',
      orderType: 'STOP_MARKET',
      quantity: Quantity.from('0.001'),
      timeInForce: 'GTC',
      triggerPrice: Price.from('45000.00'),
      triggerType: 'MARK_PRICE',
    });
    expect(res.type === 'accepted' && res.report.venueOrderId.value).toBe('ALGO-123456789');
    const [r] = venue.calls('POST /fapi/v1/algoOrder');
    expect(r?.query.get('algoType')).toBe('CONDITIONAL');
    expect(r?.query.get('clientAlgoId')).toBe('test-algo-order-1');
    expect(r?.query.get('triggerPrice')).toBe('45000.00');
    expect(r?.query.get('workingType')).toBe('MARK_PRICE');
    expect(venue.calls('POST /fapi/v1/order')).toHaveLength(0);
  });

  it('submitOrder (futures): trailing stop callback rate is the offset in percent', async () => {
    venue.on('POST /fapi/v1/algoOrder', {
      body: (load('futures/http/open_algo_orders.json') as unknown[])[0],
    });
    await client('USDT_FUTURE').submitOrder({
      instrumentId: InstrumentId.from('BTCUSDT-PERP.BINANCE'),
      clientOrderId: ClientOrderId.from('trail-1'),
      side: 'SELL',
      orderType: 'TRAILING_STOP_MARKET',
      quantity: Quantity.from('0.001'),
      timeInForce: 'GTC',
      trailingOffsetBps: new Decimal(30),
    });
    expect(venue.calls('POST /fapi/v1/algoOrder')[0]?.query.get('callbackRate')).toBe('0.3');
  });

  it('submitOrder: an order type the market lacks is rejected locally, not sent', async () => {
    const res = await client('SPOT').submitOrder({ ...spotOrder, orderType: 'TRAILING_STOP_MARKET' });
    expect(res).toMatchObject({ type: 'rejected', code: 'BINANCE_UNSUPPORTED' });
    expect(venue.requests).toHaveLength(0);
  });

  it('cancelOrder: the canceled report carries our client order id; -2011 is rejected', async () => {
    venue.on('DELETE /api/v3/order', { body: load('spot/http/cancel_order_response.json') });
    const c = client('SPOT');
    const req = {
      instrumentId: InstrumentId.from('LTCBTC.BINANCE'),
      clientOrderId: ClientOrderId.from('myOrder1'),
    };
    const res = await c.cancelOrder(req);
    expect(res.type === 'accepted' && res.report.orderStatus).toBe('CANCELED');
    expect(venue.calls('DELETE /api/v3/order')[0]?.query.get('origClientOrderId')).toBe('myOrder1');
    venue.on('DELETE /api/v3/order', { status: 400, body: { code: -2011, msg: 'Unknown order sent.' } });
    expect(await c.cancelOrder(req)).toMatchObject({ type: 'rejected', venueCode: -2011 });
  });

  it('cancelOrder (futures): an ALGO- venue id is canceled through the algo service', async () => {
    venue.on('DELETE /fapi/v1/algoOrder', { body: { algoId: 123456789, code: '200', msg: 'success' } });
    venue.on('GET /fapi/v1/algoOrder', {
      body: {
        ...((load('futures/http/open_algo_orders.json') as object[])[0] as object),
        algoStatus: 'CANCELED',
      },
    });
    const res = await client('USDT_FUTURE').cancelOrder({
      instrumentId: InstrumentId.from('BTCUSDT-PERP.BINANCE'),
      clientOrderId: ClientOrderId.from('test-algo-order-1'),
      venueOrderId: VenueOrderId.from('ALGO-123456789'),
    });
    expect(res.type === 'accepted' && res.report.orderStatus).toBe('CANCELED');
    expect(venue.calls('DELETE /fapi/v1/algoOrder')[0]?.query.get('algoId')).toBe('123456789');
  });

  it('queryOrder (futures): a triggered algo order answers with its actual order (own venue id, same client id); untriggered, with itself', async () => {
    const open = (load('futures/http/open_algo_orders.json') as object[])[0] as object;
    venue.on('GET /fapi/v1/algoOrder', {
      body: {
        ...open,
        algoStatus: 'TRIGGERED',
        actualOrderId: '12345678',
        actualQty: '0',
        actualType: 'LIMIT',
      },
    });
    venue.on('GET /fapi/v1/order', {
      body: {
        ...(load('futures/http/order_response.json') as object),
        clientOrderId: 'test-algo-order-1',
        status: 'PARTIALLY_FILLED',
        executedQty: '0.0005',
        cumQuote: '25.00',
      },
    });
    const q = {
      instrumentId: InstrumentId.from('BTCUSDT-PERP.BINANCE'),
      clientOrderId: ClientOrderId.from('test-algo-order-1'),
      venueOrderId: VenueOrderId.from('ALGO-123456789'),
    };
    const r = await client('USDT_FUTURE').queryOrder(q);
    expect([r?.venueOrderId.value, r?.clientOrderId?.value, r?.orderStatus, r?.filledQty.toString()]).toEqual(
      ['12345678', 'test-algo-order-1', 'PARTIALLY_FILLED', '0.0005'],
    );
    expect(venue.calls('GET /fapi/v1/order')[0]?.query.get('orderId')).toBe('12345678');
    venue.on('GET /fapi/v1/algoOrder', { body: { ...open, actualOrderId: '' } });
    expect((await client('USDT_FUTURE').queryOrder(q))?.venueOrderId.value).toBe('ALGO-123456789');
    expect(venue.calls('GET /fapi/v1/order')).toHaveLength(1);
  });

  it('generateFillReports (futures): the fills of an ALGO- id are those of its actual order; none before the trigger', async () => {
    const open = (load('futures/http/open_algo_orders.json') as object[])[0] as object;
    venue.on('GET /fapi/v1/algoOrder', {
      body: { ...open, algoStatus: 'FINISHED', actualOrderId: '831238666' },
    });
    venue.on('GET /fapi/v1/userTrades', { body: load('futures/http/futures_account_trades.json') });
    const c = client('USDT_FUTURE');
    const q = {
      instrumentId: InstrumentId.from('ETHUSDT-PERP.BINANCE'),
      venueOrderId: VenueOrderId.from('ALGO-123456789'),
    };
    const fills = await c.generateFillReports(q);
    expect(venue.calls('GET /fapi/v1/userTrades').at(-1)?.query.get('orderId')).toBe('831238666');
    expect(fills.map((f) => f.venueOrderId.value)).toEqual(['831238666']);
    venue.on('GET /fapi/v1/algoOrder', { body: { ...open, actualOrderId: '' } });
    const before = venue.calls('GET /fapi/v1/userTrades').length;
    expect(await c.generateFillReports(q)).toEqual([]);
    expect(venue.calls('GET /fapi/v1/userTrades')).toHaveLength(before);
  });

  it('cancelAllOrders (spot): every canceled order, order lists flattened', async () => {
    venue.on('DELETE /api/v3/openOrders', { body: load('spot/http/cancel_open_orders_response.json') });
    const res = await client('SPOT').cancelAllOrders(InstrumentId.from('BTCUSDT.BINANCE'));
    expect(res.type === 'accepted' && res.reports.map((r) => r.orderStatus)).toEqual([
      'CANCELED',
      'CANCELED',
      'CANCELED',
      'CANCELED',
    ]);
  });

  it('modifyOrder: futures PUT with the new price; spot refuses (no in-place modify)', async () => {
    venue.on('PUT /fapi/v1/order', { body: load('futures/http/order_response.json') });
    const req = {
      instrumentId: InstrumentId.from('BTCUSDT-PERP.BINANCE'),
      clientOrderId: ClientOrderId.from('testOrder123'),
      venueOrderId: VenueOrderId.from('12345678'),
      side: 'BUY' as const,
      quantity: Quantity.from('0.001'),
      price: Price.from('50000.00'),
    };
    const res = await client('USDT_FUTURE').modifyOrder(req);
    expect(res.type).toBe('accepted');
    expect(venue.calls('PUT /fapi/v1/order')[0]?.query.get('orderId')).toBe('12345678');
    expect(await client('SPOT').modifyOrder(req)).toMatchObject({
      type: 'rejected',
      code: 'BINANCE_UNSUPPORTED',
    });
  });

  it('queryOrder: the report, null for -2013, a failure otherwise', async () => {
    venue.on('GET /api/v3/order', { body: load('spot/http/order_response.json') });
    const c = client('SPOT');
    const q = { instrumentId: InstrumentId.from('LTCBTC.BINANCE'), venueOrderId: VenueOrderId.from('1') };
    expect((await c.queryOrder(q))?.clientOrderId?.value).toBe('myOrder1');
    venue.on('GET /api/v3/order', { status: 400, body: { code: -2013, msg: 'Order does not exist.' } });
    expect(await c.queryOrder(q)).toBeNull();
    venue.on('GET /api/v3/order', { status: 503, text: '' });
    expect((await failure(c.queryOrder(q))).code).toBe('BINANCE_HTTP_503');
  });

  it('connect synchronises time and loads instruments; account balances', async () => {
    spotVenue();
    venue.on('GET /api/v3/account', { body: load('spot/http/account_response.json') });
    const c = client('SPOT');
    await c.connect();
    expect(venue.calls('GET /api/v3/time')).toHaveLength(1);
    expect((await c.loadInstruments()).map((i) => i.id.value)).toEqual([
      'BTCUSDT.BINANCE',
      'ETHUSDT.BINANCE',
    ]);
    const acct = await c.queryAccount();
    expect(acct.balances).toHaveLength(2);
  });

  it('needs credentials for signed requests (none in config or environment)', async () => {
    const c = new BinanceExecutionClient({
      config: BinanceExecClientConfig.parse({ type: 'BINANCE', baseUrlHttp: venue.url }),
      env: {},
    });
    expect((await failure(c.generateOrderStatusReports())).code).toBe('MISSING_CREDENTIALS');
  });
});
