import { afterEach, describe, expect, it } from 'vitest';

import { BinanceDataClient } from '../../../ts/adapters/binance/data.js';
import type { MarketDataItem } from '../../../ts/adapters/binance/interfaces.js';
import { BinanceDataClientConfig } from '../../../ts/config/binance.js';
import { InstrumentId } from '../../../ts/model/identifiers/index.js';
import { FakeVenue } from './fake-venue.js';
import { load } from './fixtures.js';
import { until, WsVenue } from './ws-venue.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(accountType: 'SPOT' | 'USDT_FUTURE', useAggTradeTicks = false) {
  const rest = await new FakeVenue().start();
  cleanup.push(() => rest.stop());
  const ws = await WsVenue.start();
  cleanup.push(() => ws.stop());
  const items: MarketDataItem[] = [];
  const errors: [Error, string | null][] = [];
  const client = new BinanceDataClient({
    config: BinanceDataClientConfig.parse({
      type: 'BINANCE',
      accountType,
      baseUrlHttp: rest.url,
      baseUrlWs: ws.url,
      useAggTradeTicks,
    }),
    onData: (i) => items.push(i),
    onError: (e, s) => errors.push([e, s]),
    nowNs: () => 42n,
    backoff: { initialMs: 10, maxMs: 50 },
  });
  cleanup.push(() => client.disconnect());
  await client.connect();
  return { rest, ws, client, items, errors };
}

const BTC_PERP = InstrumentId.from('BTCUSDT-PERP.BINANCE');

