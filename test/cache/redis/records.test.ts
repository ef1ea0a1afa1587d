import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePlain, encodePlain } from '../../../ts/cache/redis/encoding.js';
import { decodeTimestamp, encodeTimestamp, RecordCodec } from '../../../ts/cache/redis/index.js';
import type { OrderFilled } from '../../../ts/model/events/index.js';
import { Money, Price, Quantity } from '../../../ts/model/values/index.js';
import { canon, fill, richOrder } from './fixtures.js';

const MAX_NS = 2n ** 63n - 1n;

describe('record format (no redis needed)', () => {
  it('timestamps round-trip exactly as decimal and as ISO 8601 with nanoseconds', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: MAX_NS }), (ns) => {
        expect(decodeTimestamp(encodeTimestamp(ns, false))).toBe(ns);
        expect(decodeTimestamp(encodeTimestamp(ns, true))).toBe(ns);
      }),
    );
    expect(encodeTimestamp(1n, true)).toBe('1970-01-01T00:00:00.000000001Z');
    expect(decodeTimestamp('2024-01-02T03:04:05.5Z')).toBe(1_704_164_645_500_000_000n);
  });

  it('refuses what is not a timestamp', () => {
    for (const bad of ['', '-1', '1.5', '2024-01-02', '2024-01-02T03:04:05.1234567891Z', 'abc']) {
      expect(decodeTimestamp(bad)).toBeNull();
    }
  });

  it.each(['msgpack', 'json'] as const)(
    'fills with any price, quantity and commission round-trip exactly (%s)',
    (encoding) => {
      const o = richOrder();
      fc.assert(
        fc.property(
          fc.bigInt({ min: -(10n ** 34n), max: 10n ** 34n }),
          fc.integer({ min: 0, max: 16 }),
          fc.bigInt({ min: 10n ** 16n, max: 10n ** 34n }),
          fc.integer({ min: 0, max: 16 }),
          fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
          fc.boolean(),
          (pxRaw, pxPrec, qtyRaw, qtyPrec, fee, iso) => {
            const codec = new RecordCodec({ timestampsAsIso8601: iso });
            const px = Price.fromRaw(pxRaw - (pxRaw % 10n ** BigInt(16 - pxPrec)), pxPrec);
            const qty = Quantity.fromRaw(qtyRaw - (qtyRaw % 10n ** BigInt(16 - qtyPrec)), qtyPrec);
            const base = fill(o, '1', '1', 'T-P', 1_700_000_000_000_000_001n, 'P-1');
            const f: OrderFilled = {
              ...base,
              lastPx: px,
              lastQty: qty,
              commission: Money.fromRaw(fee * 10n ** 8n, base.commission!.currency),
            };
            const back = codec.decodeEvent<OrderFilled>(
              decodePlain(encodePlain(codec.event(f), encoding)),
              'fill',
            );
            expect(back.lastPx.raw).toBe(px.raw);
            expect(back.lastPx.precision).toBe(px.precision);
            expect(back.lastQty.raw).toBe(qty.raw);
            expect(back.lastQty.precision).toBe(qty.precision);
            expect(back.commission!.raw).toBe(f.commission!.raw);
            expect(canon(back)).toBe(canon(f));
          },
        ),
        { numRuns: 200 },
      );
    },
  );

  it('names the record and the field of an unreadable value', () => {
    const codec = new RecordCodec({ timestampsAsIso8601: false });
    const rec = codec.event(richOrder().init) as Record<string, unknown>;
    expect(() => codec.decodeEvent({ ...rec, quantity: 1.5 }, 'order X event 0')).toThrow(
      expect.objectContaining({
        code: 'REDIS_RECORD_INVALID',
        message: expect.stringContaining('order X event 0'),
      }),
    );
    expect(() => codec.decodeEvent({ ...rec, tsInit: 'yesterday' }, 'e')).toThrow(/not a timestamp/);
    expect(() => codec.decodeEvent({ ...rec, price: '1.2.3' }, 'e')).toThrow(
      expect.objectContaining({ code: 'REDIS_RECORD_INVALID' }),
    );
  });
});
