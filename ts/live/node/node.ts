/**
 * `LiveNode`: runs strategies live. It builds clients only through the factories it is given
 * (`options.clients`); the public `TradingNode` (`ts/trading-node.ts`) is this node with the
 * built-in client types (`MOCK`, `BINANCE`), which live in layers above this one. Built from a `TradingNodeConfig`, it wires the clock, the
 * message bus, the cache, the engines, the portfolio, the clients (from pluggable factories), the
 * reconciler and the continuous checks, and walks the lifecycle of `state.ts`:
 *
 * | step               | state                 | bound                   | on failure / timeout           |
 * |--------------------|-----------------------|-------------------------|--------------------------------|
 * | build, load cache database | BUILT         | `timeoutConnection` (load) | stop (`build`)              |
 * | connect clients, start engines | CONNECTING | `timeoutConnection`     | stop (`connect`), per client   |
 * | reconcile venues   | RECONCILING           | `timeoutReconciliation` per venue (the Reconciler's) | stop (`reconcile`), every reason |
 * | portfolio ready    | AWAITING_PORTFOLIO    | `timeoutPortfolio`      | stop (`portfolio`)             |
 * | start strategies   | STARTING_STRATEGIES   |                         | stop (`start-strategies`)      |
 * | read external streams | STARTING_STRATEGIES | `timeoutConnection`     | stop (`external-streams`)      |
 * | checks on          | RUNNING               |                         |                                |
 * | stop strategies, checks, engines | STOPPING | `timeoutDisconnection` | logged, stop goes on          |
 * | disconnect clients | DISCONNECTING         | `timeoutDisconnection`  | logged, stop goes on           |
 * | post-stop: close stores | POST_STOP        | `timeoutPostStop` each  | logged, stop goes on           |
 * |                    | STOPPED               |                         |                                |
 *
 * # Fail closed
 * Strategies start only after every venue reconciled (when `execEngine.reconciliation` is on) and
 * every execution client's account is known. A failed or timed-out step stops the node with ONE
 * error line (`node stopping: <step> ...`, fields `step`, `reason`, `reasons` / `pending`) and
 * `start()` resolves to `NodeStopped` saying why; `node.stopped` keeps it.
 *
 * # Runtime
 * Execution clients deliver order events, account states and runtime order / fill reports to the
 * node's bounded queue (`queue.ts`, `execEngine.qsize`, overflow halts trading); events go to the
 * ExecutionEngine, reports to the continuous checks. Data clients publish to the DataEngine.
 *
 * # Stores
 * `cache.database` builds a Redis cache database (unless `cacheDatabase` is given) that the cache
 * is loaded from at build and written through; `messageBus.database` streams every published
 * message to Redis, and `messageBus.externalStreams` are read (consumer group = trader id, member =
 * instance id or trader id) once the strategies run, each entry published on this bus under its
 * topic as a `StreamMessage` (and never streamed out again). The stores are closed, buffered
 * writes flushed, at post-stop.
 *
 * # Signals
 * With `installSignalHandlers` (default true for `run()`, false for `start()`), SIGINT and
 * SIGTERM stop the node gracefully; the handlers are removed when it stops.
 *
 * @example
 * ```ts
 * const node = new LiveNode({ execClients: { SIM: { type: 'MOCK' } } }, { clients, strategies: [myStrategy] });
 * const stopped = await node.run();     // until SIGINT/SIGTERM or a failure
 * console.log(stopped.reason);
 * ```
 */
