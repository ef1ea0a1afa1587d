import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

import { BinanceHttpClient } from '../../../ts/adapters/binance/http.js';
import {
  BinanceSymbols,
  parseBookTicker,
  type ReportContext,
} from '../../../ts/adapters/binance/parse/index.js';
import type { BinanceUserUpdate } from '../../../ts/adapters/binance/parse/user.js';
import { hmacSigner, wsApiPayload } from '../../../ts/adapters/binance/signing.js';
import { BinanceFuturesUserStream, BinanceSpotUserStream } from '../../../ts/adapters/binance/user-stream.js';
import { BinanceMarketStream, backoffDelayMs, ReconnectingSocket } from '../../../ts/adapters/binance/ws.js';
import { AccountId } from '../../../ts/model/identifiers/index.js';
import { FakeVenue } from './fake-venue.js';
import { load } from './fixtures.js';
import { until, WsVenue } from './ws-venue.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const FAST = { initialMs: 10, maxMs: 80, factor: 2, jitter: 0.5 };

describe('backoffDelayMs', () => {
  it('grows exponentially and never exceeds the maximum, jitter only shortens', () => {
    const o = { initialMs: 100, maxMs: 5_000, factor: 2, jitter: 0.3 };
    expect([0, 1, 2, 3].map((a) => backoffDelayMs(a, o, () => 0))).toEqual([100, 200, 400, 800]);
    for (let a = 0; a < 200; a++) {
      const d = backoffDelayMs(a, o, Math.random);
      expect(d).toBeLessThanOrEqual(5_000);
      expect(d).toBeGreaterThanOrEqual(Math.round(Math.min(5_000, 100 * 2 ** a) * 0.7) - 1);
    }
    expect(backoffDelayMs(1000, o, () => 0)).toBe(5_000);
  });
});

