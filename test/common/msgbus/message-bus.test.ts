import { describe, expect, it } from 'vitest';
import {
  createLogger,
  type Logger,
  MessageBus,
  MessageBusError,
  type MessageBusExternalPublisher,
  type MessageBusOptions,
  TestClock,
} from '../../../ts/common/index.js';

function capturingLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const raw: string[] = [];
  const logger = createLogger({
    level: 'debug',
    base: null,
    destination: { write: (s: string) => raw.push(s) },
  });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

function makeBus(options: MessageBusOptions = {}) {
  const clock = new TestClock({ startNs: 1_000_000_000n });
  const { logger, lines } = capturingLogger();
  let id = 0;
  const bus = new MessageBus({
    clock,
    logger,
    correlationIdGenerator: () => `corr-${++id}`,
    ...options,
  });
  return { bus, clock, lines };
}

async function expectRejectCode(promise: Promise<unknown>, code: string): Promise<MessageBusError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(MessageBusError);
    expect((e as MessageBusError).code).toBe(code);
    return e as MessageBusError;
  }
  throw new Error(`expected a rejection with ${code}`);
}

function expectThrowCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MessageBusError);
    expect((e as MessageBusError).code).toBe(code);
    return;
  }
  throw new Error(`expected a throw with ${code}`);
}

