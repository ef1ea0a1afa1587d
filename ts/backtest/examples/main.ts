/**
 * Runs an example backtest and prints its result:
 *
 * ```sh
 * npm run build
 * node dist/backtest/examples/main.js ema-cross [seed]
 * node dist/backtest/examples/main.js market-maker [seed]
 * ```
 */
import { pathToFileURL } from 'node:url';

import { type ExampleOptions, formatResult, runEmaCrossExample, runMarketMakerExample } from './run.js';

/** The examples by name. */
export const EXAMPLES = {
  'ema-cross': runEmaCrossExample,
  'market-maker': runMarketMakerExample,
} as const;

/** Runs the named example and returns its printed summary. */
export async function runExample(name: string, options: ExampleOptions = {}): Promise<string> {
  const run = EXAMPLES[name as keyof typeof EXAMPLES];
  if (run === undefined) {
    throw new Error(`unknown example '${name}': one of ${Object.keys(EXAMPLES).join(', ')}`);
  }
  return formatResult(await run(options));
}

const invoked = process.argv[1] === undefined ? '' : pathToFileURL(process.argv[1]).href;
if (import.meta.url === invoked) {
  const [name = 'ema-cross', seed] = process.argv.slice(2);
  runExample(name, {
    ...(seed === undefined ? {} : { seed: Number(seed) }),
    progress: process.stderr.isTTY,
  }).then(
    (text) => console.log(text),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
