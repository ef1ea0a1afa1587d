import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  componentLogger,
  createLogger,
  createRedactor,
  createSilentLogger,
  kairosError,
  type Logger,
  REDACTED,
} from '../../../ts/common/index.js';

const SECRET = 'S3CR3T-value-that-must-never-appear';

function capture(options: Parameters<typeof createLogger>[0] = {}): {
  log: Logger;
  text: () => string;
  lines: () => Array<Record<string, unknown>>;
} {
  const out: string[] = [];
  const log = createLogger({
    level: 'trace',
    base: null,
    ...options,
    destination: { write: (s: string) => out.push(s) },
  });
  return {
    log,
    text: () => out.join(''),
    lines: () => out.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes structured JSON lines with level, message and fields', () => {
    const { log, lines } = capture();
    log.info({ orderId: 'O-1', qty: 3 }, 'order submitted');
    const [line] = lines();
    expect(line).toMatchObject({ level: 30, msg: 'order submitted', orderId: 'O-1', qty: 3 });
    expect(typeof line!.time).toBe('number');
  });

  it('honours the level', () => {
    const { log, lines } = capture({ level: 'warn' });
    log.info('hidden');
    log.debug('hidden');
    log.warn('shown');
    log.error('shown too');
    expect(lines().map((l) => l.msg)).toEqual(['shown', 'shown too']);
  });

  it('componentLogger adds the component name to every line', () => {
    const { log, lines } = capture();
    const exec = componentLogger(log, 'ExecEngine');
    exec.info('started');
    componentLogger(exec, 'Inner').warn('nested');
    expect(lines()[0]).toMatchObject({ component: 'ExecEngine', msg: 'started' });
    expect(lines()[1]!.component).toBe('Inner');
  });

  it('serialises bigint fields as strings instead of throwing', () => {
    const { log, lines } = capture();
    expect(() =>
      log.info({ tsEvent: 1_700_000_000_123_456_789n, nested: { raw: -5n, list: [1n, 2n] } }, 'time'),
    ).not.toThrow();
    const [line] = lines();
    expect(line!.tsEvent).toBe('1700000000123456789');
    expect(line!.nested).toEqual({ raw: '-5', list: ['1', '2'] });
  });

  it('serialises bigint child bindings and format arguments', () => {
    const { log, lines } = capture();
    log.child({ seq: 7n }).info('value %s and %o', 12n, { big: 3n });
    const [line] = lines();
    expect(line!.seq).toBe('7');
    expect(line!.msg).toContain('12');
    expect(line!.msg).toContain('"big":"3"');
  });

  it('logs errors with type, message, stack, code and details', () => {
    const { log, lines } = capture();
    log.error(kairosError('TIMER_NAME_DUPLICATE', 'timer x exists', { details: { name: 'x' } }), 'failed');
    log.error({ err: new Error('plain') }, 'failed too');
    const [a, b] = lines();
    expect(a!.err).toMatchObject({
      type: 'KairosError',
      message: 'timer x exists',
      code: 'TIMER_NAME_DUPLICATE',
      details: { name: 'x' },
    });
    expect((a!.err as { stack: string }).stack).toContain('KairosError');
    expect(b!.err).toMatchObject({ type: 'Error', message: 'plain' });
  });

  it('createSilentLogger writes nothing and its children neither', () => {
    const silent = createSilentLogger();
    expect(silent.level).toBe('silent');
    expect(silent.isLevelEnabled('fatal')).toBe(false);
    expect(componentLogger(silent, 'x').isLevelEnabled('error')).toBe(false);
  });
});

