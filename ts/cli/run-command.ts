/**
 * The `kairos run <config.json>` subcommand: builds a TradingNode from a JSON `TradingNodeConfig`
 * and runs it until SIGINT/SIGTERM or a failure. Relative `strategyPath`s are resolved from the
 * config file's folder. Exit codes: 0 stopped on request, 1 a start-up step failed or timed out,
 * 2 the config could not be read or is invalid (every problem listed).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import type { Command } from 'commander';

import { safeParseConfig, TradingNodeConfig } from '../config/index.js';
import { TradingNode } from '../trading-node.js';

/** Reads and parses the config file; `null` (after printing why) when it cannot be used. */
function readConfig(path: string): TradingNodeConfig | null {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    console.error(`kairos run: cannot read ${path}: ${(error as Error).message}`);
    return null;
  }
  const parsed = safeParseConfig(TradingNodeConfig, input);
  if (!parsed.ok) {
    console.error(`kairos run: ${path}: ${parsed.error.message}`);
    return null;
  }
  return parsed.value;
}

/** Registers `run` on `program`. */
export function registerRunCommand(program: Command): Command {
  return program
    .command('run')
    .description('run a TradingNode from a JSON TradingNodeConfig until SIGINT/SIGTERM')
    .argument('<config>', 'path of the JSON config')
    .action(async (path: string) => {
      const config = readConfig(path);
      if (config === null) {
        process.exitCode = 2;
        return;
      }
      const node = new TradingNode(config, { cwd: dirname(resolve(path)) });
      const stopped = await node.run();
      const failed = stopped.reason.type === 'FAILED' || stopped.reason.type === 'TIMEOUT';
      process.exitCode = failed ? 1 : 0;
    });
}
