/**
 * EMA cross on seeded synthetic 1-minute bars of a BTC perpetual (simulated venue SIM, margin
 * account of 100,000 USDT): long above the slow EMA, short below, reversing at each cross.
 *
 * Run it with one command after `npm run build`:
 *
 * ```sh
 * node dist/backtest/examples/main.js ema-cross 42
 * ```
 *
 * The strategy is `ts/backtest/examples/ema-cross.ts`; the backtest set-up `runEmaCrossExample`
 * in `ts/backtest/examples/run.ts`. This file shows the same in a few lines of user code.
 */
import { formatResult, runEmaCrossExample } from '../ts/backtest/examples/index.js';

const result = await runEmaCrossExample({ seed: 42, count: 2_000 });
console.log(formatResult(result));
