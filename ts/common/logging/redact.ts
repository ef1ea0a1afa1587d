/**
 * Redaction of secrets in anything that is about to be logged.
 *
 * Kairos logs objects that may hold credentials (configs, signed request params, headers). A
 * {@link Redactor} returns a copy of a value in which:
 * - every property whose name is a secret key is replaced by `'[REDACTED]'`. Names compare
 *   case-insensitively and ignoring `-` and `_`, so `apiKey`, `api_key`, `APIKEY` and
 *   `X-MBX-APIKEY` / `x_mbx_apikey` are all caught;
 * - inside every string, a `key=value` pair (URL query, form body) or a `"key": "value"` pair
 *   (JSON text) whose key is a secret key has its value replaced, so
 *   `https://host/api/v3/order?symbol=X&signature=abc` logs as `...&signature=[REDACTED]`;
 * - `bigint`s become decimal strings (JSON has no bigint); `Map`s become objects, `Set`s arrays;
 *   objects with `toJSON` are redacted after `toJSON`; `Error`s become plain objects
 *   (`type`, `message`, `stack`, `code`, `details`, `cause`, own fields), redacted too;
 * - cycles become `'[Circular]'`, nesting deeper than 16 levels becomes `'[MaxDepth]'`, and past
 *   10 000 objects in one log call (a socket logged by mistake) the rest become `'[Truncated]'`.
 *
 * The input is never mutated, and when nothing needed changing the same reference comes back
 * (copy on write), so logging plain objects costs one walk and no allocation.
 *
 * pino's own `redact` option is not used: its paths are case-sensitive and fixed-depth, which is
 * exactly how a secret leaks under a key spelled differently.
 *
 * @module
 */

/** What a redacted secret is replaced with. */
export const REDACTED = '[REDACTED]';

/** Property and parameter names treated as secrets by default (matched loosely, see module doc). */
export const DEFAULT_SECRET_KEYS: readonly string[] = Object.freeze([
  'apiKey',
  'apiSecret',
  'secret',
  'password',
  'passphrase',
  'privateKey',
  'signature',
  'authorization',
  'X-MBX-APIKEY',
]);

const MAX_DEPTH = 16;
const MAX_OBJECTS = 10_000;

/** Per-call walk state: ancestors (cycle detection) and the remaining object budget. */
interface Walk {
  readonly seen: Set<object>;
  budget: number;
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** Redacts secrets from values and strings (see the module doc). */
export interface Redactor {
  /** A redacted copy of `value` (or `value` itself when nothing needed changing). */
  value(value: unknown): unknown;
  /** `text` with the values of secret `key=value` / `"key": "value"` pairs replaced. */
  string(text: string): string;
  /** True when `key` names a secret. */
  isSecretKey(key: string): boolean;
}

/**
 * Builds a {@link Redactor} for {@link DEFAULT_SECRET_KEYS} plus `extraKeys`.
 */
export function createRedactor(extraKeys: readonly string[] = []): Redactor {
  const secrets = new Set<string>([...DEFAULT_SECRET_KEYS, ...extraKeys].map(normalizeKey));
  // Most keys repeat across log lines: remember verdicts (bounded, it is only a cache).
  const verdicts = new Map<string, boolean>();

  const isSecretKey = (key: string): boolean => {
    let verdict = verdicts.get(key);
    if (verdict === undefined) {
      verdict = secrets.has(normalizeKey(key));
      if (verdicts.size >= 4096) verdicts.clear();
      verdicts.set(key, verdict);
    }
    return verdict;
  };

  const queryPair = /(^|[?&;,\s])([A-Za-z][\w-]*)=([^&;,\s#"']*)/g;
  const jsonPair = /"([A-Za-z][\w-]*)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

  const redactString = (text: string): string => {
    let out = text;
    if (out.includes('=')) {
      out = out.replace(queryPair, (match, lead: string, key: string) =>
        isSecretKey(key) ? `${lead}${key}=${REDACTED}` : match,
      );
    }
    if (out.includes('"')) {
      out = out.replace(jsonPair, (match, key: string, sep: string) =>
        isSecretKey(key) ? `"${key}"${sep}"${REDACTED}"` : match,
      );
    }
    return out;
  };

  const redactError = (error: Error, depth: number, state: Walk): Record<string, unknown> => {
    const out: Record<string, unknown> = { type: error.name, message: redactString(error.message) };
    if (error.stack !== undefined) out.stack = redactString(error.stack);
    for (const key of Object.keys(error)) {
      out[key] = isSecretKey(key)
        ? REDACTED
        : walk((error as unknown as Record<string, unknown>)[key], depth, state);
    }
    // Non-enumerable fields worth keeping.
    const withCode = error as Error & { code?: unknown; details?: unknown };
    if (withCode.code !== undefined && !('code' in out)) out.code = walk(withCode.code, depth, state);
    if (withCode.details !== undefined && !('details' in out))
      out.details = walk(withCode.details, depth, state);
    if (error.cause !== undefined && !('cause' in out)) out.cause = walk(error.cause, depth, state);
    return out;
  };

  const walkObject = (obj: object, depth: number, state: Walk): unknown => {
    if (obj instanceof Error) return redactError(obj, depth, state);
    if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) return obj;
    if (obj instanceof Map) return walk(Object.fromEntries(obj), depth - 1, state);
    if (obj instanceof Set) return walk([...obj], depth - 1, state);
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      const json: unknown = toJSON.call(obj);
      return json === obj ? json : walk(json, depth - 1, state);
    }
    if (Array.isArray(obj)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < obj.length; i++) {
        const v: unknown = obj[i];
        const r = walk(v, depth, state);
        if (r !== v && copy === undefined) copy = obj.slice(0, i);
        if (copy !== undefined) copy.push(r);
      }
      return copy ?? obj;
    }
    let copy: Record<string, unknown> | undefined;
    const keys = Object.keys(obj);
    const record = obj as Record<string, unknown>;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const v = record[key];
      const r = isSecretKey(key) && v !== undefined && v !== null ? REDACTED : walk(v, depth, state);
      if (r !== v && copy === undefined) {
        copy = {};
        for (let j = 0; j < i; j++) copy[keys[j]!] = record[keys[j]!];
      }
      if (copy !== undefined) copy[key] = r;
    }
    return copy ?? obj;
  };

  function walk(value: unknown, depth: number, state: Walk): unknown {
    switch (typeof value) {
      case 'string':
        return redactString(value);
      case 'bigint':
        return value.toString();
      case 'object': {
        if (value === null) return value;
        if (depth >= MAX_DEPTH) return '[MaxDepth]';
        if (state.seen.has(value)) return '[Circular]';
        if (state.budget <= 0) return '[Truncated]';
        state.budget -= 1;
        state.seen.add(value);
        try {
          return walkObject(value, depth + 1, state);
        } finally {
          // Only ancestors count: a value shared by two branches is not a cycle.
          state.seen.delete(value);
        }
      }
      default:
        return value;
    }
  }

  return {
    value: (value) => walk(value, 0, { seen: new Set(), budget: MAX_OBJECTS }),
    string: redactString,
    isSecretKey,
  };
}

/** The redactor of {@link DEFAULT_SECRET_KEYS}. */
export const defaultRedactor: Redactor = createRedactor();