describe('BinanceDataClient', () => {
  it('loads instruments from exchangeInfo', async () => {
    const { rest, client } = await setup('USDT_FUTURE');
    rest.on('GET /fapi/v1/exchangeInfo', { body: load('futures/http/futures_market_exchange_info.json') });
    expect((await client.loadInstruments()).map((i) => i.id.value)).toContain('BTCUSDT-PERP.BINANCE');
  });

  it('quotes and trades: subscribes the venue stream names and delivers model ticks', async () => {
    const { ws, client, items } = await setup('USDT_FUTURE', true);
    await client.subscribeQuotes(InstrumentId.from('BNBUSDT-PERP.BINANCE'));
    await client.subscribeTrades(BTC_PERP);
    expect(ws.messages.map((m) => m.msg.params)).toEqual([['bnbusdt@bookTicker'], ['btcusdt@aggTrade']]);
    ws.broadcast({ stream: 'bnbusdt@bookTicker', data: load('futures/market/book_ticker_stream.json') });
    ws.broadcast({ stream: 'btcusdt@aggTrade', data: load('futures/market/agg_trade_stream.json') });
    await until(() => items.length === 2, 'two items');
    expect(items.map((i) => i.type)).toEqual(['QuoteTick', 'TradeTick']);
    expect(items[0]?.type === 'QuoteTick' && items[0].instrumentId.value).toBe('BNBUSDT-PERP.BINANCE');
    expect(items[1]?.type === 'TradeTick' && items[1].tsInit).toBe(42n);
  });

  it('closed klines become bars; open ones are not delivered', async () => {
    const { ws, client, items } = await setup('USDT_FUTURE');
    await client.subscribeBars(BTC_PERP, 1, 'MINUTE');
    expect(ws.messages[0]?.msg.params).toEqual(['btcusdt@kline_1m']);
    ws.broadcast({ stream: 'btcusdt@kline_1m', data: load('futures/market/kline_stream_open.json') });
    ws.broadcast({ stream: 'btcusdt@kline_1m', data: load('futures/market/kline_stream_closed.json') });
    await until(() => items.length === 1, 'one bar');
    expect(items[0]?.type).toBe('Bar');
    await expect(client.subscribeBars(BTC_PERP, 7, 'MINUTE')).rejects.toMatchObject({
      code: 'BINANCE_UNSUPPORTED',
    });
  });

  it('books: diffs buffered until the snapshot, then snapshot + bridged diffs as deltas', async () => {
    const { rest, ws, client, items } = await setup('USDT_FUTURE');
    let snapshotRequested = false;
    rest.on('GET /fapi/v1/depth', () => {
      snapshotRequested = true;
      return {
        delayMs: 150,
        body: { ...(load('futures/http/futures_market_depth.json') as object), lastUpdateId: 158 },
      };
    });
    ws.onMessage = (sock, msg) => {
      sock.send(JSON.stringify({ result: null, id: msg.id }));
      // A diff arrives before the snapshot answer: it must be buffered, not dropped.
      sock.send(
        JSON.stringify({
          stream: 'btcusdt@depth@100ms',
          data: load('futures/market/depth_update_stream.json'),
        }),
      );
    };
    await client.subscribeBook(BTC_PERP);
    expect(snapshotRequested).toBe(true);
    expect(rest.calls('GET /fapi/v1/depth')[0]?.query.get('limit')).toBe('1000');
    await until(() => items.length === 2, 'snapshot and diff');
    const [snap, diff] = items;
    expect(snap?.type === 'OrderBookDeltas' && snap.deltas.map((d) => d.action)).toEqual([
      'CLEAR',
      'ADD',
      'ADD',
    ]);
    expect(
      diff?.type === 'OrderBookDeltas' && diff.deltas.map((d) => `${d.action} ${d.order?.price}`),
    ).toEqual(['UPDATE 0.0024', 'UPDATE 0.0026']);
  });

  it('a gap fetches a new snapshot; a snapshot older than the stream is asked again after a pause', async () => {
    const { rest, ws, client, items } = await setup('SPOT');
    const depth = load('spot/http/depth_response.json') as object; // lastUpdateId 1027024
    const answers = [1027024, 1027024, 1027045];
    const times: number[] = [];
    rest.on('GET /api/v3/depth', () => {
      times.push(Date.now());
      return { body: { ...depth, lastUpdateId: answers.shift() ?? 1027045 } };
    });
    await client.subscribeBook(InstrumentId.from('BNBBTC.BINANCE'));
    await until(() => items.length === 1, 'the snapshot');
    const diff = (U: number, u: number) => ({
      stream: 'bnbbtc@depth@100ms',
      data: { e: 'depthUpdate', E: 1, s: 'BNBBTC', U, u, b: [['4.00000000', '1']], a: [] },
    });
    ws.broadcast(diff(1027025, 1027030));
    await until(() => items.length === 2, 'a bridged diff');
    ws.broadcast(diff(1027040, 1027050)); // gap: resync
    // 2nd snapshot (1027024) is stale for the buffered event; the 3rd (1027045) bridges it.
    await until(() => items.length === 4, 'a fresh snapshot and the buffered diff');
    expect(rest.calls('GET /api/v3/depth')).toHaveLength(3);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(90);
    const last = items[3];
    expect(last?.type === 'OrderBookDeltas' && last.deltas[0]?.sequence).toBe(1027050n);
  });

  it('a bad payload goes to onError with its stream, and later data still flows', async () => {
    const { ws, client, items, errors } = await setup('USDT_FUTURE');
    await client.subscribeTrades(BTC_PERP);
    ws.broadcast({ stream: 'btcusdt@trade', data: { e: 'trade', s: 'BTCUSDT', p: 'x' } });
    ws.broadcast({ stream: 'btcusdt@trade', data: load('futures/market/trade_stream.json') });
    await until(() => items.length === 1 && errors.length === 1, 'one error and one trade');
    expect(errors[0]?.[1]).toBe('btcusdt@trade');
    expect(errors[0]?.[0]).toMatchObject({ code: 'BINANCE_INVALID_PAYLOAD' });
  });

  it('after a reconnect: streams resubscribed and books restarted from a fresh snapshot', async () => {
    const { rest, ws, client, items } = await setup('SPOT');
    rest.on('GET /api/v3/depth', { body: load('spot/http/spot_market_depth.json') });
    await client.subscribeQuotes(InstrumentId.from('BTCUSDT.BINANCE'));
    await client.subscribeBook(InstrumentId.from('BTCUSDT.BINANCE'));
    await until(() => items.length === 1, 'first snapshot');
    ws.last.terminate();
    await until(() => rest.calls('GET /api/v3/depth').length === 2 && items.length === 2, 'a fresh snapshot');
    const resub = ws.messages.at(-1)?.msg;
    expect(resub?.params).toEqual(['btcusdt@bookTicker', 'btcusdt@depth@100ms']);
  });
});
