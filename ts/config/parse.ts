/**
 * Parsing configs at the edge: one error that lists every problem with its path.
 *
 * ```
 * invalid config (2 problems):
 *   execEngine.inflightCheckIntervalMs: must be positive
 *   strategies[0].config.strategyId: invalid StrategyId 'ema': must be in the name-tag format 'NAME-TAG'
 * ```
 * Paths are dot-paths, array indices in brackets, and keys that are not plain names quoted in
 * brackets (`riskEngine.maxNotionalPerOrder["BTCUSDT.BINANCE"]`). Messages never include the
 * value of a secret.
 *
 * # Known limitation
 * Checks between settings of one object (a purge buffer without its interval, apiKey without
 * apiSecret) do not run while a setting of that same object has a wrong type (a string for a
 * number): fixing that type may reveal more problems. Values out of range, bad formats and
 * unknown enum values do not hide them, nor does anything in another object.
 */
import type { z } from 'zod';

import { KairosError } from '../model/errors.js';

/** One problem of a config: where and what. */
export interface ConfigIssue {
  /** Dot-path of the setting (`execEngine.qsize`, `strategies[0].config.strategyId`). */
  readonly path: string;
  readonly message: string;
}

/** The result of {@link safeParseConfig}. */
export type ConfigResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: KairosError };

const NAME_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path: `a.b[0].c`, with non-name keys as `["BTCUSDT.BINANCE"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      if (NAME_RE.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out === '' ? '(root)' : out;
}

const withArticle = (noun: string): string => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

/** What a wrong value is, without the value itself (it could be a secret). */
function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'an array';
  if (typeof input === 'number' && !Number.isFinite(input)) return String(input);
  return withArticle(typeof input);
}

function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ');
}

/** Plain messages for zod's own checks (schema-level messages take precedence over these). */
const errorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'is required';
      if (iss.expected === 'int' && typeof iss.input === 'number' && Number.isFinite(iss.input)) {
        return 'must be a whole number';
      }
      return `must be ${iss.expected === 'int' ? 'a whole number' : withArticle(iss.expected)}, not ${describe(iss.input)}`;
    case 'too_small': {
      const min = Number(iss.minimum);
      if (iss.origin === 'array' || iss.origin === 'string' || iss.origin === 'set') {
        return min <= 1 ? 'must not be empty' : `must have at least ${min} items`;
      }
      if (min === 0) return iss.inclusive ? 'must not be negative' : 'must be positive';
      return iss.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
    }
    case 'too_big': {
      const max = Number(iss.maximum);
      if (iss.origin === 'array' || iss.origin === 'string') return `must have at most ${max} items`;
      return iss.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'invalid_value':
      return iss.values.length === 1
        ? `must be ${quoteAll(iss.values)}`
        : `must be one of ${quoteAll(iss.values)}`;
    case 'invalid_union': {
      // A discriminated union names its options and its discriminator; `input` is the object.
      const { options, discriminator } = iss as { options?: unknown; discriminator?: unknown };
      if (!Array.isArray(options)) return undefined;
      const input = iss.input as Record<string, unknown> | undefined;
      const missing = typeof discriminator === 'string' && input?.[discriminator] === undefined;
      return missing ? `is required: one of ${quoteAll(options)}` : `must be one of ${quoteAll(options)}`;
    }
    default:
      return undefined;
  }
};

/** Flattens zod issues into config issues: one per unknown key, record-key issues unwrapped. */
function collect(issues: readonly z.core.$ZodIssue[], into: ConfigIssue[]): void {
  for (const iss of issues) {
    if (iss.code === 'unrecognized_keys') {
      for (const key of iss.keys)
        into.push({ path: formatPath([...iss.path, key]), message: 'unknown setting' });
    } else if (iss.code === 'invalid_key') {
      const inner = iss.issues.map((i) => i.message).join('; ');
      into.push({ path: formatPath(iss.path), message: `invalid key: ${inner}` });
    } else {
      into.push({ path: formatPath(iss.path), message: iss.message });
    }
  }
}

/** The problems of a failed parse, in order. */
export function configIssues(error: z.ZodError): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  collect(error.issues, out);
  return out;
}

/** The one error for a config with problems: code `INVALID_CONFIG`, every problem on its line. */
function invalidConfig(issues: readonly ConfigIssue[]): KairosError {
  const n = issues.length;
  const lines = issues.map((i) => `  ${i.path}: ${i.message}`).join('\n');
  return new KairosError('INVALID_CONFIG', `invalid config (${n} problem${n === 1 ? '' : 's'}):\n${lines}`, {
    issues,
  });
}

/**
 * Parses `input` with `schema`; returns `{ ok: true, value }` with every default filled in, or
 * `{ ok: false, error }` with one `KairosError` (`INVALID_CONFIG`) listing every problem.
 */
export function safeParseConfig<S extends z.ZodType>(schema: S, input: unknown): ConfigResult<z.output<S>> {
  const r = schema.safeParse(input, { error: errorMap });
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, error: invalidConfig(configIssues(r.error)) };
}

/**
 * Parses `input` with `schema` and returns the config with every default filled in.
 * @throws KairosError `INVALID_CONFIG` whose message lists every problem as `path: what`, and
 * whose `details.issues` holds them as `{ path, message }`.
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = safeParseConfig(schema, input);
  if (r.ok) return r.value;
  throw r.error;
}
