import { afterEach, describe, expect, it } from 'vitest';

import type { BinanceOrderUpdate, BinanceUserUpdate } from '../../ts/adapters/binance/parse/user.js';
import { ClientOrderId, InstrumentId } from '../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import { FaultConfig } from '../../ts/venue/config.js';
import { FaultInjector } from '../../ts/venue/faults.js';
import { cleanup, execClient, httpClient, sleep, startVenue, until } from './helpers.js';

afterEach(cleanup);

const BTC = InstrumentId.from('BTCUSDT-PERP.BINANCE');
const cid = (s: string) => ClientOrderId.from(s);

function execTypes(updates: readonly BinanceUserUpdate[], id: string): string[] {
  return updates
    .filter(
      (u): u is BinanceOrderUpdate => u.type === 'BinanceOrderUpdate' && u.report.clientOrderId?.value === id,
    )
    .map((u) => u.execType);
}

const limit = (id: string, price = '50000.0') => ({
  instrumentId: BTC,
  clientOrderId: cid(id),
  side: 'BUY' as const,
  orderType: 'LIMIT' as const,
  quantity: Quantity.from('0.010'),
  timeInForce: 'GTC' as const,
  price: Price.from(price),
});

const market = (id: string, side: 'BUY' | 'SELL' = 'BUY') => ({
  instrumentId: BTC,
  clientOrderId: cid(id),
  side,
  orderType: 'MARKET' as const,
  quantity: Quantity.from('0.010'),
  timeInForce: 'GTC' as const,
});

describe('venue faults on the user stream, observed by the real client', () => {
  it('drop: the ORDER_TRADE_UPDATE never arrives; querying the order recovers its state', async () => {
    const venue = await startVenue({ faults: { userDrop: 1, maxFaults: 1 } });
    const { client, updates } = await execClient(venue);
    expect((await client.submitOrder(limit('drop-1'))).type).toBe('accepted');
    await client.cancelOrder({ instrumentId: BTC, clientOrderId: cid('drop-1') });
    await until(() => execTypes(updates, 'drop-1').includes('CANCELED'), 'the cancel event');
    expect(execTypes(updates, 'drop-1')).toEqual(['CANCELED']); // NEW was dropped
    const q = await client.queryOrder({ instrumentId: BTC, clientOrderId: cid('drop-1') });
    expect(q?.orderStatus).toBe('CANCELED');
    expect(venue.stats().faults.userDrop).toBe(1);
  });

  it('duplicate: the same event arrives twice', async () => {
    const venue = await startVenue({ faults: { userDuplicate: 1, maxFaults: 1 } });
    const { client, updates } = await execClient(venue);
    await client.submitOrder(limit('dup-1'));
    await client.cancelOrder({ instrumentId: BTC, clientOrderId: cid('dup-1') });
    await until(() => execTypes(updates, 'dup-1').includes('CANCELED'), 'the cancel event');
    expect(execTypes(updates, 'dup-1')).toEqual(['NEW', 'NEW', 'CANCELED']);
  });

  it('reorder: an event is held back and arrives after the next one', async () => {
    const venue = await startVenue({ faults: { userReorder: 1, maxFaults: 1 } });
    const { client, updates } = await execClient(venue);
    await client.submitOrder(market('reo-1'));
    await until(() => execTypes(updates, 'reo-1').includes('NEW'), 'the NEW event');
    const types = execTypes(updates, 'reo-1');
    expect(types[0]).toBe('TRADE');
    expect(types.indexOf('NEW')).toBe(1);
  });

  it('delay: an event arrives delayMs late, after events sent later', async () => {
    const venue = await startVenue({ faults: { userDelay: 1, maxFaults: 1, delayMs: 150 } });
    const { client, updates } = await execClient(venue);
    await client.submitOrder(limit('del-1'));
    await client.cancelOrder({ instrumentId: BTC, clientOrderId: cid('del-1') });
    await until(() => execTypes(updates, 'del-1').includes('CANCELED'), 'the cancel');
    expect(execTypes(updates, 'del-1')).toEqual(['CANCELED']);
    await until(() => execTypes(updates, 'del-1').length === 2, 'the late NEW', 2_000);
    expect(execTypes(updates, 'del-1')).toEqual(['CANCELED', 'NEW']);
  });

  it('a forced disconnect of the user stream: the client reconnects and runs its back-fill', async () => {
    const venue = await startVenue();
    const { client, updates, backfills } = await execClient(venue);
    expect(venue.disconnect('user')).toBe(1);
    await until(() => backfills.length === 1, 'the back-fill');
    await until(() => venue.streams.userListenKeys().length === 1, 'the new connection');
    await client.submitOrder(limit('after-1'));
    await until(() => execTypes(updates, 'after-1').includes('NEW'), 'events on the new socket');
  });

  it('an expired listen key: listenKeyExpired, the client makes a new key and reconnects', async () => {
    const venue = await startVenue();
    const { client, updates } = await execClient(venue);
    const key = (client.userStream as unknown as { listenKey: string }).listenKey;
    venue.expireListenKey(key);
    await until(() => updates.some((u) => u.type === 'BinanceListenKeyExpired'), 'the expiry event');
    const renewedKey = () => (client.userStream as unknown as { listenKey: string | null }).listenKey;
    await until(
      () => renewedKey() !== key && venue.streams.userListenKeys().join() === renewedKey(),
      'the reconnect on a new key',
    );
    await client.submitOrder(limit('lk-1'));
    await until(() => execTypes(updates, 'lk-1').includes('NEW'), 'events on the renewed key');
    // The old key is gone: a keep-alive of it is -1125.
    await expect(
      client.http.request('PUT', '/fapi/v1/listenKey', { apiKeyOnly: true, params: { listenKey: key } }),
    ).rejects.toMatchObject({ code: 'BINANCE_1125' });
  });
});

