import { createHmac } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import { BinanceSymbols } from '../../ts/adapters/binance/parse/common.js';
import { parseExchangeInfo } from '../../ts/adapters/binance/parse/instruments.js';
import { parseDepthSnapshot, parseRestBookTicker } from '../../ts/adapters/binance/parse/market.js';
import { InstrumentId } from '../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import {
  cleanup,
  execClient,
  httpClient,
  KEY,
  keys,
  raw,
  realPayload,
  SECRET,
  startVenue,
} from './helpers.js';

afterEach(cleanup);

const BTC = InstrumentId.from('BTCUSDT-PERP.BINANCE');

function signed(query: string, secret = SECRET): string {
  return `${query}&signature=${createHmac('sha256', secret).update(query).digest('hex')}`;
}

describe('venue REST: public endpoints', () => {
  it('exchangeInfo lists the configured instruments and the adapter parses them with their filters', async () => {
    const venue = await startVenue();
    const json = await httpClient(venue).get('/fapi/v1/exchangeInfo');
    const list = parseExchangeInfo(json, new BinanceSymbols('USDT_FUTURE'), 0n);
    expect(list.map((i) => i.id.value)).toEqual(['BTCUSDT-PERP.BINANCE', 'ETHUSDT-PERP.BINANCE']);
    expect(list[0]?.priceIncrement.eq(Price.from('0.1'))).toBe(true);
    expect(list[0]?.sizeIncrement.eq(Quantity.from('0.001'))).toBe(true);
    // Every top-level and symbol key of the real payload is served.
    const real = realPayload('futures/http/futures_market_exchange_info.json') as { symbols: object[] };
    expect(keys(json)).toEqual(
      expect.arrayContaining(
        keys(real)
          .filter((k) => k !== 'symbols')
          .concat('symbols'),
      ),
    );
    expect(keys((json as { symbols: object[] }).symbols[0])).toEqual(
      expect.arrayContaining(keys(real.symbols[0])),
    );
  });

  it('time, depth and bookTicker answer in the real shapes and agree with each other', async () => {
    const venue = await startVenue();
    const http = httpClient(venue);
    const offset = await http.syncTime();
    expect(Math.abs(offset)).toBeLessThan(1000);
    const depth = (await http.get('/fapi/v1/depth', { symbol: 'BTCUSDT', limit: 5 })) as Record<
      string,
      unknown
    >;
    expect(keys(depth)).toEqual(keys(realPayload('futures/http/futures_market_depth.json')));
    const snap = parseDepthSnapshot(depth);
    expect(snap.bids).toHaveLength(5);
    expect(snap.asks).toHaveLength(5);
    const quote = parseRestBookTicker(
      await http.get('/fapi/v1/ticker/bookTicker', { symbol: 'BTCUSDT' }),
      new BinanceSymbols('USDT_FUTURE'),
      0n,
    );
    expect(quote.bidPrice.toString()).toBe(snap.bids[0]?.[0]);
    expect(quote.askPrice.toString()).toBe(snap.asks[0]?.[0]);
    expect(quote.askPrice.gt(quote.bidPrice)).toBe(true);
  });

  it('refuses an unknown symbol (-1121), a bad depth limit (-4021) and an unknown path', async () => {
    const venue = await startVenue();
    expect((await raw(venue, 'GET', '/fapi/v1/depth?symbol=NOPE')).body.code).toBe(-1121);
    expect((await raw(venue, 'GET', '/fapi/v1/depth?symbol=BTCUSDT&limit=7')).body.code).toBe(-4021);
    expect((await raw(venue, 'GET', '/fapi/v9/none')).status).toBe(404);
  });
});

describe('venue REST: authentication as Binance answers it', () => {
  it('no API key is -2014, an unknown key -2015, both HTTP 401', async () => {
    const venue = await startVenue();
    const q = signed(`symbol=BTCUSDT&timestamp=${Date.now()}`);
    const none = await raw(venue, 'GET', `/fapi/v1/openOrders?${q}`);
    expect([none.status, none.body.code]).toEqual([401, -2014]);
    const bad = await raw(venue, 'GET', `/fapi/v1/openOrders?${q}`, { 'X-MBX-APIKEY': 'other' });
    expect([bad.status, bad.body.code]).toEqual([401, -2015]);
  });

  it('a wrong secret is -1022 through the real client; a missing signature or timestamp -1102', async () => {
    const venue = await startVenue();
    const http = httpClient(venue, { secret: 'wrong' });
    await expect(http.get('/fapi/v1/openOrders', {}, true)).rejects.toMatchObject({ code: 'BINANCE_1022' });
    const noSig = await raw(venue, 'GET', `/fapi/v1/openOrders?timestamp=${Date.now()}`, {
      'X-MBX-APIKEY': KEY,
    });
    expect(noSig.body.code).toBe(-1102);
    const noTs = await raw(venue, 'GET', `/fapi/v1/openOrders?${signed('symbol=BTCUSDT')}`, {
      'X-MBX-APIKEY': KEY,
    });
    expect([noTs.body.code, noTs.body.msg]).toEqual([-1102, expect.stringContaining("'timestamp'")]);
  });

  it('a signature over the form body is accepted as well (query + body, as Binance signs)', async () => {
    const venue = await startVenue();
    const body = signed(`symbol=BTCUSDT&timestamp=${Date.now()}`);
    const res = await fetch(`${venue.url}/fapi/v1/openOrders?${body}`, { headers: { 'X-MBX-APIKEY': KEY } });
    expect(res.status).toBe(200);
    const post = await fetch(`${venue.url}/fapi/v1/listenKey`, {
      method: 'POST',
      headers: { 'X-MBX-APIKEY': KEY },
    });
    expect(keys(await post.json())).toEqual(['listenKey']);
  });

  it('a timestamp outside recvWindow is -1021; the real client resynchronises its clock and succeeds', async () => {
    const venue = await startVenue();
    const old = await raw(venue, 'GET', `/fapi/v1/openOrders?${signed(`timestamp=${Date.now() - 10_000}`)}`, {
      'X-MBX-APIKEY': KEY,
    });
    expect([old.body.code, old.body.msg]).toEqual([
      -1021,
      'Timestamp for this request is outside of the recvWindow.',
    ]);
    const ahead = await raw(
      venue,
      'GET',
      `/fapi/v1/openOrders?${signed(`timestamp=${Date.now() + 5_000}`)}`,
      {
        'X-MBX-APIKEY': KEY,
      },
    );
    expect(ahead.body.code).toBe(-1021);
    const big = await raw(
      venue,
      'GET',
      `/fapi/v1/openOrders?${signed(`recvWindow=70000&timestamp=${Date.now()}`)}`,
      {
        'X-MBX-APIKEY': KEY,
      },
    );
    expect(big.body.code).toBe(-1131);
    // A client whose clock runs 2 minutes late: first answer -1021, resync, retry succeeds.
    const late = httpClient(venue, { nowMs: () => Date.now() - 120_000 });
    await expect(late.get('/fapi/v1/openOrders', {}, true)).resolves.toEqual([]);
    expect(venue.stats().errors['-1021']).toBe(3);
  });
});

