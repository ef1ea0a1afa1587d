// Cache throughput. Run after the TS build: `node benches/cache/run.mjs`.
// Prints one JSON line per figure. Orders here are stand-ins with the fields the cache reads, so
// the figures are the cache's index maintenance alone (applying events is the model's cost).
import { Cache } from '../../dist/cache/index.js';
import { ClientOrderId, InstrumentId, StrategyId, VenueOrderId } from '../../dist/model/identifiers/index.js';
import { Price } from '../../dist/model/values/index.js';
import { emit } from '../lib/report.mjs';

const TARGET_MS = Number(process.env.BENCH_MS ?? 1000);
const INSTRUMENTS = ['BTCUSDT.BINANCE', 'ETHUSDT.BINANCE', 'SOLUSDT.BINANCE', 'BTCUSDT.BYBIT'].map((s) =>
  InstrumentId.from(s),
);
const STRATEGIES = ['MM-001', 'MM-002'].map((s) => StrategyId.from(s));

/** What the cache reads of an order, with a status that the bench moves. */
class StandIn {
  constructor(i) {
    this.clientOrderId = ClientOrderId.from(`O-${i}`);
    this.strategyId = STRATEGIES[i % STRATEGIES.length];
    this.instrumentId = INSTRUMENTS[i % INSTRUMENTS.length];
    this.side = i % 2 === 0 ? 'BUY' : 'SELL';
    this.venueOrderId = null;
    this.positionId = null;
    this.linkedOrderIds = [];
    this.parentOrderId = null;
    this.orderListId = null;
    this.events = [{ venueOrderId: null }];
    this.status = 'INITIALIZED';
    this.tsLast = 0n;
    this.venue = VenueOrderId.from(`V-${i}`);
  }
  get isOpen() {
    return this.status === 'ACCEPTED' || this.status === 'PENDING_CANCEL';
  }
  get isClosed() {
    return this.status === 'CANCELED';
  }
  get isInflight() {
    return this.status === 'SUBMITTED' || this.status === 'PENDING_CANCEL';
  }
  get isEmulated() {
    return false;
  }
  /** One event: the status moves and the log grows. */
  step(status, ts) {
    this.status = status;
    this.tsLast = ts;
    const e = { venueOrderId: status === 'ACCEPTED' ? this.venue : null };
    if (e.venueOrderId !== null) this.venueOrderId = e.venueOrderId;
    this.events.push(e);
  }
}

function rate(run) {
  run(1000); // warm up
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(TARGET_MS) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    ops += run(20_000);
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

// Order lifecycle: add, then submitted, accepted, pending cancel, canceled; each a cache update.
{
  let n = 0;
  const cache = new Cache();
  const events = rate((count) => {
    let ops = 0;
    for (let k = 0; k < count; k += 5) {
      const o = new StandIn(n++);
      cache.addOrder(o);
      for (const s of ['SUBMITTED', 'ACCEPTED', 'PENDING_CANCEL', 'CANCELED']) {
        o.step(s, BigInt(n));
        cache.updateOrder(o);
      }
      ops += 5;
    }
    // Keep memory flat as the live purge does.
    if (cache.counts().orders > 200_000) cache.purgeClosedOrders(BigInt(n), 0n);
    return ops;
  });
  emit('cache', 'order_lifecycle.add_and_updates', 'updates/s', events);
}

// Queries a strategy makes per tick, with 1,000 open orders over 4 instruments and 2 strategies.
{
  const cache = new Cache();
  for (let i = 0; i < 1000; i++) {
    const o = new StandIn(i);
    cache.addOrder(o);
    o.step('SUBMITTED', 1n);
    cache.updateOrder(o);
    o.step('ACCEPTED', 2n);
    cache.updateOrder(o);
  }
  const filter = { strategyId: STRATEGIES[0], instrumentId: INSTRUMENTS[0] };
  emit(
    'cache',
    'ordersOpen.filtered_1000_open',
    'queries/s',
    rate((count) => {
      for (let k = 0; k < count; k++) cache.ordersOpen(filter);
      return count;
    }),
  );
  emit(
    'cache',
    'ordersOpenCount.unfiltered',
    'queries/s',
    rate((count) => {
      for (let k = 0; k < count; k++) cache.ordersOpenCount();
      return count;
    }),
  );
}

// Purge of 100,000 closed orders.
{
  const cache = new Cache();
  for (let i = 0; i < 100_000; i++) {
    const o = new StandIn(i);
    cache.addOrder(o);
    o.step('SUBMITTED', 1n);
    cache.updateOrder(o);
    o.step('CANCELED', 2n);
    cache.updateOrder(o);
  }
  const start = process.hrtime.bigint();
  const purged = cache.purgeClosedOrders(10n, 1n).length;
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  emit('cache', 'purgeClosedOrders.100k', 'ms', ms, { purged });
}

// Quotes into the capacity-bounded deques.
{
  const cache = new Cache();
  const bid = Price.from('100.00');
  const ask = Price.from('100.01');
  const quotes = INSTRUMENTS.map((instrumentId) => ({
    instrumentId,
    bidPrice: bid,
    askPrice: ask,
    tsEvent: 0n,
  }));
  emit(
    'cache',
    'addQuote',
    'quotes/s',
    rate((count) => {
      for (let k = 0; k < count; k++) cache.addQuote(quotes[k & 3]);
      return count;
    }),
  );
}
