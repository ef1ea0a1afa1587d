// Local venue throughput. Run after the build: `node benches/venue/run.mjs`.
// Prints one JSON line per figure: signed order round trips over HTTP on loopback (the real
// adapter's REST client: sign, send, venue verifies, matches, answers), the venue core without
// HTTP, and market messages pushed over one WebSocket.
import WebSocket from 'ws';

import { BinanceHttpClient } from '../../dist/adapters/binance/http.js';
import { hmacSigner } from '../../dist/adapters/binance/signing.js';
import { VenueServer } from '../../dist/venue/server.js';
import { emit } from '../lib/report.mjs';

const TARGET_MS = Number(process.env.BENCH_MS ?? 1000);
const BENCH = 'venue';

const venue = await new VenueServer({
  config: { market: { rate: 0 }, weightLimitPerMinute: 1e9, orderLimitPer10s: 1e9 },
}).start();

const http = new BinanceHttpClient({
  baseUrl: venue.url,
  timePath: '/fapi/v1/time',
  apiKey: 'venue-key',
  signer: hmacSigner('venue-secret'),
  maxRetries: 0,
});
await http.syncTime();

let n = 0;
const order = () =>
  http.request('POST', '/fapi/v1/order', {
    signed: true,
    params: {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: '0.001',
      price: '50000.0',
      newClientOrderId: `b-${n++}`,
      newOrderRespType: 'RESULT',
    },
  });
const cancel = (id) =>
  http.request('DELETE', '/fapi/v1/order', { signed: true, params: { symbol: 'BTCUSDT', orderId: id } });

async function timed(concurrency, body) {
  let ops = 0;
  const end = performance.now() + TARGET_MS;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        // Not `ops += await body()`: that reads `ops` before the await and loses other workers' counts.
        const done = await body();
        ops += done;
      }
    }),
  );
  return (ops * 1000) / (performance.now() - start);
}

// Warm up.
for (let i = 0; i < 200; i++) await cancel((await order()).orderId);

// The machine is shared: each figure is the best of three runs.
async function best(f) {
  let top = 0;
  for (let i = 0; i < 3; i++) top = Math.max(top, await f());
  return top;
}

for (const c of [1, 8]) {
  const rate = await best(() =>
    timed(c, async () => {
      const o = await order();
      await cancel(o.orderId);
      return 2;
    }),
  );
  emit(BENCH, `http.orderRoundTrip.c${c}`, 'requests/s', rate, { concurrency: c });
}

// The venue core alone: new + cancel without HTTP, signing or JSON.
{
  const ex = venue.exchange;
  const account = ex.accounts[0];
  let i = 0;
  const start = performance.now();
  const end = start + TARGET_MS;
  let ops = 0;
  while (performance.now() < end) {
    for (let k = 0; k < 100; k++) {
      const o = ex.newOrder(
        account,
        {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          timeInForce: 'GTC',
          quantity: '0.001',
          price: '50000.0',
          newClientOrderId: `c-${i++}`,
        },
        Date.now(),
      );
      ex.cancelOrder(account, { symbol: 'BTCUSDT', orderId: String(o.orderId) }, Date.now());
      ops += 2;
    }
  }
  emit(BENCH, 'core.newCancel', 'commands/s', (ops * 1000) / (performance.now() - start));
}

// Market messages over one combined-stream WebSocket: depth diff + book ticker (+ trades).
{
  const ws = new WebSocket(
    `${venue.wsUrl}/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@trade`,
  );
  await new Promise((r) => ws.once('open', r));
  let received = 0;
  ws.on('message', () => received++);
  let steps = 0;
  const start = performance.now();
  const end = start + TARGET_MS;
  while (performance.now() < end) {
    venue.step(50, 'BTCUSDT');
    steps += 50;
    // Let the socket drain so the figure is what a client receives, not what is queued.
    await new Promise((r) => setImmediate(r));
  }
  const sent = venue.stats().sent.market;
  const deadline = performance.now() + 5000;
  while (received < sent && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  const secs = (performance.now() - start) / 1000;
  emit(BENCH, 'ws.marketMessages', 'messages/s', received / secs, { steps });
  emit(BENCH, 'ws.marketUpdates', 'updates/s', steps / secs);
  ws.terminate();
}

await venue.stop();
