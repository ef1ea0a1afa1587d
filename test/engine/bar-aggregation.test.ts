import { describe, expect, it } from 'vitest';

import { TestClock } from '../../ts/common/index.js';
import {
  createBarAggregator,
  DEFAULT_TIME_BAR_OPTIONS,
  type TimeBarAggregator,
  type TimeBarOptions,
} from '../../ts/engine/index.js';
import { type Bar, parseBarType, type TradeTick } from '../../ts/model/index.js';
import { BTCUSDT, quote, SEC, trade } from './fixtures.js';

// A minute-aligned start (1_699_999_980 s is a multiple of 60).
const TA = 1_699_999_980n * SEC;
const ID = BTCUSDT.id;

function show(b: Bar): string {
  return `O ${b.open} H ${b.high} L ${b.low} C ${b.close} V ${b.volume} @${(b.tsEvent - TA) / SEC}s`;
}

// The trade sequence of the hand-computed cases.
function trades(): TradeTick[] {
  return [
    trade(ID, '100.00', '1.000', TA + 1n * SEC),
    trade(ID, '101.50', '0.500', TA + 2n * SEC),
    trade(ID, '99.25', '2.000', TA + 3n * SEC),
    trade(ID, '100.75', '0.250', TA + 4n * SEC),
    trade(ID, '102.00', '1.250', TA + 5n * SEC),
    trade(ID, '101.00', '0.750', TA + 6n * SEC),
  ];
}

function run(barType: string, ticks: readonly TradeTick[]): string[] {
  const bars: Bar[] = [];
  const agg = createBarAggregator(
    parseBarType(barType),
    BTCUSDT,
    (b) => bars.push(b),
    new TestClock({ startNs: TA }),
  );
  for (const t of ticks) agg.handleTrade(t);
  return bars.map(show);
}

describe('bar aggregation: hand-computed OHLCV from a trade sequence', () => {
  it('TICK: a bar every 3 trades', () => {
    expect(run('BTCUSDT.BINANCE-3-TICK-LAST-INTERNAL', trades())).toEqual([
      'O 100.00 H 101.50 L 99.25 C 99.25 V 3.500 @3s',
      'O 100.75 H 102.00 L 100.75 C 101.00 V 2.250 @6s',
    ]);
  });

  it('VOLUME: a bar every 2 units; a crossing trade is split and its rest opens the next bar', () => {
    // 1.0 + 0.5 + (0.5 of 2.0) | 1.5 + 0.25 + (0.25 of 1.25) | 1.0 + 0.75 (open)
    expect(run('BTCUSDT.BINANCE-2-VOLUME-LAST-INTERNAL', trades())).toEqual([
      'O 100.00 H 101.50 L 99.25 C 99.25 V 2.000 @3s',
      'O 99.25 H 102.00 L 99.25 C 102.00 V 2.000 @5s',
    ]);
  });

  it('VALUE: a bar every 200 USDT; the crossing part is rounded up to the size step', () => {
    // 100 + 50.75 = 150.75; need 49.25 at 99.25 -> 0.49622.. -> 0.497; rest 1.503 (149.17275)
    // + 25.1875 = 174.36025; need 25.63975 at 102 -> 0.25137.. -> 0.252; rest 0.998
    expect(run('BTCUSDT.BINANCE-200-VALUE-LAST-INTERNAL', trades())).toEqual([
      'O 100.00 H 101.50 L 99.25 C 99.25 V 1.997 @3s',
      'O 99.25 H 102.00 L 99.25 C 102.00 V 2.005 @5s',
    ]);
  });

  it('quotes: BID bars use the bid, MID bars the exact mid (one decimal finer) and mean size', () => {
    const clock = new TestClock({ startNs: TA });
    const mid: Bar[] = [];
    const bid: Bar[] = [];
    const m = createBarAggregator(
      parseBarType('BTCUSDT.BINANCE-2-TICK-MID-INTERNAL'),
      BTCUSDT,
      (b) => mid.push(b),
      clock,
    );
    const b = createBarAggregator(
      parseBarType('BTCUSDT.BINANCE-2-TICK-BID-INTERNAL'),
      BTCUSDT,
      (x) => bid.push(x),
      clock,
    );
    for (const q of [
      quote(ID, '100.00', '100.01', TA + SEC, '1.000', '2.000'),
      quote(ID, '100.02', '100.03', TA + 2n * SEC, '1.000', '1.000'),
    ]) {
      m.handleQuote(q);
      b.handleQuote(q);
      m.handleTrade(trade(ID, '1.00', '1.000', TA)); // ignored: not LAST
    }
    expect(mid.map(show)).toEqual(['O 100.005 H 100.025 L 100.005 C 100.025 V 2.5000 @2s']);
    expect(bid.map(show)).toEqual(['O 100.00 H 100.02 L 100.00 C 100.02 V 2.000 @2s']);
  });
});

