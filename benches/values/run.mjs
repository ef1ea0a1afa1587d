// Value types: ops/s for parse, add, compare, format in the TS values, in decimal.js doing the same
// work, and in the Rust core through the binding; then the ratios. Run after `npm run build`.
import { createRequire } from 'node:module';

import { Decimal } from 'decimal.js';

import { Price } from '../../dist/index.js';
import { emit, measure } from '../lib/report.mjs';

const native = createRequire(import.meta.url)('../../native/index.cjs');

// A fixed pseudo-random set of realistic prices (BTCUSDT-like, 2 to 8 decimals).
const N = 1024;
let seed = 42;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const texts = Array.from({ length: N }, () => (20000 + rnd() * 1000).toFixed(2 + Math.floor(rnd() * 7)));
const prices = texts.map((t) => Price.from(t));
const decimals = texts.map((t) => new Decimal(t));
const raws = prices.map((p) => ({ raw: p.raw, precision: p.precision }));
const M = N - 1;

let i = 0;
const cases = [
  ['ts.parse', () => Price.from(texts[i++ & M])],
  ['decimal.parse', () => new Decimal(texts[i++ & M])],
  ['native.parse', () => native.valueParse('Price', texts[i++ & M])],
  ['ts.add', () => prices[i & M].add(prices[++i & M])],
  ['decimal.add', () => decimals[i & M].plus(decimals[++i & M])],
  ['native.add', () => native.valueAdd('Price', raws[i & M], raws[++i & M])],
  ['ts.compare', () => prices[i & M].compare(prices[++i & M])],
  ['decimal.compare', () => decimals[i & M].cmp(decimals[++i & M])],
  ['native.compare', () => native.valueCompare(raws[i & M].raw, raws[++i & M].raw)],
  ['ts.format', () => prices[i++ & M].toString()],
  ['decimal.format', () => decimals[i++ & M].toFixed()],
  ['native.format', () => native.valueFormat(raws[i & M].raw, raws[i++ & M].precision)],
  [
    'ts.parse_add_compare',
    () =>
      Price.from(texts[i & M])
        .add(Price.from(texts[++i & M]))
        .compare(prices[i & M]),
  ],
  [
    'decimal.parse_add_compare',
    () => new Decimal(texts[i & M]).plus(new Decimal(texts[++i & M])).cmp(decimals[i & M]),
  ],
];

const r = await measure(cases);
for (const [name, v] of Object.entries(r)) emit('values', name, 'ops/s', v);
for (const op of ['parse', 'add', 'compare', 'format', 'parse_add_compare']) {
  emit('values', `ratio.ts_vs_decimal.${op}`, 'x', r[`ts.${op}`] / r[`decimal.${op}`]);
  if (r[`native.${op}`]) emit('values', `ratio.ts_vs_native.${op}`, 'x', r[`ts.${op}`] / r[`native.${op}`]);
}

// ioredis defines `class ... extends String` (RESP3 verbatim strings), which leaves
// String.prototype in dictionary mode for the whole process: method calls on strings get slower
// everywhere. The values' hot paths call the builtins bound (model/values/strings.ts); these
// figures show they keep their speed once such a class exists.
class VerbatimLike extends String {}
void VerbatimLike;
const after = await measure([
  ['ts.parse.after_string_subclass', () => Price.from(texts[i++ & M])],
  ['ts.format.after_string_subclass', () => prices[i++ & M].toString()],
]);
for (const [name, v] of Object.entries(after)) emit('values', name, 'ops/s', v);
