import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

import {
  ImportableStrategyConfig,
  parseConfig,
  StrategyConfig,
  safeParseConfig,
} from '../../ts/config/index.js';

describe('StrategyConfig', () => {
  it("has the spec's settings and defaults", () => {
    expect(StrategyConfig.parse({})).toStrictEqual({
      strategyId: null,
      orderIdTag: null,
      omsType: null,
      useUuidClientOrderIds: false,
      externalOrderClaims: null,
      manageContingentOrders: false,
      manageGtdExpiry: false,
    });
  });

  it('accepts every setting', () => {
    expect(
      StrategyConfig.parse({
        strategyId: 'EMACross-001',
        orderIdTag: '001',
        omsType: 'HEDGING',
        useUuidClientOrderIds: true,
        externalOrderClaims: ['BTCUSDT.BINANCE', 'ETHUSDT-PERP.BINANCE'],
        manageContingentOrders: true,
        manageGtdExpiry: true,
      }).externalOrderClaims,
    ).toEqual(['BTCUSDT.BINANCE', 'ETHUSDT-PERP.BINANCE']);
  });

  it('refuses unknown keys', () => {
    expect(() => parseConfig(StrategyConfig, { fastPeriod: 10 })).toThrow('fastPeriod: unknown setting');
  });

  describe('extended with user settings', () => {
    const EmaCrossConfig = StrategyConfig.extend({
      instrumentId: z.string(),
      fastPeriod: z.int().positive().default(10),
      slowPeriod: z.int().positive().default(20),
    });

    it('keeps the base defaults and adds its own', () => {
      expect(
        parseConfig(EmaCrossConfig, { instrumentId: 'BTCUSDT.BINANCE', manageGtdExpiry: true }),
      ).toStrictEqual({
        ...StrategyConfig.parse({}),
        manageGtdExpiry: true,
        instrumentId: 'BTCUSDT.BINANCE',
        fastPeriod: 10,
        slowPeriod: 20,
      });
    });

    it('stays strict and checks base and own settings in one error', () => {
      const r = safeParseConfig(EmaCrossConfig, { fastPeriod: 0, strategyId: 'x', extra: 1 });
      expect(r.ok ? [] : r.error.details?.issues).toEqual([
        { path: 'strategyId', message: "invalid StrategyId 'x': must be in the name-tag format 'NAME-TAG'" },
        { path: 'instrumentId', message: 'is required' },
        { path: 'fastPeriod', message: 'must be positive' },
        { path: 'extra', message: 'unknown setting' },
      ]);
    });

    it('infers the extended type', () => {
      type EmaCrossConfig = z.infer<typeof EmaCrossConfig>;
      expectTypeOf<EmaCrossConfig['fastPeriod']>().toEqualTypeOf<number>();
      expectTypeOf<EmaCrossConfig['strategyId']>().toEqualTypeOf<string | null>();
      expectTypeOf<EmaCrossConfig['omsType']>().toEqualTypeOf<'UNSPECIFIED' | 'NETTING' | 'HEDGING' | null>();
    });
  });
});

describe('ImportableStrategyConfig', () => {
  it('checks the base settings without filling their defaults, and keeps the strategy own ones', () => {
    // The class's own schema defaults them (it may default a base setting otherwise: the market
    // maker example manages its contingent orders by default).
    expect(
      ImportableStrategyConfig.parse({
        strategyPath: './ema.js:EmaCross',
        config: { fastPeriod: 5, omsType: 'NETTING' },
      }),
    ).toStrictEqual({ strategyPath: './ema.js:EmaCross', config: { fastPeriod: 5, omsType: 'NETTING' } });
    const bad = safeParseConfig(ImportableStrategyConfig, {
      strategyPath: './ema.js:EmaCross',
      config: { manageContingentOrders: 'yes' },
    });
    expect(bad.ok).toBe(false);
  });

  it('defaults config to an empty object', () => {
    expect(ImportableStrategyConfig.parse({ strategyPath: 'pkg:S' }).config).toStrictEqual({});
  });

  it.each(['C:\\strategies\\ema.js:EmaCross', '@scope/pkg/ema:EmaCross', './a:b:Ema_2'])(
    'accepts the path %s',
    (p) => {
      expect(safeParseConfig(ImportableStrategyConfig, { strategyPath: p }).ok).toBe(true);
    },
  );

  it.each(['ema.js', ':EmaCross', './ema.js:', './ema.js:Ema-Cross'])('refuses the path %s', (p) => {
    expect(safeParseConfig(ImportableStrategyConfig, { strategyPath: p }).ok).toBe(false);
  });
});