describe('bar aggregation: time bars on the clock', () => {
  function timeBars(options: Partial<TimeBarOptions> = {}, startNs = TA) {
    const clock = new TestClock({ startNs });
    const bars: Bar[] = [];
    const agg = createBarAggregator(
      parseBarType('BTCUSDT.BINANCE-1-MINUTE-LAST-INTERNAL'),
      BTCUSDT,
      (b) => bars.push(b),
      clock,
      { ...DEFAULT_TIME_BAR_OPTIONS, ...options },
    ) as TimeBarAggregator;
    /** Data at `ts` is processed before the timers at `ts` (the backtest's order). */
    const at = (ts: bigint, px: string, size: string): void => {
      clock.advanceTime(ts - 1n);
      agg.handleTrade(trade(ID, px, size, ts));
    };
    return { clock, bars, agg, at };
  }

  it('left-open (default): a trade at exactly the close belongs to the closing bar; empty intervals give flat bars', () => {
    const { clock, bars, at } = timeBars();
    at(TA + 10n * SEC, '100.00', '1.000');
    at(TA + 30n * SEC, '101.00', '2.000');
    at(TA + 60n * SEC, '102.00', '1.000');
    at(TA + 70n * SEC, '99.00', '1.000');
    clock.advanceTime(TA + 180n * SEC);
    expect(bars.map(show)).toEqual([
      'O 100.00 H 102.00 L 100.00 C 102.00 V 4.000 @60s',
      'O 99.00 H 99.00 L 99.00 C 99.00 V 1.000 @120s',
      'O 99.00 H 99.00 L 99.00 C 99.00 V 0.000 @180s',
    ]);
    expect(bars[0]?.tsInit).toBe(TA + 60n * SEC);
  });

  it('right-open: a trade at exactly the close opens the next bar', () => {
    const { clock, bars, at } = timeBars({ timeBarsIntervalType: 'right-open' });
    at(TA + 10n * SEC, '100.00', '1.000');
    at(TA + 30n * SEC, '101.00', '2.000');
    at(TA + 60n * SEC, '102.00', '1.000');
    at(TA + 70n * SEC, '99.00', '1.000');
    clock.advanceTime(TA + 120n * SEC);
    expect(bars.map(show)).toEqual([
      'O 100.00 H 101.00 L 100.00 C 101.00 V 3.000 @60s',
      'O 102.00 H 102.00 L 99.00 C 99.00 V 2.000 @120s',
    ]);
  });

  it('a trade past the close builds the bar even when the timer has not fired yet', () => {
    const { clock, bars, agg } = timeBars();
    agg.handleTrade(trade(ID, '100.00', '1.000', TA + 10n * SEC));
    agg.handleTrade(trade(ID, '105.00', '1.000', TA + 90n * SEC)); // clock still at TA
    expect(bars.map(show)).toEqual(['O 100.00 H 100.00 L 100.00 C 100.00 V 1.000 @60s']);
    clock.advanceTime(TA + 120n * SEC); // the timer at 60s does not build it again
    expect(bars.map(show)).toEqual([
      'O 100.00 H 100.00 L 100.00 C 100.00 V 1.000 @60s',
      'O 105.00 H 105.00 L 105.00 C 105.00 V 1.000 @120s',
    ]);
    agg.stop();
    expect(clock.timerCount).toBe(0);
  });

  it('stamps bars with their open time, builds no empty bars, skips the first partial bar when asked', () => {
    const open = timeBars({ timeBarsTimestampOnClose: false, timeBarsBuildWithNoUpdates: false });
    open.at(TA + 10n * SEC, '100.00', '1.000');
    open.clock.advanceTime(TA + 180n * SEC);
    expect(open.bars.map(show)).toEqual(['O 100.00 H 100.00 L 100.00 C 100.00 V 1.000 @0s']);

    const skip = timeBars({ timeBarsSkipFirstNonFullBar: true }, TA + 15n * SEC);
    skip.at(TA + 20n * SEC, '100.00', '1.000');
    skip.at(TA + 70n * SEC, '101.00', '1.000');
    skip.clock.advanceTime(TA + 120n * SEC);
    expect(skip.bars.map(show)).toEqual(['O 101.00 H 101.00 L 101.00 C 101.00 V 1.000 @120s']);
  });

  it('no bar at all before the first update', () => {
    const { clock, bars } = timeBars();
    clock.advanceTime(TA + 300n * SEC);
    expect(bars).toEqual([]);
  });
});
