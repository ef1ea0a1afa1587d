/**
 * `runVenue(options)`: starts the local venue and reports where it listens; the `kairos venue`
 * command calls it. Running this file directly (`node dist/venue/main.js [--port N] [--seed N]`)
 * starts a venue with those flags and stops it on SIGINT/SIGTERM.
 */
import { pathToFileURL } from 'node:url';

import { createLogger, type Logger } from '../common/logging/index.js';
import { DEFAULT_INSTRUMENTS, type FaultConfigInput, type VenueConfigInput } from './config.js';
import { VenueServer } from './server.js';

export interface RunVenueOptions {
  readonly port?: number;
  readonly host?: string;
  readonly seed?: number;
  /** Symbols to list (of the defaults: BTCUSDT, ETHUSDT); all when absent. */
  readonly symbols?: readonly string[];
  /** Market updates per second per symbol. */
  readonly rate?: number;
  /** Fault settings (see `FaultConfig`). */
  readonly faults?: FaultConfigInput;
  /** A whole config; the options above override its fields. */
  readonly config?: VenueConfigInput;
  readonly logger?: Logger;
}

/** What a running venue reports. */
export interface RunningVenue {
  readonly server: VenueServer;
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Builds the config of `options` and starts the venue. */
export async function runVenue(options: RunVenueOptions = {}): Promise<RunningVenue> {
  const base: VenueConfigInput = options.config ?? {};
  const instruments =
    options.symbols === undefined
      ? base.instruments
      : options.symbols.map((s) => {
          const found = (base.instruments ?? DEFAULT_INSTRUMENTS).find((i) => i.symbol === s.toUpperCase());
          if (found === undefined)
            throw new Error(
              `venue: unknown symbol ${s} (known: ${(base.instruments ?? DEFAULT_INSTRUMENTS).map((i) => i.symbol).join(', ')})`,
            );
          return found;
        });
  const config: VenueConfigInput = {
    ...base,
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(instruments === undefined ? {} : { instruments }),
    ...(options.rate === undefined ? {} : { market: { ...(base.market ?? {}), rate: options.rate } }),
    ...(options.faults === undefined ? {} : { faults: { ...(base.faults ?? {}), ...options.faults } }),
  };
  const server = await new VenueServer({
    config,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  }).start();
  return { server, httpUrl: server.url, wsUrl: server.wsUrl, port: server.port, stop: () => server.stop() };
}

/** Parses `--name value` flags of the direct entry. */
function flags(argv: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) out[a.slice(2)] = argv[i + 1] ?? '';
  }
  return out;
}

async function main(): Promise<void> {
  const f = flags(process.argv.slice(2));
  const venue = await runVenue({
    ...(f.port === undefined ? {} : { port: Number(f.port) }),
    ...(f.seed === undefined ? {} : { seed: Number(f.seed) }),
    ...(f.symbols === undefined ? {} : { symbols: f.symbols.split(',') }),
    ...(f.rate === undefined ? {} : { rate: Number(f.rate) }),
    ...(f.faults === undefined ? {} : { faults: JSON.parse(f.faults) as FaultConfigInput }),
    logger: createLogger({ name: 'venue', level: 'warn' }),
  });
  process.stdout.write(`${JSON.stringify({ http: venue.httpUrl, ws: venue.wsUrl, port: venue.port })}\n`);
  const stop = () => void venue.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
