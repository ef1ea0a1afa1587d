import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { KairosError } from '../../../ts/model/errors.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';

type Expect = { raw: string; precision: number; text: string } | { code: string; message: string };
type Vector =
  | { op: 'parse'; kind: 'Price' | 'Quantity'; text: string; precision: number | null; expect: Expect }
  | {
      op: 'fromNumber';
      kind: 'Price' | 'Quantity';
      value: number | string;
      precision: number;
      expect: Expect;
    }
  | { op: 'add' | 'sub'; kind: 'Price' | 'Quantity'; a: string; b: string; expect: Expect };

// Written by the Rust test `crates/core/tests/value_vectors.rs` from the core's semantics.
const vectors: Vector[] = JSON.parse(
  readFileSync(new URL('../../vectors/values.json', import.meta.url), 'utf8'),
);

function num(v: number | string): number {
  if (typeof v === 'number') return v;
  return v === 'NaN'
    ? Number.NaN
    : v === 'inf'
      ? Number.POSITIVE_INFINITY
      : v === '-inf'
        ? Number.NEGATIVE_INFINITY
        : Number(v);
}

function run(v: Vector): Price | Quantity {
  const T = v.kind === 'Price' ? Price : Quantity;
  switch (v.op) {
    case 'parse':
      return v.precision === null ? T.from(v.text) : T.from(v.text, v.precision);
    case 'fromNumber':
      return T.from(num(v.value), v.precision);
    case 'add':
      return v.kind === 'Price'
        ? Price.from(v.a).add(Price.from(v.b))
        : Quantity.from(v.a).add(Quantity.from(v.b));
    case 'sub':
      return v.kind === 'Price'
        ? Price.from(v.a).sub(Price.from(v.b))
        : Quantity.from(v.a).sub(Quantity.from(v.b));
  }
}

function outcome(v: Vector): Expect {
  try {
    const r = run(v);
    return { raw: r.raw.toString(), precision: r.precision, text: r.toString() };
  } catch (err) {
    if (!(err instanceof KairosError)) throw err;
    return { code: err.code, message: err.message };
  }
}

describe('shared value vectors from the Rust core', () => {
  it('has vectors of every operation, including failures', () => {
    const ops = new Set(vectors.map((v) => v.op));
    expect([...ops].sort()).toEqual(['add', 'fromNumber', 'parse', 'sub']);
    expect(vectors.filter((v) => 'code' in v.expect).length).toBeGreaterThan(100);
    expect(vectors.length).toBeGreaterThan(1000);
  });

  it('TS values give the same raw, precision, text, error code and message for every vector', () => {
    const mismatches = vectors
      .map((v) => ({ v, got: outcome(v) }))
      .filter(({ v, got }) => JSON.stringify(got) !== JSON.stringify(v.expect));
    expect(mismatches.length, JSON.stringify(mismatches.slice(0, 3), null, 1)).toBe(0);
  });
});
