import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

import {
  BinanceDataClientConfig,
  BinanceExecClientConfig,
  CacheConfig,
  LiveDataEngineConfig,
  LiveExecEngineConfig,
  LiveRiskEngineConfig,
  MessageBusConfig,
  PortfolioConfig,
  parseConfig,
  safeParseConfig,
  TradingNodeConfig,
  type TradingNodeConfigInput,
} from '../../ts/config/index.js';

describe('TradingNodeConfig.parse({})', () => {
  const cfg = TradingNodeConfig.parse({});

  it('fills every nested config with its own defaults', () => {
    expect(cfg.cache).toStrictEqual(CacheConfig.parse({}));
    expect(cfg.messageBus).toStrictEqual(MessageBusConfig.parse({}));
    expect(cfg.dataEngine).toStrictEqual(LiveDataEngineConfig.parse({}));
    expect(cfg.riskEngine).toStrictEqual(LiveRiskEngineConfig.parse({}));
    expect(cfg.execEngine).toStrictEqual(LiveExecEngineConfig.parse({}));
    expect(cfg.portfolio).toStrictEqual(PortfolioConfig.parse({}));
  });

  it('sets every key, none left undefined, at any depth', () => {
    const undefinedPaths: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (v === undefined) undefinedPaths.push(path);
      else if (v !== null && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
      }
    };
    walk(cfg, 'cfg');
    expect(undefinedPaths).toEqual([]);
    expect(Object.keys(cfg.execEngine)).toHaveLength(25);
  });

  it('is the same for {} and for empty nested objects', () => {
    expect(TradingNodeConfig.parse({ cache: {}, execEngine: {} })).toStrictEqual(cfg);
  });

  it('refuses no config at all (an object, even empty, is required)', () => {
    expect(() => parseConfig(TradingNodeConfig, undefined)).toThrow('(root): is required');
    expect(() => parseConfig(TradingNodeConfig, null)).toThrow('(root): must be an object, not null');
  });

  it('keeps nested defaults beside the settings given', () => {
    const c = TradingNodeConfig.parse({
      cache: { flushOnStart: true },
      execEngine: { inflightCheckRetries: 0 },
    });
    expect(c.cache).toStrictEqual({ ...CacheConfig.parse({}), flushOnStart: true });
    expect(c.execEngine).toStrictEqual({ ...LiveExecEngineConfig.parse({}), inflightCheckRetries: 0 });
  });

  it('returns a fresh object each time (defaults are not shared)', () => {
    const a = TradingNodeConfig.parse({});
    const b = TradingNodeConfig.parse({});
    expect(a.dataClients).not.toBe(b.dataClients);
    expect(a.riskEngine.maxNotionalPerOrder).not.toBe(b.riskEngine.maxNotionalPerOrder);
    expect(a.strategies).not.toBe(b.strategies);
  });
});

describe("the spec's examples", () => {
  it('multi-venue: BINANCE_SPOT and BINANCE_FUTURES data and exec clients', () => {
    const cfg = parseConfig(TradingNodeConfig, {
      traderId: 'MultiVenue-001',
      dataClients: {
        BINANCE_SPOT: { type: 'BINANCE', accountType: 'SPOT', testnet: false },
        BINANCE_FUTURES: { type: 'BINANCE', accountType: 'USDT_FUTURE', testnet: false },
      },
      execClients: {
        BINANCE_SPOT: { type: 'BINANCE', accountType: 'SPOT', testnet: false },
        BINANCE_FUTURES: { type: 'BINANCE', accountType: 'USDT_FUTURE', testnet: false },
      },
    });
    expect(cfg.traderId).toBe('MultiVenue-001');
    expect(Object.keys(cfg.dataClients)).toEqual(['BINANCE_SPOT', 'BINANCE_FUTURES']);
    expect(Object.keys(cfg.execClients)).toEqual(['BINANCE_SPOT', 'BINANCE_FUTURES']);
    expect(cfg.dataClients.BINANCE_FUTURES).toStrictEqual(
      BinanceDataClientConfig.parse({ type: 'BINANCE', accountType: 'USDT_FUTURE' }),
    );
    const futures = cfg.execClients.BINANCE_FUTURES;
    expect(futures?.type).toBe('BINANCE');
    if (futures?.type !== 'BINANCE') throw new Error('unreachable');
    // The union narrows on `type`: Binance exec settings are reachable with their defaults.
    expect(futures.accountType).toBe('USDT_FUTURE');
    expect(futures.venue).toBe('BINANCE');
    expect(futures.recvWindowMs).toBe(5_000);
    expect(futures.useReduceOnly).toBe(true);
    expect(futures.usePositionIds).toBe(true);
    expect(cfg.execClients.BINANCE_SPOT).toStrictEqual(
      BinanceExecClientConfig.parse({ type: 'BINANCE', accountType: 'SPOT' }),
    );
  });

  it('the cache database example', () => {
    const cfg = parseConfig(TradingNodeConfig, {
      cache: {
        database: { host: 'localhost', port: 6379, username: 'nautilus', password: 'pass', timeout: 2.0 },
        encoding: 'msgpack',
        timestampsAsIso8601: true,
        bufferIntervalMs: 100,
        flushOnStart: false,
      },
    });
    expect(cfg.cache.database).toStrictEqual({
      type: 'redis',
      host: 'localhost',
      port: 6379,
      username: 'nautilus',
      password: 'pass',
      ssl: false,
      timeout: 2.0,
    });
    expect(cfg.cache.bufferIntervalMs).toBe(100);
    expect(cfg.cache.timestampsAsIso8601).toBe(true);
  });

  it('the message bus example', () => {
    const cfg = parseConfig(TradingNodeConfig, {
      messageBus: {
        database: { timeout: 2 },
        timestampsAsIso8601: true,
        useInstanceId: false,
        typesFilter: ['QuoteTick', 'TradeTick'],
        streamPerTopic: false,
        autotrimMins: 30,
        heartbeatIntervalSecs: 1,
      },
    });
    expect(cfg.messageBus.database).toStrictEqual({
      type: 'redis',
      host: 'localhost',
      port: 6379,
      username: null,
      password: null,
      ssl: false,
      timeout: 2,
    });
    expect(cfg.messageBus.typesFilter).toEqual(['QuoteTick', 'TradeTick']);
    expect(cfg.messageBus.autotrimMins).toBe(30);
    expect(cfg.messageBus.heartbeatIntervalSecs).toBe(1);
    expect(cfg.messageBus.streamsPrefix).toBe('stream');
  });
});

