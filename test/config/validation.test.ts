/**
 * What a trading node config refuses: unknown keys, wrong types and impossible values, each
 * reported at its path with a message that says why.
 */
import { describe, expect, it } from 'vitest';

import { type ConfigIssue, safeParseConfig, TradingNodeConfig } from '../../ts/config/index.js';

function issuesOf(input: unknown): readonly ConfigIssue[] {
  const r = safeParseConfig(TradingNodeConfig, input);
  if (r.ok) return [];
  expect(r.error.code).toBe('INVALID_CONFIG');
  return r.error.details?.issues as ConfigIssue[];
}

interface Case {
  readonly name: string;
  readonly input: Record<string, unknown>;
  readonly path: string;
  /** The message, or a part of it. */
  readonly message: string;
}

function expectRefused({ input, path, message }: Case): void {
  const issues = issuesOf(input);
  expect(issues, `no issue at ${path}: ${JSON.stringify(issues)}`).toContainEqual({
    path,
    message: expect.stringContaining(message),
  });
  // The case is refused for the reason named, and for nothing else.
  expect(issues).toHaveLength(1);
}

describe('unknown keys are refused, each at its own path', () => {
  const cases: Case[] = [
    { name: 'at the root', input: { traderID: 'X-1' }, path: 'traderID', message: 'unknown setting' },
    {
      name: 'in the cache',
      input: { cache: { flushOnStartup: true } },
      path: 'cache.flushOnStartup',
      message: 'unknown setting',
    },
    {
      name: 'in a database',
      input: { cache: { database: { url: 'redis://x' } } },
      path: 'cache.database.url',
      message: 'unknown setting',
    },
    {
      name: 'snake_case spelling of a spec setting',
      input: { execEngine: { inflight_check_interval_ms: 100 } },
      path: 'execEngine.inflight_check_interval_ms',
      message: 'unknown setting',
    },
    {
      name: 'in a Binance client',
      input: { execClients: { BINANCE_SPOT: { type: 'BINANCE', apiSekret: 'x' } } },
      path: 'execClients.BINANCE_SPOT.apiSekret',
      message: 'unknown setting',
    },
    {
      name: 'a Binance setting in a mock client',
      input: { dataClients: { SIM: { type: 'MOCK', testnet: true } } },
      path: 'dataClients.SIM.testnet',
      message: 'unknown setting',
    },
    {
      name: 'an exec-only setting in a data client',
      input: { dataClients: { BINANCE_SPOT: { type: 'BINANCE', recvWindowMs: 5000 } } },
      path: 'dataClients.BINANCE_SPOT.recvWindowMs',
      message: 'unknown setting',
    },
    {
      name: 'beside a strategy config',
      input: { strategies: [{ strategyPath: './s.js:S', confg: {} }] },
      path: 'strategies[0].confg',
      message: 'unknown setting',
    },
  ];
  it.each(cases)('$name', expectRefused);

  it('lists several unknown keys of one object one per line', () => {
    expect(issuesOf({ riskEngine: { a: 1, b: 2 } })).toEqual([
      { path: 'riskEngine.a', message: 'unknown setting' },
      { path: 'riskEngine.b', message: 'unknown setting' },
    ]);
  });
});

