import { describe, expect, it } from 'vitest';

import {
  BinanceDataClientConfig,
  BinanceExecClientConfig,
  DataClientConfig,
  ExecClientConfig,
  resolveBinanceCredentials,
  safeParseConfig,
} from '../../ts/config/index.js';
import { KairosError } from '../../ts/model/errors.js';

const COMMON_DEFAULTS = {
  type: 'BINANCE',
  venue: 'BINANCE',
  accountType: 'SPOT',
  apiKey: null,
  apiSecret: null,
  keyType: 'HMAC',
  testnet: false,
  us: false,
  baseUrlHttp: null,
  baseUrlWs: null,
  maxRetries: 3,
  retryDelayMs: 1_000,
};

describe('Binance client configs', () => {
  it('data client defaults', () => {
    expect(BinanceDataClientConfig.parse({ type: 'BINANCE' })).toStrictEqual({
      ...COMMON_DEFAULTS,
      updateInstrumentsIntervalMins: 60,
      useAggTradeTicks: false,
    });
  });

  it('exec client defaults', () => {
    expect(BinanceExecClientConfig.parse({ type: 'BINANCE' })).toStrictEqual({
      ...COMMON_DEFAULTS,
      recvWindowMs: 5_000,
      useReduceOnly: true,
      usePositionIds: true,
    });
  });

  it('the unions pick the member by type', () => {
    expect(DataClientConfig.parse({ type: 'MOCK' })).toStrictEqual({ type: 'MOCK', venue: 'SIM' });
    expect(ExecClientConfig.parse({ type: 'MOCK', venue: 'BINANCE' })).toStrictEqual({
      type: 'MOCK',
      venue: 'BINANCE',
    });
    expect(ExecClientConfig.parse({ type: 'BINANCE' })).toStrictEqual(
      BinanceExecClientConfig.parse({ type: 'BINANCE' }),
    );
  });

  it('points at the local venue through base URLs', () => {
    const r = safeParseConfig(ExecClientConfig, {
      type: 'BINANCE',
      baseUrlHttp: 'http://127.0.0.1:18080',
      baseUrlWs: 'ws://127.0.0.1:18081/ws',
    });
    expect(r.ok).toBe(true);
  });

  it.each(['SPOT', 'MARGIN', 'USDT_FUTURE', 'COIN_FUTURE'])('accepts account type %s', (accountType) => {
    expect(safeParseConfig(BinanceExecClientConfig, { type: 'BINANCE', accountType }).ok).toBe(true);
  });

  const refused: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
    ['an API key without its secret', { apiKey: 'k' }, 'apiSecret: set apiKey and apiSecret together'],
    ['an API secret without its key', { apiSecret: 's' }, 'apiKey: set apiKey and apiSecret together'],
    ['an empty API key', { apiKey: '', apiSecret: 's' }, 'apiKey: must not be empty'],
    [
      'testnet with a base URL',
      { testnet: true, baseUrlHttp: 'http://localhost:1' },
      'testnet: testnet and a base URL override are exclusive',
    ],
    [
      'Binance.US futures',
      { us: true, accountType: 'USDT_FUTURE' },
      'accountType: Binance.US (us: true) has no futures',
    ],
    ['Binance.US testnet', { us: true, testnet: true }, 'testnet: Binance.US (us: true) has no testnet'],
    [
      'a WebSocket URL for REST',
      { baseUrlHttp: 'wss://x' },
      "baseUrlHttp: scheme must be 'http' or 'https', not 'wss'",
    ],
    [
      'an HTTP URL for WebSocket',
      { baseUrlWs: 'https://x' },
      "baseUrlWs: scheme must be 'ws' or 'wss', not 'https'",
    ],
    ['a URL that is not one', { baseUrlHttp: 'localhost:8080/api' }, 'baseUrlHttp:'],
    ['a recv window over 60000', { recvWindowMs: 60_001 }, 'recvWindowMs: must be at most 60000'],
    ['a zero recv window', { recvWindowMs: 0 }, 'recvWindowMs: must be positive'],
    ['negative retries', { maxRetries: -1 }, 'maxRetries: must not be negative'],
    ['a zero retry delay', { retryDelayMs: 0 }, 'retryDelayMs: must be positive'],
    ['an unknown key type', { keyType: 'RSA' }, "keyType: must be one of 'HMAC', 'ED25519'"],
  ];
  it.each(refused)('refuses %s', (_name, settings, message) => {
    const r = safeParseConfig(BinanceExecClientConfig, { type: 'BINANCE', ...settings });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain(message);
    expect(r.error.details?.issues).toHaveLength(1);
  });

  it('accepts a multi-line Ed25519 private key as the secret', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';
    const r = safeParseConfig(BinanceExecClientConfig, {
      type: 'BINANCE',
      keyType: 'ED25519',
      apiKey: 'k',
      apiSecret: pem,
    });
    expect(r.ok).toBe(true);
  });

  it('refuses a data client update interval of zero, accepts null (load once)', () => {
    expect(
      safeParseConfig(BinanceDataClientConfig, { type: 'BINANCE', updateInstrumentsIntervalMins: 0 }).ok,
    ).toBe(false);
    expect(
      safeParseConfig(BinanceDataClientConfig, { type: 'BINANCE', updateInstrumentsIntervalMins: null }).ok,
    ).toBe(true);
  });
});

describe('resolveBinanceCredentials', () => {
  const none = BinanceExecClientConfig.parse({ type: 'BINANCE' });
  const own = BinanceExecClientConfig.parse({ type: 'BINANCE', apiKey: 'cfg-key', apiSecret: 'cfg-secret' });
  const ENV = { BINANCE_API_KEY: 'env-key', BINANCE_API_SECRET: 'env-secret' };

  it("uses the config's own credentials first", () => {
    expect(resolveBinanceCredentials(own, ENV)).toEqual({ apiKey: 'cfg-key', apiSecret: 'cfg-secret' });
  });

  it('falls back to BINANCE_API_KEY / BINANCE_API_SECRET at build time', () => {
    expect(resolveBinanceCredentials(none, ENV)).toEqual({ apiKey: 'env-key', apiSecret: 'env-secret' });
  });

  it('is null when neither the config nor the environment has them', () => {
    expect(resolveBinanceCredentials(none, {})).toBeNull();
    expect(resolveBinanceCredentials(none, { BINANCE_API_KEY: '', BINANCE_API_SECRET: '' })).toBeNull();
  });

  it('refuses half a pair in the environment, naming the missing variable only', () => {
    let err: unknown;
    try {
      resolveBinanceCredentials(none, { BINANCE_API_KEY: 'env-key' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KairosError);
    expect((err as KairosError).code).toBe('MISSING_CREDENTIALS');
    expect((err as KairosError).message).toBe('BINANCE_API_SECRET is not set while its pair is');
  });

  it('parsing never reads the environment', () => {
    const before = process.env.BINANCE_API_KEY;
    process.env.BINANCE_API_KEY = 'from-env';
    process.env.BINANCE_API_SECRET = 'from-env';
    try {
      const cfg = BinanceExecClientConfig.parse({ type: 'BINANCE' });
      expect(cfg.apiKey).toBeNull();
      expect(cfg.apiSecret).toBeNull();
      expect(resolveBinanceCredentials(cfg)).toEqual({ apiKey: 'from-env', apiSecret: 'from-env' });
    } finally {
      if (before === undefined) delete process.env.BINANCE_API_KEY;
      else process.env.BINANCE_API_KEY = before;
      delete process.env.BINANCE_API_SECRET;
    }
  });
});
