import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasWildcard, isMatchingTopic } from '../../../ts/common/index.js';

/** The reference semantics: the pattern as an anchored regex. */
function referenceMatch(pattern: string, topic: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`).test(topic);
}

describe('isMatchingTopic', () => {
  it.each([
    ['data.quotes.BINANCE.BTCUSDT', 'data.quotes.BINANCE.BTCUSDT', true],
    ['data.quotes.BINANCE.BTCUSDT', 'data.quotes.BINANCE.ETHUSDT', false],
    ['data.quotes.*', 'data.quotes.BINANCE.BTCUSDT', true],
    ['data.quotes.*', 'data.quotes.', true],
    ['data.quotes.*', 'data.quotes', false],
    ['data.*.BINANCE.*', 'data.trades.BINANCE.BTCUSDT', true],
    ['data.*.BINANCE.*', 'data.trades.BYBIT.BTCUSDT', false],
    ['*', '', true],
    ['*', 'anything.at.all', true],
    ['**', 'x', true],
    ['?', 'a', true],
    ['?', '', false],
    ['?', 'ab', false],
    ['events.order.?', 'events.order.1', true],
    ['events.order.?', 'events.order.12', false],
    ['events.order.??', 'events.order.12', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['a*?', 'a', false],
    ['a*?', 'ab', true],
    ['*.BTCUSDT', 'data.quotes.BINANCE.BTCUSDT', true],
    ['*.BTCUSDT', 'data.quotes.BINANCE.BTCUSDTX', false],
    ['', '', true],
    ['', 'a', false],
  ])('pattern %j vs topic %j -> %s', (pattern, topic, expected) => {
    expect(isMatchingTopic(pattern, topic)).toBe(expected);
    expect(referenceMatch(pattern, topic)).toBe(expected);
  });

  it('agrees with the regex reference on random patterns and topics (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', '.', 'X');
    const patternChar = fc.constantFrom('a', 'b', '.', 'X', '*', '?');
    fc.assert(
      fc.property(
        fc.array(patternChar, { maxLength: 10 }).map((a) => a.join('')),
        fc.array(alphabet, { maxLength: 14 }).map((a) => a.join('')),
        (pattern, topic) => {
          expect(isMatchingTopic(pattern, topic)).toBe(referenceMatch(pattern, topic));
        },
      ),
      { numRuns: 5_000 },
    );
  });

  it('agrees with the reference on patterns derived from the topic (true cases)', () => {
    // Each topic char is kept, replaced by '?', replaced by '*', or followed by an empty '*':
    // the pattern always matches its topic.
    const derived = fc
      .string({ maxLength: 20 })
      .filter((s) => !hasWildcard(s))
      .chain((topic) =>
        fc
          .array(fc.integer({ min: 0, max: 3 }), { minLength: topic.length, maxLength: topic.length })
          .map((choices) => {
            const pattern = [...topic].map((c, i) => [c, '?', '*', `${c}*`][choices[i] ?? 0]).join('');
            return [pattern, topic] as const;
          }),
      );
    fc.assert(
      fc.property(derived, ([pattern, topic]) => {
        expect(isMatchingTopic(pattern, topic)).toBe(true);
        expect(referenceMatch(pattern, topic)).toBe(true);
        // One char more or less usually breaks the match; both matchers must agree either way.
        expect(isMatchingTopic(pattern, `${topic}Z`)).toBe(referenceMatch(pattern, `${topic}Z`));
        expect(isMatchingTopic(pattern, topic.slice(1))).toBe(referenceMatch(pattern, topic.slice(1)));
      }),
      { numRuns: 3_000 },
    );
  });

  it('stays fast on a pathological backtracking pattern', () => {
    const topic = 'a'.repeat(2_000);
    const started = performance.now();
    expect(isMatchingTopic('*a*a*a*a*a*b', topic)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('hasWildcard', () => {
  it('detects * and ?', () => {
    expect(hasWildcard('a.b')).toBe(false);
    expect(hasWildcard('a.*')).toBe(true);
    expect(hasWildcard('a.?')).toBe(true);
  });
});
