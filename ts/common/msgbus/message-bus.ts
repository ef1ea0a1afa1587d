/**
 * The in-process message bus: publish/subscribe on topics with wildcard patterns, point-to-point
 * endpoints, and request/response with correlation ids.
 *
 * # Delivery
 * - `publish(topic, msg)` calls, synchronously, every handler subscribed with a pattern matching
 *   `topic` (see `topic-matcher.ts`): higher `priority` first, equal priorities in subscription
 *   order. Output is deterministic.
 * - A handler that throws is caught and logged (with the topic and pattern); the other handlers
 *   still run and `publish` returns normally. The same holds for `send`: the bus never throws a
 *   handler's error at the publisher. A request handler that throws fails its request instead.
 * - Subscribing or unsubscribing from inside a handler is safe. A subscription removed during a
 *   publish receives nothing more, even later in that same publish; one added during a publish
 *   receives the next message, not the current one.
 * - Subscribing the same handler to the same pattern twice is a no-op (the first priority stays)
 *   and returns an unsubscribe of that same subscription.
 *
 * # Performance
 * Each topic resolves, on its first publish, to a precomputed array of subscriptions in delivery
 * order, cached by topic; a (un)subscribe drops only the cached topics its pattern matches. So a
 * publish is one Map lookup plus one call per handler, with no allocation, closure or spread; a
 * topic without subscribers costs the lookup alone. The cache holds at most
 * {@link MAX_CACHED_TOPICS} topics (then starts over), so unbounded topic names cannot leak memory.
 *
 * # Timeouts
 * Request timeouts are time alerts on the bus's {@link Clock}, so a TestClock drives them in tests
 * and backtests exactly as wall time does live.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { LiveClock } from '../clock/live-clock.js';
import type { Clock, TimeEvent } from '../clock/types.js';
import { describeValue } from '../errors.js';
import { componentLogger, createLogger, type Logger } from '../logging/logger.js';
import { MessageBusError, MessageBusErrorCode } from './errors.js';
import { hasWildcard, isMatchingTopic } from './topic-matcher.js';
import type {
  EndpointHandler,
  ExternalStreamFilter,
  MessageBusExternalPublisher,
  MessageHandler,
  RequestOptions,
  SubscribeOptions,
  SubscriptionInfo,
  Unsubscribe,
} from './types.js';

/** Topics cached at most before the cache starts over. */
export const MAX_CACHED_TOPICS = 100_000;

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
const REQUEST_TIMER_PREFIX = 'msgbus.request.';

/** Options of {@link MessageBus}. */
export interface MessageBusOptions {
  /** Name used in logs (default `MessageBus`). */
  readonly name?: string;
  /** Clock of request timeouts (default: a new LiveClock). */
  readonly clock?: Clock;
  /** Logger of handler failures (default: a new root logger). */
  readonly logger?: Logger;
  /** Default request timeout in ms (default 10 000). */
  readonly requestTimeoutMs?: number;
  /** Produces correlation ids (default: random UUIDs). */
  readonly correlationIdGenerator?: () => string;
  /** Streams published messages out of the process (see {@link MessageBusExternalPublisher}). */
  readonly externalPublisher?: MessageBusExternalPublisher;
  /** Which published messages go to `externalPublisher` (default: all). */
  readonly externalFilter?: ExternalStreamFilter;
}

interface Subscription {
  readonly pattern: string;
  readonly handler: MessageHandler;
  readonly priority: number;
  readonly seq: number;
  readonly unsubscribe: Unsubscribe;
  active: boolean;
}

interface PendingRequest {
  readonly endpoint: string;
  readonly timeoutMs: number;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
}

const NO_SUBSCRIPTIONS: readonly Subscription[] = Object.freeze([]);

function byDeliveryOrder(a: Subscription, b: Subscription): number {
  return b.priority - a.priority || a.seq - b.seq;
}

function checkName(code: MessageBusErrorCode, what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new MessageBusError(code, `${what} must be a non-empty string, was ${describeValue(value)}`);
  }
}

function checkHandler(what: string, handler: unknown): void {
  if (typeof handler !== 'function') {
    throw new MessageBusError(
      MessageBusErrorCode.MSGBUS_HANDLER_INVALID,
      `${what}: handler must be a function, was ${describeValue(handler)}`,
    );
  }
}

function checkTimeout(timeoutMs: unknown): asserts timeoutMs is number {
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new MessageBusError(
      MessageBusErrorCode.MSGBUS_TIMEOUT_INVALID,
      `request timeout must be a positive number of ms, was ${describeValue(timeoutMs)}`,
    );
  }
}

