import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KairosError } from '../../../ts/model/errors.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import { native } from '../../../ts/native.js';

type Kind = 'Price' | 'Quantity';
type Outcome = { raw: bigint; precision: number } | { code: string; message: string };

function ts(f: () => Price | Quantity): Outcome {
  try {
    const v = f();
    return { raw: v.raw, precision: v.precision };
  } catch (err) {
    if (!(err instanceof KairosError)) throw err;
    return { code: err.code, message: err.message };
  }
}

function rs(f: () => { raw: bigint; precision: number }): Outcome {
  try {
    const v = f();
    return { raw: v.raw, precision: v.precision };
  } catch (err) {
    const e = err as Error & { code: string };
    return { code: e.code, message: e.message };
  }
}

const kind = fc.constantFrom<Kind>('Price', 'Quantity');
const digits = (max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: max });
// Mostly valid decimals, sometimes garbage, sometimes out of range or too precise.
const decimalText = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom('', '-', '+'), digits(20), fc.boolean(), digits(18))
      .map(([s, i, p, f]) => `${s}${i}${p || f.length > 0 ? '.' : ''}${f}`),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const precision = fc.option(fc.integer({ min: 0, max: 17 }), { nil: undefined });
const finiteOrNot = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1e12, max: 1e12, noNaN: true }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: -2_000_000, max: 2_000_000 }), fc.integer({ min: 0, max: 8 }))
      .map(([n, d]) => (n + 0.5) / 10 ** d),
  },
  { weight: 1, arbitrary: fc.double() },
);
const NUM_RUNS = 10_000;

describe('TS values agree with the Rust core through the binding (property)', () => {
  it('parsing a string gives the same raw, precision or error', () => {
    fc.assert(
      fc.property(kind, decimalText, precision, (k, text, p) => {
        const T = k === 'Price' ? Price : Quantity;
        const mine = ts(() => (p === undefined ? T.from(text) : T.from(text, p)));
        const theirs = rs(() => native.valueParse(k, text, p));
        expect(mine).toEqual(theirs);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('rounding a number half-even gives the same raw or error', () => {
    fc.assert(
      fc.property(kind, finiteOrNot, fc.integer({ min: 0, max: 16 }), (k, x, p) => {
        const T = k === 'Price' ? Price : Quantity;
        expect(ts(() => T.from(x, p))).toEqual(rs(() => native.valueFromF64(k, x, p)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('add, sub, compare and format agree', () => {
    const maxRaw = 10n ** 34n;
    const raw = fc.oneof(
      fc.bigInt({ min: -maxRaw, max: maxRaw }),
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
    );
    const value = fc.tuple(raw, fc.integer({ min: 0, max: 16 })).map(([r, p]) => {
      const unit = 10n ** BigInt(16 - p);
      return Price.fromRaw(r - (r % unit), p);
    });
    fc.assert(
      fc.property(kind, value, value, (k, a, b) => {
        if (k === 'Quantity' && (a.raw < 0n || b.raw < 0n)) return;
        const [x, y] =
          k === 'Price'
            ? [a, b]
            : [Quantity.fromRaw(a.raw, a.precision), Quantity.fromRaw(b.raw, b.precision)];
        const ra = { raw: a.raw, precision: a.precision };
        const rb = { raw: b.raw, precision: b.precision };
        expect(ts(() => (x as Price).add(y as Price))).toEqual(rs(() => native.valueAdd(k, ra, rb)));
        expect(ts(() => (x as Price).sub(y as Price))).toEqual(rs(() => native.valueSub(k, ra, rb)));
        expect(a.compare(b)).toBe(native.valueCompare(a.raw, b.raw));
        expect(a.toString()).toBe(native.valueFormat(a.raw, a.precision));
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
