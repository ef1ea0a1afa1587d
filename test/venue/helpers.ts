/**
 * Shared setup of the venue tests: a venue on a random loopback port (market clock stopped
 * unless asked, so tests step it by hand), the real Binance adapter pointed at it, the real
 * payload files as shape references, and a bounded wait.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BinanceExecutionClient } from '../../ts/adapters/binance/execution.js';
import { BinanceHttpClient } from '../../ts/adapters/binance/http.js';
import type { BinanceUserUpdate } from '../../ts/adapters/binance/parse/user.js';
import { hmacSigner } from '../../ts/adapters/binance/signing.js';
import { BinanceExecClientConfig } from '../../ts/config/binance.js';
import type { VenueConfigInput } from '../../ts/venue/config.js';
import { VenueServer } from '../../ts/venue/server.js';

export const KEY = 'venue-key';
export const SECRET = 'venue-secret';

const cleanups: (() => Promise<void>)[] = [];

/** Runs every registered cleanup, newest first (call from afterEach). */
export async function cleanup(): Promise<void> {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
}

export function onCleanup(f: () => Promise<void>): void {
  cleanups.push(f);
}

/** A started venue; the market clock is off (`rate: 0`) unless the config says otherwise. */
export async function startVenue(config: VenueConfigInput = {}): Promise<VenueServer> {
  const venue = await new VenueServer({
    config: { ...config, market: { rate: 0, ...(config.market ?? {}) } },
  }).start();
  onCleanup(() => venue.stop());
  return venue;
}

export interface ClientSetup {
  readonly client: BinanceExecutionClient;
  readonly updates: BinanceUserUpdate[];
  readonly errors: Error[];
  readonly backfills: number[];
}

/** The real execution client against the venue, with its user stream collecting updates. */
export async function execClient(
  venue: VenueServer,
  o: { apiKey?: string; apiSecret?: string; stream?: boolean; maxRetries?: number } = {},
): Promise<ClientSetup> {
  const updates: BinanceUserUpdate[] = [];
  const errors: Error[] = [];
  const backfills: number[] = [];
  const client = new BinanceExecutionClient({
    config: BinanceExecClientConfig.parse({
      type: 'BINANCE',
      accountType: 'USDT_FUTURE',
      apiKey: o.apiKey ?? KEY,
      apiSecret: o.apiSecret ?? SECRET,
      baseUrlHttp: venue.url,
      baseUrlWs: venue.wsUrl,
      maxRetries: o.maxRetries ?? 0,
      retryDelayMs: 10,
    }),
    env: {},
    timeoutMs: 5_000,
    ...(o.stream === false
      ? {}
      : {
          onUserUpdate: (u: BinanceUserUpdate) => updates.push(u),
          onUserStreamError: (e: Error) => errors.push(e),
          onBackfill: () => {
            backfills.push(Date.now());
          },
          wsBackoff: { initialMs: 10, maxMs: 50 },
        }),
  });
  onCleanup(() => client.disconnect());
  await client.connect();
  return { client, updates, errors, backfills };
}

/** A bare REST client (for requests the execution client does not make). */
export function httpClient(
  venue: VenueServer,
  o: { apiKey?: string; secret?: string; nowMs?: () => number } = {},
) {
  return new BinanceHttpClient({
    baseUrl: venue.url,
    timePath: '/fapi/v1/time',
    apiKey: o.apiKey ?? KEY,
    signer: hmacSigner(o.secret ?? SECRET),
    maxRetries: 0,
    retryDelayMs: 10,
    ...(o.nowMs === undefined ? {} : { nowMs: o.nowMs }),
  });
}

/** Waits until `cond` holds (polling), at most `ms`. */
export async function until(cond: () => boolean, what: string, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function dataDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const c = join(dir, 'shared', 'data', 'binance');
    if (existsSync(c)) return c;
    const parent = resolve(dir, '..');
    if (parent === dir) throw new Error('shared/data/binance not found');
    dir = parent;
  }
}

/** A real Binance payload (e.g. `futures/http/order_response.json`). */
export function realPayload(rel: string): unknown {
  return JSON.parse(readFileSync(join(dataDir(), rel), 'utf8'));
}

/** Keys of an object, sorted. */
export function keys(o: unknown): string[] {
  return Object.keys(o as object).sort();
}

/** A raw HTTP request to the venue (for malformed requests no client sends). */
export async function raw(
  venue: VenueServer,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): Promise<{
  status: number;
  body: { code?: number; msg?: string } & Record<string, unknown>;
  headers: Headers;
}> {
  const res = await fetch(`${venue.url}${pathAndQuery}`, { method, headers });
  return { status: res.status, body: (await res.json()) as never, headers: res.headers };
}
