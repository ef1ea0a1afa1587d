// Backtest throughput: quotes per second through data engine -> strategy -> orders -> matching.
// Run after the TS build and the native addon: `node benches/backtest/run.mjs`. One JSON line per
// figure. Data generation is outside the timed part; each figure is the best of a few runs.
import { BacktestEngine } from '../../dist/backtest/engine.js';
import {
  EXAMPLE_START_NS,
  examplePerpetual,
  runMarketMakerExample,
  syntheticQuotes,
} from '../../dist/backtest/examples/index.js';
import { Money, Price } from '../../dist/model/values/index.js';
import { Strategy } from '../../dist/trading/strategy.js';
import { emit } from '../lib/report.mjs';

const QUOTES = Number(process.env.BENCH_QUOTES ?? 100_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const instrument = examplePerpetual();
const quotes = syntheticQuotes({
  instrument,
  seed: 1,
  count: QUOTES,
  startNs: EXAMPLE_START_NS,
  intervalNs: 100_000_000n,
  startPrice: '50000.0',
  stepTicks: 3,
  spreadTicks: 1,
  size: '5',
});

/** Subscribes to quotes and does nothing: the data path alone. */
class Passive extends Strategy {
  onStart() {
    this.subscribeQuoteTicks(instrument.id);
  }
  onQuoteTick() {}
}

/** Every `every`-th quote: cancels its resting bid and places a new one a tick under the bid. */
class Requoter extends Strategy {
  #order = null;
  #n = 0;
  onStart() {
    this.subscribeQuoteTicks(instrument.id);
  }
  onQuoteTick(q) {
    this.#n += 1;
    if (this.#n % this.config.every !== 0) return;
    if (this.#order?.isOpen) this.cancelOrder(this.#order);
    const price = Price.fromRaw(q.bidPrice.raw - instrument.priceIncrement.raw, instrument.pricePrecision);
    this.#order = this.orderFactory.limit({
      instrumentId: instrument.id,
      side: 'BUY',
      quantity: instrument.makeQty('0.010'),
      price,
    });
    this.submitOrder(this.#order);
  }
}

async function timeRun(makeStrategy, data = quotes) {
  let best = Number.POSITIVE_INFINITY;
  let orders = 0;
  for (let r = 0; r < REPEATS; r++) {
    const engine = new BacktestEngine();
    engine.addVenue({
      venue: 'SIM',
      omsType: 'NETTING',
      accountType: 'MARGIN',
      startingBalances: [Money.from('10000000', 'USDT')],
    });
    engine.addInstrument(instrument);
    engine.addData(data);
    engine.addStrategy(makeStrategy());
    const t0 = performance.now();
    const result = await engine.run();
    const ms = performance.now() - t0;
    orders = result.orders.length;
    if (ms < best) best = ms;
    await engine.dispose();
  }
  return { perSec: (data.length / best) * 1000, orders };
}

const passive = await timeRun(() => new Passive({ strategyId: 'P-001' }));
emit('backtest', 'quotes.passive', 'quotes/s', passive.perSec, { quotes: QUOTES });

// An order and a cancel per quote cost far more than the data path: a shorter slice keeps the
// bench quick.
for (const [every, data] of [
  [10, quotes],
  [1, quotes.slice(0, Math.min(QUOTES, 20_000))],
]) {
  const r = await timeRun(() => {
    const s = new Requoter({ strategyId: 'R-001' });
    s.config.every = every;
    return s;
  }, data);
  emit('backtest', `quotes.requote_every_${every}`, 'quotes/s', r.perSec, {
    quotes: data.length,
    orders: r.orders,
  });
}

{
  const n = Math.min(QUOTES, 50_000);
  const t0 = performance.now();
  const r = await runMarketMakerExample({ count: n });
  const ms = performance.now() - t0;
  emit('backtest', 'example.market_maker', 'quotes/s', (n / ms) * 1000, {
    quotes: n,
    orders: r.orders.length,
  });
}