/** The in-process message bus (see the module doc). */
export class MessageBus {
  readonly name: string;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #requestTimeoutMs: number;
  readonly #nextCorrelationId: () => string;

  // All live subscriptions in subscription order.
  #subscriptions: Subscription[] = [];
  #seq = 0;
  // topic -> subscriptions in delivery order (the hot path).
  readonly #cache = new Map<string, readonly Subscription[]>();
  readonly #endpoints = new Map<string, EndpointHandler>();
  readonly #pending = new Map<string, PendingRequest>();
  readonly #onRequestTimeout = (event: TimeEvent): void => this.#timeoutRequest(event);

  #external: MessageBusExternalPublisher | undefined;
  #externalFilter: ExternalStreamFilter | undefined;

  #pubCount = 0;
  #sentCount = 0;
  #reqCount = 0;
  #resCount = 0;
  #handlerErrorCount = 0;
  #disposed = false;

  constructor(options: MessageBusOptions = {}) {
    this.name = options.name ?? 'MessageBus';
    this.#clock = options.clock ?? new LiveClock();
    this.#log = componentLogger(options.logger ?? createLogger(), this.name);
    const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    checkTimeout(timeoutMs);
    this.#requestTimeoutMs = timeoutMs;
    this.#nextCorrelationId = options.correlationIdGenerator ?? randomUUID;
    this.#external = options.externalPublisher;
    this.#externalFilter = options.externalFilter;
  }

  /** Number of `publish` calls. */
  get pubCount(): number {
    return this.#pubCount;
  }

  /** Number of `send` calls that reached an endpoint. */
  get sentCount(): number {
    return this.#sentCount;
  }

  /** Number of `request` calls that reached an endpoint. */
  get reqCount(): number {
    return this.#reqCount;
  }

  /** Number of responses that completed a pending request. */
  get resCount(): number {
    return this.#resCount;
  }

  /** Number of handler exceptions caught (and logged). */
  get handlerErrorCount(): number {
    return this.#handlerErrorCount;
  }

  /** Number of requests waiting for a response. */
  get pendingRequestCount(): number {
    return this.#pending.size;
  }

  // ---------------------------------------------------------------- publish / subscribe

  /**
   * Subscribes `handler` to every topic matching `pattern` (wildcards `*` and `?`).
   * Returns a function that removes this subscription.
   */
  subscribe<T = unknown>(
    pattern: string,
    handler: MessageHandler<T>,
    options: SubscribeOptions = {},
  ): Unsubscribe {
    this.#checkNotDisposed();
    checkName(MessageBusErrorCode.MSGBUS_PATTERN_INVALID, 'subscription pattern', pattern);
    checkHandler(`subscribe '${pattern}'`, handler);
    const priority = options.priority ?? 0;
    if (typeof priority !== 'number' || !Number.isFinite(priority)) {
      throw new MessageBusError(
        MessageBusErrorCode.MSGBUS_PRIORITY_INVALID,
        `subscribe '${pattern}': priority must be a finite number, was ${describeValue(priority)}`,
      );
    }
    const existing = this.#find(pattern, handler as MessageHandler);
    if (existing !== undefined) return existing.unsubscribe;

    this.#seq += 1;
    const subscription: Subscription = {
      pattern,
      handler: handler as MessageHandler,
      priority,
      seq: this.#seq,
      unsubscribe: () => this.#remove(subscription),
      active: true,
    };
    this.#subscriptions.push(subscription);
    this.#invalidate(pattern);
    return subscription.unsubscribe;
  }

  /** Removes the subscription of `handler` to `pattern`; returns false when there was none. */
  unsubscribe<T = unknown>(pattern: string, handler: MessageHandler<T>): boolean {
    const subscription = this.#find(pattern, handler as MessageHandler);
    if (subscription === undefined) return false;
    this.#remove(subscription);
    return true;
  }