describe('venue faults on REST, observed by the real client', () => {
  it('5xx on a write: the client says unknown; the order was not executed (query finds nothing)', async () => {
    const venue = await startVenue();
    const { client } = await execClient(venue, { stream: false });
    venue.setFaults({ http5xx: 1, maxFaults: 1 });
    const r = await client.submitOrder(limit('5xx-1'));
    expect(r).toMatchObject({ type: 'unknown', code: 'BINANCE_STATUS_UNKNOWN' });
    expect(await client.queryOrder({ instrumentId: BTC, clientOrderId: cid('5xx-1') })).toBeNull();
  });

  it('5xx on a read is retried by the client and succeeds', async () => {
    const venue = await startVenue();
    const { client } = await execClient(venue, { stream: false, maxRetries: 2 });
    venue.setFaults({ http5xx: 1, maxFaults: 1 });
    await expect(client.generateOrderStatusReports({ openOnly: true })).resolves.toEqual([]);
    expect(venue.stats().faults.http5xx).toBe(1);
  });

  it('httpFaultPaths: HTTP faults hit only the listed paths', async () => {
    const venue = await startVenue();
    const { client } = await execClient(venue, { stream: false });
    venue.setFaults({ http5xx: 1, httpFaultPaths: ['/fapi/v3/positionRisk'] });
    await expect(client.generateOrderStatusReports({ openOnly: true })).resolves.toEqual([]);
    expect((await client.submitOrder(limit('paths-1'))).type).toBe('accepted');
    await expect(client.generatePositionStatusReports()).rejects.toMatchObject({ code: 'BINANCE_1001' });
    expect(venue.stats().faults.http5xx).toBe(1);
  });

  it('execution status unknown (-1007): the order WAS executed; querying finds it', async () => {
    const venue = await startVenue();
    const { client } = await execClient(venue, { stream: false });
    venue.setFaults({ httpUnknown: 1, maxFaults: 1 });
    const r = await client.submitOrder(limit('unk-1'));
    expect(r).toMatchObject({ type: 'unknown', code: 'BINANCE_STATUS_UNKNOWN' });
    const q = await client.queryOrder({ instrumentId: BTC, clientOrderId: cid('unk-1') });
    expect(q?.orderStatus).toBe('ACCEPTED');
  });

  it('429 fault: the client reports RATE_LIMITED and honours Retry-After', async () => {
    const venue = await startVenue();
    const { client } = await execClient(venue, { stream: false });
    venue.setFaults({ http429: 1, maxFaults: 1 });
    const r = await client.submitOrder(limit('429-1'));
    expect(r).toMatchObject({ type: 'rejected', code: 'RATE_LIMITED' });
    await sleep(1_050);
    expect((await client.submitOrder(limit('429-2'))).type).toBe('accepted');
  });

  it('faults are bounded by maxFaults and can be changed and reset at run time over the control endpoint', async () => {
    const venue = await startVenue();
    const set = await fetch(`${venue.url}/_venue/faults`, {
      method: 'POST',
      body: JSON.stringify({ http5xx: 1, maxFaults: 3 }),
    });
    expect(((await set.json()) as { http5xx: number }).http5xx).toBe(1);
    const http = httpClient(venue);
    const statuses: string[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        await http.get('/fapi/v1/time').then(
          () => 'ok',
          (e: { code: string }) => e.code,
        ),
      );
    }
    expect(statuses).toEqual(['BINANCE_1001', 'BINANCE_1001', 'BINANCE_1001', 'ok', 'ok']);
    const bad = await fetch(`${venue.url}/_venue/faults`, {
      method: 'POST',
      body: JSON.stringify({ http5xx: 2 }),
    });
    expect(bad.status).toBe(400);
    await fetch(`${venue.url}/_venue/faults/reset`, { method: 'POST' });
    const state = (await (await fetch(`${venue.url}/_venue/state`)).json()) as { faults: object };
    expect(state.faults).toEqual({});
  });
});

