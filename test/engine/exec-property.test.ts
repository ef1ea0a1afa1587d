import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { PositionId } from '../../ts/model/index.js';
import { BTCUSDT, Desk, quote } from './fixtures.js';

const S = 10n ** 16n;

/** Exact realized PnL (raw at 16 decimals, as a fraction) of NETTING fills by average cost, fees at 0.1%. */
function bruteForce(fills: readonly (readonly [number, number, number])[]): {
  qty: bigint;
  pnl: [bigint, bigint];
} {
  // qty in lots (0.001), price in cents; avg open price as a fraction of cents.
  let pos = 0n;
  let avgNum = 0n;
  let avgDen = 1n;
  let pnlNum = 0n; // in cent-lots units (0.00001 USDT) over pnlDen
  let pnlDen = 1n;
  const add = (n: bigint, d: bigint): void => {
    pnlNum = pnlNum * d + n * pnlDen;
    pnlDen *= d;
  };
  for (const [side, lots, cents] of fills) {
    let q = BigInt(lots);
    const px = BigInt(cents);
    const sign = side === 0 ? 1n : -1n;
    // fee = qty * px * 0.001 (cent-lots * 1/1000)
    add(-q * px, 1000n);
    if (pos !== 0n && pos > 0n !== sign > 0n) {
      const abs = pos < 0n ? -pos : pos;
      const closing = q < abs ? q : abs;
      // (px - avg) * closing for a long, negated for a short
      const dir = pos > 0n ? 1n : -1n;
      add(dir * (px * avgDen - avgNum) * closing, avgDen);
      pos += sign * closing;
      q -= closing;
      if (pos === 0n) {
        avgNum = 0n;
        avgDen = 1n;
      }
    }
    if (q > 0n) {
      const abs = pos < 0n ? -pos : pos;
      avgNum = avgNum * abs + px * q * avgDen;
      avgDen *= abs + q;
      pos += sign * q;
    }
  }
  // cent-lots -> raw: 0.01 * 0.001 = 1e-5
  return { qty: pos, pnl: [pnlNum * (S / 100_000n), pnlDen] };
}

describe('ExecutionEngine property: NETTING fills with flips', () => {
  it('the position nets every fill, one PositionOpened per cycle, realized PnL within rounding of the exact figure', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 1 }),
            fc.integer({ min: 1, max: 50 }),
            fc.integer({ min: 1_500_000, max: 2_500_000 }),
          ),
          { minLength: 1, maxLength: 25 },
        ),
        (fills) => {
          const d = new Desk();
          d.fundBinance('1000000000', '1000000');
          d.data.process(quote(BTCUSDT.id, '20000.00', '20000.01', d.now()));
          for (const [side, lots, cents] of fills) {
            const qty = (lots / 1000).toFixed(3);
            const px = (cents / 100).toFixed(2);
            d.trade({ side: side === 0 ? 'BUY' : 'SELL', qty, px });
          }
          const id = PositionId.from('BTCUSDT.BINANCE-EMA-001');
          const current = d.cache.position(id)!;
          const cycles = [...d.cache.positionSnapshots(id), current];
          const expected = bruteForce(fills);
          const signedLots = current.isOpen
            ? (current.isLong ? 1n : -1n) * (current.quantity.raw / 10n ** 13n)
            : 0n;
          expect(signedLots).toBe(expected.qty);
          expect(d.events.filter((t) => t === 'PositionOpened')).toHaveLength(cycles.length);
          const total = cycles.reduce((a, p) => a + p.realizedPnl.raw, 0n);
          const [num, den] = expected.pnl;
          const diff = total * den - num;
          // Each realized piece and each commission share is rounded once to 8 decimals.
          const tolerance = BigInt(2 * fills.length) * (S / 100_000_000n) * den;
          expect(diff <= tolerance && -diff <= tolerance).toBe(true);
          expect(Object.values(d.exec.errorCounts).every((n) => n === 0)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });
});
