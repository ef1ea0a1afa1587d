/**
 * Masking secrets before a config is logged or shown.
 *
 * Every string under a key that names a credential (`password`, `apiKey`, `apiSecret`, and any
 * key ending in `secret`, `password`, `passphrase`, `token` or `privateKey`, any case) becomes
 * `REDACTED`; `null` stays `null`, so a log still tells set from unset.
 */

/** What a masked secret reads as. */
export const REDACTED = '***';

const SECRET_KEY_RE = /(apikey|secret|password|passphrase|token|privatekey)$/i;

/** Whether a setting named `key` holds a credential. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY_RE.test(key);
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
 * changed. Use it for anything that logs or prints a config.
 */
export function redactConfig<T>(config: T): T {
  return redact(config, false) as T;
}
