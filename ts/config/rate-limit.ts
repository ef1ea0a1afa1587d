/**
 * Rate limits written as `N/HH:MM:SS`: at most N messages per interval (`'100/00:00:01'` is 100
 * per second). Configs keep the string (it is what users write and it serialises as itself); the
 * engine reads it once through {@link parseRateLimit}.
 */
import { z } from 'zod';

import { KairosError } from '../model/errors.js';

/** A parsed rate limit: `limit` messages per `intervalNs` nanoseconds. */
export interface RateLimit {
  readonly limit: number;
  readonly intervalNs: bigint;
}

const RATE_RE = /^([0-9]+)\/([0-9]{2}):([0-9]{2}):([0-9]{2})$/;
const NS_PER_SEC = 1_000_000_000n;

/** Parses a rate limit, or returns why it is not one. */
function tryParse(value: string): RateLimit | string {
  const m = RATE_RE.exec(value);
  if (m === null) return `'${value}' is not a rate limit of the form 'N/HH:MM:SS' such as '100/00:00:01'`;
  const [, n, hh, mm, ss] = m as unknown as [string, string, string, string, string];
  const limit = Number(n);
  if (!Number.isSafeInteger(limit) || limit < 1) return `limit in '${value}' must be a whole number >= 1`;
  const minutes = Number(mm);
  const seconds = Number(ss);
  if (minutes > 59 || seconds > 59) return `'${value}': minutes and seconds must be 00 to 59`;
  const totalSecs = BigInt(Number(hh) * 3600 + minutes * 60 + seconds);
  if (totalSecs === 0n) return `interval in '${value}' must be longer than 00:00:00`;
  return { limit, intervalNs: totalSecs * NS_PER_SEC };
}

/**
 * Parses `N/HH:MM:SS` into `{ limit, intervalNs }`. N is a whole number >= 1; hours are two
 * digits (00-99), minutes and seconds 00-59; the interval is not zero.
 * @throws KairosError `INVALID_RATE_LIMIT` naming the value and what is wrong with it.
 */
export function parseRateLimit(value: string): RateLimit {
  const r = tryParse(value);
  if (typeof r === 'string') throw new KairosError('INVALID_RATE_LIMIT', r, { value });
  return r;
}

/** A rate-limit string, validated by {@link parseRateLimit}'s rules. */
export const rateLimitString = (): z.ZodString =>
  z.string().superRefine((value, ctx) => {
    const r = tryParse(value);
    if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
  });