describe('wrong types are refused', () => {
  const cases: Case[] = [
    {
      name: 'a string for a number',
      input: { timeoutConnection: '30' },
      path: 'timeoutConnection',
      message: 'must be a number, not a string',
    },
    {
      name: 'a number for a boolean',
      input: { execEngine: { reconciliation: 1 } },
      path: 'execEngine.reconciliation',
      message: 'must be a boolean, not a number',
    },
    {
      name: 'a fraction for a whole number',
      input: { execEngine: { qsize: 1.5 } },
      path: 'execEngine.qsize',
      message: 'must be a whole number',
    },
    {
      name: 'a string for a list',
      input: { execEngine: { filteredClientOrderIds: 'O-1' } },
      path: 'execEngine.filteredClientOrderIds',
      message: 'must be an array, not a string',
    },
    {
      name: 'a list for an object',
      input: { cache: [] },
      path: 'cache',
      message: 'must be an object, not an array',
    },
    {
      name: 'a number in a list of ids',
      input: { execEngine: { reconciliationInstrumentIds: [1] } },
      path: 'execEngine.reconciliationInstrumentIds[0]',
      message: 'must be a string, not a number',
    },
    {
      name: 'null where null means nothing',
      input: { execEngine: { qsize: null } },
      path: 'execEngine.qsize',
      message: 'must be a number, not null',
    },
    {
      name: 'an unknown enum value',
      input: { cache: { encoding: 'protobuf' } },
      path: 'cache.encoding',
      message: "must be one of 'msgpack', 'json'",
    },
    {
      name: 'an unknown log level',
      input: { loggingLevel: 'info' },
      path: 'loggingLevel',
      message: "must be one of 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'SILENT'",
    },
    {
      name: 'an unknown OMS type',
      input: { strategies: [{ strategyPath: 'm:S', config: { omsType: 'NET' } }] },
      path: 'strategies[0].config.omsType',
      message: "must be one of 'UNSPECIFIED', 'NETTING', 'HEDGING'",
    },
    {
      name: 'Infinity',
      input: { timeoutPostStop: Number.POSITIVE_INFINITY },
      path: 'timeoutPostStop',
      message: 'must be a number, not Infinity',
    },
    {
      name: 'NaN',
      input: { timeoutPostStop: Number.NaN },
      path: 'timeoutPostStop',
      message: 'must be a number, not NaN',
    },
    {
      name: 'a client without a type',
      input: { dataClients: { BINANCE_SPOT: { accountType: 'SPOT' } } },
      path: 'dataClients.BINANCE_SPOT.type',
      message: "is required: one of 'BINANCE', 'MOCK'",
    },
    {
      name: 'a client of an unknown type',
      input: { execClients: { KRAKEN: { type: 'KRAKEN' } } },
      path: 'execClients.KRAKEN.type',
      message: "must be one of 'BINANCE', 'MOCK'",
    },
    {
      name: 'a Binance account type of another venue',
      input: { execClients: { B: { type: 'BINANCE', accountType: 'CASH' } } },
      path: 'execClients.B.accountType',
      message: "must be one of 'SPOT', 'MARGIN', 'USDT_FUTURE', 'COIN_FUTURE'",
    },
    {
      name: 'a strategy config that is not an object',
      input: { strategies: [{ strategyPath: 'm:S', config: 'fast' }] },
      path: 'strategies[0].config',
      message: 'must be an object, not a string',
    },
  ];
  it.each(cases)('$name', expectRefused);
});

