import { describe, expect, it } from 'vitest';

import { computeStats, dailyCloses, maxDrawdown, sharpeRatio } from '../../ts/backtest/stats.js';

const DAY = 86_400_000_000_000n;

describe('backtest statistics on a known equity curve', () => {
  it('max drawdown is the largest fall from a running peak, as an amount and a percent of that peak', () => {
    // Peak 120, trough 90: 30 (25%); the later fall 130 -> 110 is 20 (15.38%).
    expect(maxDrawdown([100, 120, 90, 130, 110])).toEqual([30, 25]);
    expect(maxDrawdown([100, 101, 102])).toEqual([0, 0]);
  });

  it('daily closes take the last mark of each UTC day', () => {
    const curve = [
      { ts: 1n, equity: 100 },
      { ts: DAY - 1n, equity: 101 },
      { ts: DAY, equity: 102 },
      { ts: 3n * DAY + 5n, equity: 99 },
    ];
    expect(dailyCloses(curve)).toEqual([101, 102, 99]);
  });

  it('Sharpe: mean over sample standard deviation of daily returns, times sqrt(365)', () => {
    // Returns 1%, -1%, 2%: mean 0.00666..., sample sd 0.015275...
    const r = [0.01, -0.01, 0.02];
    const mean = 0.02 / 3;
    const sd = Math.sqrt(((0.01 - mean) ** 2 + (-0.01 - mean) ** 2 + (0.02 - mean) ** 2) / 2);
    expect(sharpeRatio(r)).toBeCloseTo((mean / sd) * Math.sqrt(365), 12);
    expect(sharpeRatio([0.01])).toBeNull();
    expect(sharpeRatio([0.01, 0.01])).toBeNull();
  });

  it('computeStats: PnL, return, drawdown, win rate and Sharpe of a three-day curve', () => {
    const s = computeStats({
      startingEquity: 1000,
      curve: [
        { ts: DAY / 2n, equity: 1010 },
        { ts: DAY + 1n, equity: 990 },
        { ts: 2n * DAY + 1n, equity: 1050 },
      ],
      closedPnls: [10, -20, 60, 0],
    });
    expect(s.totalPnl).toBe(50);
    expect(s.returnPct).toBe(5);
    expect(s.maxDrawdown).toBe(20);
    expect(s.maxDrawdownPct).toBeCloseTo((20 / 1010) * 100, 12);
    expect([s.positionsClosed, s.winners, s.losers, s.winRate]).toEqual([4, 2, 1, 0.5]);
    expect(s.days).toBe(3);
    // Daily returns: 1010/1000-1, 990/1010-1, 1050/990-1.
    expect(s.sharpe).toBeCloseTo(sharpeRatio([0.01, 990 / 1010 - 1, 1050 / 990 - 1])!, 12);
  });

  it('no trades: zero PnL, null win rate and return only when starting from zero', () => {
    const s = computeStats({ startingEquity: 0, curve: [], closedPnls: [] });
    expect([s.totalPnl, s.returnPct, s.winRate, s.sharpe]).toEqual([0, null, null, null]);
  });
});
