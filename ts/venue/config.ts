/**
 * Config of the local Binance-compatible venue (`kairos venue`): where it listens, its seed,
 * the instruments it lists, the accounts (API keys) it serves, the synthetic market, the rate
 * limits it enforces and the faults it injects. Every field has a default, so `VenueConfig.parse({})`
 * is a working venue with BTCUSDT and ETHUSDT perpetuals and one account `venue-key`/`venue-secret`.
 */
import { z } from 'zod';

const decimalString = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'a non-negative decimal string such as "0.10"')
  .refine((s) => Number(s) > 0, 'a positive decimal');

/** One listed instrument (a USD-M perpetual). */
export const VenueInstrumentConfig = z.strictObject({
  /** Venue symbol, e.g. `BTCUSDT`. */
  symbol: z.string().regex(/^[A-Z0-9]{2,20}$/, 'an upper-case venue symbol such as BTCUSDT'),
  baseAsset: z.string().regex(/^[A-Z0-9]{2,10}$/),
  quoteAsset: z
    .string()
    .regex(/^[A-Z0-9]{2,10}$/)
    .default('USDT'),
  /** PRICE_FILTER tickSize. */
  tickSize: decimalString,
  /** LOT_SIZE stepSize. */
  stepSize: decimalString,
  minQty: decimalString,
  maxQty: decimalString,
  minPrice: decimalString,
  maxPrice: decimalString,
  /** MIN_NOTIONAL notional (reduce-only orders are exempt, as on Binance). */
  minNotional: decimalString.default('5'),
  /** Where the synthetic mid starts. */
  initialPrice: decimalString,
});
export type VenueInstrumentConfig = z.infer<typeof VenueInstrumentConfig>;

/** One account: its API key pair and starting wallet. */
export const VenueAccountConfig = z.strictObject({
  apiKey: z.string().min(1).max(128),
  apiSecret: z.string().min(1).max(256),
  /** Starting wallet balance per asset (decimal strings). */
  balances: z.record(z.string(), decimalString).default({ USDT: '100000' }),
  /** Starting spot balances per asset (the spot wallet is separate from the futures one). */
  spotBalances: z.record(z.string(), decimalString).default({ USDT: '100000', BTC: '10', ETH: '100' }),
  /** Leverage of every symbol (initial margin = notional / leverage). */
  leverage: z.int().min(1).max(125).default(20),
});
export type VenueAccountConfig = z.infer<typeof VenueAccountConfig>;

/** The synthetic market of every symbol. */
export const SyntheticMarketConfig = z.strictObject({
  /** Market updates per second per symbol (each: a depth diff, a book ticker, maybe trades). 0 stops the clock (drive with `step`). */
  rate: z.number().min(0).max(10_000).default(10),
  /** Levels on each side of the L2 ladder. */
  depth: z.int().min(1).max(1000).default(20),
  /** Half the spread, in ticks (best bid = mid - halfSpread). */
  halfSpreadTicks: z.int().min(1).default(1),
  /** Largest move of the mid per update, in ticks. */
  maxMoveTicks: z.int().min(0).default(2),
  /** Chance that an update prints a trade. */
  tradeProbability: z.number().min(0).max(1).default(0.5),
  /** Level sizes are 1..maxLevelSteps size steps. */
  maxLevelSteps: z.int().min(1).default(2000),
});
export type SyntheticMarketConfig = z.infer<typeof SyntheticMarketConfig>;

const fraction = z.number().min(0).max(1);

/**
 * Fault injection. Every decision draws from one seeded generator per fault kind, so a given
 * seed and the same sequence of requests and events give the same faults.
 */
