import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BinanceError } from '../../../ts/adapters/binance/errors.js';
import { BinanceHttpClient, type BinanceHttpClientOptions } from '../../../ts/adapters/binance/http.js';
import { BinanceRateLimiter, requestWeight } from '../../../ts/adapters/binance/rate-limit.js';
import { hmacSigner } from '../../../ts/adapters/binance/signing.js';
import { createLogger } from '../../../ts/common/logging/index.js';
import { FakeVenue } from './fake-venue.js';
import { load } from './fixtures.js';

let venue: FakeVenue;
beforeEach(async () => {
  venue = await new FakeVenue().start();
});
afterEach(async () => {
  await venue.stop();
});

function client(o: Partial<BinanceHttpClientOptions> = {}): BinanceHttpClient {
  return new BinanceHttpClient({
    baseUrl: venue.url,
    timePath: '/api/v3/time',
    apiKey: venue.apiKey,
    signer: hmacSigner(venue.secret),
    recvWindowMs: 5000,
    retryDelayMs: 1,
    ...o,
  });
}

async function failure(p: Promise<unknown>): Promise<BinanceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(BinanceError);
    return e as BinanceError;
  }
  throw new Error('expected a failure');
}

describe('BinanceHttpClient', () => {
  it('sends signed requests the venue verifies (key header, timestamp, recvWindow, signature)', async () => {
    venue.on('GET /api/v3/openOrders', { body: load('spot/http/open_orders_response.json') });
    const json = await client().get('/api/v3/openOrders', { symbol: 'LTCBTC' }, true);
    expect(json).toEqual(load('spot/http/open_orders_response.json'));
    const [r] = venue.calls('GET /api/v3/openOrders');
    expect(r?.signatureValid).toBe(true);
    expect(r?.apiKey).toBe(venue.apiKey);
    expect(r?.query.get('recvWindow')).toBe('5000');
    expect(Number(r?.query.get('timestamp'))).toBeGreaterThan(1.6e12);
  });

  it('a wrong secret is refused by the venue and surfaces as BINANCE_1022', async () => {
    venue.on('GET /api/v3/account', { body: {} });
    const e = await failure(client({ signer: hmacSigner('wrong') }).get('/api/v3/account', {}, true));
    expect(e.code).toBe('BINANCE_1022');
    expect(e.details?.binanceCode).toBe(-1022);
  });

  it('unsigned requests carry no key and no signature', async () => {
    venue.on('GET /api/v3/depth', { body: load('spot/http/depth_response.json') });
    await client().get('/api/v3/depth', { symbol: 'BTCUSDT', limit: 5 });
    const [r] = venue.calls('GET /api/v3/depth');
    expect(r?.apiKey).toBeUndefined();
    expect(r?.signatureValid).toBeNull();
  });

  it('a signed request without credentials fails before sending (MISSING_CREDENTIALS)', async () => {
    const e = await failure(client({ apiKey: null, signer: null }).get('/api/v3/account', {}, true));
    expect(e.code).toBe('MISSING_CREDENTIALS');
    expect(venue.requests).toHaveLength(0);
  });

  it('maps {code,msg} errors to BINANCE_<n> with the numeric code in details', async () => {
    venue.on('DELETE /api/v3/order', { status: 400, body: { code: -2011, msg: 'Unknown order sent.' } });
    const e = await failure(
      client().request('DELETE', '/api/v3/order', { params: { symbol: 'X', orderId: 1 }, signed: true }),
    );
    expect(e.code).toBe('BINANCE_2011');
    expect(e.details?.binanceCode).toBe(-2011);
    expect(e.message).toContain('Unknown order sent.');
    expect(e.message).not.toContain('signature');
  });

  it('-1021 resyncs the server time offset and retries once', async () => {
    const serverTime = Date.now() + 3_600_000; // the venue is an hour ahead
    venue.on('GET /api/v3/time', { body: { serverTime } });
    venue.on('GET /api/v3/account', (r) =>
      Math.abs(Number(r.query.get('timestamp')) - serverTime) < 60_000
        ? { body: load('spot/http/account_response.json') }
        : {
            status: 400,
            body: { code: -1021, msg: 'Timestamp for this request is outside of the recvWindow.' },
          },
    );
    const c = client();
    await c.get('/api/v3/account', {}, true);
    expect(venue.calls('GET /api/v3/account')).toHaveLength(2);
    expect(venue.calls('GET /api/v3/time')).toHaveLength(1);
    expect(c.serverTimeOffsetMs).toBeGreaterThan(3_500_000);
  });

  it('-1021 twice is a failure, not a loop', async () => {
    venue.on('GET /api/v3/time', { body: { serverTime: Date.now() } });
    venue.on('GET /api/v3/account', { status: 400, body: { code: -1021, msg: 'outside recvWindow' } });
    const e = await failure(client().get('/api/v3/account', {}, true));
    expect(e.code).toBe('BINANCE_1021');
    expect(venue.calls('GET /api/v3/account')).toHaveLength(2);
  });

  it('-1007 is BINANCE_STATUS_UNKNOWN (never a failure that means "not placed")', async () => {
    venue.on('POST /api/v3/order', {
      status: 408,
      body: {
        code: -1007,
        msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.',
      },
    });
    const e = await failure(
      client().request('POST', '/api/v3/order', { params: { symbol: 'X' }, signed: true }),
    );
    expect(e.code).toBe('BINANCE_STATUS_UNKNOWN');
  });

  it('GET: HTTP 500 is retried, then reported as BINANCE_HTTP_500', async () => {
    venue.on('GET /api/v3/allOrders', { status: 500, text: 'oops' });
    const e = await failure(client({ maxRetries: 2 }).get('/api/v3/allOrders', { symbol: 'X' }, true));
    expect(e.code).toBe('BINANCE_HTTP_500');
    expect(venue.calls('GET /api/v3/allOrders')).toHaveLength(3);
  });

  it('GET: a 500 then a success returns the success', async () => {
    let n = 0;
    venue.on('GET /api/v3/time', () => (n++ === 0 ? { status: 503, text: '' } : { body: { serverTime: 1 } }));
    expect(await client().get('/api/v3/time')).toEqual({ serverTime: 1 });
  });

  it.each([500, 502, 408])(
    'POST: HTTP %i without a Binance body is BINANCE_STATUS_UNKNOWN and never retried',
    async (status) => {
      venue.on('POST /api/v3/order', { status, text: '' });
      const e = await failure(
        client().request('POST', '/api/v3/order', { params: { symbol: 'X' }, signed: true }),
      );
      expect(e.code).toBe('BINANCE_STATUS_UNKNOWN');
      expect(venue.calls('POST /api/v3/order')).toHaveLength(1);
    },
  );

  it('POST: a 5xx with a Binance body is unknown, except -1008 (overloaded: not processed)', async () => {
    venue.on('POST /api/v3/order', {
      status: 503,
      body: { code: -1001, msg: 'Internal error; unable to process your request.' },
    });
    const c = client();
    const e = await failure(c.request('POST', '/api/v3/order', { signed: true }));
    expect(e.code).toBe('BINANCE_STATUS_UNKNOWN');
    expect(e.details?.binanceCode).toBe(-1001);
    venue.on('POST /api/v3/order', {
      status: 503,
      body: { code: -1008, msg: 'Server is currently overloaded.' },
    });
    expect((await failure(c.request('POST', '/api/v3/order', { signed: true }))).code).toBe('BINANCE_1008');
  });

  it('GET timeout -> BINANCE_TIMEOUT after retries; POST timeout -> BINANCE_STATUS_UNKNOWN', async () => {
    venue.on('GET /api/v3/openOrders', { delayMs: 300, body: [] });
    venue.on('POST /api/v3/order', { delayMs: 300, body: {} });
    const c = client({ timeoutMs: 50, maxRetries: 1 });
    expect((await failure(c.get('/api/v3/openOrders', {}, true))).code).toBe('BINANCE_TIMEOUT');
    expect(venue.calls('GET /api/v3/openOrders')).toHaveLength(2);
    expect((await failure(c.request('POST', '/api/v3/order', { signed: true }))).code).toBe(
      'BINANCE_STATUS_UNKNOWN',
    );
  });

  it('connection refused is BINANCE_NETWORK (the request was never sent)', async () => {
    const url = venue.url;
    await venue.stop();
    const c = new BinanceHttpClient({ baseUrl: url, timePath: '/api/v3/time', maxRetries: 0 });
    expect((await failure(c.request('POST', '/api/v3/order'))).code).toBe('BINANCE_NETWORK');
  });

  it('429 with Retry-After blocks every request until then (RATE_LIMITED), GETs wait out a short one', async () => {
    let n = 0;
    venue.on('GET /api/v3/exchangeInfo', () =>
      n++ === 0
        ? { status: 429, headers: { 'retry-after': '0' }, body: { code: -1003, msg: 'Too many requests' } }
        : { body: {} },
    );
    const limiter = new BinanceRateLimiter('SPOT');
    await client({ rateLimiter: limiter }).get('/api/v3/exchangeInfo');
    expect(venue.calls('GET /api/v3/exchangeInfo')).toHaveLength(2);

    venue.on('POST /api/v3/order', {
      status: 429,
      headers: { 'retry-after': '30' },
      body: { code: -1003, msg: 'Too many' },
    });
    const c = client({ rateLimiter: limiter });
    const e = await failure(c.request('POST', '/api/v3/order', { signed: true }));
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.details?.retryAfterMs).toBe(30_000);
    const before = venue.requests.length;
    const e2 = await failure(c.get('/api/v3/time'));
    expect(e2.code).toBe('RATE_LIMITED');
    expect(venue.requests.length).toBe(before); // refused locally, not sent
  });

  it('418 stops every request (BINANCE_IP_BANNED) until Retry-After', async () => {
    venue.on('GET /api/v3/time', {
      status: 418,
      headers: { 'retry-after': '120' },
      body: { code: -1003, msg: 'banned' },
    });
    const c = client({ rateLimiter: new BinanceRateLimiter('SPOT') });
    expect((await failure(c.get('/api/v3/time'))).code).toBe('BINANCE_IP_BANNED');
    const n = venue.requests.length;
    const e = await failure(c.get('/api/v3/time'));
    expect(e.code).toBe('BINANCE_IP_BANNED');
    expect(venue.requests.length).toBe(n);
  });

  it('tracks the venue weight header and refuses before exceeding the budget', async () => {
    venue.on('GET /api/v3/account', { body: {}, headers: { 'x-mbx-used-weight-1m': '5990' } });
    const limiter = new BinanceRateLimiter('SPOT', { weightPerMinute: 6000, maxDelayMs: 0 });
    const c = client({ rateLimiter: limiter });
    await c.get('/api/v3/account', {}, true);
    expect(limiter.usedWeight).toBe(5990);
    const e = await failure(c.get('/api/v3/account', {}, true)); // weight 20 > 10 left
    expect(e.code).toBe('RATE_LIMITED');
    expect(venue.calls('GET /api/v3/account')).toHaveLength(1);
  });

  it('never logs the secret, the API key or the signature', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    venue.on('GET /api/v3/account', { status: 500, text: '' });
    const logger = createLogger({ level: 'trace', destination: sink });
    await failure(client({ logger, maxRetries: 1 }).get('/api/v3/account', { symbol: 'X' }, true));
    const all = lines.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(venue.secret);
    expect(all).not.toContain(venue.apiKey);
  });
});