import { Cache, type CacheDatabase } from '../../cache/index.js';
import type { RedisStreamConsumer, RedisStreamPublisher } from '../../cache/redis/index.js';
import {
  type Clock,
  componentLogger,
  createLogger,
  LiveClock,
  type Logger,
  type LogLevel,
  type MessageBus,
  withDeadline,
} from '../../common/index.js';
import { parseConfig, TradingNodeConfig, type TradingNodeConfigInput } from '../../config/index.js';
import type { DataClient } from '../../engine/clients.js';
import { DataEngine } from '../../engine/data-engine.js';
import { ExecutionEngine } from '../../engine/exec-engine.js';
import { Portfolio } from '../../engine/portfolio.js';
import { RiskEngine } from '../../engine/risk-engine.js';
import type { OmsType } from '../../model/enums.js';
import { InstrumentId, TraderId } from '../../model/identifiers/index.js';
import { LiveChecks } from '../checks/live-checks.js';
import { Reconciler } from '../reconciliation/reconciler.js';
import {
  type ClientFactories,
  type ClientFactoryContext,
  type LiveExecutionClient,
  mergeClientFactories,
} from './clients.js';
import { messageOf } from './messages.js';
import { type ExecutionItem, ExecutionQueue } from './queue.js';
import {
  describeStopReason,
  type NodeStartResult,
  type NodeStep,
  type NodeStopped,
  type NodeStopReason,
} from './result.js';
import { NodeState, type NodeTrigger, transitionNodeState } from './state.js';
import { closeStores, type NodeStores, nodeBus, openStores } from './stores.js';
import { loadStrategy, type NodeStrategy } from './strategies.js';

/** Topic of {@link NodeStateChanged} on the node's bus. */
export const NODE_STATE_TOPIC = 'events.node.state';

/** Published on {@link NODE_STATE_TOPIC} at every transition of the node. */
export interface NodeStateChanged {
  readonly type: 'NodeStateChanged';
  readonly from: NodeState;
  readonly to: NodeState;
  readonly tsEvent: bigint;
}

/** Options of {@link LiveNode}. */
export interface TradingNodeOptions {
  /** Client factories by config `type` (the `TradingNode` adds the built-in ones under these). */
  readonly clients?: Partial<ClientFactories>;
  /** Strategies given in code (run with those of `config.strategies`, these first). */
  readonly strategies?: readonly NodeStrategy[];
  /** Default: a LiveClock. Tests give a TestClock. */
  readonly clock?: Clock;
  /** Default: a logger at `config.loggingLevel` on standard output. */
  readonly logger?: Logger;
  /**
   * The cache's database: loaded at build (after a flush with `cache.flushOnStart`), written
   * through while running, closed (buffered writes flushed) at post-stop. Default: a Redis
   * database from `config.cache.database` when set, else none (the cache is in memory only).
   */
  readonly cacheDatabase?: CacheDatabase;
  /** Install SIGINT/SIGTERM handlers (default: true for `run()`, false for `start()`). */
  readonly installSignalHandlers?: boolean;
  /** Where relative `strategyPath` modules are resolved from (default `process.cwd()`). */
  readonly cwd?: string;
}

type Signal = 'SIGINT' | 'SIGTERM';
const STOP_REQUESTED: unique symbol = Symbol('stop requested');
const SIGNALS: readonly Signal[] = ['SIGINT', 'SIGTERM'];

/** The wiring `build()` makes. */
interface Built {
  readonly bus: MessageBus;
  readonly cache: Cache;
  readonly dataEngine: DataEngine;
  readonly riskEngine: RiskEngine;
  readonly execEngine: ExecutionEngine;
  readonly portfolio: Portfolio;
  readonly queue: ExecutionQueue;
  /** Streams published messages to Redis (`config.messageBus.database`), else null. */
  readonly streams: RedisStreamPublisher | null;
  /** Reads `config.messageBus.externalStreams` onto the bus, else null. */
  readonly externalStreams: RedisStreamConsumer | null;
  readonly dataClients: readonly DataClient[];
  readonly execClients: readonly LiveExecutionClient[];
  readonly strategies: readonly NodeStrategy[];
  readonly reconciler: Reconciler;
  readonly checks: LiveChecks;
}

