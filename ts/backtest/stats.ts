/**
 * Backtest statistics from an equity curve and the closed positions' PnL. Pure functions of
 * numbers: the result stays deterministic (same inputs, same floats).
 *
 * | figure         | definition                                                                              |
 * |----------------|-----------------------------------------------------------------------------------------|
 * | `totalPnl`     | final equity - starting equity                                                          |
 * | `returnPct`    | `totalPnl / startingEquity * 100` (`null` when the start is 0)                          |
 * | `maxDrawdown`  | the largest fall from a running peak of the equity curve, as an amount                  |
 * | `maxDrawdownPct` | the same as a percentage of that peak                                                 |
 * | `winRate`      | closed positions with realized PnL > 0 / closed positions (`null` when none closed)    |
 * | `sharpe`       | of **daily** returns (equity at each UTC day's end over the day before, the first day over the starting equity): mean / sample standard deviation * sqrt(365) (markets open every day); `null` with fewer than two days or no variation |
 *
 * The equity curve is marked at the start, after every fill and at each UTC day's end (the
 * equity then: balances plus open positions at the last price).
 */
import { Decimal } from 'decimal.js';

/** One mark of the equity curve. */
export interface EquityPoint {
  readonly ts: bigint;
  readonly equity: number;
}

/** What {@link computeStats} returns. */
export interface BacktestStats {
  readonly startingEquity: number;
  readonly finalEquity: number;
  readonly totalPnl: number;
  readonly returnPct: number | null;
  readonly maxDrawdown: number;
  readonly maxDrawdownPct: number;
  readonly positionsClosed: number;
  readonly winners: number;
  readonly losers: number;
  readonly winRate: number | null;
  readonly sharpe: number | null;
  readonly days: number;
}

/** `a - b` without binary noise (both are shortest-decimal floats of exact amounts). */
function diff(a: number, b: number): number {
  return new Decimal(a).minus(b).toNumber();
}

const NS_PER_DAY = 86_400_000_000_000n;

/** The largest fall from a running peak: `[amount, percent of that peak]`. */
export function maxDrawdown(curve: readonly number[]): [number, number] {
  let peak = Number.NEGATIVE_INFINITY;
  let worst = 0;
  let worstPct = 0;
  for (const e of curve) {
    if (e > peak) peak = e;
    const dd = diff(peak, e);
    if (dd > worst) worst = dd;
    const pct = peak > 0 ? (dd / peak) * 100 : 0;
    if (pct > worstPct) worstPct = pct;
  }
  return [worst, worstPct];
}

/** The equity at the end of each UTC day that has marks, in day order. */
export function dailyCloses(curve: readonly EquityPoint[]): number[] {
  const out: number[] = [];
  let day: bigint | null = null;
  for (const p of curve) {
    const d = p.ts / NS_PER_DAY;
    if (day === null || d !== day) {
      out.push(p.equity);
      day = d;
    } else out[out.length - 1] = p.equity;
  }
  return out;
}

/** Annualised Sharpe ratio of a series of periodic returns (365 periods a year). */
export function sharpeRatio(returns: readonly number[], periodsPerYear = 365): number | null {
  const n = returns.length;
  if (n < 2) return null;
  let sum = 0;
  for (const r of returns) sum += r;
  const mean = sum / n;
  let sq = 0;
  for (const r of returns) sq += (r - mean) * (r - mean);
  const sd = Math.sqrt(sq / (n - 1));
  if (!(sd > 0)) return null;
  return (mean / sd) * Math.sqrt(periodsPerYear);
}

/** Every figure of the module doc. */
export function computeStats(p: {
  readonly startingEquity: number;
  readonly curve: readonly EquityPoint[];
  readonly closedPnls: readonly number[];
}): BacktestStats {
  const finalEquity = p.curve.length === 0 ? p.startingEquity : p.curve[p.curve.length - 1]!.equity;
  const totalPnl = diff(finalEquity, p.startingEquity);
  const [dd, ddPct] = maxDrawdown([p.startingEquity, ...p.curve.map((c) => c.equity)]);
  const winners = p.closedPnls.filter((x) => x > 0).length;
  const losers = p.closedPnls.filter((x) => x < 0).length;
  const closes = dailyCloses(p.curve);
  const returns: number[] = [];
  let prev = p.startingEquity;
  for (const c of closes) {
    if (prev !== 0) returns.push(c / prev - 1);
    prev = c;
  }
  return {
    startingEquity: p.startingEquity,
    finalEquity,
    totalPnl,
    returnPct:
      p.startingEquity === 0 ? null : new Decimal(totalPnl).div(p.startingEquity).mul(100).toNumber(),
    maxDrawdown: dd,
    maxDrawdownPct: ddPct,
    positionsClosed: p.closedPnls.length,
    winners,
    losers,
    winRate: p.closedPnls.length === 0 ? null : winners / p.closedPnls.length,
    sharpe: sharpeRatio(returns),
    days: closes.length,
  };
}
