import { createHmac, generateKeyPairSync, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  ed25519Signer,
  hmacSha256Hex,
  hmacSigner,
  signQuery,
  toQueryString,
  wsApiPayload,
} from '../../../ts/adapters/binance/signing.js';

// Binance's documented example (API docs, "SIGNED endpoint examples"): key pair and signatures.
const DOC_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const DOC_QUERY =
  'symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
const DOC_SIGNATURE = 'c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71';
// The documented example with non-ASCII symbol characters, percent-encoded before signing.
const DOC_UNICODE_QUERY =
  'symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559';
const DOC_UNICODE_SIGNATURE = 'e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3';

describe('HMAC-SHA256 signing', () => {
  it("reproduces Binance's documented signature", () => {
    expect(hmacSha256Hex(DOC_SECRET, DOC_QUERY)).toBe(DOC_SIGNATURE);
  });

  it('signQuery builds the documented query (params, recvWindow, timestamp) and appends its signature', () => {
    const q = signQuery(
      hmacSigner(DOC_SECRET),
      { symbol: 'LTCBTC', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '1', price: '0.1' },
      { timestampMs: 1499827319559, recvWindowMs: 5000 },
    );
    expect(q).toBe(`${DOC_QUERY}&signature=${DOC_SIGNATURE}`);
  });

  it('percent-encodes values before signing (the documented non-ASCII example)', () => {
    const q = signQuery(
      hmacSigner(DOC_SECRET),
      { symbol: '１２３４５６', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: 1, price: '0.1' },
      { timestampMs: 1499827319559, recvWindowMs: 5000 },
    );
    expect(q).toBe(`${DOC_UNICODE_QUERY}&signature=${DOC_UNICODE_SIGNATURE}`);
  });

  it('skips null and undefined params, keeps insertion order', () => {
    expect(toQueryString({ b: 1, a: undefined, c: null, d: 'x y' })).toBe('b=1&d=x%20y');
  });

  it('agrees with an independent HMAC for any payload (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), (secret, payload) => {
        const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
          .update(Buffer.from(payload, 'utf8'))
          .digest('hex');
        expect(hmacSigner(secret).sign(payload)).toBe(expected);
      }),
    );
  });

  it('refuses an empty secret', () => {
    expect(() => hmacSigner('')).toThrowError(/secret is empty/);
  });
});

describe('Ed25519 signing', () => {
  it('signs base64 signatures that verify with the public key', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const payload = wsApiPayload({ timestamp: 1, apiKey: 'k', recvWindow: 5000 });
    expect(payload).toBe('apiKey=k&recvWindow=5000&timestamp=1');
    const sig = ed25519Signer(pem).sign(payload);
    expect(verify(null, Buffer.from(payload), publicKey, Buffer.from(sig, 'base64'))).toBe(true);
  });

  it('signQuery with an Ed25519 key appends the percent-encoded base64 signature of the query', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = ed25519Signer(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const q = signQuery(signer, { symbol: 'BTCUSDT', side: 'SELL' }, { timestampMs: 1668481559918 });
    const at = q.lastIndexOf('&signature=');
    const payload = q.slice(0, at);
    expect(payload).toBe('symbol=BTCUSDT&side=SELL&timestamp=1668481559918');
    const sig = decodeURIComponent(q.slice(at + '&signature='.length));
    expect(q.slice(at + '&signature='.length)).not.toMatch(/[+/=]/); // encoded for the URL
    expect(verify(null, Buffer.from(payload), publicKey, Buffer.from(sig, 'base64'))).toBe(true);
  });

  it('refuses a non-Ed25519 or malformed key without echoing it', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    expect(() => ed25519Signer(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrowError(
      /not ed25519/,
    );
    let err: unknown;
    try {
      ed25519Signer('not a key SECRET123');
    } catch (e) {
      err = e;
    }
    expect(String((err as Error).message)).not.toContain('SECRET123');
  });
});
