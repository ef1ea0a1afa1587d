import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import {
  configIssues,
  formatPath,
  parseConfig,
  safeParseConfig,
  TradingNodeConfig,
} from '../../ts/config/index.js';
import { KairosError } from '../../ts/model/errors.js';

/** A config with one problem in each of several places. */
const BROKEN = {
  traderId: 'nohyphen',
  timeoutConnection: -1,
  execEngine: { inflightCheckIntervalMs: 0, purgeClosedOrdersBufferMins: 60 },
  dataClients: { BINANCE_SPOT: { type: 'BINANCE', apiKey: 'abc' } },
  strategies: [{ strategyPath: 'm:S', config: { strategyId: 'ema' } }],
  typo: true,
};

describe('parseConfig', () => {
  it('throws one KairosError INVALID_CONFIG that lists every problem with its dot-path', () => {
    let caught: unknown;
    try {
      parseConfig(TradingNodeConfig, BROKEN);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KairosError);
    const err = caught as KairosError;
    expect(err.code).toBe('INVALID_CONFIG');
    expect(err.message).toBe(
      [
        'invalid config (7 problems):',
        "  traderId: invalid TraderId 'nohyphen': must be in the name-tag format 'NAME-TAG'",
        '  timeoutConnection: must be positive',
        '  execEngine.inflightCheckIntervalMs: must be positive',
        '  execEngine.purgeClosedOrdersBufferMins: has no effect without purgeClosedOrdersIntervalMins: set both, or neither',
        '  dataClients.BINANCE_SPOT.apiSecret: set apiKey and apiSecret together, or neither (to read them from the environment)',
        "  strategies[0].config.strategyId: invalid StrategyId 'ema': must be in the name-tag format 'NAME-TAG'",
        '  typo: unknown setting',
      ].join('\n'),
    );
    expect(err.details?.issues).toHaveLength(7);
  });

  it('says "1 problem" for one', () => {
    expect(() => parseConfig(TradingNodeConfig, { timeoutPostStop: 0 })).toThrow(
      'invalid config (1 problem):\n  timeoutPostStop: must be positive',
    );
  });

  it('returns the parsed config with defaults when there is no problem', () => {
    expect(parseConfig(TradingNodeConfig, { traderId: 'ME-1' }).timeoutConnection).toBe(30);
  });

  it('works with any schema, including a user-extended one', () => {
    const Schema = z.strictObject({ n: z.int().positive().default(1) });
    expect(parseConfig(Schema, {})).toEqual({ n: 1 });
    expect(() => parseConfig(Schema, { n: -2 })).toThrow('n: must be positive');
  });
});

describe('safeParseConfig', () => {
  it('returns { ok: true, value } for a good config', () => {
    const r = safeParseConfig(TradingNodeConfig, {});
    expect(r).toEqual({ ok: true, value: TradingNodeConfig.parse({}) });
  });

  it('returns { ok: false, error } with the same error parseConfig throws, and never throws', () => {
    const r = safeParseConfig(TradingNodeConfig, BROKEN);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(KairosError);
    expect(() => parseConfig(TradingNodeConfig, BROKEN)).toThrow(r.error.message);
    for (const input of [null, 42, 'config', [], { cache: 'no' }]) {
      expect(safeParseConfig(TradingNodeConfig, input).ok).toBe(false);
    }
  });

  it('puts every problem in details.issues as { path, message }', () => {
    const r = safeParseConfig(TradingNodeConfig, { execEngine: { qsize: 0, inflightCheckRetries: -1 } });
    expect(r.ok ? [] : r.error.details?.issues).toEqual([
      { path: 'execEngine.inflightCheckRetries', message: 'must not be negative' },
      { path: 'execEngine.qsize', message: 'must be positive' },
    ]);
  });

  it('reports problems of different objects together, cross-field checks included', () => {
    const r = safeParseConfig(TradingNodeConfig, {
      cache: { encoding: 5 },
      execEngine: { snapshotPositionsIntervalSecs: 5 },
      execClients: { B: { type: 'BINANCE', accountType: 'NOPE', apiSecret: 's' } },
    });
    expect(r.ok ? [] : r.error.details?.issues).toEqual([
      { path: 'cache.encoding', message: "must be one of 'msgpack', 'json'" },
      {
        path: 'execEngine.snapshotPositionsIntervalSecs',
        message: 'has no effect while snapshotPositions is false',
      },
      {
        path: 'execClients.B.accountType',
        message: "must be one of 'SPOT', 'MARGIN', 'USDT_FUTURE', 'COIN_FUTURE'",
      },
      {
        path: 'execClients.B.apiKey',
        message: 'set apiKey and apiSecret together, or neither (to read them from the environment)',
      },
    ]);
  });
});

describe('formatPath', () => {
  it.each([
    [[], '(root)'],
    [['traderId'], 'traderId'],
    [['execEngine', 'qsize'], 'execEngine.qsize'],
    [['strategies', 0, 'config', 'strategyId'], 'strategies[0].config.strategyId'],
    [['dataClients', 'BINANCE_SPOT', 'apiKey'], 'dataClients.BINANCE_SPOT.apiKey'],
    [
      ['riskEngine', 'maxNotionalPerOrder', 'BTCUSDT.BINANCE'],
      'riskEngine.maxNotionalPerOrder["BTCUSDT.BINANCE"]',
    ],
    [['execClients', 'bad name'], 'execClients["bad name"]'],
    [['a', 1, 2], 'a[1][2]'],
    [['2x'], '["2x"]'],
  ] as const)('%j -> %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('configIssues', () => {
  it('flattens a ZodError from a plain parse', () => {
    const r = TradingNodeConfig.safeParse({ x: 1, y: 2, timeoutPostStop: 0 });
    expect(r.success).toBe(false);
    if (r.success) return;
    const issues = configIssues(r.error);
    expect(issues.map((i) => i.path)).toEqual(['timeoutPostStop', 'x', 'y']);
  });
});