describe('venue clock skew and IP bans', () => {
  it('a skewed venue clock: signed requests fail -1021 until the client resynchronises, then succeed', async () => {
    const venue = await startVenue();
    const { client } = await execClient(venue, { stream: false });
    venue.setFaults({ clockOffsetMs: 30_000 });
    await expect(client.generateOrderStatusReports({ openOnly: true })).resolves.toEqual([]);
    expect(venue.stats().errors['-1021']).toBe(1);
    expect(client.http.serverTimeOffsetMs).toBeGreaterThan(25_000);
  });

  it('an IP that keeps sending after a 429 is banned with 418, which the client reports BINANCE_IP_BANNED', async () => {
    const venue = await startVenue({
      weightLimitPerMinute: 5,
      faults: { banAfterRequests: 2, banMs: 60_000 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await fetch(`${venue.url}/fapi/v1/time`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429, 418]);
    await expect(httpClient(venue).get('/fapi/v1/time')).rejects.toMatchObject({ code: 'BINANCE_IP_BANNED' });
    expect(venue.stats().faults.ban).toBe(1);
  });
});

describe('fault decisions', () => {
  it('are deterministic for a seed, independent per kind, and differ across seeds', () => {
    const cfg = FaultConfig.parse({ userDrop: 0.3, http5xx: 0.5 });
    const seq = (seed: number, kinds: readonly ('userDrop' | 'http5xx')[]) => {
      const f = new FaultInjector(cfg, seed);
      return Array.from({ length: 200 }, (_, i) => f.roll(kinds[i % kinds.length]!));
    };
    const a = seq(11, ['userDrop']);
    expect(seq(11, ['userDrop'])).toEqual(a);
    expect(seq(12, ['userDrop'])).not.toEqual(a);
    // Interleaving another kind does not shift this kind's decisions.
    const mixed = seq(11, ['userDrop', 'http5xx']).filter((_, i) => i % 2 === 0);
    expect(mixed).toEqual(a.slice(0, 100));
    const rate = a.filter(Boolean).length / a.length;
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.45);
  });
});

describe('fault runs are reproducible', () => {
  it('the same seed and the same requests give the same faults and the same delivered events', async () => {
    const run = async () => {
      const venue = await startVenue({
        seed: 77,
        faults: { userDrop: 0.3, userDuplicate: 0.3, marketDrop: 0.3 },
      });
      const { client, updates } = await execClient(venue, { maxRetries: 0 });
      venue.setFaults({ http5xx: 0.35 });
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await client.submitOrder(
          i % 3 === 0 ? market(`rep-${i}`, i % 2 === 0 ? 'BUY' : 'SELL') : limit(`rep-${i}`),
        );
        outcomes.push(r.type);
      }
      await sleep(100);
      const delivered = updates.map((u) =>
        u.type === 'BinanceOrderUpdate' ? `${u.report.clientOrderId?.value}:${u.execType}` : u.type,
      );
      const faults = venue.stats().faults;
      await cleanup();
      return { outcomes, delivered, faults };
    };
    const a = await run();
    const b = await run();
    expect(b).toEqual(a);
    expect(a.outcomes).toContain('unknown');
    expect(a.faults.userDrop).toBeGreaterThan(0);
    expect(a.faults.userDuplicate).toBeGreaterThan(0);
  });
});