/** A live trading node (see the module doc). */
export class LiveNode {
  /** The parsed config, every default filled in. */
  readonly config: TradingNodeConfig;
  readonly traderId: TraderId;
  readonly clock: Clock;
  /** The root logger (the node logs through a `TradingNode` child). */
  readonly logger: Logger;
  readonly #log: Logger;
  readonly #o: TradingNodeOptions;
  // A clock the node made is the node's to clear when it stops (so a live process can exit).
  readonly #ownsClock: boolean;
  readonly #factories: ClientFactories;
  #state: NodeState = NodeState.IDLE;
  readonly #history: NodeState[] = [NodeState.IDLE];
  #built: Built | null = null;
  #startPromise: Promise<NodeStartResult> | null = null;
  #stopPromise: Promise<NodeStopped> | null = null;
  #stopped: NodeStopped | null = null;
  readonly #startedStrategies: NodeStrategy[] = [];
  readonly #connected = new Set<DataClient | LiveExecutionClient>();
  #signalHandlers: Map<Signal, () => void> | null = null;
  #resolveDone: (s: NodeStopped) => void = () => {};
  // Settles when stop() is first called: every start-up step races it, so a stop during a
  // step that never ends (a hung query) still ends start().
  #stopRequested: () => void = () => {};
  readonly #stopSignal: Promise<typeof STOP_REQUESTED>;
  readonly #done: Promise<NodeStopped>;

