/**
 * Topic pattern matching of the message bus.
 *
 * A subscription pattern matches a topic when the whole topic matches, with:
 * - `*`: any sequence of characters, the empty one included (`data.*` matches `data.` and
 *   `data.quotes.BINANCE.BTCUSDT`);
 * - `?`: exactly one character (one UTF-16 code unit);
 * - every other character: itself. There is no escape; topics never contain `*` or `?`.
 *
 * # Performance
 * Iterative, with backtracking to the last `*` only: linear in practice, O(pattern x topic) in
 * the worst case, no allocation. The bus calls it once per (pattern, topic) pair, when a topic is
 * first published, and caches the result.
 *
 * @module
 */

const STAR = 42; // '*'
const QUESTION = 63; // '?'

/** True when `pattern` contains a wildcard character. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** True when `topic` matches the subscription `pattern` (see the module doc). */
export function isMatchingTopic(pattern: string, topic: string): boolean {
  const pl = pattern.length;
  const tl = topic.length;
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < tl) {
    if (p < pl) {
      const c = pattern.charCodeAt(p);
      if (c === STAR) {
        starP = p;
        p += 1;
        starT = t;
        continue;
      }
      if (c === QUESTION || c === topic.charCodeAt(t)) {
        p += 1;
        t += 1;
        continue;
      }
    }
    if (starP !== -1) {
      // Let the last `*` swallow one more character and retry from there.
      p = starP + 1;
      starT += 1;
      t = starT;
      continue;
    }
    return false;
  }
  while (p < pl && pattern.charCodeAt(p) === STAR) p += 1;
  return p === pl;
}
