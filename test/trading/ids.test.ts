import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { TestClock } from '../../ts/common/clock/index.js';
import { ClientOrderId, StrategyId, TraderId } from '../../ts/model/identifiers/index.js';
import {
  CLIENT_ORDER_ID_MAX_LENGTH,
  ClientOrderIdGenerator,
  formatIdTime,
  OrderListIdGenerator,
  strategyTag,
} from '../../ts/trading/index.js';

const T0 = BigInt(Date.UTC(2026, 0, 25, 14, 30, 5)) * 1_000_000n + 123_456_789n;
const TRADER = TraderId.from('TRADER-001');
const STRATEGY = StrategyId.from('EMACross-002');

function gens(over: { orderIdTag?: string; useUuid?: boolean; uuid?: () => string } = {}) {
  const clock = new TestClock({ startNs: T0 });
  const o = { traderId: TRADER, strategyId: STRATEGY, clock, ...over };
  return { clock, ids: new ClientOrderIdGenerator(o), lists: new OrderListIdGenerator(o) };
}

function code(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('client order ids', () => {
  it('follow O-<yyyymmdd>-<hhmmss>-<traderTag>-<strategyTag>-<count> from the clock in UTC', () => {
    const { clock, ids } = gens();
    expect(ids.generate().value).toBe('O-20260125-143005-001-002-1');
    expect(ids.generate().value).toBe('O-20260125-143005-001-002-2');
    clock.advanceTime(T0 + 3_600_000_000_000n);
    expect(ids.generate().value).toBe('O-20260125-153005-001-002-3');
    expect(ids.count).toBe(3);
  });

  it('order list ids use OL- and their own counter', () => {
    const { ids, lists } = gens();
    ids.generate();
    ids.generate();
    expect(lists.generate().value).toBe('OL-20260125-143005-001-002-1');
    expect(lists.count).toBe(1);
  });

  it('use the orderIdTag instead of the strategy id tag when set', () => {
    const { ids } = gens({ orderIdTag: 'MM7' });
    expect(ids.generate().value).toBe('O-20260125-143005-001-MM7-1');
    expect(strategyTag(STRATEGY)).toBe('002');
    expect(strategyTag(STRATEGY, 'X')).toBe('X');
  });

  it('setCount after a restart continues the sequence, so no id repeats in the same second', () => {
    const first = gens();
    const before = Array.from({ length: 5 }, () => first.ids.generate().value);
    const restarted = gens();
    restarted.ids.setCount(first.ids.count);
    const after = Array.from({ length: 5 }, () => restarted.ids.generate().value);
    expect(after[0]).toBe('O-20260125-143005-001-002-6');
    expect(new Set([...before, ...after]).size).toBe(10);
  });

  it('without setCount a restart in the same second would repeat an id (why setCount exists)', () => {
    const a = gens().ids.generate().value;
    const b = gens().ids.generate().value;
    expect(a).toBe(b);
  });

  it('setCount refuses a negative or fractional count and reset goes back to 1', () => {
    const { ids } = gens();
    expect(code(() => ids.setCount(-1))).toBe('INVALID_ORDER_ID_COUNT');
    expect(code(() => ids.setCount(1.5))).toBe('INVALID_ORDER_ID_COUNT');
    ids.setCount(9);
    ids.reset();
    expect(ids.generate().value.endsWith('-1')).toBe(true);
  });

  it('refuse tags that leave fewer than six digits for the count, and accept ten tag characters', () => {
    expect(code(() => gens({ orderIdTag: 'ABCDEFGH' }))).toBe('ORDER_ID_TAG_TOO_LONG');
    const { ids } = gens({ orderIdTag: 'ABCDEFG' }); // 3 + 7 = 10 characters of tags
    ids.setCount(999_998);
    const id = ids.generate();
    expect(id.value).toBe('O-20260125-143005-001-ABCDEFG-999999');
    expect(id.value.length).toBe(CLIENT_ORDER_ID_MAX_LENGTH);
    expect(code(() => ids.generate())).toBe('ORDER_ID_COUNT_EXHAUSTED');
  });

  it('refuse tags with hyphens or other characters that would break the format', () => {
    expect(code(() => gens({ orderIdTag: 'A-B' }))).toBe('INVALID_ORDER_ID_TAG');
    expect(code(() => gens({ orderIdTag: 'A.B' }))).toBe('INVALID_ORDER_ID_TAG');
  });

  it('are UUID v4 with useUuid (and long tags are then fine)', () => {
    const { ids, lists } = gens({ useUuid: true, orderIdTag: 'AVERYLONGTAGINDEED' });
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const a = ids.generate().value;
    const b = ids.generate().value;
    expect(a).toMatch(v4);
    expect(a).not.toBe(b);
    expect(lists.generate().value).toMatch(v4);
    expect(ids.count).toBe(2);
  });

  it('take the UUIDs from an injected source (deterministic tests)', () => {
    let n = 0;
    const { ids } = gens({ useUuid: true, uuid: () => `00000000-0000-4000-8000-00000000000${++n}` });
    expect(ids.generate().value).toBe('00000000-0000-4000-8000-000000000001');
  });

  it('formatIdTime pads every field', () => {
    expect(formatIdTime(BigInt(Date.UTC(2001, 1, 3, 4, 5, 6)) * 1_000_000n)).toBe('20010203-040506');
  });

  it('property: any time and count give a valid, parseable id of at most 36 characters, or a refusal', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 253_402_300_799n * 1_000_000_000n }), // up to 9999-12-31
        fc.integer({ min: 0, max: 9_999_999_998 }),
        fc.constantFrom('001', 'A', 'MM_7'),
        (ns, count, tag) => {
          const clock = new TestClock({ startNs: ns });
          const ids = new ClientOrderIdGenerator({
            traderId: TRADER,
            strategyId: STRATEGY,
            clock,
            orderIdTag: tag,
          });
          ids.setCount(count);
          const room = 36 - 20 - 3 - tag.length;
          if (String(count + 1).length > room) {
            expect(code(() => ids.generate())).toBe('ORDER_ID_COUNT_EXHAUSTED');
            return;
          }
          const id = ids.generate();
          expect(id).toBeInstanceOf(ClientOrderId);
          expect(id.value.length).toBeLessThanOrEqual(36);
          const parts = id.value.split('-');
          expect(parts).toEqual(['O', ...formatIdTime(ns).split('-'), '001', tag, String(count + 1)]);
        },
      ),
    );
  });
});
