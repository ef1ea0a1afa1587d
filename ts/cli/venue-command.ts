/**
 * The `kairos venue` subcommand: starts the local Binance-compatible venue and prints where it
 * listens (one JSON line), then runs until interrupted.
 */
import type { Command } from 'commander';

import type { FaultConfigInput } from '../venue/config.js';
import { runVenue } from '../venue/main.js';

function int(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0)
      throw new Error(`--${name}: expected a non-negative integer, got '${v}'`);
    return n;
  };
}

/** Registers `venue` on `program`. */
export function registerVenueCommand(program: Command): Command {
  return program
    .command('venue')
    .description('run the local Binance USD-M compatible venue (synthetic market, fault injection)')
    .option('--port <port>', 'port to listen on (0: a free one)', int('port'), 0)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <seed>', 'seed of the market and the faults', int('seed'), 1)
    .option('--symbols <list>', 'comma-separated symbols (BTCUSDT,ETHUSDT)')
    .option('--rate <n>', 'market updates per second per symbol', Number, 10)
    .option('--faults <json>', 'fault settings as JSON, e.g. {"userDrop":0.1,"http5xx":0.05}')
    .action(
      async (o: {
        port: number;
        host: string;
        seed: number;
        symbols?: string;
        rate: number;
        faults?: string;
      }) => {
        const venue = await runVenue({
          port: o.port,
          host: o.host,
          seed: o.seed,
          rate: o.rate,
          ...(o.symbols === undefined ? {} : { symbols: o.symbols.split(',').map((s) => s.trim()) }),
          ...(o.faults === undefined ? {} : { faults: JSON.parse(o.faults) as FaultConfigInput }),
        });
        process.stdout.write(
          `${JSON.stringify({ http: venue.httpUrl, ws: venue.wsUrl, port: venue.port })}\n`,
        );
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await venue.stop();
      },
    );
}