describe('impossible values are refused with the reason', () => {
  const cases: Case[] = [
    // Timeouts and intervals
    {
      name: 'a zero timeout',
      input: { timeoutConnection: 0 },
      path: 'timeoutConnection',
      message: 'must be positive',
    },
    {
      name: 'a negative timeout',
      input: { timeoutReconciliation: -1 },
      path: 'timeoutReconciliation',
      message: 'must be positive',
    },
    {
      name: 'a zero in-flight interval',
      input: { execEngine: { inflightCheckIntervalMs: 0 } },
      path: 'execEngine.inflightCheckIntervalMs',
      message: 'must be positive',
    },
    {
      name: 'a negative in-flight threshold',
      input: { execEngine: { inflightCheckThresholdMs: -5 } },
      path: 'execEngine.inflightCheckThresholdMs',
      message: 'must be positive',
    },
    {
      name: 'negative retries',
      input: { execEngine: { inflightCheckRetries: -1 } },
      path: 'execEngine.inflightCheckRetries',
      message: 'must not be negative',
    },
    {
      name: 'a zero open-check interval',
      input: { execEngine: { openCheckIntervalSecs: 0 } },
      path: 'execEngine.openCheckIntervalSecs',
      message: 'must be positive',
    },
    {
      name: 'a negative own-books audit interval',
      input: { execEngine: { ownBooksAuditIntervalSecs: -10 } },
      path: 'execEngine.ownBooksAuditIntervalSecs',
      message: 'must be positive',
    },
    {
      name: 'a zero lookback',
      input: { execEngine: { reconciliationLookbackMins: 0 } },
      path: 'execEngine.reconciliationLookbackMins',
      message: 'must be positive',
    },
    {
      name: 'a zero purge interval',
      input: { execEngine: { purgeClosedOrdersIntervalMins: 0, purgeClosedOrdersBufferMins: 0 } },
      path: 'execEngine.purgeClosedOrdersIntervalMins',
      message: 'must be positive',
    },
    {
      name: 'a negative purge buffer',
      input: { execEngine: { purgeClosedOrdersIntervalMins: 10, purgeClosedOrdersBufferMins: -1 } },
      path: 'execEngine.purgeClosedOrdersBufferMins',
      message: 'must not be negative',
    },
    {
      name: 'a zero cache buffer interval',
      input: { cache: { bufferIntervalMs: 0 } },
      path: 'cache.bufferIntervalMs',
      message: 'must be positive',
    },
    {
      name: 'a zero heartbeat',
      input: { messageBus: { heartbeatIntervalSecs: 0 } },
      path: 'messageBus.heartbeatIntervalSecs',
      message: 'must be positive',
    },
    {
      name: 'a zero database timeout',
      input: { cache: { database: { timeout: 0 } } },
      path: 'cache.database.timeout',
      message: 'must be positive',
    },
    // Sizes
    {
      name: 'a zero exec queue',
      input: { execEngine: { qsize: 0 } },
      path: 'execEngine.qsize',
      message: 'must be positive',
    },
    {
      name: 'a zero data queue',
      input: { dataEngine: { qsize: 0 } },
      path: 'dataEngine.qsize',
      message: 'must be positive',
    },
    {
      name: 'a negative risk queue',
      input: { riskEngine: { qsize: -1 } },
      path: 'riskEngine.qsize',
      message: 'must be positive',
    },
    {
      name: 'a zero tick capacity',
      input: { cache: { tickCapacity: 0 } },
      path: 'cache.tickCapacity',
      message: 'must be positive',
    },
    // Ports
    {
      name: 'port 0',
      input: { cache: { database: { port: 0 } } },
      path: 'cache.database.port',
      message: 'must be at least 1',
    },
    {
      name: 'port 65536',
      input: { messageBus: { database: { port: 65_536 } } },
      path: 'messageBus.database.port',
      message: 'must be at most 65535',
    },
    {
      name: 'an empty host',
      input: { cache: { database: { host: '' } } },
      path: 'cache.database.host',
      message: 'must not be empty',
    },
    // Identifiers
    {
      name: 'a trader id not in name-tag format',
      input: { traderId: 'TRADER' },
      path: 'traderId',
      message: "invalid TraderId 'TRADER': must be in the name-tag format 'NAME-TAG'",
    },
    {
      name: 'a trader id with a trailing hyphen',
      input: { traderId: 'TRADER-' },
      path: 'traderId',
      message: 'name-tag',
    },
    {
      name: 'an instrument id without a venue',
      input: { execEngine: { reconciliationInstrumentIds: ['BTCUSDT'] } },
      path: 'execEngine.reconciliationInstrumentIds[0]',
      message: "invalid InstrumentId 'BTCUSDT': must be in the format 'SYMBOL.VENUE'",
    },
    {
      name: 'a claimed instrument id without a symbol',
      input: { strategies: [{ strategyPath: 'm:S', config: { externalOrderClaims: ['.BINANCE'] } }] },
      path: 'strategies[0].config.externalOrderClaims[0]',
      message: 'SYMBOL.VENUE',
    },
    {
      name: 'a client order id with a space',
      input: { execEngine: { filteredClientOrderIds: ['O 1'] } },
      path: 'execEngine.filteredClientOrderIds[0]',
      message: 'printable ASCII without whitespace',
    },
    {
      name: 'a strategy id not in name-tag format',
      input: { strategies: [{ strategyPath: 'm:S', config: { strategyId: 'ema' } }] },
      path: 'strategies[0].config.strategyId',
      message: 'name-tag',
    },
    {
      name: 'the reserved EXTERNAL strategy id',
      input: { strategies: [{ strategyPath: 'm:S', config: { strategyId: 'EXTERNAL' } }] },
      path: 'strategies[0].config.strategyId',
      message: "'EXTERNAL' is reserved",
    },
    {
      name: 'the reserved INTERNAL-DIFF strategy id',
      input: { strategies: [{ strategyPath: 'm:S', config: { strategyId: 'INTERNAL-DIFF' } }] },
      path: 'strategies[0].config.strategyId',
      message: "'INTERNAL-DIFF' is reserved",
    },
    {
      name: 'a client name with a space',
      input: { dataClients: { 'BINANCE SPOT': { type: 'MOCK' } } },
      path: 'dataClients["BINANCE SPOT"]',
      message: "invalid key: invalid ClientId 'BINANCE SPOT'",
    },
    {
      name: 'a venue with a dot',
      input: { dataClients: { SIM: { type: 'MOCK', venue: 'SIM.X' } } },
      path: 'dataClients.SIM.venue',
      message: "must not contain '.'",
    },
    // Lists
    {
      name: 'a duplicate filtered client order id',
      input: { execEngine: { filteredClientOrderIds: ['O-1', 'O-2', 'O-1'] } },
      path: 'execEngine.filteredClientOrderIds[2]',
      message: "duplicate client order id 'O-1' (also at [0])",
    },
    {
      name: 'a duplicate reconciliation instrument',
      input: { execEngine: { reconciliationInstrumentIds: ['A.X', 'A.X'] } },
      path: 'execEngine.reconciliationInstrumentIds[1]',
      message: "duplicate instrument id 'A.X'",
    },
    {
      name: 'an empty reconciliation include list',
      input: { execEngine: { reconciliationInstrumentIds: [] } },
      path: 'execEngine.reconciliationInstrumentIds',
      message: 'must not be empty (use null to reconcile every instrument)',
    },
    {
      name: 'a duplicate claim in one strategy',
      input: { strategies: [{ strategyPath: 'm:S', config: { externalOrderClaims: ['A.X', 'A.X'] } }] },
      path: 'strategies[0].config.externalOrderClaims[1]',
      message: "duplicate instrument id 'A.X'",
    },
    {
      name: 'a duplicate type in the bus filter',
      input: { messageBus: { typesFilter: ['QuoteTick', 'QuoteTick'] } },
      path: 'messageBus.typesFilter[1]',
      message: "duplicate type 'QuoteTick'",
    },
    {
      name: 'a bus filter entry that is not a type name',
      input: { messageBus: { typesFilter: ['quote tick'] } },
      path: 'messageBus.typesFilter[0]',
      message: 'must be a message type name',
    },
    {
      name: 'an empty streams prefix',
      input: { messageBus: { streamsPrefix: '' } },
      path: 'messageBus.streamsPrefix',
      message: 'must be non-empty',
    },
    // Settings refused together
    {
      name: 'a purge buffer without its interval',
      input: { execEngine: { purgeClosedOrdersBufferMins: 60 } },
      path: 'execEngine.purgeClosedOrdersBufferMins',
      message: 'has no effect without purgeClosedOrdersIntervalMins: set both, or neither',
    },
    {
      name: 'a purge interval without its buffer',
      input: { execEngine: { purgeClosedPositionsIntervalMins: 15 } },
      path: 'execEngine.purgeClosedPositionsIntervalMins',
      message: 'needs purgeClosedPositionsBufferMins too',
    },
    {
      name: 'an account-event lookback without its interval',
      input: { execEngine: { purgeAccountEventsLookbackMins: 60 } },
      path: 'execEngine.purgeAccountEventsLookbackMins',
      message: 'has no effect without purgeAccountEventsIntervalMins',
    },
    {
      name: 'an account-event interval without its lookback',
      input: { execEngine: { purgeAccountEventsIntervalMins: 15 } },
      path: 'execEngine.purgeAccountEventsIntervalMins',
      message: 'needs purgeAccountEventsLookbackMins too',
    },
    {
      name: 'a position snapshot interval with snapshots off',
      input: { execEngine: { snapshotPositionsIntervalSecs: 60 } },
      path: 'execEngine.snapshotPositionsIntervalSecs',
      message: 'has no effect while snapshotPositions is false',
    },
    {
      name: 'external streams to read without a database to read them from',
      input: { messageBus: { externalStreams: ['trader-OTHER-001:stream'] } },
      path: 'messageBus.externalStreams',
      message: 'needs database',
    },
    // Risk
    {
      name: 'a bad rate limit',
      input: { riskEngine: { maxOrderSubmitRate: '100/1s' } },
      path: 'riskEngine.maxOrderSubmitRate',
      message: "is not a rate limit of the form 'N/HH:MM:SS'",
    },
    {
      name: 'a zero-interval rate limit',
      input: { riskEngine: { maxOrderModifyRate: '100/00:00:00' } },
      path: 'riskEngine.maxOrderModifyRate',
      message: 'must be longer than 00:00:00',
    },
    {
      name: 'a float notional',
      input: { riskEngine: { maxNotionalPerOrder: { 'BTCUSDT.BINANCE': 1000 } } },
      path: 'riskEngine.maxNotionalPerOrder["BTCUSDT.BINANCE"]',
      message: 'must be a string, not a number',
    },
    {
      name: 'a notional in exponent form',
      input: { riskEngine: { maxNotionalPerOrder: { 'BTCUSDT.BINANCE': '1e5' } } },
      path: 'riskEngine.maxNotionalPerOrder["BTCUSDT.BINANCE"]',
      message: "'1e5' is not a plain decimal",
    },
    {
      name: 'a zero notional',
      input: { riskEngine: { maxNotionalPerOrder: { 'BTCUSDT.BINANCE': '0.00' } } },
      path: 'riskEngine.maxNotionalPerOrder["BTCUSDT.BINANCE"]',
      message: 'must be positive',
    },
    {
      name: 'a negative notional',
      input: { riskEngine: { maxNotionalPerOrder: { 'BTCUSDT.BINANCE': '-5' } } },
      path: 'riskEngine.maxNotionalPerOrder["BTCUSDT.BINANCE"]',
      message: 'is not a plain decimal',
    },
    {
      name: 'a notional for something that is not an instrument id',
      input: { riskEngine: { maxNotionalPerOrder: { BTCUSDT: '5' } } },
      path: 'riskEngine.maxNotionalPerOrder.BTCUSDT',
      message: "invalid key: invalid InstrumentId 'BTCUSDT'",
    },
    // Strategies
    {
      name: 'a strategy path without an export',
      input: { strategies: [{ strategyPath: './ema-cross.js' }] },
      path: 'strategies[0].strategyPath',
      message: "must be 'module:ExportName'",
    },
  ];
  it.each(cases)('$name', expectRefused);
});

describe('values at the edge are accepted', () => {
  it.each([
    ['zero retries', { execEngine: { inflightCheckRetries: 0 } }],
    [
      'a zero purge buffer with its interval',
      { execEngine: { purgeClosedOrdersIntervalMins: 10, purgeClosedOrdersBufferMins: 0 } },
    ],
    [
      'a buffer shorter than its interval',
      { execEngine: { purgeClosedOrdersIntervalMins: 60, purgeClosedOrdersBufferMins: 10 } },
    ],
    ['snapshots on without an interval', { execEngine: { snapshotPositions: true } }],
    ['fractional seconds', { timeoutPostStop: 0.001, execEngine: { openCheckIntervalSecs: 0.5 } }],
    ['ports 1 and 65535', { cache: { database: { port: 1 } }, messageBus: { database: { port: 65_535 } } }],
    ['an empty filter list', { execEngine: { filteredClientOrderIds: [] } }],
    ['a symbol with a dot', { execEngine: { reconciliationInstrumentIds: ['BTC.USDT.BINANCE'] } }],
    ['a Redis password with spaces', { cache: { database: { password: 'correct horse battery staple' } } }],
  ])('%s', (_name, input) => {
    expect(issuesOf(input)).toEqual([]);
  });
});
