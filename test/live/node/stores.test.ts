/**
 * The stores of `TradingNodeConfig`: `cache.database` and `messageBus.database` build the Redis
 * cache database and the bus streams (against a private redis-server), closed at post-stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { StreamMessage } from '../../../ts/cache/redis/index.js';
import { ClientOrderId } from '../../../ts/model/identifiers/index.js';
import { HAVE_REDIS, RedisServer } from '../../cache/redis/server.js';
import { BTC } from '../fixtures.js';
import { BASE_CONFIG, harness, settle, submitLimit } from './harness.js';

describe.skipIf(!HAVE_REDIS)('TradingNode stores from the config', () => {
  const server = new RedisServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  const config = () => ({
    ...BASE_CONFIG,
    cache: { database: server.config },
    messageBus: { database: server.config, encoding: 'json' as const },
  });

  it('cache.database persists what the node did; a new node loads it at build', async () => {
    const first = harness(config());
    await first.node.build();
    first.node.cache.addInstrument(BTC);
    await first.node.start();
    const order = await submitLimit(first);
    first.exec().accept(order);
    first.exec().fill(order, { lastQty: '0.250', lastPx: '101.00' });
    await settle();
    const stopped = await first.node.stop();
    expect(stopped.stopProblems).toEqual([]);

    const second = harness(config());
    expect(await second.node.build()).toBeNull();
    const loaded = second.node.cache.order(ClientOrderId.from('O-1'));
    expect(`${loaded?.status} ${loaded?.filledQty} ${loaded?.events.length}`).toBe(
      'PARTIALLY_FILLED 0.250 4',
    );
    const positions = second.node.cache.positionsOpen().map((p) => `${p.id} ${p.side} ${p.quantity}`);
    expect(positions).toEqual(['BTCUSDT.BINANCE-MM-001 LONG 0.250']);
    await second.node.stop();
  });

  it('messageBus.database streams the published events to Redis', async () => {
    const h = harness(config());
    await h.node.start();
    h.exec().emitAccountState();
    await settle();
    await h.node.stop();
    const c = server.client();
    try {
      const keys = await c.keys('*stream*');
      expect(keys).toEqual(['trader-TRADER-001:stream']);
      const entries = await c.xrange(keys[0] as string, '-', '+');
      const topics = entries.map(([, fields]) => fields[fields.indexOf('topic') + 1]);
      expect(topics).toContain('events.node.state');
      expect(topics).toContain('events.account.BINANCE-001');
    } finally {
      c.disconnect();
    }
  });

  it("messageBus.externalStreams: another node's events arrive on this bus as StreamMessages, not echoed", async () => {
    const a = harness({ ...BASE_CONFIG, traderId: 'TRADER-A', messageBus: { database: server.config } });
    const b = harness({
      ...BASE_CONFIG,
      traderId: 'TRADER-B',
      messageBus: { database: server.config, externalStreams: ['trader-TRADER-A:stream'] },
    });
    // B reads from the moment it starts: started first, it sees A's account state at connect and
    // the one emitted after.
    await b.node.start();
    const seen: StreamMessage[] = [];
    b.node.bus.subscribe('events.account.*', (m: StreamMessage) => void seen.push(m));
    await a.node.start();
    a.exec().emitAccountState();
    await settle();
    for (let i = 0; i < 500 && seen.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen.map((m) => `${m.stream} ${m.topic} ${m.type}`)).toEqual(
      Array(2).fill('trader-TRADER-A:stream events.account.BINANCE-001 AccountState'),
    );
    expect(seen[1]?.payload).toMatchObject({ accountId: 'BINANCE-001' });
    await a.node.stop();
    await b.node.stop();
    const c = server.client();
    try {
      const own = await c.xrange('trader-TRADER-B:stream', '-', '+');
      const topics = own.map(([, f]) => f[f.indexOf('topic') + 1]);
      // B streamed its own account state (from its own client) once, and none of A's.
      expect(topics.filter((t) => t === 'events.account.BINANCE-001')).toHaveLength(1);
    } finally {
      c.disconnect();
    }
  });

  it('a cache database that cannot be reached fails the build within timeoutConnection, with one node error line', async () => {
    const h = harness({
      ...BASE_CONFIG,
      cache: { database: { host: '127.0.0.1', port: 1, timeout: 0.2 } },
      timeoutConnection: 5,
    });
    const building = h.node.build();
    await h.advance(5);
    const stopped = await building;
    expect(stopped?.reason).toMatchObject({
      type: 'FAILED',
      step: 'build',
      message: 'cache database not loaded within timeoutConnection (5s)',
    });
    expect(h.node.state).toBe('STOPPED');
    const nodeErrors = h.errors().filter((l) => l.component === 'TradingNode');
    expect(nodeErrors.map((l) => l.msg)).toEqual([
      'node stopping: build failed: cache database not loaded within timeoutConnection (5s)',
    ]);
  });
});