describe('MessageBus publish/subscribe', () => {
  it('delivers a message to an exact-topic subscriber, synchronously', () => {
    const { bus } = makeBus();
    const got: unknown[] = [];
    bus.subscribe('data.quotes.BTCUSDT', (m) => got.push(m));
    bus.publish('data.quotes.BTCUSDT', { bid: 1 });
    expect(got).toEqual([{ bid: 1 }]);
    bus.publish('data.quotes.ETHUSDT', { bid: 2 });
    expect(got).toHaveLength(1);
  });

  it('delivers through * and ? wildcard patterns', () => {
    const { bus } = makeBus();
    const got: string[] = [];
    bus.subscribe('data.*', (m) => got.push(`star:${m}`));
    bus.subscribe('data.quotes.???USDT', (m) => got.push(`q:${m}`));
    bus.subscribe('events.*', (m) => got.push(`ev:${m}`));
    bus.publish('data.quotes.BTCUSDT', 1);
    bus.publish('data.quotes.DOGEUSDT', 2);
    bus.publish('data.trades.BTCUSDT', 3);
    expect(got).toEqual(['star:1', 'q:1', 'star:2', 'star:3']);
  });

  it('calls higher priorities first and equal priorities in subscription order', () => {
    const { bus } = makeBus();
    const order: string[] = [];
    bus.subscribe('t', () => order.push('low-1'), { priority: -1 });
    bus.subscribe('t', () => order.push('zero-1'));
    bus.subscribe('*', () => order.push('high'), { priority: 10 });
    bus.subscribe('t', () => order.push('zero-2'), { priority: 0 });
    bus.subscribe('?', () => order.push('mid'), { priority: 5 });
    bus.publish('t', null);
    expect(order).toEqual(['high', 'mid', 'zero-1', 'zero-2', 'low-1']);
  });

  it('a subscription added later updates a topic already cached', () => {
    const { bus } = makeBus();
    const got: string[] = [];
    bus.publish('a.b', 0); // caches "no subscribers"
    bus.subscribe('a.*', (m) => got.push(`wild:${m}`));
    bus.publish('a.b', 1);
    bus.subscribe('a.b', (m) => got.push(`exact:${m}`), { priority: 1 });
    bus.publish('a.b', 2);
    expect(got).toEqual(['wild:1', 'exact:2', 'wild:2']);
  });

  it('unsubscribe stops delivery, is idempotent and leaves other subscriptions', () => {
    const { bus } = makeBus();
    const got: string[] = [];
    const offA = bus.subscribe('x', (m) => got.push(`a${m}`));
    bus.subscribe('x', (m) => got.push(`b${m}`));
    bus.publish('x', 1);
    offA();
    offA();
    bus.publish('x', 2);
    expect(got).toEqual(['a1', 'b1', 'b2']);
  });

  it('unsubscribe by pattern and handler', () => {
    const { bus } = makeBus();
    const got: number[] = [];
    const handler = (m: number) => got.push(m);
    bus.subscribe('x.*', handler);
    expect(bus.unsubscribe('x.*', handler)).toBe(true);
    expect(bus.unsubscribe('x.*', handler)).toBe(false);
    bus.publish('x.y', 1);
    expect(got).toEqual([]);
  });

  it('subscribing the same handler to the same pattern twice delivers once', () => {
    const { bus } = makeBus();
    let count = 0;
    const handler = () => count++;
    const off1 = bus.subscribe('x', handler);
    const off2 = bus.subscribe('x', handler, { priority: 9 });
    expect(off2).toBe(off1);
    bus.publish('x', null);
    expect(count).toBe(1);
    expect(bus.subscriptions('x')).toHaveLength(1);
    expect(bus.subscriptions('x')[0]!.priority).toBe(0);
  });

  it('a handler unsubscribed during a publish gets nothing more, even in that publish', () => {
    const { bus } = makeBus();
    const got: string[] = [];
    let offSecond = () => {};
    bus.subscribe('t', (m) => {
      got.push(`first:${m}`);
      offSecond();
    });
    offSecond = bus.subscribe('t', (m) => got.push(`second:${m}`));
    bus.subscribe('t', (m) => got.push(`third:${m}`));
    bus.publish('t', 1);
    bus.publish('t', 2);
    expect(got).toEqual(['first:1', 'third:1', 'first:2', 'third:2']);
  });

  it('a handler may unsubscribe itself during a publish', () => {
    const { bus } = makeBus();
    const got: number[] = [];
    const off = bus.subscribe('t', (m: number) => {
      got.push(m);
      off();
    });
    bus.publish('t', 1);
    bus.publish('t', 2);
    expect(got).toEqual([1]);
  });

  it('a subscription added during a publish gets the next message, not the current one', () => {
    const { bus } = makeBus();
    const got: string[] = [];
    let added = false;
    bus.subscribe('t', (m) => {
      got.push(`outer:${m}`);
      if (!added) {
        added = true;
        bus.subscribe('t', (n) => got.push(`inner:${n}`));
      }
    });
    bus.publish('t', 1);
    bus.publish('t', 2);
    expect(got).toEqual(['outer:1', 'outer:2', 'inner:2']);
  });

  it('supports publishing from inside a handler (nested publish)', () => {
    const { bus } = makeBus();
    const got: string[] = [];
    bus.subscribe('a', (m) => {
      got.push(`a:${m}`);
      bus.publish('b', `${m}!`);
    });
    bus.subscribe('b', (m) => got.push(`b:${m}`));
    bus.publish('a', 'x');
    expect(got).toEqual(['a:x', 'b:x!']);
  });

  it('isolates a throwing handler: logged with the topic, others still run, publish returns', () => {
    const { bus, lines } = makeBus();
    const got: string[] = [];
    bus.subscribe('t', () => got.push('before'), { priority: 1 });
    bus.subscribe('t.*', () => {
      throw new Error('handler exploded');
    });
    bus.subscribe('t', () => got.push('after'), { priority: -1 });
    expect(() => bus.publish('t', 1)).not.toThrow();
    bus.subscribe('t*', () => {
      throw new Error('handler exploded');
    });
    bus.publish('t', 2);
    expect(got).toEqual(['before', 'after', 'before', 'after']);
    expect(bus.handlerErrorCount).toBe(1);
    const errorLine = lines().find((l) => l.level === 50)!;
    expect(errorLine.topic).toBe('t');
    expect(errorLine.pattern).toBe('t*');
    expect((errorLine.err as { message: string }).message).toBe('handler exploded');
  });

  it('counts publishes, including those without subscribers', () => {
    const { bus } = makeBus();
    bus.subscribe('a', () => {});
    bus.publish('a', 1);
    bus.publish('nobody', 1);
    bus.publish('nobody', 2);
    expect(bus.pubCount).toBe(3);
  });

  it('refuses bad topics, patterns, handlers and priorities with typed errors', () => {
    const { bus } = makeBus();
    expectThrowCode(() => bus.publish('', 1), 'MSGBUS_TOPIC_INVALID');
    expectThrowCode(() => bus.publish('data.*', 1), 'MSGBUS_TOPIC_INVALID');
    expectThrowCode(() => bus.publish('data.?', 1), 'MSGBUS_TOPIC_INVALID');
    expectThrowCode(() => bus.subscribe('', () => {}), 'MSGBUS_PATTERN_INVALID');
    expectThrowCode(() => bus.subscribe('x', 42 as unknown as () => void), 'MSGBUS_HANDLER_INVALID');
    expectThrowCode(() => bus.subscribe('x', () => {}, { priority: Number.NaN }), 'MSGBUS_PRIORITY_INVALID');
    expect(bus.pubCount).toBe(0);
    expect(bus.subscriptions()).toEqual([]);
  });

  it('reports subscriptions, patterns and whether a topic has subscribers', () => {
    const { bus } = makeBus();
    const h = () => {};
    bus.subscribe('b.*', h, { priority: 2 });
    bus.subscribe('a', h);
    bus.subscribe('b.*', () => {});
    expect(bus.patterns()).toEqual(['a', 'b.*']);
    expect(bus.subscriptions('b.c').map((s) => s.pattern)).toEqual(['b.*', 'b.*']);
    expect(bus.subscriptions()).toHaveLength(3);
    expect(bus.hasSubscribers('b.c')).toBe(true);
    expect(bus.hasSubscribers('c')).toBe(false);
  });

  it('delivers identically on two runs (deterministic)', () => {
    const run = () => {
      const { bus } = makeBus();
      const log: string[] = [];
      for (let i = 0; i < 20; i++) {
        bus.subscribe(i % 3 === 0 ? '*' : `t.${i % 4}`, (m) => log.push(`${i}:${m}`), { priority: i % 5 });
      }
      for (let k = 0; k < 8; k++) bus.publish(`t.${k % 4}`, k);
      return log;
    };
    expect(run()).toEqual(run());
  });

  it('keeps working when more topics are published than the cache holds', () => {
    const { bus } = makeBus();
    let count = 0;
    bus.subscribe('t.*', () => count++);
    for (let i = 0; i < 100_050; i++) bus.publish(`t.${i}`, i);
    bus.publish('t.5', 0);
    expect(count).toBe(100_051);
  });
});

