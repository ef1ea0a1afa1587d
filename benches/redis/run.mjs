// Cache write-through to Redis. Run after the TS build: `node benches/redis/run.mjs`.
// Starts its own redis-server (free loopback port, temp dir, no persistence) and stops it; prints
// one JSON line per figure. An order here is a real order moved through four events (initialized,
// submitted, accepted, filled) and written through the cache, so the figure includes encoding,
// batching and the round trips; `drain()` is inside the timing.
// Skips (one JSON line saying so) when redis-server is not installed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Cache } from '../../dist/cache/index.js';
import { RedisCacheDatabase, RedisStreamPublisher } from '../../dist/cache/redis/index.js';
import { orderAccepted, orderFilled, orderSubmitted } from '../../dist/model/events/index.js';
import {
  AccountId,
  ClientOrderId,
  InstrumentId,
  StrategyId,
  TradeId,
  TraderId,
  VenueOrderId,
} from '../../dist/model/identifiers/index.js';
import { Order } from '../../dist/model/orders/index.js';
import { Currency, Money, Price, Quantity } from '../../dist/model/values/index.js';
import { emit } from '../lib/report.mjs';

const ORDERS = Number(process.env.BENCH_REDIS_ORDERS ?? 20_000);

try {
  execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
} catch {
  console.log(JSON.stringify({ bench: 'redis', skipped: 'redis-server is not installed' }));
  process.exit(0);
}

const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), 'kairos-bench-redis-'));
const proc = spawn(
  'redis-server',
  ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
  { stdio: 'ignore' },
);

const TRADER = TraderId.from('TRADER-001');
const STRATEGY = StrategyId.from('MM-001');
const INSTRUMENT = InstrumentId.from('BTCUSDT.BINANCE');
const ACCOUNT = AccountId.from('BINANCE-001');
const USDT = Currency.from('USDT');

function lifecycle(cache, i, run) {
  const id = ClientOrderId.from(`${run}-${i}`);
  const o = Order.create({
    traderId: TRADER,
    strategyId: STRATEGY,
    instrumentId: INSTRUMENT,
    clientOrderId: id,
    side: i % 2 === 0 ? 'BUY' : 'SELL',
    orderType: 'LIMIT',
    quantity: Quantity.from('1.000'),
    price: Price.from('100.00'),
    tsInit: BigInt(i),
  });
  cache.addOrder(o);
  const h = {
    traderId: TRADER,
    strategyId: STRATEGY,
    instrumentId: INSTRUMENT,
    clientOrderId: id,
    tsEvent: 1n,
    tsInit: 1n,
  };
  o.apply(orderSubmitted({ ...h, accountId: ACCOUNT }));
  cache.updateOrder(o);
  const v = VenueOrderId.from(`V-${run}-${i}`);
  o.apply(orderAccepted({ ...h, accountId: ACCOUNT, venueOrderId: v }));
  cache.updateOrder(o);
  o.apply(
    orderFilled({
      ...h,
      venueOrderId: v,
      accountId: ACCOUNT,
      tradeId: TradeId.from(`T-${run}-${i}`),
      orderSide: o.side,
      orderType: 'LIMIT',
      lastQty: Quantity.from('1.000'),
      lastPx: Price.from('100.00'),
      currency: USDT,
      commission: Money.from('0.01', 'USDT'),
      liquiditySide: 'MAKER',
    }),
  );
  cache.updateOrder(o);
}

async function run(name, options) {
  const db = new RedisCacheDatabase({
    traderId: `BENCH-${name}`,
    database: { host: '127.0.0.1', port },
    ...options,
  });
  await db.ready();
  await db.flush();
  const cache = new Cache({ database: db });
  // Write in slices of 1,000 orders per tick, as a live node spreads them over ticks.
  const t0 = performance.now();
  for (let i = 0; i < ORDERS; i += 1_000) {
    for (let j = i; j < Math.min(ORDERS, i + 1_000); j++) lifecycle(cache, j, name);
    await new Promise((r) => setImmediate(r));
  }
  await db.drain();
  const writeMs = performance.now() - t0;
  emit('redis', `cache.write.${name}`, 'orders/s', (ORDERS * 1000) / writeMs, {
    orders: ORDERS,
    eventsPerOrder: 4,
    batches: db.stats().batches,
  });
  const t1 = performance.now();
  const state = await db.loadAll();
  const loadMs = performance.now() - t1;
  if (state.orders.length !== ORDERS)
    throw new Error(`loaded ${state.orders.length} orders, wrote ${ORDERS}`);
  emit('redis', `cache.loadAll.${name}`, 'orders/s', (ORDERS * 1000) / loadMs, { orders: ORDERS });
  await db.flush();
  await db.close();
}

async function streams(name, options) {
  const pub = new RedisStreamPublisher({
    traderId: `BENCH-${name}`,
    database: { host: '127.0.0.1', port },
    ...options,
  });
  await pub.drain();
  const d = { traderId: TRADER, strategyId: STRATEGY, instrumentId: INSTRUMENT, tsEvent: 1n, tsInit: 1n };
  const messages = ORDERS * 4;
  const t0 = performance.now();
  for (let i = 0; i < messages; i += 1_000) {
    for (let j = i; j < Math.min(messages, i + 1_000); j++) {
      pub.publish(
        'events.order.MM-001',
        orderSubmitted({ ...d, clientOrderId: ClientOrderId.from(`S-${j}`), accountId: ACCOUNT }),
      );
    }
    await new Promise((r) => setImmediate(r));
  }
  await pub.drain();
  const ms = performance.now() - t0;
  emit('redis', `streams.publish.${name}`, 'messages/s', (messages * 1000) / ms, { messages });
  await pub.close();
}

/** The same lifecycles with no database: what the write-through adds is the difference. */
async function baseline() {
  const cache = new Cache();
  const t0 = performance.now();
  for (let i = 0; i < ORDERS; i += 1_000) {
    for (let j = i; j < Math.min(ORDERS, i + 1_000); j++) lifecycle(cache, j, 'mem');
    await new Promise((r) => setImmediate(r));
  }
  emit('redis', 'cache.write.memoryOnly', 'orders/s', (ORDERS * 1000) / (performance.now() - t0), {
    orders: ORDERS,
  });
}

try {
  await baseline();
  await streams('msgpack.perTick', { encoding: 'msgpack' });
  await run('msgpack.buffer100ms', { encoding: 'msgpack', bufferIntervalMs: 100 });
  await run('json.buffer100ms', { encoding: 'json', bufferIntervalMs: 100 });
  await run('msgpack.perTick', { encoding: 'msgpack', bufferIntervalMs: null });
} finally {
  proc.kill('SIGTERM');
  await new Promise((r) => proc.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