describe('BinanceMarketStream against a real ws server', () => {
  it('subscribes with ids, routes combined-stream data, unsubscribes', async () => {
    const venue = await WsVenue.start();
    cleanup.push(() => venue.stop());
    const got: [string, unknown][] = [];
    const stream = new BinanceMarketStream({
      baseUrl: venue.url,
      onData: (s, d) => got.push([s, d]),
      backoff: FAST,
    });
    cleanup.push(() => stream.close());
    await stream.connect();
    expect(venue.paths).toEqual(['/stream']);
    await stream.subscribe(['bnbusdt@bookTicker', 'btcusdt@trade']);
    expect(venue.messages[0]?.msg).toEqual({
      method: 'SUBSCRIBE',
      params: ['bnbusdt@bookTicker', 'btcusdt@trade'],
      id: 1,
    });
    const data = load('futures/market/book_ticker_stream.json');
    venue.broadcast({ stream: 'bnbusdt@bookTicker', data });
    await until(() => got.length === 1, 'a message');
    expect(got[0]?.[0]).toBe('bnbusdt@bookTicker');
    const q = parseBookTicker(got[0]?.[1], new BinanceSymbols('USDT_FUTURE'), 0n);
    expect(q.bidPrice.toString()).toBe('25.35190000');
    await stream.unsubscribe(['btcusdt@trade']);
    expect(venue.messages[1]?.msg).toMatchObject({ method: 'UNSUBSCRIBE', params: ['btcusdt@trade'] });
    expect(stream.streams).toEqual(['bnbusdt@bookTicker']);
  });

  it('a refused SUBSCRIBE rejects with the venue error and is not kept', async () => {
    const venue = await WsVenue.start();
    cleanup.push(() => venue.stop());
    venue.onMessage = (ws, msg) =>
      ws.send(JSON.stringify({ error: { code: 2, msg: 'Invalid request' }, id: msg.id }));
    const stream = new BinanceMarketStream({ baseUrl: venue.url, onData: () => {} });
    cleanup.push(() => stream.close());
    await stream.connect();
    await expect(stream.subscribe(['nope'])).rejects.toMatchObject({ code: 'BINANCE_2' });
    expect(stream.streams).toEqual([]);
  });

  it('reconnects after the server drops the socket, resubscribes everything, then back-fills', async () => {
    const venue = await WsVenue.start();
    cleanup.push(() => venue.stop());
    const events: string[] = [];
    const stream = new BinanceMarketStream({
      baseUrl: venue.url,
      onData: (s) => events.push(`data ${s}`),
      onReconnect: () => {
        events.push(
          `backfill after ${venue.messages.filter((m) => m.msg.method === 'SUBSCRIBE').length} subscribes`,
        );
      },
      backoff: FAST,
    });
    cleanup.push(() => stream.close());
    await stream.connect();
    await stream.subscribe(['btcusdt@trade']);
    await stream.subscribe(['ethusdt@trade']);
    venue.last.terminate();
    await until(() => events.some((e) => e.startsWith('backfill')), 'the back-fill hook');
    expect(venue.sockets).toHaveLength(2);
    const resub = venue.messages.filter((m) => m.msg.method === 'SUBSCRIBE').at(-1)?.msg;
    expect(resub?.params).toEqual(['btcusdt@trade', 'ethusdt@trade']);
    expect(events).toEqual(['backfill after 3 subscribes']);
    venue.broadcast({ stream: 'btcusdt@trade', data: load('futures/market/trade_stream.json') });
    await until(() => events.length === 2, 'data after reconnect');
    expect(stream.socket.reconnects).toBe(1);
  });

  it('keeps retrying with bounded backoff while the venue is down, then reconnects', async () => {
    const venue = await WsVenue.start();
    const port = (venue.server.address() as AddressInfo).port;
    let backfills = 0;
    const stream = new BinanceMarketStream({
      baseUrl: venue.url,
      onData: () => {},
      onReconnect: () => {
        backfills++;
      },
      backoff: { initialMs: 5, maxMs: 40, factor: 2, jitter: 0.2 },
    });
    cleanup.push(() => stream.close());
    await stream.connect();
    await venue.stop();
    await until(() => stream.socket.reconnectDelays.length >= 6, 'several failed attempts');
    expect(Math.max(...stream.socket.reconnectDelays)).toBeLessThanOrEqual(40);
    const again = await WsVenue.start(port);
    cleanup.push(() => again.stop());
    await until(() => backfills === 1, 'the reconnect');
    expect(stream.socket.state).toBe('open');
  });

  it('close() is clean (code 1000) and never reconnects', async () => {
    const venue = await WsVenue.start();
    cleanup.push(() => venue.stop());
    const socket = new ReconnectingSocket({ url: `${venue.url}/ws/x`, onMessage: () => {}, backoff: FAST });
    await socket.connect();
    await socket.close();
    await until(() => venue.closeCodes.length === 1, 'the server to see the close');
    expect(venue.closeCodes).toEqual([1000]);
    await new Promise((r) => setTimeout(r, 100));
    expect(venue.sockets).toHaveLength(1);
    expect(socket.state).toBe('closed');
  });

  it('a failed first connect rejects (BINANCE_WS_CONNECT) and can be retried', async () => {
    const venue = await WsVenue.start();
    const url = venue.url;
    await venue.stop();
    const socket = new ReconnectingSocket({ url, onMessage: () => {} });
    cleanup.push(() => socket.close());
    await expect(socket.connect()).rejects.toMatchObject({ code: 'BINANCE_WS_CONNECT' });
    expect(socket.state).toBe('idle');
    const again = await WsVenue.start(Number(new URL(url).port));
    cleanup.push(() => again.stop());
    await socket.connect();
    expect(socket.state).toBe('open');
  });

  it('gives up after maxReconnectAttempts and says so', async () => {
    const venue = await WsVenue.start();
    let gaveUp: Error | null = null;
    const socket = new ReconnectingSocket({
      url: venue.url,
      onMessage: () => {},
      backoff: { initialMs: 1, maxMs: 5 },
      maxReconnectAttempts: 3,
      onGiveUp: (e) => {
        gaveUp = e;
      },
    });
    cleanup.push(() => socket.close());
    await socket.connect();
    await venue.stop();
    await until(() => gaveUp !== null, 'giving up');
    expect(socket.reconnectDelays).toHaveLength(3);
    expect(socket.state).toBe('closed');
  });
});