describe('MessageBus external publisher (extension point)', () => {
  it('streams published messages that pass the filter, after local handlers', () => {
    const streamed: Array<[string, unknown]> = [];
    const order: string[] = [];
    const external: MessageBusExternalPublisher = {
      publish: (topic, payload) => {
        order.push('external');
        streamed.push([topic, payload]);
      },
    };
    const { bus } = makeBus({
      externalPublisher: external,
      externalFilter: (topic) => !topic.startsWith('data.'),
    });
    bus.subscribe('*', () => order.push('local'));
    bus.publish('events.order.1', { a: 1 });
    bus.publish('data.quotes.X', { b: 2 });
    bus.publish('nobody.listens', 3);
    expect(streamed).toEqual([
      ['events.order.1', { a: 1 }],
      ['nobody.listens', 3],
    ]);
    expect(order.slice(0, 2)).toEqual(['local', 'external']);
  });

  it('can be attached and removed later; a throwing publisher is logged, not thrown', () => {
    const { bus, lines } = makeBus();
    const streamed: string[] = [];
    bus.publish('a', 1);
    bus.setExternalPublisher({ publish: (t) => streamed.push(t) });
    bus.publish('b', 1);
    bus.setExternalPublisher({
      publish: () => {
        throw new Error('redis down');
      },
    });
    expect(() => bus.publish('c', 1)).not.toThrow();
    bus.setExternalPublisher(undefined);
    bus.publish('d', 1);
    expect(streamed).toEqual(['b']);
    expect(lines().some((l) => l.msg === 'external publisher failed')).toBe(true);
  });

  it('does not stream point-to-point sends', () => {
    const streamed: string[] = [];
    const { bus } = makeBus({ externalPublisher: { publish: (t) => streamed.push(t) } });
    bus.register('ep', () => {});
    bus.send('ep', 1);
    expect(streamed).toEqual([]);
  });
});

describe('MessageBus endpoints', () => {
  it('send delivers to the registered endpoint and counts', () => {
    const { bus } = makeBus();
    const got: unknown[] = [];
    bus.register('ExecEngine.execute', (m) => got.push(m));
    bus.send('ExecEngine.execute', { cmd: 'submit' });
    expect(got).toEqual([{ cmd: 'submit' }]);
    expect(bus.sentCount).toBe(1);
    expect(bus.isRegistered('ExecEngine.execute')).toBe(true);
    expect(bus.endpoints()).toEqual(['ExecEngine.execute']);
  });

  it('refuses a duplicate endpoint and keeps the first handler', () => {
    const { bus } = makeBus();
    const got: string[] = [];
    bus.register('ep', () => got.push('first'));
    expectThrowCode(() => bus.register('ep', () => got.push('second')), 'MSGBUS_ENDPOINT_DUPLICATE');
    bus.send('ep', null);
    expect(got).toEqual(['first']);
  });

  it('send to an unknown endpoint throws MSGBUS_ENDPOINT_NOT_FOUND and counts nothing', () => {
    const { bus } = makeBus();
    expectThrowCode(() => bus.send('nowhere', 1), 'MSGBUS_ENDPOINT_NOT_FOUND');
    expect(bus.sentCount).toBe(0);
  });

  it('deregister removes the endpoint', () => {
    const { bus } = makeBus();
    bus.register('ep', () => {});
    expect(bus.deregister('ep')).toBe(true);
    expect(bus.deregister('ep')).toBe(false);
    expectThrowCode(() => bus.send('ep', 1), 'MSGBUS_ENDPOINT_NOT_FOUND');
  });

  it('a throwing endpoint handler is logged, not thrown at the sender', () => {
    const { bus, lines } = makeBus();
    bus.register('ep', () => {
      throw new Error('bad command');
    });
    expect(() => bus.send('ep', 1)).not.toThrow();
    expect(lines().some((l) => l.topic === 'ep' && l.level === 50)).toBe(true);
  });

  it('refuses an empty endpoint name', () => {
    const { bus } = makeBus();
    expectThrowCode(() => bus.register('', () => {}), 'MSGBUS_ENDPOINT_INVALID');
  });
});

