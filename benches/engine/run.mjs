// Engine throughput. Run after the TS build: `node benches/engine/run.mjs`.
// Prints one JSON line per figure:
// - quotes through DataEngine.process -> cache -> bus -> one subscriber;
// - trades through the same path feeding three bar aggregators (tick, volume, 1-minute);
// - submit -> RiskEngine -> ExecutionEngine -> client -> OrderAccepted back (round trips);
// - the same plus a fill into a NETTING position (round trips).
import { Cache } from '../../dist/cache/index.js';
import { createSilentLogger, MessageBus, TestClock } from '../../dist/common/index.js';
import {
  DataEngine,
  Endpoint,
  ExecutionEngine,
  RiskEngine,
  submitOrder,
  subscribe,
} from '../../dist/engine/index.js';
import {
  AccountId,
  accountBalance,
  accountState,
  ClientId,
  ClientOrderId,
  CurrencyPair,
  Money,
  Order,
  orderAccepted,
  orderFilled,
  Price,
  parseBarType,
  Quantity,
  quoteTick,
  StrategyId,
  TradeId,
  TraderId,
  tradeTick,
  Venue,
  VenueOrderId,
} from '../../dist/model/index.js';
import { emit } from '../lib/report.mjs';

const TARGET_MS = Number(process.env.BENCH_MS ?? 1000);
// BENCH_ONLY=exec runs only the figures whose name contains it.
const ONLY = process.env.BENCH_ONLY ?? '';
const wanted = (name) => name.includes(ONLY);
const SEC = 1_000_000_000n;
const T0 = 1_700_000_000n * SEC;

const BTC = CurrencyPair.create({
  id: 'BTCUSDT.BINANCE',
  baseCurrency: 'BTC',
  quoteCurrency: 'USDT',
  pricePrecision: 2,
  priceIncrement: '0.01',
  sizePrecision: 3,
  sizeIncrement: '0.001',
  takerFee: '0.001',
});

function wire(riskConfig = {}) {
  const clock = new TestClock({ startNs: T0 });
  const bus = new MessageBus({ clock, logger: createSilentLogger() });
  const cache = new Cache({ tickCapacity: 1000, barCapacity: 1000 });
  cache.addInstrument(BTC);
  let seq = 0;
  const eventIds = () => `E-${++seq}`;
  const deps = { bus, cache, clock };
  return {
    clock,
    bus,
    cache,
    data: new DataEngine(deps),
    risk: new RiskEngine({ ...deps, config: riskConfig }),
    exec: new ExecutionEngine({ ...deps, eventIds }),
  };
}

/** Runs `batch()` (which does `ops` operations) until TARGET_MS has passed; returns ops/s. */
function timed(batch, ops) {
  for (let i = 0; i < 3; i++) batch(); // warm up
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  do {
    batch();
    n += ops;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < BigInt(TARGET_MS) * 1_000_000n);
  return (n * 1e9) / Number(elapsed);
}

// ---- data: quotes and trades ---------------------------------------------------------------------

if (wanted('data.quotes')) {
  const w = wire();
  const quotes = [];
  for (let i = 0; i < 10_000; i++) {
    const bid = 2_000_000 + (i % 100);
    quotes.push(
      quoteTick({
        instrumentId: BTC.id,
        bidPrice: Price.fromRaw(BigInt(bid) * 10n ** 14n, 2),
        askPrice: Price.fromRaw(BigInt(bid + 1) * 10n ** 14n, 2),
        bidSize: Quantity.from('1.000'),
        askSize: Quantity.from('2.000'),
        tsEvent: T0 + BigInt(i),
        tsInit: T0 + BigInt(i),
      }),
    );
  }
  let seen = 0;
  w.bus.subscribe('data.quotes.BINANCE.BTCUSDT', (q) => {
    if (w.cache.quote(q.instrumentId) === q) seen++;
  });
  const rate = timed(() => {
    for (let i = 0; i < quotes.length; i++) w.data.process(quotes[i]);
  }, quotes.length);
  if (seen === 0) throw new Error('subscriber saw nothing');
  emit('engine', 'data.quotes.process_publish_cache', 'quotes/s', rate);
}