  /**
   * Delivers `message` to every subscription matching `topic` (see the module doc for order and
   * error isolation), then to the external publisher when one is set and its filter passes.
   */
  publish(topic: string, message: unknown): void {
    const subscriptions = this.#cache.get(topic) ?? this.#resolve(topic);
    this.#pubCount += 1;
    for (let i = 0; i < subscriptions.length; i++) {
      const s = subscriptions[i]!;
      if (s.active) {
        try {
          s.handler(message);
        } catch (error) {
          this.#handlerFailed(error, topic, s.pattern);
        }
      }
    }
    if (this.#external !== undefined) this.#publishExternal(topic, message);
  }

  /** True when at least one subscription matches `topic`. */
  hasSubscribers(topic: string): boolean {
    return (this.#cache.get(topic) ?? this.#resolve(topic)).length > 0;
  }

  /** The subscriptions, in subscription order; only those whose pattern matches `topic` if given. */
  subscriptions(topic?: string): readonly SubscriptionInfo[] {
    const list =
      topic === undefined
        ? this.#subscriptions
        : this.#subscriptions.filter((s) => isMatchingTopic(s.pattern, topic));
    return list.map((s) => ({ pattern: s.pattern, priority: s.priority, handler: s.handler }));
  }

  /** The distinct subscribed patterns, sorted. */
  patterns(): readonly string[] {
    return [...new Set(this.#subscriptions.map((s) => s.pattern))].sort();
  }

  /**
   * Sets (or with `undefined` removes) the external publisher and its filter. This is where a
   * Redis-streams backing plugs in once connected.
   */
  setExternalPublisher(
    publisher: MessageBusExternalPublisher | undefined,
    filter?: ExternalStreamFilter,
  ): void {
    this.#external = publisher;
    this.#externalFilter = filter;
  }

  // ---------------------------------------------------------------- endpoints

  /** Registers `handler` as the one receiver of messages sent to `endpoint`. */
  register<T = unknown>(endpoint: string, handler: EndpointHandler<T>): void {
    this.#checkNotDisposed();
    checkName(MessageBusErrorCode.MSGBUS_ENDPOINT_INVALID, 'endpoint', endpoint);
    checkHandler(`register '${endpoint}'`, handler);
    if (this.#endpoints.has(endpoint)) {
      throw new MessageBusError(
        MessageBusErrorCode.MSGBUS_ENDPOINT_DUPLICATE,
        `endpoint '${endpoint}' is already registered; deregister it first`,
        { details: { endpoint } },
      );
    }
    this.#endpoints.set(endpoint, handler as EndpointHandler);
  }

  /** Removes `endpoint`; returns false when it was not registered. */
  deregister(endpoint: string): boolean {
    return this.#endpoints.delete(endpoint);
  }

  /** True when `endpoint` is registered. */
  isRegistered(endpoint: string): boolean {
    return this.#endpoints.has(endpoint);
  }

  /** The registered endpoints, sorted. */
  endpoints(): readonly string[] {
    return [...this.#endpoints.keys()].sort();
  }

  /**
   * Delivers `message` to the handler of `endpoint`. Throws `MSGBUS_ENDPOINT_NOT_FOUND` when none
   * is registered (a message to nowhere is a wiring bug); a throwing handler is logged.
   */
  send(endpoint: string, message: unknown): void {
    const handler = this.#endpoints.get(endpoint);
    if (handler === undefined) throw this.#notFound(endpoint);
    this.#sentCount += 1;
    try {
      handler(message);
    } catch (error) {
      this.#handlerFailed(error, endpoint, undefined);
    }
  }

  // ---------------------------------------------------------------- request / response

  /**
   * Sends `request` to `endpoint` with a fresh correlation id and resolves with the message
   * passed to `response(correlationId, ...)`. Rejects with `MSGBUS_ENDPOINT_NOT_FOUND`,
   * `MSGBUS_REQUEST_TIMEOUT` (after `timeoutMs` on the bus clock), the error the endpoint
   * handler threw, or `MSGBUS_DISPOSED`.
   */
  request<R = unknown>(endpoint: string, request: unknown, options: RequestOptions = {}): Promise<R> {
    try {
      this.#checkNotDisposed();
      const timeoutMs = options.timeoutMs ?? this.#requestTimeoutMs;
      checkTimeout(timeoutMs);
      const handler = this.#endpoints.get(endpoint);
      if (handler === undefined) throw this.#notFound(endpoint);
      const correlationId = this.#nextCorrelationId();
      if (this.#pending.has(correlationId)) {
        throw new MessageBusError(
          MessageBusErrorCode.MSGBUS_CORRELATION_ID_DUPLICATE,
          `correlation id '${correlationId}' is already pending; the id generator must not repeat`,
        );
      }
      this.#reqCount += 1;
      return new Promise<R>((resolve, reject) => {
        this.#pending.set(correlationId, {
          endpoint,
          timeoutMs,
          resolve: resolve as (value: unknown) => void,
          reject,
        });
        this.#clock.setTimeAlert({
          name: REQUEST_TIMER_PREFIX + correlationId,
          alertTimeNs: this.#clock.timestampNs() + BigInt(Math.ceil(timeoutMs * 1000)) * 1000n,
          callback: this.#onRequestTimeout,
        });
        try {
          handler(request, correlationId);
        } catch (error) {
          if (this.#settle(correlationId) !== undefined) reject(error);
          else this.#handlerFailed(error, endpoint, undefined); // threw after answering
        }
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Completes the pending request `correlationId` with `message`. Returns false (and logs at
   * debug) when no such request is pending: already answered, timed out, or unknown.
   */
  response(correlationId: string, message: unknown): boolean {
    const pending = this.#settle(correlationId);
    if (pending === undefined) {
      this.#log.debug({ correlationId }, 'response without a pending request (late or unknown)');
      return false;
    }
    this.#resCount += 1;
    pending.resolve(message);
    return true;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Rejects pending requests with `MSGBUS_DISPOSED`, drops every subscription and endpoint, and
   * refuses further subscriptions, registrations and requests.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const correlationId of [...this.#pending.keys()]) {
      const pending = this.#settle(correlationId);
      pending?.reject(
        new MessageBusError(
          MessageBusErrorCode.MSGBUS_DISPOSED,
          `request to '${pending.endpoint}' aborted: bus disposed`,
          {
            details: { endpoint: pending.endpoint, correlationId },
          },
        ),
      );
    }
    for (const s of this.#subscriptions) s.active = false;
    this.#subscriptions = [];
    this.#cache.clear();
    this.#endpoints.clear();
    this.#external = undefined;
  }

  // ---------------------------------------------------------------- internals

  #resolve(topic: string): readonly Subscription[] {
    if (typeof topic !== 'string' || topic.length === 0 || hasWildcard(topic)) {
      throw new MessageBusError(
        MessageBusErrorCode.MSGBUS_TOPIC_INVALID,
        `topic must be a non-empty string without '*' or '?', was ${describeValue(topic)}`,
      );
    }
    const matching = this.#subscriptions.filter((s) => isMatchingTopic(s.pattern, topic));
    const resolved = matching.length === 0 ? NO_SUBSCRIPTIONS : matching.sort(byDeliveryOrder);
    if (this.#cache.size >= MAX_CACHED_TOPICS) this.#cache.clear();
    this.#cache.set(topic, resolved);
    return resolved;
  }

  #invalidate(pattern: string): void {
    if (!hasWildcard(pattern)) {
      this.#cache.delete(pattern);
      return;
    }
    for (const topic of this.#cache.keys()) {
      if (isMatchingTopic(pattern, topic)) this.#cache.delete(topic);
    }
  }

  #find(pattern: string, handler: MessageHandler): Subscription | undefined {
    return this.#subscriptions.find((s) => s.pattern === pattern && s.handler === handler);
  }

  #remove(subscription: Subscription): void {
    if (!subscription.active) return;
    subscription.active = false;
    this.#subscriptions = this.#subscriptions.filter((s) => s !== subscription);
    this.#invalidate(subscription.pattern);
  }

  #publishExternal(topic: string, message: unknown): void {
    try {
      if (this.#externalFilter === undefined || this.#externalFilter(topic, message)) {
        this.#external?.publish(topic, message);
      }
    } catch (error) {
      this.#log.error({ err: error, topic }, 'external publisher failed');
    }
  }

  #handlerFailed(error: unknown, topic: string, pattern: string | undefined): void {
    this.#handlerErrorCount += 1;
    this.#log.error({ err: error, topic, pattern }, 'message handler threw; other handlers still run');
  }

  #settle(correlationId: string): PendingRequest | undefined {
    const pending = this.#pending.get(correlationId);
    if (pending === undefined) return undefined;
    this.#pending.delete(correlationId);
    this.#clock.cancelTimer(REQUEST_TIMER_PREFIX + correlationId);
    return pending;
  }

  #timeoutRequest(event: TimeEvent): void {
    const correlationId = event.name.slice(REQUEST_TIMER_PREFIX.length);
    const pending = this.#settle(correlationId);
    pending?.reject(
      new MessageBusError(
        MessageBusErrorCode.MSGBUS_REQUEST_TIMEOUT,
        `request to '${pending.endpoint}' got no response within ${pending.timeoutMs} ms`,
        { details: { endpoint: pending.endpoint, correlationId, timeoutMs: pending.timeoutMs } },
      ),
    );
  }

  #notFound(endpoint: string): MessageBusError {
    return new MessageBusError(
      MessageBusErrorCode.MSGBUS_ENDPOINT_NOT_FOUND,
      `no endpoint '${endpoint}' is registered`,
      { details: { endpoint } },
    );
  }

  #checkNotDisposed(): void {
    if (this.#disposed) {
      throw new MessageBusError(
        MessageBusErrorCode.MSGBUS_DISPOSED,
        `message bus '${this.name}' is disposed`,
      );
    }
  }
}
