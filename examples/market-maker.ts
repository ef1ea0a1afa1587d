/**
 * A market maker quoting brackets (limit entry one tick behind the touch, take-profit and
 * stop-loss released when the entry fills, handled as OUO) on seeded synthetic quotes of a BTC
 * perpetual (simulated venue SIM, margin account of 100,000 USDT).
 *
 * Run it with one command after `npm run build`:
 *
 * ```sh
 * node dist/backtest/examples/main.js market-maker 42
 * ```
 *
 * The strategy is `ts/backtest/examples/market-maker.ts`; the backtest set-up
 * `runMarketMakerExample` in `ts/backtest/examples/run.ts`.
 */
import { formatResult, runMarketMakerExample } from '../ts/backtest/examples/index.js';

const result = await runMarketMakerExample({ seed: 42, count: 20_000 });
console.log(formatResult(result));