  /**
   * @param config a `TradingNodeConfig` or its input (parsed here).
   * @throws KairosError `INVALID_CONFIG` listing every problem of `config`, before anything runs.
   */
  constructor(config: TradingNodeConfig | TradingNodeConfigInput, options: TradingNodeOptions = {}) {
    this.config = parseConfig(TradingNodeConfig, config);
    this.#o = options;
    this.traderId = TraderId.from(this.config.traderId);
    this.clock = options.clock ?? new LiveClock();
    this.#ownsClock = options.clock === undefined;
    this.logger =
      options.logger ??
      createLogger({ level: this.config.loggingLevel.toLowerCase() as LogLevel, name: this.config.traderId });
    this.#log = componentLogger(this.logger, 'TradingNode');
    this.#factories = mergeClientFactories({ data: {}, exec: {} }, options.clients ?? {});
    this.#done = new Promise((resolve) => {
      this.#resolveDone = resolve;
    });
    this.#stopSignal = new Promise((resolve) => {
      this.#stopRequested = () => resolve(STOP_REQUESTED);
    });
  }

  // ---- reads -----------------------------------------------------------------------------------

  get state(): NodeState {
    return this.#state;
  }
  /** Every state the node went through, in order (starting with `IDLE`). */
  get stateHistory(): readonly NodeState[] {
    return this.#history;
  }
  get isRunning(): boolean {
    return this.#state === NodeState.RUNNING;
  }
  /** Why the node stopped, once STOPPED; else `null`. */
  get stopped(): NodeStopped | null {
    return this.#stopped;
  }
  /** Resolves when the node is STOPPED. */
  whenStopped(): Promise<NodeStopped> {
    return this.#done;
  }

  #need(): Built {
    if (this.#built === null) throw new Error('the trading node is not built: call build() or start() first');
    return this.#built;
  }
  get bus(): MessageBus {
    return this.#need().bus;
  }
  get cache(): Cache {
    return this.#need().cache;
  }
  get dataEngine(): DataEngine {
    return this.#need().dataEngine;
  }
  get riskEngine(): RiskEngine {
    return this.#need().riskEngine;
  }
  get execEngine(): ExecutionEngine {
    return this.#need().execEngine;
  }
  get portfolio(): Portfolio {
    return this.#need().portfolio;
  }
  get reconciler(): Reconciler {
    return this.#need().reconciler;
  }
  get checks(): LiveChecks {
    return this.#need().checks;
  }
  /** The bounded queue between execution clients and the engine. */
  get queue(): ExecutionQueue {
    return this.#need().queue;
  }
  get dataClients(): readonly DataClient[] {
    return this.#need().dataClients;
  }
  get execClients(): readonly LiveExecutionClient[] {
    return this.#need().execClients;
  }
  get strategies(): readonly NodeStrategy[] {
    return this.#need().strategies;
  }
  /** True once `build()` succeeded. */
  get isBuilt(): boolean {
    return this.#built !== null;
  }

  // ---- transitions -----------------------------------------------------------------------------

  #move(trigger: NodeTrigger): void {
    const from = this.#state;
    const to = transitionNodeState(from, trigger);
    this.#state = to;
    this.#history.push(to);
    this.#log.info({ from, to }, `node ${to}`);
    const bus = this.#built?.bus;
    if (bus !== undefined) {
      const event: NodeStateChanged = {
        type: 'NodeStateChanged',
        from,
        to,
        tsEvent: this.clock.timestampNs(),
      };
      bus.publish(NODE_STATE_TOPIC, event);
    }
  }

  // ---- build -----------------------------------------------------------------------------------

  /**
   * Wires everything (see the module doc) without connecting. Loads the strategies of
   * `config.strategies`. Resolves `null` when built, else the `NodeStopped` of the failed build.
   */
  async build(): Promise<NodeStopped | null> {
    if (this.#built !== null) return null;
    if (this.#stopPromise !== null) return this.#stopPromise;
    let built: Built;
    try {
      built = await this.#wire();
    } catch (error) {
      return this.#fail({
        type: 'FAILED',
        step: 'build',
        message: messageOf(error),
        reasons: [messageOf(error)],
      });
    }
    if (this.#stopPromise !== null) return this.#stopPromise;
    this.#built = built;
    this.#move('BUILD');
    return null;
  }

  /** Opens the stores (bus streams, cache database) and wires on them; closes them if that fails. */
  async #wire(): Promise<Built> {
    const stores = openStores(this.config, this.traderId, this.logger, this.#o.cacheDatabase);
    try {
      return await this.#wireOn(stores);
    } catch (error) {
      await closeStores(stores);
      throw error;
    }
  }

  async #wireOn({ streams, database }: NodeStores): Promise<Built> {
    const cfg = this.config;
    const clock = this.clock;
    const logger = this.logger;
    const { bus, externalStreams } = nodeBus(cfg, clock, logger, streams);
    const cache = new Cache({
      tickCapacity: cfg.cache.tickCapacity,
      barCapacity: cfg.cache.barCapacity,
      dropInstrumentsOnReset: cfg.cache.dropInstrumentsOnReset,
      ...(database === null ? {} : { database }),
    });
    // Restart path: the database's state first (flushed before, never after, when asked), so
    // that reconciliation compares the venue with what this trader held. Bounded like a client
    // connection: an unreachable database fails the build, it does not hang it.
    const db = cache.database;
    if (db !== null) {
      const load = await withDeadline(clock, 'cache-load', cfg.timeoutConnection, async () => {
        if (cfg.cache.flushOnStart) await db.flush();
        await cache.loadFromDatabase();
      });
      if (load.type === 'timeout') {
        throw new Error(`cache database not loaded within timeoutConnection (${cfg.timeoutConnection}s)`);
      }
      if (load.type === 'failed') throw load.error;
    }
    const deps = { bus, cache, clock, logger };
    // The node connects the clients itself (its timeout, a reason per client), not the engines.
    const dataEngine = new DataEngine({ ...deps, config: cfg.dataEngine, connectClients: false });
    const riskEngine = new RiskEngine({ ...deps, config: cfg.riskEngine });
    const execEngine = new ExecutionEngine({
      ...deps,
      config: cfg.execEngine,
      connectClients: false,
      manageOwnOrderBooks: cfg.execEngine.ownBooksAuditIntervalSecs !== null,
    });
    const portfolio = new Portfolio({ cache, config: cfg.portfolio });

    // The queue's handler needs the checks, built last: bind late.
    let checks: LiveChecks | null = null;
    const queue = new ExecutionQueue({
      capacity: cfg.execEngine.qsize,
      log: this.#log,
      handle: (item: ExecutionItem) => {
        if (item.type === 'event') execEngine.process(item.event);
        else if (item.type === 'orderReport') checks?.handleOrderReport(item.client, item.report);
        else checks?.handleFillReport(item.client, item.fill);
      },
      onOverflow: () => riskEngine.setTradingState('HALTED'),
    });

    const ctxFor = (name: string): ClientFactoryContext => ({
      name,
      traderId: this.traderId,
      clock,
      bus,
      cache,
      logger,
      sink: queue,
      execEngine: cfg.execEngine,
    });
    const dataClients: DataClient[] = [];
    for (const [name, c] of Object.entries(cfg.dataClients)) {
      const factory = this.#factories.data[c.type] as
        | ((c: unknown, x: ClientFactoryContext) => DataClient)
        | undefined;
      if (factory === undefined)
        throw new Error(`no data client factory for type ${c.type} (dataClients.${name})`);
      const client = factory(c, ctxFor(name));
      dataEngine.registerClient(client);
      dataClients.push(client);
    }
    const execClients: LiveExecutionClient[] = [];
    const omsTypes: Record<string, OmsType> = {};
    for (const [name, c] of Object.entries(cfg.execClients)) {
      const factory = this.#factories.exec[c.type] as
        | ((c: unknown, x: ClientFactoryContext) => LiveExecutionClient)
        | undefined;
      if (factory === undefined)
        throw new Error(`no execution client factory for type ${c.type} (execClients.${name})`);
      const client = factory(c, ctxFor(name));
      execEngine.registerClient(client);
      execClients.push(client);
      omsTypes[client.venue.value] = client.omsType;
    }

    const strategies: NodeStrategy[] = [...(this.#o.strategies ?? [])];
    for (const entry of cfg.strategies) strategies.push(await loadStrategy(entry, this.#o.cwd));

    const reconciler = new Reconciler({
      cache,
      clock,
      log: this.#log,
      msgbus: bus,
      traderId: this.traderId,
      config: cfg.execEngine,
      timeoutReconciliationSecs: cfg.timeoutReconciliation,
      claims: strategies.map((s) => ({
        strategyId: s.strategyId,
        instrumentIds: (s.config.externalOrderClaims ?? []).map((i) => InstrumentId.from(i)),
      })),
      omsTypes,
      // Reconciled and check-resolved events move the own books and snapshots like the engine's.
      observer: execEngine,
    });
    checks = new LiveChecks(
      { cache, clock, log: this.#log, msgbus: bus, reconciler, clients: execClients },
      { config: cfg.execEngine },
    );
    dataEngine.initialize();
    riskEngine.initialize();
    execEngine.initialize();
    const omsRegistry = execEngine;
    for (const s of strategies)
      s.register({ traderId: this.traderId, clock, bus, cache, portfolio, logger, omsRegistry });
    return {
      bus,
      cache,
      dataEngine,
      riskEngine,
      execEngine,
      portfolio,
      queue,
      streams,
      externalStreams,
      dataClients,
      execClients,
      strategies,
      reconciler,
      checks,
    };
  }

  // ---- start -----------------------------------------------------------------------------------

  /**
   * Builds (if needed), connects, reconciles, waits for the portfolio, starts strategies and
   * checks. Resolves `NodeRunning`, or `NodeStopped` when a step failed or a stop came first.
   * Calling it again returns the same promise.
   */
  start(): Promise<NodeStartResult> {
    if (this.#stopPromise !== null) return this.#stopPromise;
    if (this.#startPromise === null) {
      if (this.#o.installSignalHandlers === true) this.#installSignals();
      this.#startPromise = this.#start();
    }
    return this.#startPromise;
  }

  /**
   * `start()`, then waits until the node stops (a signal, `stop()`, or a failure). Installs the
   * SIGINT/SIGTERM handlers unless `installSignalHandlers: false`.
   */
  async run(): Promise<NodeStopped> {
    if (this.#o.installSignalHandlers !== false) this.#installSignals();
    // Holds the process open until the node stops: clock timers do not (a node whose clients
    // keep no socket open would otherwise exit before a signal could stop it).
    const keepAlive = setInterval(() => {}, 2 ** 30);
    try {
      const r = await this.start();
      if (r.type === 'NodeStopped') return r;
      return await this.#done;
    } finally {
      clearInterval(keepAlive);
    }
  }

  /** `p`, or {@link STOP_REQUESTED} as soon as a stop is requested. */
  #untilStop<T>(p: Promise<T>): Promise<T | typeof STOP_REQUESTED> {
    return Promise.race([p, this.#stopSignal]);
  }

  async #start(): Promise<NodeStartResult> {
    const early = await this.build();
    if (early !== null) return early;
    const b = this.#need();
    const cfg = this.config;

    // Connect.
    this.#move('CONNECT');
    const clients: (DataClient | LiveExecutionClient)[] = [...b.dataClients, ...b.execClients];
    const connect = await this.#untilStop(
      withDeadline(this.clock, 'connect', cfg.timeoutConnection, () =>
        Promise.all(
          clients.map((c) =>
            c.connect().then(
              () => void this.#connected.add(c),
              (e: unknown) => {
                throw new Error(`${c.clientId}: ${messageOf(e)}`);
              },
            ),
          ),
        ),
      ),
    );
    if (connect === STOP_REQUESTED || this.#stopPromise !== null) return this.#stopping();
    if (connect.type === 'timeout') {
      const pending = clients.filter((c) => !this.#connected.has(c)).map((c) => c.clientId.value);
      return this.#fail({
        type: 'TIMEOUT',
        step: 'connect',
        timeoutSecs: cfg.timeoutConnection,
        message: `not connected: ${pending.join(', ')}`,
        pending,
      });
    }
    if (connect.type === 'failed') {
      const m = messageOf(connect.error);
      return this.#fail({ type: 'FAILED', step: 'connect', message: m, reasons: [m] });
    }

    // Engines: their timers (position snapshots) run from here; their clients are connected.
    try {
      for (const engine of this.#engines(b)) await engine.start();
    } catch (error) {
      const m = messageOf(error);
      return this.#fail({ type: 'FAILED', step: 'connect', message: m, reasons: [m] });
    }

    // Reconcile (each venue bounded by timeoutReconciliation inside the Reconciler).
    if (cfg.execEngine.reconciliation) {
      this.#move('RECONCILE');
      let result: Awaited<ReturnType<Reconciler['reconcileAll']>> | typeof STOP_REQUESTED;
      try {
        result = await this.#untilStop(b.reconciler.reconcileAll(b.execClients));
      } catch (error) {
        if (this.#stopPromise !== null) return this.#stopping();
        const m = messageOf(error);
        return this.#fail({ type: 'FAILED', step: 'reconcile', message: m, reasons: [m] });
      }
      if (result === STOP_REQUESTED || this.#stopPromise !== null) return this.#stopping();
      if (!result.strategiesMayStart) {
        const reasons = result.summary.reasons;
        return this.#fail({
          type: 'FAILED',
          step: 'reconcile',
          message: `${reasons.length} problem${reasons.length === 1 ? '' : 's'}: ${reasons.join('; ')}`,
          reasons,
        });
      }
    } else {
      this.#log.warn('execEngine.reconciliation is off: strategies start on the cache as it is');
    }

    // Portfolio: an account for every execution client.
    this.#move('AWAIT_PORTFOLIO');
    const missing = (): LiveExecutionClient[] =>
      b.execClients.filter((c) => b.cache.account(c.accountId) === null);
    let unsubscribe: (() => void) | null = null;
    const ready = await this.#untilStop(
      withDeadline(
        this.clock,
        'portfolio',
        cfg.timeoutPortfolio,
        () =>
          new Promise<void>((resolve) => {
            if (missing().length === 0) return resolve();
            unsubscribe = b.bus.subscribe('events.account.*', () => {
              if (missing().length === 0) resolve();
            });
          }),
      ),
    );
    (unsubscribe as (() => void) | null)?.();
    if (ready === STOP_REQUESTED || this.#stopPromise !== null) return this.#stopping();
    if (ready.type !== 'done') {
      const pending = missing().map((c) => `${c.clientId} (account ${c.accountId})`);
      return this.#fail({
        type: 'TIMEOUT',
        step: 'portfolio',
        timeoutSecs: cfg.timeoutPortfolio,
        message: `no account state from ${pending.join(', ')}`,
        pending,
      });
    }

    // Strategies, then checks.
    this.#move('START_STRATEGIES');
    for (const s of b.strategies) {
      // Counted as started before its start ends: a stop meanwhile stops it on the way down.
      this.#startedStrategies.push(s);
      try {
        const started = await this.#untilStop(Promise.resolve(s.start()));
        if (started === STOP_REQUESTED) return this.#stopping();
      } catch (error) {
        this.#startedStrategies.pop();
        if (this.#stopPromise !== null) return this.#stopping();
        const m = `${s.strategyId}: ${messageOf(error)}`;
        return this.#fail({ type: 'FAILED', step: 'start-strategies', message: m, reasons: [m] });
      }
      if (this.#stopPromise !== null) return this.#stopping();
    }
    // Other nodes' streams once the strategies can hear them.
    const external = b.externalStreams;
    if (external !== null) {
      const out = await this.#untilStop(
        withDeadline(this.clock, 'external-streams', cfg.timeoutConnection, () => external.start()),
      );
      if (out === STOP_REQUESTED || this.#stopPromise !== null) return this.#stopping();
      if (out.type === 'timeout') {
        return this.#fail({
          type: 'TIMEOUT',
          step: 'external-streams',
          timeoutSecs: cfg.timeoutConnection,
          message: `not reading ${cfg.messageBus.externalStreams?.join(', ')}`,
          pending: [...(cfg.messageBus.externalStreams ?? [])],
        });
      }
      if (out.type === 'failed') {
        const m = messageOf(out.error);
        return this.#fail({ type: 'FAILED', step: 'external-streams', message: m, reasons: [m] });
      }
    }
    b.checks.start();
    this.#move('RUN');
    return { type: 'NodeRunning', tsEvent: this.clock.timestampNs() };
  }

  #engines(b: Built): (DataEngine | RiskEngine | ExecutionEngine)[] {
    return [b.dataEngine, b.riskEngine, b.execEngine];
  }

  /** The stop in progress (only called once a stop was requested). */
  #stopping(): Promise<NodeStopped> {
    return this.#stopPromise ?? this.stop();
  }

  /** Logs the one line of a failed step and stops. */
  #fail(reason: NodeStopReason & { readonly step: NodeStep }): Promise<NodeStopped> {
    const fields: Record<string, unknown> = { step: reason.step, reason: reason.type };
    if (reason.type === 'FAILED') fields.reasons = reason.reasons;
    if (reason.type === 'TIMEOUT') {
      fields.timeoutSecs = reason.timeoutSecs;
      fields.pending = reason.pending;
    }
    this.#log.error(fields, `node stopping: ${describeStopReason(reason)}`);
    return this.stop(reason);
  }

  // ---- stop ------------------------------------------------------------------------------------

  /**
   * Stops the node: strategies, checks, clients, post-stop (see the module doc). Idempotent:
   * every call returns the same promise. `reason` is recorded by the first call only.
   */
  stop(reason: NodeStopReason = { type: 'REQUESTED' }): Promise<NodeStopped> {
    if (this.#stopPromise === null) {
      this.#stopRequested();
      this.#stopPromise = this.#stop(reason);
    }
    return this.#stopPromise;
  }

  async #stop(reason: NodeStopReason): Promise<NodeStopped> {
    const cfg = this.config;
    const problems: string[] = [];
    const b = this.#built;
    if (reason.type === 'REQUESTED' || reason.type === 'SIGNAL') {
      this.#log.info({ reason: reason.type }, `node stopping: ${describeStopReason(reason)}`);
    }
    this.#move('STOP');

    // Strategies (last started, first stopped), then the checks.
    const strategies = [...this.#startedStrategies].reverse();
    if (strategies.length > 0) {
      const out = await withDeadline(this.clock, 'stop-strategies', cfg.timeoutDisconnection, async () => {
        for (const s of strategies) {
          try {
            await s.stop();
          } catch (error) {
            problems.push(`stop-strategies: ${s.strategyId}: ${messageOf(error)}`);
          }
        }
      });
      if (out.type === 'timeout')
        problems.push(`stop-strategies: timed out after ${cfg.timeoutDisconnection}s`);
    }
    b?.checks.stop();
    await b?.externalStreams?.stop();
    if (b !== null) {
      for (const engine of this.#engines(b).reverse()) {
        if (!engine.isRunning) continue;
        try {
          await engine.stop();
        } catch (error) {
          problems.push(`stop-engines: ${engine.componentId}: ${messageOf(error)}`);
        }
      }
    }

    // Clients.
    this.#move('DISCONNECT');
    if (b !== null) {
      const clients: (DataClient | LiveExecutionClient)[] = [...b.dataClients, ...b.execClients];
      const pending = new Set(clients.map((c) => c.clientId.value));
      const out = await withDeadline(this.clock, 'disconnect', cfg.timeoutDisconnection, () =>
        Promise.all(
          clients.map((c) =>
            c.disconnect().then(
              () => void pending.delete(c.clientId.value),
              (e: unknown) => {
                pending.delete(c.clientId.value);
                problems.push(`disconnect: ${c.clientId}: ${messageOf(e)}`);
              },
            ),
          ),
        ),
      );
      if (out.type === 'timeout') {
        problems.push(`disconnect: timed out after ${cfg.timeoutDisconnection}s: ${[...pending].join(', ')}`);
      }
      // What clients delivered up to now still reaches the engine; nothing after.
      b.queue.drain();
      b.queue.close();
    }

    // Post-stop: the cache database and the bus streams write what they buffered.
    this.#move('POST_STOP');
    const stores: [string, { close(): Promise<void> } | null][] = [
      ['cache database', b?.cache.database ?? null],
      ['bus streams', b?.streams ?? null],
    ];
    for (const [name, store] of stores) {
      if (store === null) continue;
      const out = await withDeadline(this.clock, 'post-stop', cfg.timeoutPostStop, () => store.close());
      if (out.type === 'timeout')
        problems.push(`post-stop: ${name} not closed after ${cfg.timeoutPostStop}s`);
      if (out.type === 'failed') problems.push(`post-stop: ${name}: ${messageOf(out.error)}`);
    }

    this.#removeSignals();
    if (this.#ownsClock) this.clock.cancelTimers();
    for (const p of problems) this.#log.error({ problem: p }, `while stopping: ${p}`);
    const stopped: NodeStopped = {
      type: 'NodeStopped',
      reason,
      stopProblems: problems,
      tsEvent: this.clock.timestampNs(),
    };
    this.#stopped = stopped;
    this.#move('FINISH');
    this.#log.info(
      { reason: reason.type, problems: problems.length },
      `node stopped (${describeStopReason(reason)})`,
    );
    this.#resolveDone(stopped);
    return stopped;
  }

  // ---- signals ---------------------------------------------------------------------------------

  #installSignals(): void {
    if (this.#signalHandlers !== null || this.#stopPromise !== null) return;
    const handlers = new Map<Signal, () => void>();
    for (const signal of SIGNALS) {
      const handler = (): void => {
        void this.stop({ type: 'SIGNAL', signal });
      };
      handlers.set(signal, handler);
      process.on(signal, handler);
    }
    this.#signalHandlers = handlers;
  }

  #removeSignals(): void {
    const handlers = this.#signalHandlers;
    if (handlers === null) return;
    for (const [signal, handler] of handlers) process.off(signal, handler);
    this.#signalHandlers = null;
  }

  /** True while this node's SIGINT/SIGTERM handlers are installed. */
  get signalHandlersInstalled(): boolean {
    return this.#signalHandlers !== null;
  }
}
