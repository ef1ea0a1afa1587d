import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { LiveRiskEngineConfig, parseRateLimit, safeParseConfig } from '../../ts/config/index.js';
import { KairosError } from '../../ts/model/errors.js';

const SEC = 1_000_000_000n;

describe('parseRateLimit', () => {
  it.each([
    ['100/00:00:01', 100, SEC],
    ['1/00:00:01', 1, SEC],
    ['10/00:01:00', 10, 60n * SEC],
    ['5/01:00:00', 5, 3600n * SEC],
    ['7/99:59:59', 7, (99n * 3600n + 59n * 60n + 59n) * SEC],
    ['250/00:00:10', 250, 10n * SEC],
  ] as const)('%s is %i per %d ns', (text, limit, intervalNs) => {
    expect(parseRateLimit(text)).toEqual({ limit, intervalNs });
  });

  it.each([
    ['', 'is not a rate limit'],
    ['100', 'is not a rate limit'],
    ['100/1s', 'is not a rate limit'],
    ['100/1', 'is not a rate limit'],
    ['100/0:00:01', 'is not a rate limit'],
    ['100/00:00:1', 'is not a rate limit'],
    ['100/00:00:01.5', 'is not a rate limit'],
    ['100/000:00:01', 'is not a rate limit'],
    ['-1/00:00:01', 'is not a rate limit'],
    ['1.5/00:00:01', 'is not a rate limit'],
    [' 100/00:00:01', 'is not a rate limit'],
    ['100/00:00:01 ', 'is not a rate limit'],
    ['100 / 00:00:01', 'is not a rate limit'],
    ['0/00:00:01', 'must be a whole number >= 1'],
    ['99999999999999999999/00:00:01', 'must be a whole number >= 1'],
    ['100/00:60:00', 'minutes and seconds must be 00 to 59'],
    ['100/00:00:60', 'minutes and seconds must be 00 to 59'],
    ['100/00:00:00', 'must be longer than 00:00:00'],
  ])('refuses %j (%s)', (text, reason) => {
    let err: unknown;
    try {
      parseRateLimit(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KairosError);
    expect((err as KairosError).code).toBe('INVALID_RATE_LIMIT');
    expect((err as KairosError).message).toContain(reason);
    expect((err as KairosError).message).toContain(`'${text}'`);
  });

  it('reads back every well-formed limit it is given (property)', () => {
    const pad = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        (limit, h, m, s) => {
          fc.pre(h + m + s > 0);
          const r = parseRateLimit(`${limit}/${pad(h)}:${pad(m)}:${pad(s)}`);
          expect(r.limit).toBe(limit);
          expect(r.intervalNs).toBe(BigInt(h * 3600 + m * 60 + s) * SEC);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('the risk engine config accepts exactly the strings parseRateLimit accepts (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{0,3}\/?[0-9]{0,3}:?[0-9]{0,2}:?[0-9]{0,2}$/), (text) => {
        let parses = true;
        try {
          parseRateLimit(text);
        } catch {
          parses = false;
        }
        expect(safeParseConfig(LiveRiskEngineConfig, { maxOrderSubmitRate: text }).ok).toBe(parses);
      }),
      { numRuns: 500 },
    );
  });

  it('parses the default rates of the risk engine config', () => {
    const cfg = LiveRiskEngineConfig.parse({});
    expect(parseRateLimit(cfg.maxOrderSubmitRate)).toEqual({ limit: 100, intervalNs: SEC });
    expect(parseRateLimit(cfg.maxOrderModifyRate)).toEqual({ limit: 100, intervalNs: SEC });
  });
});
