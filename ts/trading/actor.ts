/**
 * `Actor`: a component that receives market data and events but never trades (a signal
 * publisher, a recorder, a monitor). `Strategy` extends it with orders and positions.
 *
 * # Wiring
 * An actor talks only through the message bus: subscriptions go to `DataEngine.execute` and the
 * data arrives on the topics of `ts/engine/topics.ts`. Whoever runs it (the BacktestEngine, the
 * TradingNode) calls `register(deps)` once, which hands over the bus, cache, clock and portfolio
 * and moves the actor to READY; then `start()`.
 *
 * # Async-safe handlers
 * Every hook (`onQuoteTick`, `onBar`, ...) may return a promise. Deliveries go through one
 * {@link SerialQueue} per actor: the next message is handed over only after the previous hook's
 * promise settled, so a slow `await` never reorders what the actor sees. A hook that throws or
 * rejects is logged and counted (`handlerErrorCount`); the next message is delivered anyway.
 * `idle()` resolves when every message delivered so far was handled (the backtest waits on it).
 *
 * # When data is delivered
 * Market data reaches the hooks only while the actor is RUNNING; events (orders, positions) are
 * delivered whenever the actor is registered and not disposed.
 */
import type { Cache } from '../cache/index.js';
import type { Clock } from '../common/clock/index.js';
import { Component } from '../common/component/index.js';
import { InvalidArgumentError } from '../common/errors.js';
import { componentLogger, createSilentLogger, type Logger } from '../common/logging/index.js';
import type { MessageBus } from '../common/msgbus/index.js';
import {
  type BookDeltasSpec,
  type BookLike,
  type DataSpec,
  Endpoint,
  type Portfolio,
  subscribe,
  Topics,
  unsubscribe,
} from '../engine/index.js';
import type { Bar, BarType, OrderBookDeltas, QuoteTick, TradeTick } from '../model/data/index.js';
import type { BookType, OmsType } from '../model/enums.js';
import type { ClientId, InstrumentId, StrategyId, TraderId } from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import { SerialQueue } from './serial-queue.js';

/** What the runner hands an actor or strategy when it registers it. */
export interface ActorDeps {
  readonly traderId: TraderId;
  readonly bus: MessageBus;
  readonly cache: Cache;
  readonly clock: Clock;
  readonly portfolio: Portfolio;
  /** Parent logger (default: silent). */
  readonly logger?: Logger;
  /** Where a strategy registers its own OMS type (the execution engine). */
  readonly omsRegistry?: { registerOmsType(strategyId: StrategyId, omsType: OmsType): void };
  /** Ids of the commands and events the actor makes (default: random UUIDs); a counter makes replays byte-identical. */
  readonly ids?: () => string;
}

/** Options of a data subscription. */
export interface SubscribeOptions {
  /** Route to this data client (default: by the instrument's venue). */
  readonly clientId?: ClientId | null;
}

/** Options of a book subscription. */
export interface BookSubscribeOptions extends SubscribeOptions {
  /** Default `L2_MBP`. */
  readonly bookType?: BookType;
  /** Levels asked of the venue (default: the venue's). */
  readonly depth?: number | null;
}

interface Subscription {
  readonly spec: DataSpec;
  readonly topic: string;
  readonly handler: (message: never) => void;
  readonly clientId: ClientId | null;
}

function notRegistered(id: string, what: string): InvalidArgumentError {
  return new InvalidArgumentError(`${id}: ${what} before register(): add it to an engine or node first`, {
    code: 'ACTOR_NOT_REGISTERED',
  });
}

/** A data-only component (see the module doc). */
export abstract class Actor extends Component {
  #deps: ActorDeps | null = null;
  #ids: () => string = () => crypto.randomUUID();
  readonly #subscriptions = new Map<string, Subscription>();
  #handlerErrors = 0;
  /** One queue per actor: every hook runs through it (see the module doc). */
  protected readonly queue = new SerialQueue((error) => {
    this.#handlerErrors += 1;
    this.log.error({ err: error }, 'handler failed');
  });

  // Bound once so that every delivery reuses them (no closure per message).
  readonly #onQuote = (q: QuoteTick): void | Promise<void> => this.onQuoteTick(q);
  readonly #onTrade = (t: TradeTick): void | Promise<void> => this.onTradeTick(t);
  readonly #onBar = (b: Bar): void | Promise<void> => this.onBar(b);
  readonly #onDeltas = (d: OrderBookDeltas): void | Promise<void> => this.onOrderBookDeltas(d);
  readonly #onBook = (b: BookLike): void | Promise<void> => this.onOrderBook(b);
  readonly #onInstrument = (i: Instrument): void | Promise<void> => this.onInstrument(i);

