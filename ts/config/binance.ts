/**
 * Binance data and execution client configs (spot and USD-M futures).
 *
 * # Credentials
 * `apiKey`/`apiSecret` may be left `null`: the client falls back to the environment variables
 * `BINANCE_API_KEY`/`BINANCE_API_SECRET` when it is BUILT (see {@link resolveBinanceCredentials}),
 * not when the config is parsed, so a parsed config never holds a secret it was not given and can
 * be logged (through `redactConfig`) and stored. Set both or neither.
 *
 * # Endpoints
 * `testnet` picks Binance's test network; `baseUrlHttp`/`baseUrlWs` point the client somewhere
 * else, such as the local Binance-compatible venue (`kairos venue`): there is no separate venue
 * type for it because it speaks Binance's protocol. Both at once are refused (which one wins would
 * be a guess). `us` selects Binance.US, which has no futures and no testnet.
 */
import { z } from 'zod';

import { KairosError } from '../model/errors.js';
import { nonNegativeInt, positiveInt, secretString, urlString, venueString, whenObject } from './fields.js';

/** Binance account types. `MARGIN` and `COIN_FUTURE` parse, but an adapter may refuse them. */
export const BinanceAccountType = z.enum(['SPOT', 'MARGIN', 'USDT_FUTURE', 'COIN_FUTURE']);
export type BinanceAccountType = z.infer<typeof BinanceAccountType>;

/** The kind of API key: HMAC (a shared secret) or Ed25519 (`apiSecret` is the private key PEM). */
export const BinanceKeyType = z.enum(['HMAC', 'ED25519']);
export type BinanceKeyType = z.infer<typeof BinanceKeyType>;

const FUTURES: ReadonlySet<BinanceAccountType> = new Set(['USDT_FUTURE', 'COIN_FUTURE']);

/** Settings both Binance clients have. */
const commonShape = {
  /** Discriminant of the client config union. */
  type: z.literal('BINANCE'),
  /** The venue of the instruments this client serves. */
  venue: venueString().default('BINANCE'),
  /** The account (market) type. */
  accountType: BinanceAccountType.default('SPOT'),
  /** API key; `null` falls back to `BINANCE_API_KEY` when the client is built. */
  apiKey: secretString().nullable().default(null),
  /** API secret; `null` falls back to `BINANCE_API_SECRET` when the client is built. Never logged. */
  apiSecret: secretString().nullable().default(null),
  /** Kind of API key. */
  keyType: BinanceKeyType.default('HMAC'),
  /** Use Binance's test network. */
  testnet: z.boolean().default(false),
  /** Use Binance.US. */
  us: z.boolean().default(false),
  /** REST base URL override (http/https); `null` for Binance's own. */
  baseUrlHttp: urlString(['http', 'https']).nullable().default(null),
  /** WebSocket base URL override (ws/wss); `null` for Binance's own. */
  baseUrlWs: urlString(['ws', 'wss']).nullable().default(null),
  /** Retries of a failed REST request (not of a rejected order); 0 for none. */
  maxRetries: nonNegativeInt().default(3),
  /** Delay before the first retry (ms); later retries back off from it. */
  retryDelayMs: positiveInt().default(1_000),
};

/**
 * Checks between settings of either client. Reads its fields defensively: it also runs when
 * another setting failed its own check (see `whenObject`).
 */
function checkCommon(cfg: Readonly<Record<string, unknown>>, ctx: z.RefinementCtx): void {
  const hasKey = typeof cfg.apiKey === 'string';
  const hasSecret = typeof cfg.apiSecret === 'string';
  if (hasKey !== hasSecret && (cfg.apiKey === null || cfg.apiSecret === null)) {
    ctx.addIssue({
      code: 'custom',
      path: [hasKey ? 'apiSecret' : 'apiKey'],
      message: 'set apiKey and apiSecret together, or neither (to read them from the environment)',
    });
  }
  if (cfg.testnet === true && (typeof cfg.baseUrlHttp === 'string' || typeof cfg.baseUrlWs === 'string')) {
    ctx.addIssue({
      code: 'custom',
      path: ['testnet'],
      message: 'testnet and a base URL override are exclusive: set one of them',
    });
  }
  if (cfg.us === true && FUTURES.has(cfg.accountType as BinanceAccountType)) {
    ctx.addIssue({ code: 'custom', path: ['accountType'], message: 'Binance.US (us: true) has no futures' });
  }
  if (cfg.us === true && cfg.testnet === true) {
    ctx.addIssue({ code: 'custom', path: ['testnet'], message: 'Binance.US (us: true) has no testnet' });
  }
}

/** A Binance market-data client. */
export const BinanceDataClientConfig = z
  .strictObject({
    ...commonShape,
    /** Reload instruments every this many minutes; `null` loads them once at start. */
    updateInstrumentsIntervalMins: positiveInt().nullable().default(60),
    /** Publish aggregated trades (`@aggTrade`) as trade ticks instead of raw trades. */
    useAggTradeTicks: z.boolean().default(false),
  })
  .superRefine(checkCommon, whenObject);
export type BinanceDataClientConfig = z.infer<typeof BinanceDataClientConfig>;
export type BinanceDataClientConfigInput = z.input<typeof BinanceDataClientConfig>;

/** A Binance execution client. */
export const BinanceExecClientConfig = z
  .strictObject({
    ...commonShape,
    /** `recvWindow` of signed requests (ms); Binance accepts at most 60000. */
    recvWindowMs: positiveInt().max(60_000).default(5_000),
    /** Send the reduce-only flag of orders (futures). */
    useReduceOnly: z.boolean().default(true),
    /** Use venue position ids in hedge mode (futures). */
    usePositionIds: z.boolean().default(true),
  })
  .superRefine(checkCommon, whenObject);
export type BinanceExecClientConfig = z.infer<typeof BinanceExecClientConfig>;
export type BinanceExecClientConfigInput = z.input<typeof BinanceExecClientConfig>;

/** Credentials a Binance client signs with. */
export interface BinanceCredentials {
  readonly apiKey: string;
  readonly apiSecret: string;
}

/**
 * The credentials a client is built with: the config's own, else `BINANCE_API_KEY` and
 * `BINANCE_API_SECRET` from `env`; `null` when neither has them (fine for market data, not for
 * execution). Half a pair in the environment is refused like half a pair in the config.
 * @throws KairosError `MISSING_CREDENTIALS` naming the missing variable (never a value).
 */
export function resolveBinanceCredentials(
  config: Pick<BinanceDataClientConfig, 'apiKey' | 'apiSecret'>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): BinanceCredentials | null {
  if (config.apiKey !== null && config.apiSecret !== null) {
    return { apiKey: config.apiKey, apiSecret: config.apiSecret };
  }
  const apiKey = env.BINANCE_API_KEY || null;
  const apiSecret = env.BINANCE_API_SECRET || null;
  if (apiKey === null && apiSecret === null) return null;
  if (apiKey === null || apiSecret === null) {
    const missing = apiKey === null ? 'BINANCE_API_KEY' : 'BINANCE_API_SECRET';
    throw new KairosError('MISSING_CREDENTIALS', `${missing} is not set while its pair is`, { missing });
  }
  return { apiKey, apiSecret };
}