/** A config with a non-default value nearly everywhere. */
const FULL: TradingNodeConfigInput = {
  traderId: 'Full-042',
  instanceId: '6f1c2a3e-0d1b-4c5e-9f00-123456789abc',
  timeoutConnection: 12.5,
  timeoutReconciliation: 60,
  timeoutPortfolio: 3,
  timeoutDisconnection: 4,
  timeoutPostStop: 0.5,
  cache: {
    database: {
      host: 'redis.internal',
      port: 6380,
      username: 'kairos',
      password: 'p w',
      ssl: true,
      timeout: 0.25,
    },
    encoding: 'json',
    timestampsAsIso8601: true,
    bufferIntervalMs: 100,
    flushOnStart: true,
    tickCapacity: 5,
    barCapacity: 6,
  },
  messageBus: {
    database: { port: 6381 },
    typesFilter: ['QuoteTick'],
    externalStreams: ['stream:trader-OTHER-001'],
    streamPerTopic: true,
    autotrimMins: 30,
    heartbeatIntervalSecs: 1,
  },
  dataEngine: { externalClients: ['BINANCE_SPOT'], timeBarsIntervalType: 'right-open', qsize: 10 },
  riskEngine: {
    maxOrderSubmitRate: '10/00:00:01',
    maxOrderModifyRate: '5/00:01:00',
    maxNotionalPerOrder: { 'BTCUSDT.BINANCE': '100000', 'ETHUSDT-PERP.BINANCE': '2500.50' },
  },
  execEngine: {
    reconciliationLookbackMins: 1440,
    reconciliationInstrumentIds: ['BTCUSDT.BINANCE'],
    filteredClientOrderIds: ['O-20260101-000000-001-001-1'],
    filterUnclaimedExternalOrders: true,
    inflightCheckIntervalMs: 500,
    inflightCheckThresholdMs: 1000,
    inflightCheckRetries: 0,
    openCheckIntervalSecs: 7.5,
    openCheckOpenOnly: false,
    ownBooksAuditIntervalSecs: 30,
    snapshotPositions: true,
    snapshotPositionsIntervalSecs: 60,
    purgeClosedOrdersIntervalMins: 15,
    purgeClosedOrdersBufferMins: 60,
    purgeClosedPositionsIntervalMins: 15,
    purgeClosedPositionsBufferMins: 0,
    purgeAccountEventsIntervalMins: 15,
    purgeAccountEventsLookbackMins: 60,
    purgeFromDatabase: true,
    qsize: 1,
  },
  portfolio: { useMarkPrices: true },
  dataClients: {
    BINANCE_SPOT: { type: 'BINANCE', baseUrlHttp: 'http://127.0.0.1:8080', baseUrlWs: 'ws://127.0.0.1:8081' },
    SIM: { type: 'MOCK' },
  },
  execClients: {
    BINANCE_FUTURES: {
      type: 'BINANCE',
      accountType: 'USDT_FUTURE',
      apiKey: 'k',
      apiSecret: 's',
      testnet: true,
    },
  },
  strategies: [
    {
      strategyPath: './examples/ema-cross.js:EmaCross',
      config: { strategyId: 'EMACross-001', externalOrderClaims: ['BTCUSDT.BINANCE'], fastPeriod: 10 },
    },
  ],
  loggingLevel: 'DEBUG',
};

