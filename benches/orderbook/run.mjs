// Order book through the TypeScript API: deltas/s for single `applyDelta` calls and for
// `applyDeltas` batches (one crossing per batch), on the shared L2 stream (benches/orderbook/
// stream.mjs: seed 42, ~500 levels per side, 1,000,000 ADD/UPDATE/DELETE deltas).
//
// Measured like the peer benches (benches/peers): delta objects are built first (not timed), the
// starting book is applied (not timed), then the whole stream is timed; best of `--repeats` runs on
// a fresh book. The batch figure times `applyDeltas` on filled batches; filling them is timed
// separately (`ts.deltaBatch.fill`) and together (`ts.applyDeltas.withFill`). The Rust core's
// ns/delta is printed by its criterion bench (crates/core/benches/orderbook.rs).
// Values keep small numbers as doubles and make their bigint raw on first use; `ts.applyDelta`
// includes that first use, `ts.applyDelta.rawReady` makes the raws while building (not timed),
// as the peers do, so it shows the cost of the book alone.
// Run after `npm run build`: node benches/orderbook/run.mjs [--deltas N] [--repeats R] [--batch B]
import { BookType, DeltaBatch, OrderBook, Price, Quantity } from '../../dist/index.js';
import { emit } from '../lib/report.mjs';
import { DEFAULT_DELTAS, DEFAULT_SEED, ensureStream, readStream } from './stream.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const DELTAS = opt('--deltas', DEFAULT_DELTAS);
const REPEATS = opt('--repeats', 3);
const BATCH = opt('--batch', 10_000);

const { meta, snapshot, deltas: rows } = readStream(ensureStream({ seed: DEFAULT_SEED, deltas: DELTAS }));
const options = { pricePrecision: meta.price_precision, sizePrecision: meta.size_precision };

/** Delta objects as a feed handler would hand them over: values parsed from the venue's text. */
const build = (list) =>
  list.map((r) => ({
    action: r.action,
    side: r.side,
    price: Price.from(r.price),
    size: Quantity.from(r.size),
  }));

function freshBook(start) {
  const book = new OrderBook('BTCUSDT.BINANCE', BookType.L2_MBP, options);
  book.applyDeltas(start);
  return book;
}

function fill(deltas) {
  const batches = [];
  for (let i = 0; i < deltas.length; i += BATCH) {
    const b = new DeltaBatch(BATCH);
    const end = Math.min(i + BATCH, deltas.length);
    for (let j = i; j < end; j++) {
      const d = deltas[j];
      b.add(d.action, d.side, d.price, d.size);
    }
    batches.push(b);
  }
  return batches;
}

const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;
const start = build(snapshot);
const best = { single: 0, ready: 0, batch: 0, fill: 0, withFill: 0 };
let top = '';

for (let r = 0; r < REPEATS; r++) {
  // Fresh value objects each run: nothing cached from a previous run.
  let deltas = build(rows);
  let book = freshBook(start);
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < deltas.length; i++) book.applyDelta(deltas[i]);
  best.single = Math.max(best.single, deltas.length / seconds(t0));
  top = `${book.bestBidPrice()} / ${book.bestAskPrice()}`;

  deltas = build(rows);
  for (const d of deltas) d.price.raw + d.size.raw;
  book = freshBook(start);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < deltas.length; i++) book.applyDelta(deltas[i]);
  best.ready = Math.max(best.ready, deltas.length / seconds(t0));

  deltas = build(rows);
  t0 = process.hrtime.bigint();
  const batches = fill(deltas);
  const fillS = seconds(t0);
  best.fill = Math.max(best.fill, deltas.length / fillS);
  book = freshBook(start);
  t0 = process.hrtime.bigint();
  for (const b of batches) book.applyDeltas(b);
  const applyS = seconds(t0);
  best.batch = Math.max(best.batch, deltas.length / applyS);
  best.withFill = Math.max(best.withFill, deltas.length / (fillS + applyS));
  const batchTop = `${book.bestBidPrice()} / ${book.bestAskPrice()}`;
  if (batchTop !== top) throw new Error(`batch and single replays disagree: ${batchTop} vs ${top}`);
}

console.error(`orderbook: ${DELTAS} deltas, ${meta.levels} levels per side, top of book ${top}`);
const extra = { deltas: DELTAS, levels: meta.levels, repeats: REPEATS };
emit('orderbook', 'ts.applyDelta', 'deltas/s', best.single, extra);
emit('orderbook', 'ts.applyDelta.rawReady', 'deltas/s', best.ready, extra);
emit('orderbook', 'ts.applyDeltas', 'deltas/s', best.batch, { ...extra, batch: BATCH });
emit('orderbook', 'ts.deltaBatch.fill', 'deltas/s', best.fill, { ...extra, batch: BATCH });
emit('orderbook', 'ts.applyDeltas.withFill', 'deltas/s', best.withFill, { ...extra, batch: BATCH });
