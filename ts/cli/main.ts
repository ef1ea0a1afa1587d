#!/usr/bin/env node
/**
 * The `kairos` command.
 */
import { Command, InvalidArgumentError } from 'commander';
import { EXAMPLES, runExample } from '../backtest/examples/main.js';
import { coreVersion } from '../index.js';
import { registerRunCommand } from './run-command.js';
import { registerVenueCommand } from './venue-command.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`'${value}' is not a positive integer`);
  return n;
}

const program = new Command('kairos').description('Kairos trading engine').version(coreVersion());

program
  .command('demo')
  .description('the main job on built-in defaults: the market-maker backtest on seeded synthetic quotes')
  .option('--seed <n>', 'random seed', positiveInt, 42)
  .action(async (opts: { seed: number }) => {
    console.log(await runExample('market-maker', { seed: opts.seed, progress: process.stderr.isTTY }));
  });

program
  .command('backtest')
  .description(`run an example backtest on seeded synthetic data: ${Object.keys(EXAMPLES).join(', ')}`)
  .argument('[example]', 'which example', 'ema-cross')
  .option('--seed <n>', 'random seed', positiveInt, 42)
  .action(async (example: string, opts: { seed: number }) => {
    console.log(await runExample(example, { seed: opts.seed, progress: process.stderr.isTTY }));
  });

registerRunCommand(program);
registerVenueCommand(program);

await program.parseAsync(process.argv);
