/**
 * Ready-made backtests of the example strategies on seeded synthetic data, and a plain-text
 * summary of a result. `examples/*.ts` and the demo call these.
 */
import { CryptoPerpetual } from '../../model/instruments/index.js';
import { Money } from '../../model/values/index.js';
import { BacktestEngine } from '../engine.js';
import type { BacktestResult } from '../result.js';
import { syntheticBars, syntheticQuotes } from './data.js';
import { EmaCross, EmaCrossConfig } from './ema-cross.js';
import { MarketMaker, MarketMakerConfig } from './market-maker.js';

/** 2024-01-01T00:00:00Z. */
export const EXAMPLE_START_NS = 1_704_067_200_000_000_000n;

/** The example instrument: a linear BTC perpetual on the simulated venue SIM. */
export function examplePerpetual(): CryptoPerpetual {
  return CryptoPerpetual.create({
    id: 'BTCUSDT-PERP.SIM',
    baseCurrency: 'BTC',
    quoteCurrency: 'USDT',
    pricePrecision: 1,
    priceIncrement: '0.1',
    sizePrecision: 3,
    sizeIncrement: '0.001',
    minQuantity: '0.001',
    makerFee: '0.0002',
    takerFee: '0.0005',
    marginInit: '0.05',
    marginMaint: '0.025',
  });
}

export interface ExampleOptions {
  /** Seed of the synthetic market (default 42). */
  readonly seed?: number;
  /** Data points (default: 2,000 bars / 20,000 quotes). */
  readonly count?: number;
  /** Progress bar (default false). */
  readonly progress?: boolean;
}

function exampleEngine(): BacktestEngine {
  const engine = new BacktestEngine();
  engine.addVenue({
    venue: 'SIM',
    omsType: 'NETTING',
    accountType: 'MARGIN',
    startingBalances: [Money.from('100000', 'USDT')],
  });
  engine.addInstrument(examplePerpetual());
  return engine;
}

/** Runs {@link EmaCross} on seeded 1-minute bars. */
export async function runEmaCrossExample(options: ExampleOptions = {}): Promise<BacktestResult> {
  const instrument = examplePerpetual();
  const engine = exampleEngine();
  engine.addData(
    syntheticBars({
      instrument,
      seed: options.seed ?? 42,
      count: options.count ?? 2_000,
      startNs: EXAMPLE_START_NS,
      intervalNs: 60_000_000_000n,
      startPrice: '50000.0',
      stepTicks: 40,
      size: '50',
    }),
  );
  engine.addStrategy(
    new EmaCross(
      EmaCrossConfig.parse({
        strategyId: 'EMACross-001',
        instrumentId: instrument.id.value,
        barType: `${instrument.id.value}-1-MINUTE-LAST-EXTERNAL`,
        fastPeriod: 10,
        slowPeriod: 30,
        tradeSize: '0.100',
      }),
    ),
  );
  try {
    return await engine.run({ progress: options.progress ?? false });
  } finally {
    await engine.dispose();
  }
}

/** Runs {@link MarketMaker} on seeded quotes (one a second). */
export async function runMarketMakerExample(options: ExampleOptions = {}): Promise<BacktestResult> {
  const instrument = examplePerpetual();
  const engine = exampleEngine();
  engine.addData(
    syntheticQuotes({
      instrument,
      seed: options.seed ?? 42,
      count: options.count ?? 20_000,
      startNs: EXAMPLE_START_NS,
      intervalNs: 1_000_000_000n,
      startPrice: '50000.0',
      stepTicks: 10,
      spreadTicks: 2,
      size: '5',
    }),
  );
  engine.addStrategy(
    new MarketMaker(
      MarketMakerConfig.parse({
        strategyId: 'MM-001',
        instrumentId: instrument.id.value,
        tradeSize: '0.050',
        takeProfitTicks: 250,
        stopLossTicks: 500,
      }),
    ),
  );
  try {
    return await engine.run({ progress: options.progress ?? false });
  } finally {
    await engine.dispose();
  }
}

/** A short plain-text summary: statistics, balances, and the last fills. */
export function formatResult(result: BacktestResult, lastFills = 5): string {
  const s = result.stats;
  const f = (x: number | null, d = 2) => (x === null ? 'n/a' : x.toFixed(d));
  const lines = [
    `data points   ${result.dataCount}`,
    `orders        ${result.orders.length}`,
    `fills         ${result.fills.length}`,
    `positions     ${result.positions.length} (closed ${s.positionsClosed}, win rate ${f(s.winRate === null ? null : s.winRate * 100, 1)}%)`,
    `total PnL     ${f(s.totalPnl)} ${result.statsCurrency} (${f(s.returnPct, 4)}%)`,
    `max drawdown  ${f(s.maxDrawdown)} ${result.statsCurrency} (${f(s.maxDrawdownPct, 4)}%)`,
    `sharpe        ${f(s.sharpe)} (daily returns, ${s.days} days)`,
  ];
  for (const a of result.accounts) {
    lines.push(`account ${a.accountId} (${a.accountType})`);
    for (const b of a.balances)
      lines.push(`  ${b.currency}  total ${b.total}  locked ${b.locked}  free ${b.free}`);
  }
  if (result.fills.length > 0) {
    lines.push(`last ${Math.min(lastFills, result.fills.length)} fills`);
    for (const x of result.fills.slice(-lastFills)) {
      lines.push(`  ${x.side.padEnd(4)} ${x.quantity} @ ${x.price}  ${x.liquiditySide}  fee ${x.commission}`);
    }
  }
  return lines.join('\n');
}
