import { afterEach, describe, expect, it } from 'vitest';

import { BinanceExecutionClient } from '../../../ts/adapters/binance/execution.js';
import type { BinanceUserUpdate } from '../../../ts/adapters/binance/parse/user.js';
import { BinanceExecClientConfig } from '../../../ts/config/binance.js';
import type { OrderStatusReport } from '../../../ts/model/reports/index.js';
import { FakeVenue } from './fake-venue.js';
import { load } from './fixtures.js';
import { until, WsVenue } from './ws-venue.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

describe('execution client with its user-data stream', () => {
  it('futures: connect opens the listenKey stream; events are delivered; a reconnect triggers the back-fill', async () => {
    const rest = await new FakeVenue('k', 's').start();
    cleanup.push(() => rest.stop());
    const ws = await WsVenue.start();
    cleanup.push(() => ws.stop());
    rest
      .on('GET /fapi/v1/time', { body: { serverTime: Date.now() } })
      .on('GET /fapi/v1/exchangeInfo', { body: load('futures/http/futures_market_exchange_info.json') })
      .on('POST /fapi/v1/listenKey', { body: { listenKey: 'lk1' } })
      .on('DELETE /fapi/v1/listenKey', { body: {} })
      .on('GET /fapi/v1/openOrders', { body: load('futures/http/futures_account_orders.json') })
      .on('GET /fapi/v1/openAlgoOrders', { body: [] });
    const updates: BinanceUserUpdate[] = [];
    const backfilled: OrderStatusReport[][] = [];
    const client: BinanceExecutionClient = new BinanceExecutionClient({
      config: BinanceExecClientConfig.parse({
        type: 'BINANCE',
        accountType: 'USDT_FUTURE',
        apiKey: 'k',
        apiSecret: 's',
        baseUrlHttp: rest.url,
        baseUrlWs: ws.url,
      }),
      env: {},
      onUserUpdate: (u) => updates.push(u),
      onBackfill: async () => {
        backfilled.push(await client.generateOrderStatusReports({ openOnly: true }));
      },
      wsBackoff: { initialMs: 10, maxMs: 50 },
    });
    cleanup.push(() => client.disconnect());
    await client.connect();
    expect(ws.paths).toEqual(['/ws/lk1']);
    ws.last.send(JSON.stringify(load('futures/user/order_update_calculated.json')));
    await until(() => updates.length === 1, 'an update');
    const u = updates[0];
    // Settlement asset known from the loaded instruments.
    expect(u?.type === 'BinanceOrderUpdate' && u.fill?.commission.currency.code).toBe('USDT');
    ws.last.terminate();
    await until(() => backfilled.length === 1, 'the back-fill');
    expect(backfilled[0]?.map((r) => r.venueOrderId.value)).toEqual(['1917641']);
    await client.disconnect();
    expect(rest.calls('DELETE /fapi/v1/listenKey')).toHaveLength(1);
  });

  it('spot: connect subscribes over the WebSocket API with the signed request', async () => {
    const rest = await new FakeVenue('k', 's').start();
    cleanup.push(() => rest.stop());
    const ws = await WsVenue.start();
    cleanup.push(() => ws.stop());
    rest
      .on('GET /api/v3/time', { body: { serverTime: Date.now() } })
      .on('GET /api/v3/exchangeInfo', { body: load('spot/http/spot_market_exchange_info.json') });
    ws.onMessage = (sock, msg) =>
      sock.send(JSON.stringify({ id: msg.id, status: 200, result: { subscriptionId: 7 } }));
    const updates: BinanceUserUpdate[] = [];
    const client = new BinanceExecutionClient({
      config: BinanceExecClientConfig.parse({
        type: 'BINANCE',
        apiKey: 'k',
        apiSecret: 's',
        baseUrlHttp: rest.url,
        baseUrlWs: ws.url,
      }),
      env: {},
      onUserUpdate: (u) => updates.push(u),
    });
    cleanup.push(() => client.disconnect());
    await client.connect();
    expect(ws.paths).toEqual(['/ws-api/v3']);
    expect(ws.messages[0]?.msg.method).toBe('userDataStream.subscribe.signature');
    ws.last.send(JSON.stringify({ subscriptionId: 7, event: load('spot/user/execution_report_trade.json') }));
    await until(() => updates.length === 1, 'an update');
    expect(updates[0]?.type).toBe('BinanceOrderUpdate');
  });
});
