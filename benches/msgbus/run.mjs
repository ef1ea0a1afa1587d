// Message bus throughput. Run after the TS build: `node benches/msgbus/run.mjs`.
// Prints one JSON line per figure. Hand loops (not mitata): the operations are a few ns each and
// a per-iteration callback would dominate them.
import { createSilentLogger, MessageBus, TestClock } from '../../dist/common/index.js';

const TARGET_MS = Number(process.env.BENCH_MS ?? 1000);
const BATCH = 100_000;

function newBus() {
  return new MessageBus({ clock: new TestClock(), logger: createSilentLogger() });
}

/** Runs `batch()` (BATCH operations) until TARGET_MS elapsed; returns operations per second. */
function measure(batch) {
  for (let i = 0; i < 20; i++) batch(); // warm up (JIT)
  let ops = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(TARGET_MS) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    batch();
    ops += BATCH;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

function report(name, unit, value, extra = {}) {
  console.log(JSON.stringify({ bench: 'msgbus', name, unit, value: Math.round(value), ...extra }));
}

const message = Object.freeze({ type: 'QuoteTick', bid: 1n, ask: 2n });
let sink = 0;
const handler = () => {
  sink += 1;
};

{
  const bus = newBus();
  bus.subscribe('data.quotes.BINANCE.BTCUSDT', handler);
  const topic = 'data.quotes.BINANCE.BTCUSDT';
  report(
    'publish.1_subscriber',
    'msgs/s',
    measure(() => {
      for (let i = 0; i < BATCH; i++) bus.publish(topic, message);
    }),
  );
}

{
  const bus = newBus();
  const topic = 'data.quotes.BINANCE.BTCUSDT';
  for (let s = 0; s < 5; s++) bus.subscribe(topic, () => (sink += s));
  const rate = measure(() => {
    for (let i = 0; i < BATCH; i++) bus.publish(topic, message);
  });
  report('publish.5_subscribers', 'msgs/s', rate);
  report('publish.5_subscribers.deliveries', 'handler_calls/s', rate * 5);
}

{
  const bus = newBus();
  bus.subscribe('data.quotes.*', handler);
  const topic = 'data.quotes.BINANCE.BTCUSDT';
  report(
    'publish.wildcard_subscriber',
    'msgs/s',
    measure(() => {
      for (let i = 0; i < BATCH; i++) bus.publish(topic, message);
    }),
  );
}

{
  const bus = newBus();
  bus.subscribe('data.trades.*', handler);
  const topic = 'data.quotes.BINANCE.BTCUSDT';
  report(
    'publish.no_subscriber',
    'msgs/s',
    measure(() => {
      for (let i = 0; i < BATCH; i++) bus.publish(topic, message);
    }),
  );
}

{
  const bus = newBus();
  bus.register('ExecEngine.execute', handler);
  report(
    'send.endpoint',
    'msgs/s',
    measure(() => {
      for (let i = 0; i < BATCH; i++) bus.send('ExecEngine.execute', message);
    }),
  );
}

{
  // Request/response round trip, answered synchronously; includes the promise and the timeout
  // alert set and cancelled on the clock.
  const bus = newBus();
  bus.register('svc', (_req, id) => bus.response(id, message));
  const ROUNDS = 50_000;
  const run = async () => {
    for (let i = 0; i < ROUNDS; i++) await bus.request('svc', message);
  };
  for (let i = 0; i < 3; i++) await run();
  const start = process.hrtime.bigint();
  let ops = 0;
  while (process.hrtime.bigint() - start < BigInt(TARGET_MS) * 1_000_000n) {
    await run();
    ops += ROUNDS;
  }
  report('request.round_trip', 'requests/s', ops / (Number(process.hrtime.bigint() - start) / 1e9));
}

if (sink < 0) console.log(sink); // keep the handlers' work observable