if (wanted('data.trades')) {
  const w = wire();
  const client = {
    clientId: ClientId.from('BENCH'),
    venue: Venue.from('BINANCE'),
    isConnected: true,
    subscribeTrades() {},
    subscribeQuotes() {},
  };
  w.data.registerClient(client);
  for (const t of ['3-TICK-LAST', '10-VOLUME-LAST', '1-MINUTE-LAST']) {
    w.data.execute(
      subscribe({
        spec: { kind: 'BARS', barType: parseBarType(`BTCUSDT.BINANCE-${t}-INTERNAL`) },
        tsInit: T0,
      }),
    );
  }
  let bars = 0;
  w.bus.subscribe('data.bars.*', () => bars++);
  const trades = [];
  for (let i = 0; i < 10_000; i++) {
    trades.push(
      tradeTick({
        instrumentId: BTC.id,
        price: Price.fromRaw(BigInt(2_000_000 + (i % 50)) * 10n ** 14n, 2),
        size: Quantity.from('0.250'),
        aggressorSide: 'BUYER',
        tradeId: TradeId.from(`T${i}`),
        tsEvent: T0 + BigInt(i) * 10_000_000n,
        tsInit: T0 + BigInt(i) * 10_000_000n,
      }),
    );
  }
  let round = 0n;
  const rate = timed(() => {
    // Each batch moves the stream forward 100 s so time bars keep closing.
    const base = round * 100n * SEC;
    round++;
    for (let i = 0; i < trades.length; i++) {
      const t = trades[i];
      w.data.process({ ...t, tsEvent: t.tsEvent + base, tsInit: t.tsInit + base });
    }
    w.clock.advanceTime(T0 + base + 100n * SEC);
  }, trades.length);
  if (bars === 0) throw new Error('no bars');
  emit('engine', 'data.trades.three_bar_aggregators', 'trades/s', rate);
}

// ---- execution: submit round trips ----------------------------------------------------------------

class BenchVenue {
  constructor(bus, clock, fill) {
    this.clientId = ClientId.from('BINANCE_SPOT');
    this.venue = Venue.from('BINANCE');
    this.accountId = AccountId.from('BINANCE-001');
    this.accountType = 'CASH';
    this.omsType = 'NETTING';
    this.isConnected = true;
    this.bus = bus;
    this.clock = clock;
    this.fillToo = fill;
    this.seq = 0;
    this.acks = 0;
  }
  submitOrder(c) {
    const o = c.order;
    const now = this.clock.timestampNs();
    this.seq++;
    const h = {
      traderId: o.traderId,
      strategyId: o.strategyId,
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      accountId: this.accountId,
      venueOrderId: VenueOrderId.from(`V-${this.seq}`),
      eventId: `A-${this.seq}`,
      tsEvent: now,
      tsInit: now,
    };
    this.bus.send('ExecEngine.process', orderAccepted(h));
    if (this.fillToo) {
      this.bus.send(
        'ExecEngine.process',
        orderFilled({
          ...h,
          eventId: `F-${this.seq}`,
          tradeId: TradeId.from(`T-${this.seq}`),
          orderSide: o.side,
          orderType: o.orderType,
          lastQty: o.quantity,
          lastPx: o.price,
          currency: BTC.quoteCurrency,
          commission: BTC.commission(o.quantity, o.price, 'TAKER'),
          liquiditySide: 'TAKER',
        }),
      );
    }
    this.acks++;
  }
}

function roundTrips(name, fill) {
  if (!wanted(name)) return;
  const w = wire({
    maxOrderSubmitRate: '1000000000/00:00:01',
    maxNotionalPerOrder: { 'BTCUSDT.BINANCE': '1000000' },
  });
  const venue = new BenchVenue(w.bus, w.clock, fill);
  w.exec.registerClient(venue);
  w.exec.process(
    accountState({
      accountId: venue.accountId,
      accountType: 'CASH',
      balances: [
        accountBalance(Money.from('1000000000000', 'USDT'), Money.from('0', 'USDT')),
        accountBalance(Money.from('1000000000', 'BTC'), Money.from('0', 'BTC')),
      ],
      isReported: true,
      tsEvent: T0,
      tsInit: T0,
    }),
  );
  const trader = TraderId.from('TRADER-001');
  const strategy = StrategyId.from('BENCH-001');
  const qty = Quantity.from('0.010');
  const px = Price.from('20000.00');
  let n = 0;
  const BATCH = 1000;
  const rate = timed(() => {
    for (let i = 0; i < BATCH; i++) {
      n++;
      const order = Order.create({
        traderId: trader,
        strategyId: strategy,
        instrumentId: BTC.id,
        clientOrderId: ClientOrderId.from(`O-${n}`),
        side: n % 2 === 0 ? 'SELL' : 'BUY',
        orderType: 'LIMIT',
        quantity: qty,
        price: px,
        eventId: `I-${n}`,
        tsInit: T0,
      });
      w.bus.send(Endpoint.RISK_EXECUTE, submitOrder({ order, commandId: `C-${n}`, tsInit: T0 }));
    }
    // Keep memory flat: closed orders leave the cache as they would with live purges.
    if (fill) w.cache.purgeClosedOrders(T0, 0n);
  }, BATCH);
  if (venue.acks !== n || w.cache.ordersInflightCount() !== 0) throw new Error('round trips lost');
  const errors = Object.values(w.exec.errorCounts).reduce((a, b) => a + b, 0);
  if (errors !== 0 || w.risk.deniedCount !== 0)
    throw new Error(`unexpected errors ${errors}, denied ${w.risk.deniedCount}`);
  emit('engine', name, 'round trips/s', rate);
}

roundTrips('exec.submit_risk_exec_client_accepted', false);
roundTrips('exec.submit_accepted_filled_into_position', true);
