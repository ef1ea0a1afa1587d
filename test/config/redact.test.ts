import { describe, expect, it } from 'vitest';

import { parseConfig, redactConfig, safeParseConfig, TradingNodeConfig } from '../../ts/config/index.js';
import { isSecretKey, REDACTED } from '../../ts/config/redact.js';

const PASSWORD = 'hunter2-cache';
const BUS_PASSWORD = 'hunter2-bus';
const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const API_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

const cfg = parseConfig(TradingNodeConfig, {
  cache: { database: { username: 'kairos', password: PASSWORD } },
  messageBus: { database: { password: BUS_PASSWORD } },
  execClients: { BINANCE_SPOT: { type: 'BINANCE', apiKey: API_KEY, apiSecret: API_SECRET } },
  dataClients: { BINANCE_SPOT: { type: 'BINANCE' } },
});

describe('redactConfig', () => {
  const red = redactConfig(cfg);
  const text = JSON.stringify(red);

  it("masks with the logger's mask", () => {
    expect(REDACTED).toBe('[REDACTED]');
  });

  it('masks every password, API key and API secret', () => {
    for (const secret of [PASSWORD, BUS_PASSWORD, API_KEY, API_SECRET]) expect(text).not.toContain(secret);
    expect(red.cache.database?.password).toBe(REDACTED);
    expect(red.messageBus.database?.password).toBe(REDACTED);
    const spot = red.execClients.BINANCE_SPOT;
    expect(spot?.type === 'BINANCE' && [spot.apiKey, spot.apiSecret]).toEqual([REDACTED, REDACTED]);
  });

  it('keeps unset secrets as null, so a log still tells set from unset', () => {
    const data = red.dataClients.BINANCE_SPOT;
    expect(data?.type === 'BINANCE' && [data.apiKey, data.apiSecret]).toEqual([null, null]);
  });

  it('keeps everything else as it was', () => {
    expect(red.cache.database?.username).toBe('kairos');
    expect({
      ...red,
      cache: cfg.cache,
      messageBus: cfg.messageBus,
      execClients: cfg.execClients,
    }).toStrictEqual(cfg);
  });

  it('does not change its input', () => {
    expect(cfg.cache.database?.password).toBe(PASSWORD);
    const spot = cfg.execClients.BINANCE_SPOT;
    expect(spot?.type === 'BINANCE' && spot.apiSecret).toBe(API_SECRET);
  });

  it('masks secrets inside arrays and unknown shapes', () => {
    expect(
      redactConfig({ list: [{ token: 't', n: 1 }], nested: { privateKey: 'pk', passphrase: 'pp' } }),
    ).toEqual({
      list: [{ token: REDACTED, n: 1 }],
      nested: { privateKey: REDACTED, passphrase: REDACTED },
    });
  });

  it.each([
    ['password', true],
    ['apiKey', true],
    ['apiSecret', true],
    ['clientSecret', true],
    ['authToken', true],
    ['api_key', true],
    ['X-MBX-APIKEY', true],
    ['PASSWORD', true],
    ['username', false],
    ['host', false],
    ['tokenCount', false],
    ['keyType', false],
  ])('isSecretKey(%s) is %s', (key, expected) => {
    expect(isSecretKey(key)).toBe(expected);
  });
});

describe('error messages never contain a secret', () => {
  it('a bad secret setting is named, its value is not', () => {
    const r = safeParseConfig(TradingNodeConfig, {
      cache: { database: { password: 12345678, pasword: PASSWORD } },
      execClients: { B: { type: 'BINANCE', apiKey: API_KEY, apiSecret: '' } },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain('cache.database.password: must be a string, not a number');
    expect(r.error.message).toContain('cache.database.pasword: unknown setting');
    expect(r.error.message).toContain('execClients.B.apiSecret: must not be empty');
    for (const secret of [PASSWORD, API_KEY, '12345678']) expect(r.error.message).not.toContain(secret);
    expect(JSON.stringify(r.error.details)).not.toContain(API_KEY);
  });
});