describe('BinanceRateLimiter', () => {
  it('waits for the next minute when the wait is short, refuses when long', async () => {
    let now = 59_000;
    const slept: number[] = [];
    const limiter = new BinanceRateLimiter('SPOT', {
      weightPerMinute: 10,
      maxDelayMs: 2_000,
      nowMs: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    await limiter.acquire(10, false, 'a');
    await limiter.acquire(5, false, 'b'); // waits 1 s to the next minute
    expect(slept).toEqual([1_000]);
    expect(limiter.usedWeight).toBe(5);
    now = 61_000;
    await expect(limiter.acquire(6, false, 'c')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('counts orders per 10-second slot', async () => {
    let now = 0;
    const limiter = new BinanceRateLimiter('USDT_FUTURE', {
      ordersPer10s: 2,
      maxDelayMs: 0,
      nowMs: () => now,
    });
    await limiter.acquire(1, true, 'o1');
    await limiter.acquire(1, true, 'o2');
    await expect(limiter.acquire(1, true, 'o3')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await limiter.acquire(1, false, 'read'); // reads are not orders
    now = 10_000;
    await limiter.acquire(1, true, 'o4');
    expect(limiter.orderCount).toBe(1);
  });

  it('weights come from the endpoint table (depth by limit, openOrders with/without symbol)', () => {
    expect(requestWeight('GET', '/api/v3/depth', { limit: 100 })).toBe(5);
    expect(requestWeight('GET', '/api/v3/depth', { limit: 5000 })).toBe(250);
    expect(requestWeight('GET', '/api/v3/openOrders', { symbol: 'X' })).toBe(6);
    expect(requestWeight('GET', '/api/v3/openOrders', {})).toBe(80);
    expect(requestWeight('GET', '/fapi/v1/openOrders', {})).toBe(40);
    expect(requestWeight('GET', '/nowhere', {})).toBe(10);
  });
});
