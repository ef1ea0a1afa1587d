/**
 * Masking secrets before a config is logged or shown.
 *
 * Every string under a key that names a credential becomes `'[REDACTED]'` (the logger's own
 * mask); `null` stays `null`, so a log still tells set from unset. Keys compare case-insensitively
 * and ignoring `-` and `_`, and a key is a secret when it ends with one of `apiKey`, `secret`,
 * `password`, `passphrase`, `privateKey`, `token`, `signature` or `authorization` (so `apiSecret`,
 * `api_key` and `X-MBX-APIKEY` are caught; `username` and `keyType` are not).
 */

/** What a masked secret reads as (the same as the logger's). */
export const REDACTED = '[REDACTED]';

const SECRET_SUFFIXES = [
  'apikey',
  'secret',
  'password',
  'passphrase',
  'privatekey',
  'token',
  'signature',
  'authorization',
] as const;

/** Whether a setting named `key` holds a credential. */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_]/g, '');
  return SECRET_SUFFIXES.some((s) => k.endsWith(s));
}

function redact(value: unknown, secret: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, secret));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redact(v, isSecretKey(k));
    return out;
  }
  return secret && typeof value === 'string' ? REDACTED : value;
}

/**
 * A deep copy of `config` with every secret masked (see the module doc). The input is not
 * changed. Use it for anything that prints a config; the logger redacts on its own as well.
 */
export function redactConfig<T>(config: T): T {
  return redact(config, false) as T;
}
