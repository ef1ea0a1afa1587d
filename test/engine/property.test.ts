import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { TestClock } from '../../ts/common/index.js';
import { createBarAggregator, RateThrottler } from '../../ts/engine/index.js';
import { type Bar, Price, parseBarType, Quantity, TradeId, tradeTick } from '../../ts/model/index.js';
import { BTCUSDT, SEC } from './fixtures.js';

const LOT = 10n ** 13n; // 0.001 at 16 decimals

describe('properties', () => {
  it('VOLUME bars: every bar holds exactly the step, and floor(total / step) bars are built', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 9_000 })), {
          minLength: 1,
          maxLength: 60,
        }),
        (step, ticks) => {
          const bars: Bar[] = [];
          const agg = createBarAggregator(
            parseBarType(`BTCUSDT.BINANCE-${step}-VOLUME-LAST-INTERNAL`),
            BTCUSDT,
            (b) => bars.push(b),
            new TestClock(),
          );
          let total = 0n;
          ticks.forEach(([px, lots], i) => {
            total += BigInt(lots) * LOT;
            agg.handleTrade(
              tradeTick({
                instrumentId: BTCUSDT.id,
                price: Price.fromRaw(BigInt(px) * 10n ** 14n, 2),
                size: Quantity.fromRaw(BigInt(lots) * LOT, 3),
                aggressorSide: 'SELLER',
                tradeId: TradeId.from(`T${i}`),
                tsEvent: BigInt(i),
                tsInit: BigInt(i),
              }),
            );
          });
          const stepRaw = BigInt(step) * 10n ** 16n;
          expect(bars.length).toBe(Number(total / stepRaw));
          for (const b of bars) expect(b.volume.raw).toBe(stepRaw);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('TICK bars: floor(n / step) bars, each within the prices it saw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 80 }),
        (step, prices) => {
          const bars: Bar[] = [];
          const agg = createBarAggregator(
            parseBarType(`BTCUSDT.BINANCE-${step}-TICK-LAST-INTERNAL`),
            BTCUSDT,
            (b) => bars.push(b),
            new TestClock(),
          );
          prices.forEach((px, i) => {
            agg.handleTrade(
              tradeTick({
                instrumentId: BTCUSDT.id,
                price: Price.fromRaw(BigInt(px) * 10n ** 14n, 2),
                size: Quantity.from('0.001'),
                aggressorSide: 'BUYER',
                tradeId: TradeId.from(`T${i}`),
                tsEvent: BigInt(i),
                tsInit: BigInt(i),
              }),
            );
          });
          expect(bars.length).toBe(Math.floor(prices.length / step));
          bars.forEach((b, k) => {
            const chunk = prices.slice(k * step, (k + 1) * step);
            expect(b.high.raw).toBe(BigInt(Math.max(...chunk)) * 10n ** 14n);
            expect(b.low.raw).toBe(BigInt(Math.min(...chunk)) * 10n ** 14n);
            expect(b.open.raw).toBe(BigInt(chunk[0]!) * 10n ** 14n);
            expect(b.close.raw).toBe(BigInt(chunk[chunk.length - 1]!) * 10n ** 14n);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('RateThrottler agrees with a brute-force sliding window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 1_500 }), { minLength: 1, maxLength: 120 }),
        (limit, secs, steps) => {
          const clock = new TestClock({ startNs: 100n * SEC });
          const interval = BigInt(secs) * SEC;
          const t = new RateThrottler({ limit, intervalNs: interval }, clock);
          const accepted: bigint[] = [];
          for (const ms of steps) {
            clock.advanceTime(clock.timestampNs() + BigInt(ms) * 1_000_000n);
            const now = clock.timestampNs();
            const inWindow = accepted.filter((a) => a > now - interval).length;
            const expected = inWindow < limit;
            expect(t.tryAcquire()).toBe(expected);
            if (expected) accepted.push(now);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
