import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePlain } from '../../../ts/cache/redis/encoding.js';
import {
  decodeTimestamp,
  HEARTBEAT_TOPIC,
  RedisStreamConsumer,
  RedisStreamPublisher,
  type RedisStreamPublisherOptions,
  type StreamMessage,
} from '../../../ts/cache/redis/index.js';
import { MessageBus } from '../../../ts/common/msgbus/index.js';
import { MessageBusConfig } from '../../../ts/config/message-bus.js';
import { quoteTick } from '../../../ts/model/data/index.js';
import { InstrumentId } from '../../../ts/model/identifiers/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import { Desk } from '../fixtures.js';
import { HAVE_REDIS, RedisServer } from './server.js';

let server: RedisServer;
let seq = 0;

function publisher(extra: Partial<RedisStreamPublisherOptions> = {}): RedisStreamPublisher {
  seq++;
  return new RedisStreamPublisher({ traderId: `NODE-${seq}`, database: server.config, ...extra });
}

const QUOTE = quoteTick({
  instrumentId: InstrumentId.from('BTCUSDT.BINANCE'),
  bidPrice: Price.from('100.10'),
  askPrice: Price.from('100.20'),
  bidSize: Quantity.from('1.000'),
  askSize: Quantity.from('2.000'),
  tsEvent: 1n,
  tsInit: 2n,
});

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.skipIf(!HAVE_REDIS)('Redis streams for the message bus', () => {
  beforeAll(async () => {
    server = new RedisServer();
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('streams published messages (not filtered types) to one stream with exact payloads', async () => {
    const pub = publisher({ typesFilter: ['QuoteTick'], encoding: 'json', timestampsAsIso8601: true });
    const bus = new MessageBus({ externalPublisher: pub });
    const d = new Desk();
    const o = d.open(d.order());
    bus.publish('data.quotes.BTCUSDT.BINANCE', QUOTE);
    for (const e of o.events) bus.publish(`events.order.${e.strategyId}`, e);
    await pub.drain();
    expect(pub.prefix).toBe(`trader-NODE-${seq}:stream`);
    const c = server.client();
    const entries = await c.xrangeBuffer(pub.streamKey('any'), '-', '+');
    const rows = entries.map(([, f]) => ({
      topic: f[1]!.toString(),
      type: f[3]!.toString(),
      payload: decodePlain(f[5]!) as Record<string, unknown>,
    }));
    expect(rows.map((r) => r.type)).toEqual(['OrderInitialized', 'OrderSubmitted', 'OrderAccepted']);
    expect(rows[0]!.topic).toBe('events.order.MM-001');
    expect(rows[0]!.payload.price).toBe('100.00');
    expect(rows[0]!.payload.quantity).toBe('1.000');
    expect(decodeTimestamp(rows[0]!.payload.tsInit as string)).toBe(o.init.tsInit);
    expect(pub.stats()).toMatchObject({ published: 3, filtered: 1, written: 3, pending: 0 });
    c.disconnect();
    bus.dispose();
    await pub.close();
  });

  it('streamPerTopic writes one stream per topic; fromConfig reads MessageBusConfig', async () => {
    const config = MessageBusConfig.parse({
      database: server.config,
      streamPerTopic: true,
      encoding: 'msgpack',
    });
    const pub = RedisStreamPublisher.fromConfig(config, 'TRADER-PT');
    pub.publish('a.b', { type: 'Foo', n: 1 });
    pub.publish('c.d', { type: 'Bar', big: 12345678901234567890n });
    await pub.drain();
    const c = server.client();
    expect(await c.xlen('trader-TRADER-PT:stream:a.b')).toBe(1);
    const entries = await c.xrangeBuffer('trader-TRADER-PT:stream:c.d', '-', '+');
    expect(entries).toHaveLength(1);
    expect(decodePlain(entries[0]![1][5]!)).toEqual({ type: 'Bar', big: '12345678901234567890' });
    c.disconnect();
    await pub.close();
  });

  it('two consumers of one group share the entries: each entry to exactly one, all acknowledged', async () => {
    const pub = publisher();
    const key = pub.streamKey('x');
    const got: Record<string, StreamMessage[]> = { a: [], b: [] };
    const consumers = ['a', 'b'].map(
      (name) =>
        new RedisStreamConsumer({
          database: server.config,
          streams: [key],
          group: 'workers',
          consumer: name,
          count: 5,
          blockMs: 100,
          onMessage: async (m) => {
            got[name]!.push(m);
            // Yield so the other member gets to read too.
            await new Promise((r) => setTimeout(r, 1));
          },
        }),
    );
    await Promise.all(consumers.map((c) => c.start()));
    for (let i = 0; i < 200; i++) pub.publish('jobs', { type: 'Job', i });
    await pub.drain();
    await until(() => got.a!.length + got.b!.length === 200);
    const all = [...got.a!, ...got.b!].map((m) => (m.payload as { i: number }).i).sort((x, y) => x - y);
    expect(all).toEqual([...Array(200).keys()]);
    expect(got.a!.length).toBeGreaterThan(0);
    expect(got.b!.length).toBeGreaterThan(0);
    const c = server.client();
    const pending = (await c.xpending(key, 'workers')) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
    c.disconnect();
    await Promise.all(consumers.map((x) => x.stop()));
    await pub.close();
  });

  it('a second node receives, in order, what the first node published on its bus', async () => {
    const pubA = publisher({ bufferIntervalMs: 10 });
    const busA = new MessageBus({ externalPublisher: pubA });
    const busB = new MessageBus();
    const seen: unknown[] = [];
    busB.subscribe('events.*', (m) => seen.push(m));
    const nodeB = new RedisStreamConsumer({
      database: server.config,
      streams: [pubA.streamKey('events.order')],
      group: 'node-b',
      consumer: 'b-1',
      blockMs: 100,
      onMessage: (m) => busB.publish(m.topic, m.payload),
    });
    await nodeB.start();
    for (let i = 0; i < 50; i++) busA.publish('events.order', { type: 'Tick', i, px: Price.from(`1.${i}0`) });
    await until(() => seen.length === 50);
    expect(seen.map((m) => (m as { i: number }).i)).toEqual([...Array(50).keys()]);
    expect((seen[7] as { px: string }).px).toBe('1.70');
    await nodeB.stop();
    await pubA.close();
  });

  it('a handler that throws leaves the entry pending; the member re-reads it on restart', async () => {
    const pub = publisher();
    const key = pub.streamKey('x');
    let fail = true;
    const seen: number[] = [];
    const make = () =>
      new RedisStreamConsumer({
        database: server.config,
        streams: [key],
        group: 'g',
        consumer: 'same',
        blockMs: 100,
        onMessage: (m) => {
          const i = (m.payload as { i: number }).i;
          if (fail && i === 1) throw new Error('boom');
          seen.push(i);
        },
      });
    const first = make();
    await first.start();
    for (let i = 0; i < 3; i++) pub.publish('t', { type: 'T', i });
    await pub.drain();
    await until(() => first.stats().failed === 1 && seen.length === 2);
    await first.stop();
    fail = false;
    const second = make();
    await second.start();
    await until(() => seen.length === 3);
    expect(seen).toEqual([0, 2, 1]);
    await second.stop();
    await pub.close();
  });

  it('writes a heartbeat every heartbeatIntervalSecs', async () => {
    const pub = publisher({ heartbeatIntervalSecs: 1 });
    await until(() => pub.stats().heartbeats >= 1, 3_000);
    await pub.drain();
    const c = server.client();
    const entries = await c.xrangeBuffer(pub.streamKey(HEARTBEAT_TOPIC), '-', '+');
    expect(entries.length).toBeGreaterThanOrEqual(1);
    const f = entries[0]![1];
    expect(f[1]!.toString()).toBe(HEARTBEAT_TOPIC);
    expect(f[3]!.toString()).toBe('Heartbeat');
    expect(decodePlain(f[5]!)).toMatchObject({ traderId: `NODE-${seq}` });
    c.disconnect();
    await pub.close();
  }, 10_000);

  it('autotrim drops entries older than autotrimMins as new ones are added (MINID)', async () => {
    const pub = publisher({ autotrimMins: 1 });
    const key = pub.streamKey('x');
    const c = server.client();
    // Exact trimming for the test: one entry per stream node (approximate trimming drops whole nodes).
    await c.config('SET', 'stream-node-max-entries', '1');
    await c.xadd(key, '1000-0', 'topic', 'old', 'type', 'Old', 'payload', '{}');
    await c.xadd(key, `${Date.now() - 120_000}-0`, 'topic', 'old', 'type', 'Old', 'payload', '{}');
    await c.xadd(key, `${Date.now() - 5_000}-0`, 'topic', 'recent', 'type', 'Recent', 'payload', '{}');
    pub.publish('new', { type: 'New' });
    await pub.drain();
    const topics = (await c.xrange(key, '-', '+')).map(([, f]) => f[1]);
    expect(topics).toEqual(['recent', 'new']);
    await c.config('SET', 'stream-node-max-entries', '100');
    c.disconnect();
    await pub.close();
  });

  it('keeps messages published while redis is down and writes them once it is back', async () => {
    const srv = new RedisServer();
    await srv.start();
    try {
      const pub = new RedisStreamPublisher({
        traderId: 'NODE-DOWN',
        database: srv.config,
        maxReconnectAttempts: 100,
      });
      pub.publish('t', { type: 'T', i: 0 });
      await pub.drain();
      await srv.kill9();
      for (let i = 1; i <= 3; i++) pub.publish('t', { type: 'T', i });
      await new Promise((r) => setTimeout(r, 100));
      expect(pub.stats().pending).toBe(3);
      await srv.start();
      await pub.drain();
      const c = srv.client();
      const entries = await c.xrangeBuffer(pub.streamKey('t'), '-', '+');
      expect(entries.map(([, f]) => (decodePlain(f[5]!) as { i: number }).i)).toEqual([1, 2, 3]);
      c.disconnect();
      await pub.close();
    } finally {
      await srv.stop();
    }
  }, 30_000);

  it('past maxBufferedMessages new messages are dropped and counted, never blocking the bus', async () => {
    const srv = new RedisServer();
    await srv.start();
    const pub = new RedisStreamPublisher({
      traderId: 'NODE-FULL',
      database: srv.config,
      maxBufferedMessages: 2,
    });
    await pub.drain();
    await srv.kill9();
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 5; i++) pub.publish('t', { type: 'T', i });
    expect(pub.stats()).toMatchObject({ pending: 2, droppedMessages: 3, published: 5 });
    await pub.close();
    await srv.stop();
  }, 30_000);

  it('refuses bad options with typed errors', () => {
    expect(() => publisher({ autotrimMins: 0 })).toThrow(
      expect.objectContaining({ code: 'REDIS_INVALID_ARGUMENT' }),
    );
    expect(
      () =>
        new RedisStreamConsumer({
          database: server.config,
          streams: [],
          group: 'g',
          consumer: 'c',
          onMessage: () => {},
        }),
    ).toThrow(expect.objectContaining({ code: 'REDIS_INVALID_ARGUMENT' }));
  });
});
