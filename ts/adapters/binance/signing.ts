/**
 * Request signing for Binance (HMAC-SHA256 and Ed25519), with node:crypto.
 *
 * A signed request carries `timestamp` (ms, venue time) and optionally `recvWindow`; the
 * signature is computed over the exact query string that is sent (values percent-encoded) and
 * appended as the last parameter. HMAC signatures are lower-case hex; Ed25519 signatures are
 * base64 (and percent-encoded when they travel in a query string). The API key travels in the
 * `X-MBX-APIKEY` header.
 */
import { createHmac, createPrivateKey, sign as edSign, type KeyObject } from 'node:crypto';

import { BinanceError } from './errors.js';

/** One request parameter; `undefined` and `null` values are left out. */
export type ParamValue = string | number | boolean | bigint | null | undefined;
export type Params = Readonly<Record<string, ParamValue>>;

/** The header that carries the API key. */
export const API_KEY_HEADER = 'X-MBX-APIKEY';

/**
 * The query string of `params` in insertion order, values percent-encoded
 * (`encodeURIComponent`), `undefined`/`null` skipped.
 */
export function toQueryString(params: Params): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null) continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

/** HMAC-SHA256 of `payload` with `secret`, lower-case hex. */
export function hmacSha256Hex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

/** Signs payloads for one key. */
export interface RequestSigner {
  readonly keyType: 'HMAC' | 'ED25519';
  /** The signature of `payload` as it goes on the wire (hex or base64). */
  sign(payload: string): string;
}

/** An HMAC-SHA256 signer. */
export function hmacSigner(secret: string): RequestSigner {
  if (secret.length === 0) throw new BinanceError('MISSING_CREDENTIALS', 'the API secret is empty');
  return { keyType: 'HMAC', sign: (payload) => hmacSha256Hex(secret, payload) };
}

/** An Ed25519 signer from a PKCS#8 PEM private key; signatures are base64. */
export function ed25519Signer(privateKeyPem: string): RequestSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (e) {
    // Never echo the key material.
    throw new BinanceError('MISSING_CREDENTIALS', 'the Ed25519 private key is not a valid PEM key', {}, e);
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new BinanceError(
      'MISSING_CREDENTIALS',
      `the private key is ${key.asymmetricKeyType ?? 'unknown'}, not ed25519`,
    );
  }
  return {
    keyType: 'ED25519',
    sign: (payload) => edSign(null, Buffer.from(payload, 'utf8'), key).toString('base64'),
  };
}

/** What a signed request adds to its parameters. */
export interface SignOptions {
  /** Venue time in ms (local time + the server offset). */
  readonly timestampMs: number;
  /** `recvWindow` in ms; left out when undefined. */
  readonly recvWindowMs?: number | undefined;
}

/**
 * `params` plus `recvWindow` and `timestamp` as a query string, then `&signature=...`.
 * Returns the full query string to send (as the URL query or the form body).
 */
export function signQuery(signer: RequestSigner, params: Params, options: SignOptions): string {
  const full: Record<string, ParamValue> = { ...params };
  if (options.recvWindowMs !== undefined) full.recvWindow = options.recvWindowMs;
  full.timestamp = options.timestampMs;
  const query = toQueryString(full);
  return `${query}&signature=${encodeURIComponent(signer.sign(query))}`;
}

/**
 * The payload of a WebSocket-API signed request: its params (with `apiKey` and `timestamp`
 * already in), sorted by name, as `k=v&...` without encoding, as the WS-API specifies.
 */
export function wsApiPayload(params: Params): string {
  return Object.keys(params)
    .filter((k) => params[k] !== undefined && params[k] !== null && k !== 'signature')
    .sort()
    .map((k) => `${k}=${String(params[k])}`)
    .join('&');
}
