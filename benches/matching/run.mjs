// Simulated matching through the TypeScript boundary. Run after the build:
// `node benches/matching/run.mjs`. Prints one JSON line per figure.
// - quotes/s: packed L1 quote batches (1,000 per call) with N working orders they do not reach;
// - market orders/s: one-level market orders against a 500-level L2 book, object form.
import { SimulatedMatchingEngine } from '../../dist/backtest/matching.js';
import { Price, Quantity } from '../../dist/model/values/index.js';

const TARGET_MS = Number(process.env.BENCH_MS ?? 1000);

function measure(batch, opsPerBatch) {
  for (let i = 0; i < 20; i++) batch();
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(TARGET_MS) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    batch();
    ops += opsPerBatch;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

function report(name, unit, value, extra = {}) {
  console.log(JSON.stringify({ bench: 'matching', name, unit, value: Math.round(value), ...extra }));
}

const engine = (bookType) =>
  new SimulatedMatchingEngine({
    priceIncrement: Price.from('0.01'),
    sizeIncrement: Quantity.from('0.001'),
    bookType,
  });

for (const resting of [0, 1_000, 10_000]) {
  const e = engine('L1_MBP');
  const n = 1_000;
  const data = new BigInt64Array(n * 5);
  let ts = 1n;
  const fill = () => {
    for (let i = 0; i < n; i++) {
      const mid = 10_000n + BigInt((i % 7) - 3);
      data[i * 5] = ts++;
      data[i * 5 + 1] = mid - 1n;
      data[i * 5 + 2] = mid + 1n;
      data[i * 5 + 3] = 5_000n;
      data[i * 5 + 4] = 6_000n;
    }
  };
  fill();
  e.processQuoteBatch(data);
  for (let i = 0; i < resting; i++) {
    const k = i % 500;
    const side = i % 2 === 0 ? 'BUY' : 'SELL';
    const px = Price.fromRaw(BigInt(side === 'BUY' ? 9_000 - k : 11_000 + k) * 10n ** 14n, 2);
    e.submit(
      { clientOrderId: `r${i}`, side, orderType: 'LIMIT', quantity: Quantity.from('1.000'), price: px },
      ts,
    );
  }
  const qps = measure(() => {
    fill();
    e.processQuoteBatch(data);
  }, n);
  report('ts.processQuoteBatch', 'quotes/s', qps, { resting });
}

{
  const e = engine('L2_MBP');
  const big = Quantity.from('1000000000.000');
  const bids = [];
  const asks = [];
  for (let i = 0; i < 500; i++) {
    bids.push({ price: Price.fromRaw(BigInt(9_999 - i) * 10n ** 14n, 2), size: big });
    asks.push({ price: Price.fromRaw(BigInt(10_001 + i) * 10n ** 14n, 2), size: big });
  }
  e.processSnapshot(bids, asks, 1n);
  const order = { clientOrderId: 'm', side: 'BUY', orderType: 'MARKET', quantity: Quantity.from('1.000') };
  let ts = 2n;
  const batch = 1_000;
  const ops = measure(() => {
    for (let i = 0; i < batch; i++) e.submit(order, ts++);
  }, batch);
  report('ts.submitMarket', 'orders/s', ops, { levels: 500 });
}