describe('user data streams', () => {
  const ctx = (): ReportContext => ({
    symbols: new BinanceSymbols('USDT_FUTURE'),
    accountId: AccountId.from('BINANCE-001'),
    tsInit: 1n,
  });

  it('futures: creates a listen key, connects to /ws/<key>, delivers parsed events, renews on expiry', async () => {
    const rest = await new FakeVenue('k', 's').start();
    cleanup.push(() => rest.stop());
    let n = 0;
    rest.on('POST /fapi/v1/listenKey', () => ({ body: { listenKey: `key${++n}` } }));
    rest.on('PUT /fapi/v1/listenKey', { body: {} });
    rest.on('DELETE /fapi/v1/listenKey', { body: {} });
    const venue = await WsVenue.start();
    cleanup.push(() => venue.stop());
    const updates: BinanceUserUpdate[] = [];
    let backfills = 0;
    const stream = new BinanceFuturesUserStream({
      http: new BinanceHttpClient({ baseUrl: rest.url, timePath: '/fapi/v1/time', apiKey: 'k' }),
      wsBaseUrl: venue.url,
      context: ctx,
      onUpdate: (u) => updates.push(u),
      onReconnect: () => {
        backfills++;
      },
      keepAliveMs: 30,
      backoff: FAST,
    });
    await stream.connect();
    expect(venue.paths).toEqual(['/ws/key1']);
    expect(rest.calls('POST /fapi/v1/listenKey')[0]?.apiKey).toBe('k');
    venue.last.send(JSON.stringify(load('futures/user/order_update_trade.json')));
    await until(() => updates.length === 1, 'an order update');
    expect(updates[0]?.type).toBe('BinanceOrderUpdate');
    await until(() => rest.calls('PUT /fapi/v1/listenKey').length >= 1, 'a keep-alive');
    expect(rest.calls('PUT /fapi/v1/listenKey')[0]?.query.get('listenKey')).toBe('key1');
    venue.last.send(JSON.stringify({ e: 'listenKeyExpired', E: 1576653824250, listenKey: 'key1' }));
    await until(() => venue.paths.length === 2 && backfills === 1, 'a reconnect with a new key');
    expect(venue.paths[1]).toBe('/ws/key2');
    await stream.close();
    expect(rest.calls('DELETE /fapi/v1/listenKey')[0]?.query.get('listenKey')).toBe('key2');
  });

  it('futures: a keep-alive answered -1125 creates a new key and reconnects', async () => {
    const rest = await new FakeVenue('k', 's').start();
    cleanup.push(() => rest.stop());
    let n = 0;
    rest.on('POST /fapi/v1/listenKey', () => ({ body: { listenKey: `key${++n}` } }));
    rest.on('PUT /fapi/v1/listenKey', {
      status: 400,
      body: { code: -1125, msg: 'This listenKey does not exist.' },
    });
    const venue = await WsVenue.start();
    cleanup.push(() => venue.stop());
    const stream = new BinanceFuturesUserStream({
      http: new BinanceHttpClient({ baseUrl: rest.url, timePath: '/fapi/v1/time', apiKey: 'k' }),
      wsBaseUrl: venue.url,
      context: ctx,
      onUpdate: () => {},
      keepAliveMs: 60_000,
      backoff: FAST,
    });
    cleanup.push(() => stream.close());
    await stream.connect();
    await stream.keepAlive();
    await until(() => venue.paths.length === 2, 'a reconnect');
    expect(venue.paths).toEqual(['/ws/key1', '/ws/key2']);
  });

  it('spot: subscribes with a verified signature on every connect; wrapped events are parsed; bad ones reported', async () => {
    const venue = await WsVenue.start();
    cleanup.push(() => venue.stop());
    const secret = 'spot-secret';
    venue.onMessage = (ws, msg) => {
      const params = msg.params as Record<string, string | number>;
      const { signature, ...rest } = params;
      const ok = createHmac('sha256', secret).update(wsApiPayload(rest)).digest('hex') === signature;
      ws.send(
        JSON.stringify(
          ok
            ? { id: msg.id, status: 200, result: { subscriptionId: 0 } }
            : {
                id: msg.id,
                status: 400,
                error: { code: -1022, msg: 'Signature for this request is not valid.' },
              },
        ),
      );
    };
    const updates: BinanceUserUpdate[] = [];
    const errors: Error[] = [];
    let backfills = 0;
    const stream = new BinanceSpotUserStream({
      wsApiUrl: venue.url,
      apiKey: 'spot-key',
      signer: hmacSigner(secret),
      venueNowMs: () => 1_700_000_000_000,
      context: () => ({ ...ctx(), symbols: new BinanceSymbols('SPOT') }),
      onUpdate: (u) => updates.push(u),
      onError: (e) => errors.push(e),
      onReconnect: () => {
        backfills++;
      },
      backoff: FAST,
    });
    cleanup.push(() => stream.close());
    await stream.connect();
    expect(stream.subscriptionId).toBe(0);
    const sub = venue.messages[0]?.msg;
    expect(sub?.method).toBe('userDataStream.subscribe.signature');
    expect((sub?.params as Record<string, unknown> | undefined)?.apiKey).toBe('spot-key');
    venue.last.send(JSON.stringify(load('spot/user/execution_report_wrapped.json')));
    venue.last.send(JSON.stringify({ subscriptionId: 0, event: { e: 'executionReport', s: 'ETHBTC' } }));
    await until(() => updates.length === 1 && errors.length === 1, 'one update and one error');
    expect(errors[0]?.message).toMatch(/executionReport/);
    venue.last.terminate();
    await until(() => backfills === 1, 'the back-fill after a reconnect');
    expect(venue.messages.filter((m) => m.msg.method === 'userDataStream.subscribe.signature')).toHaveLength(
      2,
    );
  });

  it('spot: a refused subscription fails connect', async () => {
    const venue = await WsVenue.start();
    cleanup.push(() => venue.stop());
    venue.onMessage = (ws, msg) =>
      ws.send(JSON.stringify({ id: msg.id, status: 401, error: { code: -2015, msg: 'Invalid API-key' } }));
    const errors: Error[] = [];
    const stream = new BinanceSpotUserStream({
      wsApiUrl: venue.url,
      apiKey: 'x',
      signer: hmacSigner('y'),
      venueNowMs: () => 1,
      context: ctx,
      onUpdate: () => {},
      onError: (e) => errors.push(e),
    });
    cleanup.push(() => stream.close());
    await expect(stream.connect()).rejects.toMatchObject({ code: 'BINANCE_WS_SUBSCRIBE' });
    expect(errors[0]).toMatchObject({ code: 'BINANCE_2015' });
  });
});