describe('serialisation', () => {
  it.each([
    ['defaults', {}],
    ['a config with a non-default value nearly everywhere', FULL],
  ])('%s: a parsed config survives a JSON round trip unchanged', (_name, input) => {
    const cfg = parseConfig(TradingNodeConfig, input);
    const again = parseConfig(TradingNodeConfig, JSON.parse(JSON.stringify(cfg)));
    expect(again).toStrictEqual(cfg);
  });

  it('has a JSON Schema of its input, for editors (no transforms anywhere)', () => {
    const schema = z.toJSONSchema(TradingNodeConfig, { io: 'input' }) as {
      properties: Record<string, unknown>;
      additionalProperties: unknown;
    };
    expect(Object.keys(schema.properties)).toEqual(Object.keys(TradingNodeConfig.parse({})));
    expect(schema.additionalProperties).toBe(false);
  });

  it('parsing is idempotent: a parsed config parses to itself', () => {
    const cfg = parseConfig(TradingNodeConfig, FULL);
    expect(parseConfig(TradingNodeConfig, cfg)).toStrictEqual(cfg);
  });

  it("keeps a strategy's settings as given, for its class to check and default", () => {
    const cfg = parseConfig(TradingNodeConfig, FULL);
    expect(cfg.strategies[0]?.config).toStrictEqual({
      strategyId: 'EMACross-001',
      externalOrderClaims: ['BTCUSDT.BINANCE'],
      fastPeriod: 10,
    });
  });
});

describe('checks between strategies', () => {
  const strategy = (config: Record<string, unknown>) => ({ strategyPath: './s.js:S', config });

  it('refuses two strategies with one strategy id, naming both', () => {
    const r = safeParseConfig(TradingNodeConfig, {
      strategies: [
        strategy({ strategyId: 'A-001' }),
        strategy({ strategyId: 'B-001' }),
        strategy({ strategyId: 'A-001' }),
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.details?.issues).toEqual([
      {
        path: 'strategies[2].config.strategyId',
        message: "duplicate strategy id 'A-001' (also strategies[0])",
      },
    ]);
  });

  it('refuses two strategies with one order id tag', () => {
    const r = safeParseConfig(TradingNodeConfig, {
      strategies: [strategy({ orderIdTag: '001' }), strategy({ orderIdTag: '001' })],
    });
    expect(r.ok ? '' : r.error.message).toContain(
      "strategies[1].config.orderIdTag: duplicate order id tag '001'",
    );
  });

  it('refuses an instrument claimed by two strategies', () => {
    const r = safeParseConfig(TradingNodeConfig, {
      strategies: [
        strategy({ externalOrderClaims: ['BTCUSDT.BINANCE', 'ETHUSDT.BINANCE'] }),
        strategy({ externalOrderClaims: ['ETHUSDT.BINANCE'] }),
      ],
    });
    expect(r.ok ? '' : r.error.message).toContain(
      "strategies[1].config.externalOrderClaims[0]: 'ETHUSDT.BINANCE' is already claimed by strategies[0]",
    );
  });

  it('accepts strategies with null ids and tags (the node derives them), and distinct claims', () => {
    const r = safeParseConfig(TradingNodeConfig, {
      strategies: [
        strategy({ externalOrderClaims: ['BTCUSDT.BINANCE'] }),
        strategy({ externalOrderClaims: ['ETHUSDT.BINANCE'] }),
        strategy({}),
      ],
    });
    expect(r.ok).toBe(true);
  });

  it('accepts a data client with no execution client of that name, and the reverse', () => {
    const r = safeParseConfig(TradingNodeConfig, {
      dataClients: { BINANCE_SPOT: { type: 'BINANCE' } },
      execClients: { SIM: { type: 'MOCK' } },
    });
    expect(r.ok).toBe(true);
  });
});

describe('types', () => {
  it('infers the parsed shape: nullable settings are `T | null`, never optional', () => {
    type Cfg = TradingNodeConfig;
    expectTypeOf<Cfg['execEngine']['reconciliationLookbackMins']>().toEqualTypeOf<number | null>();
    expectTypeOf<Cfg['execEngine']['filteredClientOrderIds']>().toEqualTypeOf<string[] | null>();
    expectTypeOf<Cfg['cache']['encoding']>().toEqualTypeOf<'msgpack' | 'json'>();
    expectTypeOf<Cfg['traderId']>().toEqualTypeOf<string>();
    expectTypeOf<Cfg['dataClients']>().toEqualTypeOf<
      Record<string, import('../../ts/config/index.js').DataClientConfig>
    >();
  });

  it('accepts a partial input', () => {
    expectTypeOf<{ execEngine: { qsize: number } }>().toExtend<TradingNodeConfigInput>();
    expectTypeOf<Record<string, never>>().toExtend<TradingNodeConfigInput>();
  });
});
