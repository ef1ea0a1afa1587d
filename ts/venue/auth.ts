/**
 * Request authentication as Binance does it: the API key in `X-MBX-APIKEY`, an HMAC-SHA256 hex
 * signature over the query string concatenated with the body (the `signature` parameter itself
 * left out), and the `timestamp`/`recvWindow` check.
 *
 * | failure                                   | HTTP | code  |
 * |-------------------------------------------|------|-------|
 * | no API key                                | 401  | -2014 |
 * | unknown API key                           | 401  | -2015 |
 * | no `signature` / no `timestamp`           | 400  | -1102 |
 * | signature mismatch                        | 400  | -1022 |
 * | `recvWindow` above the maximum            | 400  | -1131 |
 * | `timestamp` > 1 s ahead of the server     | 400  | -1021 |
 * | `timestamp` older than `recvWindow`       | 400  | -1021 |
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import type { VenueAccount } from './accounts.js';
import { badRequest, mandatory, VenueApiError } from './errors.js';

/** A raw `a=b&c=d` string without its `signature` parameter, and the signature (or null). */
export function splitSignature(raw: string): { payload: string; signature: string | null } {
  if (raw === '') return { payload: '', signature: null };
  const parts = raw.split('&');
  let signature: string | null = null;
  const kept: string[] = [];
  for (const p of parts) {
    if (p.startsWith('signature=')) signature = decodeURIComponent(p.slice('signature='.length));
    else kept.push(p);
  }
  return { payload: kept.join('&'), signature };
}

export function accountFor(
  apiKey: string | undefined,
  lookup: (key: string) => VenueAccount | undefined,
  ip: string,
): VenueAccount {
  if (apiKey === undefined || apiKey === '') throw new VenueApiError(401, -2014, 'API-key format invalid.');
  const account = lookup(apiKey);
  if (account === undefined) {
    throw new VenueApiError(401, -2015, `Invalid API-key, IP, or permissions for action, request ip: ${ip}`);
  }
  return account;
}

/** Checks the signature and the time window of a signed request. */
export function verifySigned(
  account: VenueAccount,
  rawQuery: string,
  rawBody: string,
  params: Readonly<Record<string, string>>,
  nowMs: number,
  maxRecvWindowMs: number,
): void {
  const q = splitSignature(rawQuery);
  const b = splitSignature(rawBody);
  const signature = q.signature ?? b.signature;
  if (signature === null || signature === '') throw mandatory('signature');
  if (params.timestamp === undefined) throw mandatory('timestamp');
  const expected = createHmac('sha256', account.apiSecret)
    .update(q.payload + b.payload, 'utf8')
    .digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature, 'hex');
  } catch {
    given = Buffer.alloc(0);
  }
  if (
    !/^[0-9a-fA-F]{64}$/.test(signature) ||
    given.length !== expected.length ||
    !timingSafeEqual(given, expected)
  ) {
    throw badRequest(-1022, 'Signature for this request is not valid.');
  }
  const ts = Number(params.timestamp);
  if (!Number.isSafeInteger(ts)) throw badRequest(-1130, "Data sent for parameter 'timestamp' is not valid.");
  const window = params.recvWindow === undefined ? 5000 : Number(params.recvWindow);
  if (!Number.isFinite(window) || window <= 0 || window > maxRecvWindowMs) {
    throw badRequest(-1131, `recvWindow must be less than ${maxRecvWindowMs}`);
  }
  if (ts > nowMs + 1000)
    throw badRequest(-1021, "Timestamp for this request was 1000ms ahead of the server's time.");
  if (nowMs - ts > window)
    throw badRequest(-1021, 'Timestamp for this request is outside of the recvWindow.');
}