export const FaultConfig = z.strictObject({
  /** Fraction of user-stream events dropped. */
  userDrop: fraction.default(0),
  /** Fraction of user-stream events sent twice. */
  userDuplicate: fraction.default(0),
  /** Fraction of user-stream events delayed by `delayMs`. */
  userDelay: fraction.default(0),
  /** Fraction of user-stream events held back and sent after the next one (reorder). */
  userReorder: fraction.default(0),
  /** Same for market-stream messages. */
  marketDrop: fraction.default(0),
  marketDuplicate: fraction.default(0),
  marketDelay: fraction.default(0),
  marketReorder: fraction.default(0),
  /** Delay of delayed events (ms). */
  delayMs: z.int().min(0).max(60_000).default(200),
  /** Fraction of REST requests answered HTTP 503 (-1001 body for reads; writes are NOT executed). */
  http5xx: fraction.default(0),
  /** Fraction of REST requests answered HTTP 429 (-1003, Retry-After). */
  http429: fraction.default(0),
  /** Fraction of REST writes that ARE executed but answered HTTP 503 (-1007 status unknown). */
  httpUnknown: fraction.default(0),
  /**
   * REST paths the three HTTP faults above apply to (prefixes, e.g. `/fapi/v3/positionRisk`);
   * empty: every path. Lets one query fail while the others answer.
   */
  httpFaultPaths: z.array(z.string().startsWith('/')).default([]),
  /** Venue clock minus wall clock (ms): a skew makes signed requests fail -1021 until clients resync. */
  clockOffsetMs: z.int().min(-3_600_000).max(3_600_000).default(0),
  /** After a 429, requests sent within its Retry-After beyond this many are answered 418 (IP ban); 0: never. */
  banAfterRequests: z.int().min(0).default(0),
  /** How long an IP ban lasts (ms). */
  banMs: z.int().min(1).default(120_000),
  /** Close every WebSocket every this many ms (0: never). */
  disconnectEveryMs: z.int().min(0).default(0),
  /** Most faults of each kind before injection stops (bounded chaos); 0 for no cap. */
  maxFaults: z.int().min(0).default(0),
});
export type FaultConfig = z.infer<typeof FaultConfig>;
export type FaultConfigInput = z.input<typeof FaultConfig>;

export const DEFAULT_INSTRUMENTS: readonly z.input<typeof VenueInstrumentConfig>[] = [
  {
    symbol: 'BTCUSDT',
    baseAsset: 'BTC',
    tickSize: '0.10',
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: '1000',
    minPrice: '100',
    maxPrice: '1000000',
    minNotional: '5',
    initialPrice: '60000.00',
  },
  {
    symbol: 'ETHUSDT',
    baseAsset: 'ETH',
    tickSize: '0.01',
    stepSize: '0.001',
    minQty: '0.001',
    maxQty: '10000',
    minPrice: '10',
    maxPrice: '100000',
    minNotional: '5',
    initialPrice: '3000.00',
  },
];

/** The whole venue. */
export const VenueConfig = z
  .strictObject({
    host: z.string().default('127.0.0.1'),
    /** 0 picks a free port (reported by the server). */
    port: z.int().min(0).max(65_535).default(0),
    /** Seed of the synthetic market and of every fault decision. */
    seed: z
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(1),
    instruments: z
      .array(VenueInstrumentConfig)
      .min(1)
      .default(() => DEFAULT_INSTRUMENTS.map((i) => VenueInstrumentConfig.parse(i))),
    accounts: z
      .array(VenueAccountConfig)
      .min(1)
      .default(() => [VenueAccountConfig.parse({ apiKey: 'venue-key', apiSecret: 'venue-secret' })]),
    market: SyntheticMarketConfig.default(SyntheticMarketConfig.parse({})),
    faults: FaultConfig.default(FaultConfig.parse({})),
    /** REST weight per IP per calendar minute before HTTP 429 (Binance futures: 2400). */
    weightLimitPerMinute: z.int().min(1).default(2400),
    /** Orders per account per 10 s before -1015 (Binance futures: 300). */
    orderLimitPer10s: z.int().min(1).default(300),
    /** Largest recvWindow accepted (ms). */
    maxRecvWindowMs: z.int().min(1).default(60_000),
    /** Maker and taker commission rates. */
    makerFee: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .default('0.0002'),
    takerFee: z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .default('0.0004'),
    /** Listen keys expire after this long without a keep-alive (ms; Binance: 60 min). */
    listenKeyTtlMs: z
      .int()
      .min(1)
      .default(60 * 60_000),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Set<string>();
    cfg.instruments.forEach((i, n) => {
      if (seen.has(i.symbol))
        ctx.addIssue({
          code: 'custom',
          path: ['instruments', n, 'symbol'],
          message: `duplicate symbol ${i.symbol}`,
        });
      seen.add(i.symbol);
    });
    const keys = new Set<string>();
    cfg.accounts.forEach((a, n) => {
      if (keys.has(a.apiKey))
        ctx.addIssue({ code: 'custom', path: ['accounts', n, 'apiKey'], message: 'duplicate API key' });
      keys.add(a.apiKey);
    });
  });
export type VenueConfig = z.infer<typeof VenueConfig>;
export type VenueConfigInput = z.input<typeof VenueConfig>;