describe('MessageBus request/response', () => {
  it('resolves with the response carrying the correlation id given to the handler', async () => {
    const { bus, clock } = makeBus();
    bus.register('cache.query', (req, correlationId) => {
      bus.response(correlationId!, { answer: (req as { q: number }).q * 2 });
    });
    await expect(bus.request('cache.query', { q: 21 })).resolves.toEqual({ answer: 42 });
    expect(bus.reqCount).toBe(1);
    expect(bus.resCount).toBe(1);
    expect(bus.pendingRequestCount).toBe(0);
    expect(clock.timerCount).toBe(0); // the timeout alert was cancelled
  });

  it('matches asynchronous responses to their requests by correlation id', async () => {
    const { bus } = makeBus();
    const inbox: Array<[unknown, string]> = [];
    bus.register('svc', (req, id) => inbox.push([req, id!]));
    const first = bus.request<string>('svc', 'one');
    const second = bus.request<string>('svc', 'two');
    expect(inbox.map(([, id]) => id)).toEqual(['corr-1', 'corr-2']);
    // Answer in reverse order.
    expect(bus.response('corr-2', 'reply-two')).toBe(true);
    expect(bus.response('corr-1', 'reply-one')).toBe(true);
    await expect(first).resolves.toBe('reply-one');
    await expect(second).resolves.toBe('reply-two');
  });

  it('times out on the bus clock with MSGBUS_REQUEST_TIMEOUT; a late response is refused', async () => {
    const { bus, clock } = makeBus({ requestTimeoutMs: 500 });
    bus.register('slow', () => {});
    const pending = bus.request('slow', 1);
    clock.advanceTime(clock.timestampNs() + 499_999_999n);
    expect(bus.pendingRequestCount).toBe(1);
    clock.advanceTime(clock.timestampNs() + 1n);
    const error = await expectRejectCode(pending, 'MSGBUS_REQUEST_TIMEOUT');
    expect(error.message).toContain("'slow'");
    expect(error.details).toMatchObject({ endpoint: 'slow', correlationId: 'corr-1', timeoutMs: 500 });
    expect(bus.response('corr-1', 'late')).toBe(false);
    expect(bus.resCount).toBe(0);
  });

  it('a per-request timeout overrides the default', async () => {
    const { bus, clock } = makeBus({ requestTimeoutMs: 10_000 });
    bus.register('slow', () => {});
    const pending = bus.request('slow', 1, { timeoutMs: 5 });
    clock.advanceTime(clock.timestampNs() + 5_000_000n);
    await expectRejectCode(pending, 'MSGBUS_REQUEST_TIMEOUT');
  });

  it('rejects with the error a request handler throws', async () => {
    const { bus } = makeBus();
    bus.register('bad', () => {
      throw new Error('cannot serve');
    });
    await expect(bus.request('bad', 1)).rejects.toThrow('cannot serve');
    expect(bus.pendingRequestCount).toBe(0);
  });

  it('rejects a request to an unknown endpoint or with a bad timeout', async () => {
    const { bus } = makeBus();
    await expectRejectCode(bus.request('nowhere', 1), 'MSGBUS_ENDPOINT_NOT_FOUND');
    bus.register('ep', () => {});
    await expectRejectCode(bus.request('ep', 1, { timeoutMs: 0 }), 'MSGBUS_TIMEOUT_INVALID');
    expect(bus.reqCount).toBe(0);
  });

  it('response to an unknown id returns false', () => {
    const { bus } = makeBus();
    expect(bus.response('never-issued', 1)).toBe(false);
  });

  it('uses real time with a LiveClock', async () => {
    const bus = new MessageBus({ logger: capturingLogger().logger, requestTimeoutMs: 20 });
    bus.register('slow', () => {});
    const started = performance.now();
    await expectRejectCode(bus.request('slow', 1), 'MSGBUS_REQUEST_TIMEOUT');
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('dispose rejects pending requests and refuses further use', async () => {
    const { bus } = makeBus();
    bus.register('slow', () => {});
    const pending = bus.request('slow', 1);
    bus.dispose();
    await expectRejectCode(pending, 'MSGBUS_DISPOSED');
    expectThrowCode(() => bus.subscribe('x', () => {}), 'MSGBUS_DISPOSED');
    expectThrowCode(() => bus.register('y', () => {}), 'MSGBUS_DISPOSED');
  });
});