  protected constructor(componentId: string) {
    super(componentId);
  }

  /**
   * Wires the actor to a trader's bus, cache, clock and portfolio and makes it READY. Called by
   * the runner, once.
   */
  register(deps: ActorDeps): void {
    if (this.#deps !== null) {
      throw new InvalidArgumentError(`${this.componentId} is registered already`, {
        code: 'ACTOR_ALREADY_REGISTERED',
      });
    }
    this.#deps = deps;
    if (deps.ids !== undefined) this.#ids = deps.ids;
    // The trader's logger is only known now: rebind the component's child logger to it.
    (this as unknown as { log: Logger }).log = componentLogger(
      deps.logger ?? createSilentLogger(),
      this.componentId,
    );
    this.onRegister(deps);
    this.initialize();
  }

  /**
   * Wires a READY (reset) actor to a new set of engines, forgetting the old ones and their
   * subscriptions: a backtest that runs again. Not for a running actor.
   */
  rewire(deps: ActorDeps): void {
    if (this.#deps === null) throw notRegistered(this.componentId, 'rewire');
    if (!this.isReady) {
      throw new InvalidArgumentError(`${this.componentId}: rewire needs a READY actor, it is ${this.state}`, {
        code: 'ACTOR_NOT_READY',
      });
    }
    this.#subscriptions.clear();
    this.queue.clear();
    this.#deps = deps;
    if (deps.ids !== undefined) this.#ids = deps.ids;
    this.onRegister(deps);
  }

  /** For subclasses that wire more at registration (called before READY). */
  protected onRegister(_deps: ActorDeps): void {}

  get isRegistered(): boolean {
    return this.#deps !== null;
  }

  #need(what: string): ActorDeps {
    if (this.#deps === null) throw notRegistered(this.componentId, what);
    return this.#deps;
  }

  /** The trader this actor runs for. */
  get traderId(): TraderId {
    return this.#need('traderId').traderId;
  }
  /** The shared cache (instruments, data, orders, positions, accounts). */
  get cache(): Cache {
    return this.#need('cache').cache;
  }
  /** The clock: a test clock in backtests, the live clock live. Read time only from it. */
  get clock(): Clock {
    return this.#need('clock').clock;
  }
  /** Balances, PnL and exposure. */
  get portfolio(): Portfolio {
    return this.#need('portfolio').portfolio;
  }
  /** The message bus the actor speaks on. */
  protected get bus(): MessageBus {
    return this.#need('bus').bus;
  }
  /** A fresh id for a command or event. */
  protected nextId(): string {
    return this.#ids();
  }
  /** Hooks that threw or rejected so far. */
  get handlerErrorCount(): number {
    return this.#handlerErrors;
  }
  /** Resolves when every message delivered so far has been handled. */
  idle(): Promise<void> {
    return this.queue.whenIdle();
  }
  /** True when no hook runs or waits. */
  get isIdle(): boolean {
    return this.queue.isIdle;
  }

  // ---- hooks (override what you need; each may return a promise) ----------------------------

  onQuoteTick(_quote: QuoteTick): void | Promise<void> {}
  onTradeTick(_trade: TradeTick): void | Promise<void> {}
  onBar(_bar: Bar): void | Promise<void> {}
  onOrderBookDeltas(_deltas: OrderBookDeltas): void | Promise<void> {}
  /** The book, every interval of a `subscribeOrderBook` subscription. */
  onOrderBook(_book: BookLike): void | Promise<void> {}
  onInstrument(_instrument: Instrument): void | Promise<void> {}

  // ---- subscriptions ------------------------------------------------------------------------

  subscribeQuoteTicks(instrumentId: InstrumentId, options: SubscribeOptions = {}): void {
    this.#subscribe({ kind: 'QUOTES', instrumentId }, Topics.quotes(instrumentId), this.#onQuote, options);
  }
  unsubscribeQuoteTicks(instrumentId: InstrumentId): void {
    this.#unsubscribe(Topics.quotes(instrumentId));
  }
  subscribeTradeTicks(instrumentId: InstrumentId, options: SubscribeOptions = {}): void {
    this.#subscribe({ kind: 'TRADES', instrumentId }, Topics.trades(instrumentId), this.#onTrade, options);
  }
  unsubscribeTradeTicks(instrumentId: InstrumentId): void {
    this.#unsubscribe(Topics.trades(instrumentId));
  }
  /** Bars of a bar type: INTERNAL ones are aggregated by the data engine from ticks. */
  subscribeBars(barType: BarType, options: SubscribeOptions = {}): void {
    this.#subscribe({ kind: 'BARS', barType }, Topics.bars(barType), this.#onBar, options);
  }
  unsubscribeBars(barType: BarType): void {
    this.#unsubscribe(Topics.bars(barType));
  }
  subscribeOrderBookDeltas(instrumentId: InstrumentId, options: BookSubscribeOptions = {}): void {
    const spec: BookDeltasSpec = {
      kind: 'BOOK_DELTAS',
      instrumentId,
      bookType: options.bookType ?? 'L2_MBP',
      depth: options.depth ?? null,
    };
    this.#subscribe(spec, Topics.bookDeltas(instrumentId), this.#onDeltas, options);
  }
  unsubscribeOrderBookDeltas(instrumentId: InstrumentId): void {
    this.#unsubscribe(Topics.bookDeltas(instrumentId));
  }
  /** The instrument's book every `intervalMs` (kept by the data engine from deltas). */
  subscribeOrderBook(
    instrumentId: InstrumentId,
    intervalMs: number,
    options: BookSubscribeOptions = {},
  ): void {
    if (!Number.isInteger(intervalMs) || intervalMs <= 0) {
      throw new InvalidArgumentError(`intervalMs must be a positive integer, was ${String(intervalMs)}`, {
        code: 'INVALID_ARGUMENT',
      });
    }
    this.#subscribe(
      {
        kind: 'BOOK_SNAPSHOTS',
        instrumentId,
        bookType: options.bookType ?? 'L2_MBP',
        depth: options.depth ?? null,
        intervalMs,
      },
      Topics.bookSnapshots(instrumentId, intervalMs),
      this.#onBook,
      options,
    );
  }
  unsubscribeOrderBook(instrumentId: InstrumentId, intervalMs: number): void {
    this.#unsubscribe(Topics.bookSnapshots(instrumentId, intervalMs));
  }
  subscribeInstrument(instrumentId: InstrumentId, options: SubscribeOptions = {}): void {
    this.#subscribe(
      { kind: 'INSTRUMENT', instrumentId },
      Topics.instrument(instrumentId),
      this.#onInstrument,
      options,
    );
  }
  unsubscribeInstrument(instrumentId: InstrumentId): void {
    this.#unsubscribe(Topics.instrument(instrumentId));
  }

  /** Topics subscribed now, in subscription order. */
  get subscribedTopics(): readonly string[] {
    return [...this.#subscriptions.keys()];
  }

  #subscribe<T>(
    spec: DataSpec,
    topic: string,
    hook: (message: T) => void | Promise<void>,
    options: SubscribeOptions,
  ): void {
    const deps = this.#need('subscribe');
    if (this.#subscriptions.has(topic)) return;
    const queue = this.queue;
    const handler = (message: T): void => {
      if (this.isRunning) queue.push(hook, message);
    };
    const clientId = options.clientId ?? null;
    this.#subscriptions.set(topic, { spec, topic, handler, clientId });
    deps.bus.subscribe(topic, handler);
    deps.bus.send(
      Endpoint.DATA_EXECUTE,
      subscribe({ spec, clientId, commandId: this.#ids(), tsInit: deps.clock.timestampNs() }),
    );
  }

  #unsubscribe(topic: string): void {
    const deps = this.#need('unsubscribe');
    const sub = this.#subscriptions.get(topic);
    if (sub === undefined) {
      this.log.warn({ topic }, 'not subscribed: nothing to unsubscribe');
      return;
    }
    this.#subscriptions.delete(topic);
    deps.bus.unsubscribe(topic, sub.handler);
    deps.bus.send(
      Endpoint.DATA_EXECUTE,
      unsubscribe({
        spec: sub.spec,
        clientId: sub.clientId,
        commandId: this.#ids(),
        tsInit: deps.clock.timestampNs(),
      }),
    );
  }

  /** Removes every data subscription (on dispose). */
  protected unsubscribeAll(): void {
    for (const topic of [...this.#subscriptions.keys()]) this.#unsubscribe(topic);
  }

  /** READY / STOPPED -> DISPOSED; every data subscription is removed too. */
  override dispose(): Promise<void> {
    const done = super.dispose();
    if (this.#deps !== null) this.unsubscribeAll();
    return done;
  }
}
