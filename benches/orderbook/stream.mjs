// Deterministic L2 order-book stream shared by our book bench and the peer benches, so every
// implementation replays byte-for-byte the same deltas.
//
// # File format (text, UTF-8, '\n' line ends), version 1
//
//   line 1   #kairos-book-stream v1 seed=<u32> levels=<per side> deltas=<N> price_precision=2 size_precision=6 snapshot_rows=<2*levels>
//   line 2   action,side,price,size
//   rows     <ADD|UPDATE|DELETE>,<BUY|SELL>,<price>,<size>
//
// - The first `snapshot_rows` rows are ADDs that build the starting book (`levels` per side); time
//   is not meant to be measured on them. The next `deltas` rows are the measured stream.
// - price: decimal string with exactly 2 decimals (tick 0.01); size: exactly 6 decimals.
// - ADD names a price not on that side; UPDATE and DELETE name a price that is. DELETE carries
//   size 0.000000. UPDATE carries the new absolute size (> 0). Bids stay strictly below the mid and
//   asks strictly above it, so the book never crosses and every replay ends in the same book.
// - Action mix: about 60% UPDATE, 20% ADD, 20% DELETE; each side hovers around `levels` levels.
//
// Usage: node benches/orderbook/stream.mjs [--seed 42] [--deltas 1000000] [--levels 500]
// prints the path of the (cached) file. From code: `ensureStream({ seed, deltas, levels })` returns
// the path; `readStream(path)` parses it into `{ meta, snapshot, deltas }` row arrays.

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_SEED = 42;
export const DEFAULT_DELTAS = 1_000_000;
export const DEFAULT_LEVELS = 500;
export const PRICE_PRECISION = 2;
export const SIZE_PRECISION = 6;

const MID_TICKS = 5_000_000; // 50000.00
// Each side draws its prices from a band twice as wide as its target depth.
const BAND_FACTOR = 2;

const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '.cache');

/** mulberry32: small, fast, and identical on every JS engine. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function formatFixed(units, precision) {
  const s = String(units).padStart(precision + 1, '0');
  return `${s.slice(0, -precision)}.${s.slice(-precision)}`;
}

/** Path of the cache file for these parameters. */
export function streamPath({ seed = DEFAULT_SEED, deltas = DEFAULT_DELTAS, levels = DEFAULT_LEVELS } = {}) {
  return join(CACHE_DIR, `stream-${seed}-${deltas}-${levels}.csv`);
}

/** Generates the stream text. Pure function of its parameters. */
export function generateStream({
  seed = DEFAULT_SEED,
  deltas = DEFAULT_DELTAS,
  levels = DEFAULT_LEVELS,
} = {}) {
  const rand = prng(seed);
  const band = levels * BAND_FACTOR;
  // Per side: dense array of occupied offsets (1..band ticks away from the mid) for O(1) random
  // pick, plus offset -> index for O(1) removal.
  const sides = [0, 1].map(() => ({ list: [], index: new Map() }));
  const randSize = () => 1 + Math.floor(rand() * 10_000_000); // 0.000001 .. 10.000000
  const priceOf = (side, offset) => (side === 0 ? MID_TICKS - offset : MID_TICKS + offset);
  const out = [];
  const header =
    `#kairos-book-stream v1 seed=${seed} levels=${levels} deltas=${deltas} ` +
    `price_precision=${PRICE_PRECISION} size_precision=${SIZE_PRECISION} snapshot_rows=${2 * levels}`;
  out.push(header, 'action,side,price,size');
  const row = (action, side, offset, size) =>
    `${action},${side === 0 ? 'BUY' : 'SELL'},${formatFixed(priceOf(side, offset), PRICE_PRECISION)},${formatFixed(size, SIZE_PRECISION)}`;

  const addRandom = (side) => {
    const s = sides[side];
    let offset;
    do {
      offset = 1 + Math.floor(rand() * band);
    } while (s.index.has(offset));
    s.index.set(offset, s.list.length);
    s.list.push(offset);
    return offset;
  };
  const removeAt = (side, i) => {
    const s = sides[side];
    const offset = s.list[i];
    const last = s.list.pop();
    if (i < s.list.length) {
      s.list[i] = last;
      s.index.set(last, i);
    }
    s.index.delete(offset);
    return offset;
  };

  for (let side = 0; side < 2; side++) {
    for (let i = 0; i < levels; i++) out.push(row('ADD', side, addRandom(side), randSize()));
  }
  for (let n = 0; n < deltas; n++) {
    const side = rand() < 0.5 ? 0 : 1;
    const s = sides[side];
    const r = rand();
    // Pull the depth back toward `levels` so the book neither empties nor fills the band.
    const bias = (s.list.length - levels) / levels;
    if (s.list.length === 0 || (r < 0.2 - bias * 0.2 && s.list.length < band)) {
      out.push(row('ADD', side, addRandom(side), randSize()));
    } else if (r < 0.4) {
      out.push(row('DELETE', side, removeAt(side, Math.floor(rand() * s.list.length)), 0));
    } else {
      out.push(row('UPDATE', side, s.list[Math.floor(rand() * s.list.length)], randSize()));
    }
  }
  out.push('');
  return out.join('\n');
}

/** Writes the stream once (atomically) and returns its path; later calls reuse the file. */
export function ensureStream(opts = {}) {
  const path = streamPath(opts);
  if (existsSync(path)) return path;
  mkdirSync(CACHE_DIR, { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, generateStream(opts));
  renameSync(tmp, path);
  return path;
}

/**
 * Parses a stream file. Returns `{ meta, snapshot, deltas }`: `meta` holds the header's numbers
 * (seed, levels, deltas, price_precision, size_precision, snapshot_rows); `snapshot` and `deltas`
 * are arrays of `{ action, side, price, size }` with the strings as written.
 */
export function readStream(path) {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0] ?? '';
  if (!header.startsWith('#kairos-book-stream v1 ')) throw new Error(`${path}: not a v1 book stream`);
  const meta = {};
  for (const kv of header.split(' ').slice(2)) {
    const [k, v] = kv.split('=');
    meta[k] = Number(v);
  }
  if (lines[1] !== 'action,side,price,size') throw new Error(`${path}: unexpected column header`);
  const rows = [];
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const [action, side, price, size] = line.split(',');
    rows.push({ action, side, price, size });
  }
  if (rows.length !== meta.snapshot_rows + meta.deltas)
    throw new Error(`${path}: row count does not match header`);
  return { meta, snapshot: rows.slice(0, meta.snapshot_rows), deltas: rows.slice(meta.snapshot_rows) };
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i];
    const value = Number(argv[i + 1]);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${key}: expected a non-negative integer`);
    if (key === '--seed') opts.seed = value;
    else if (key === '--deltas') opts.deltas = value;
    else if (key === '--levels') opts.levels = value;
    else throw new Error(`unknown option ${key}`);
  }
  return opts;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(ensureStream(parseArgs(process.argv.slice(2))));
}
