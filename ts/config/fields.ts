/**
 * Field builders shared by the config schemas, so every setting of one kind is checked, and
 * reported, the same way.
 *
 * # Identifiers stay strings
 * Identifiers in a config (trader id, instrument ids, client order ids, client names) are kept as
 * plain strings and validated by the model's own validators (`TraderId.from`, `InstrumentId.from`,
 * ...). A parsed config is therefore plain JSON: it serialises and re-parses to the same value, and
 * the engines build their identifier objects from it once, at start.
 */
import { z } from 'zod';

import {
  ClientId,
  ClientOrderId,
  InstrumentId,
  StrategyId,
  TraderId,
  Venue,
} from '../model/identifiers/index.js';

/** A whole number > 0 (intervals, capacities, queue sizes). */
export const positiveInt = (): z.ZodInt => z.int().positive();

/** A whole number >= 0 (retries, buffers where 0 means "at once"). */
export const nonNegativeInt = (): z.ZodInt => z.int().nonnegative();

/** A finite number > 0 (timeouts and intervals in seconds, fractions allowed). */
export const positiveNumber = (): z.ZodNumber => z.number().positive();

/** Runs a validator that throws (the model's `X.from`) and turns its message into an issue. */
function validatedString(check: (value: string) => unknown): z.ZodString {
  return z.string().superRefine((value, ctx) => {
    try {
      check(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: err instanceof Error ? err.message : String(err) });
    }
  });
}

/** A trader id in the name-tag format (`TRADER-001`). */
export const traderIdString = (): z.ZodString => validatedString((v) => TraderId.from(v));

/**
 * A strategy id chosen by a user: name-tag format, and neither of the engine's own owners
 * (`EXTERNAL`, `INTERNAL-DIFF`), which reconciliation assigns and which no strategy may take.
 */
export const userStrategyIdString = (): z.ZodString =>
  validatedString((v) => {
    if (v === StrategyId.EXTERNAL_VALUE || v === StrategyId.INTERNAL_DIFF_VALUE) {
      throw new Error(`'${v}' is reserved for orders the engine creates`);
    }
    return StrategyId.from(v);
  });

/** An instrument id `SYMBOL.VENUE`. */
export const instrumentIdString = (): z.ZodString => validatedString((v) => InstrumentId.from(v));

/** A client order id. */
export const clientOrderIdString = (): z.ZodString => validatedString((v) => ClientOrderId.from(v));

/** A data or execution client name (`BINANCE_SPOT`). */
export const clientIdString = (): z.ZodString => validatedString((v) => ClientId.from(v));

/** A venue (`BINANCE`). */
export const venueString = (): z.ZodString => validatedString((v) => Venue.from(v));

const TOKEN_RE = /^[\x21-\x7e]+$/;

/** A non-empty printable token without whitespace (tags, prefixes, stream names, keys). */
export const tokenString = (): z.ZodString =>
  z.string().regex(TOKEN_RE, { error: 'must be non-empty printable ASCII without whitespace' });

/**
 * A secret or credential: any non-empty string (a Redis password may hold spaces, an Ed25519
 * key is a multi-line PEM). Messages never echo its value.
 */
export const secretString = (): z.ZodString => z.string().min(1);

/** Whether `value` is a plain object (what a refinement may read fields of). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Refinement option: run checks between settings even when one of the object's settings failed
 * its own check (out of range, bad format, unknown enum value), so one parse reports every
 * problem. (zod still skips them after a wrong type.) Such checks read their fields defensively.
 */
export const whenObject = { when: (payload: { value: unknown }): boolean => isRecord(payload.value) };

/** A number or `null`, the shape of an optional interval once parsed. */
export function isNumberOrNull(value: unknown): value is number | null {
  return value === null || typeof value === 'number';
}

const DECIMAL_RE = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** A decimal amount > 0 as a string (`'100000'`, `'2500.50'`): money is never a float here. */
export const positiveDecimalString = (): z.ZodString =>
  z.string().superRefine((value, ctx) => {
    if (!DECIMAL_RE.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' is not a plain decimal such as '1000' or '2500.50'`,
      });
    } else if (/^[0.]+$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be positive' });
    }
  });

/** A URL whose scheme is one of `schemes` (`['http', 'https']`). */
export const urlString = (schemes: readonly string[]): z.ZodString =>
  z.string().superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: `'${value}' is not a URL` });
      return;
    }
    const scheme = url.protocol.slice(0, -1);
    if (!schemes.includes(scheme)) {
      ctx.addIssue({
        code: 'custom',
        message: `scheme must be ${schemes.map((s) => `'${s}'`).join(' or ')}, not '${scheme}'`,
      });
    }
  });

/**
 * A list whose items must be distinct; a duplicate is reported at its own index, naming the
 * first occurrence. Order is kept (it can matter to the reader of a log).
 */
export function uniqueList<T extends z.ZodType<string>>(item: T, what: string): z.ZodArray<T> {
  return z.array(item).superRefine((items, ctx) => {
    const first = new Map<string, number>();
    items.forEach((value, i) => {
      const j = first.get(value);
      if (j === undefined) first.set(value, i);
      else
        ctx.addIssue({ code: 'custom', path: [i], message: `duplicate ${what} '${value}' (also at [${j}])` });
    });
  });
}