describe('redaction of secrets in logs', () => {
  it.each([
    ['apiKey'],
    ['apiSecret'],
    ['secret'],
    ['password'],
    ['signature'],
    ['X-MBX-APIKEY'],
    ['x-mbx-apikey'],
    ['APIKEY'],
    ['api_key'],
    ['Api-Secret'],
    ['PASSWORD'],
  ])('redacts a field named %s at any depth', (key) => {
    const { log, text, lines } = capture();
    log.info(
      { [key]: SECRET, config: { venue: { [key]: SECRET, ok: 'visible' } }, list: [{ [key]: SECRET }] },
      'cfg',
    );
    expect(text()).not.toContain(SECRET);
    const [line] = lines();
    expect(line![key]).toBe(REDACTED);
    expect((line!.config as { venue: Record<string, unknown> }).venue).toEqual({
      [key]: REDACTED,
      ok: 'visible',
    });
  });

  it('redacts headers such as X-MBX-APIKEY inside a request object', () => {
    const { log, text } = capture();
    log.debug(
      { request: { method: 'POST', headers: { 'X-MBX-APIKEY': SECRET, 'Content-Type': 'json' } } },
      'http',
    );
    expect(text()).not.toContain(SECRET);
    expect(text()).toContain('Content-Type');
  });

  it('redacts signature= inside a logged URL, in fields, messages and format arguments', () => {
    const { log, text, lines } = capture();
    const url = `https://api.binance.com/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=${SECRET}`;
    log.info({ url }, 'sending');
    log.info(`GET ${url} failed`);
    log.info('request %s', url);
    log.info({ body: `symbol=X&apiKey=${SECRET}&side=BUY` }, 'form');
    expect(text()).not.toContain(SECRET);
    expect(lines()[0]!.url).toBe(
      `https://api.binance.com/api/v3/order?symbol=BTCUSDT&timestamp=1&signature=${REDACTED}`,
    );
    expect(lines()[3]!.body).toBe(`symbol=X&apiKey=${REDACTED}&side=BUY`);
  });

  it('redacts secrets inside JSON text and inside error messages and details', () => {
    const { log, text } = capture();
    log.warn({ payload: `{"apiKey":"${SECRET}","symbol":"BTCUSDT"}` }, 'raw');
    log.error(
      kairosError('HTTP_ERROR', `request ?signature=${SECRET} refused`, {
        details: { apiSecret: SECRET, status: 401 },
      }),
      'venue error',
    );
    log.error({ err: new Error('x', { cause: { password: SECRET } }) }, 'wrapped');
    expect(text()).not.toContain(SECRET);
    const [, venue, wrapped] = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { err: Record<string, unknown> });
    expect(venue!.err.details).toEqual({ apiSecret: REDACTED, status: 401 });
    expect(wrapped!.err.cause).toEqual({ password: REDACTED });
  });

  it('redacts secrets in child bindings', () => {
    const { log, text } = capture();
    log.child({ component: 'BinanceClient', apiKey: SECRET }).info('connected');
    expect(text()).not.toContain(SECRET);
    expect(text()).toContain('BinanceClient');
  });

  it('does not mutate the logged object', () => {
    const { log } = capture();
    const config = { apiKey: SECRET, nested: { secret: SECRET, n: 1n } };
    log.info(config, 'cfg');
    expect(config).toEqual({ apiKey: SECRET, nested: { secret: SECRET, n: 1n } });
  });

  it('handles cycles, Maps and Sets without leaking', () => {
    const { log, text } = capture();
    const a: Record<string, unknown> = { name: 'a', password: SECRET };
    a.self = a;
    log.info({ a, m: new Map([['apiKey', SECRET]]), s: new Set([`signature=${SECRET}`]) }, 'shapes');
    expect(text()).not.toContain(SECRET);
    expect(text()).toContain('[Circular]');
  });

  it('redacts extra keys given at creation', () => {
    const { log, text } = capture({ redactKeys: ['listenKey'] });
    log.info({ listenKey: SECRET }, 'stream');
    expect(text()).not.toContain(SECRET);
  });

  it('never leaks a secret placed under any secret key spelling at a random depth (property)', () => {
    const keyArb = fc.constantFrom(
      'apiKey',
      'APISECRET',
      'secret',
      'Password',
      'signature',
      'X-MBX-APIKEY',
      'api-key',
    );
    const valueArb = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constant(SECRET).map((s) => ({ kind: 'leaf', s })),
        fc.record({ key: keyArb, child: tie('node') }),
        fc.array(tie('node'), { maxLength: 3 }),
      ),
    }));
    fc.assert(
      fc.property(keyArb, valueArb.node, (key, shape) => {
        // Always place the secret under a secret key somewhere inside the shape.
        const build = (s: unknown): unknown => {
          if (Array.isArray(s)) return s.map(build);
          if (s !== null && typeof s === 'object' && 'key' in s) {
            const { key: k, child } = s as { key: string; child: unknown };
            return { [k]: SECRET, inner: build(child) };
          }
          return { note: 'leaf' };
        };
        const { log, text } = capture();
        log.info({ [key]: SECRET, shape: build(shape) }, 'prop');
        expect(text()).not.toContain(SECRET);
      }),
      { numRuns: 200 },
    );
  });
});

describe('createRedactor', () => {
  it('returns the same reference when nothing needs redacting', () => {
    const r = createRedactor();
    const obj = { a: 1, b: { c: 'text', d: [1, 2, 3] } };
    expect(r.value(obj)).toBe(obj);
  });

  it('keeps non-secret query parameters and redacts secret ones', () => {
    const r = createRedactor();
    expect(r.string('a=1&signature=abc&b=2')).toBe(`a=1&signature=${REDACTED}&b=2`);
    expect(r.string('/path?Signature=abc#frag')).toBe(`/path?Signature=${REDACTED}#frag`);
    expect(r.string('nosignature=abc')).toBe('nosignature=abc');
  });
});

describe('redaction limits', () => {
  it('truncates huge object graphs instead of walking them all', () => {
    const r = createRedactor();
    const wide = Array.from({ length: 20_000 }, (_, i) => ({ i }));
    const out = r.value({ wide }) as { wide: unknown[] };
    expect(out.wide[0]).toEqual({ i: 0 });
    expect(out.wide.at(-1)).toBe('[Truncated]');
  });

  it('cuts nesting deeper than 16 levels', () => {
    let deep: Record<string, unknown> = { password: SECRET };
    for (let i = 0; i < 30; i++) deep = { next: deep };
    const text = JSON.stringify(createRedactor().value(deep));
    expect(text).toContain('[MaxDepth]');
    expect(text).not.toContain(SECRET);
  });
});