describe('venue REST: weights and rate limits', () => {
  it('every answer carries X-MBX-USED-WEIGHT-1M; past the budget it is 429 -1003 with Retry-After, which the client reports RATE_LIMITED', async () => {
    const venue = await startVenue({ weightLimitPerMinute: 12 });
    const first = await raw(venue, 'GET', '/fapi/v1/time');
    const used = Number(first.headers.get('x-mbx-used-weight-1m'));
    expect(used).toBeGreaterThanOrEqual(1);
    const depth = await raw(venue, 'GET', '/fapi/v1/depth?symbol=BTCUSDT&limit=100');
    expect(Number(depth.headers.get('x-mbx-used-weight-1m'))).toBe(used + 5);
    let limited = null as Awaited<ReturnType<typeof raw>> | null;
    for (let i = 0; i < 20 && limited === null; i++) {
      const r = await raw(venue, 'GET', '/fapi/v1/time');
      if (r.status === 429) limited = r;
    }
    expect(limited?.body.code).toBe(-1003);
    const after = Number(limited?.headers.get('retry-after'));
    expect(after).toBeGreaterThanOrEqual(1);
    expect(after).toBeLessThanOrEqual(60);
    await expect(
      httpClient(venue).request('POST', '/fapi/v1/listenKey', { apiKeyOnly: true }),
    ).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
  });
});

describe('venue REST: order validation as Binance answers it', () => {
  it('filters: tick -4014, step -4023, min qty -4004, precision -1111, notional -4164; duplicates -4116; conditional types -4120', async () => {
    const venue = await startVenue();
    const http = httpClient(venue);
    const order = (p: Record<string, string>) =>
      http.request('POST', '/fapi/v1/order', {
        signed: true,
        params: {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.010',
          price: '50000.0',
          ...p,
        },
      });
    await expect(order({ price: '50000.05' })).rejects.toMatchObject({ code: 'BINANCE_4014' });
    await expect(order({ price: '50000.123' })).rejects.toMatchObject({ code: 'BINANCE_1111' });
    await expect(order({ quantity: '0.0105' })).rejects.toMatchObject({ code: 'BINANCE_1111' });
    await expect(order({ price: '99.9' })).rejects.toMatchObject({ code: 'BINANCE_4013' });
    await expect(order({ quantity: '0.000' })).rejects.toMatchObject({ code: 'BINANCE_4003' });
    await expect(order({ price: '100.0', quantity: '0.001' })).rejects.toMatchObject({
      code: 'BINANCE_4164',
    });
    await expect(order({ symbol: 'XXXUSDT' })).rejects.toMatchObject({ code: 'BINANCE_1121' });
    await expect(order({ type: 'STOP_MARKET' })).rejects.toMatchObject({ code: 'BINANCE_4120' });
    await expect(order({ newClientOrderId: 'dup-1' })).resolves.toMatchObject({ status: 'NEW' });
    await expect(order({ newClientOrderId: 'dup-1' })).rejects.toMatchObject({ code: 'BINANCE_4116' });
    await expect(order({ newClientOrderId: 'x'.repeat(37) })).rejects.toMatchObject({ code: 'BINANCE_4015' });
  });

  it('unknown orders: query -2013 (the client answers null), cancel -2011 (the client reports a rejection)', async () => {
    const venue = await startVenue();
    const { client } = await execClient(venue, { stream: false });
    const { ClientOrderId, VenueOrderId } = await import('../../ts/model/identifiers/index.js');
    expect(
      await client.queryOrder({ instrumentId: BTC, clientOrderId: ClientOrderId.from('nope') }),
    ).toBeNull();
    const r = await client.cancelOrder({
      instrumentId: BTC,
      clientOrderId: ClientOrderId.from('nope'),
      venueOrderId: VenueOrderId.from('42'),
    });
    expect(r).toMatchObject({ type: 'rejected', code: 'BINANCE_2011', venueCode: -2011 });
  });
});
