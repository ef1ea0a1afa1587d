/**
 * `BacktestEngine`: replays market data through the same engines a live node runs (DataEngine,
 * RiskEngine, ExecutionEngine, Portfolio) on a `TestClock`, with a {@link SimulatedExchange} per
 * venue matching in the native core.
 *
 * ```ts
 * const engine = new BacktestEngine();
 * engine.addVenue({ venue: 'SIM', omsType: 'NETTING', accountType: 'MARGIN', startingBalances: [Money.from('10000', 'USDT')] });
 * engine.addInstrument(perp);
 * engine.addData(quotes);
 * engine.addStrategy(new EmaCross(config));
 * const result = await engine.run();
 * console.log(result.stats.totalPnl, result.accounts[0].balances);
 * ```
 *
 * # Order of processing (one data point at time `t`)
 * 1. Time moves to `t - 1` one due time at a time: at each timer's time (or a venue's GTD expiry)
 *    the timers fire, orders due expire at the venues, and the commands they caused are answered
 *    then, at that time.
 * 2. The clock is set to `t` (data at `t` is processed before timers at `t`).
 * 3. The venue's matching engine takes the data point (resting orders fill, stops trigger).
 * 4. The DataEngine caches and publishes it: strategies' hooks run.
 * 5. The venues answer the commands the strategies sent, round after round until none is left;
 *    when a hook returned a promise, the run waits for the strategies to be idle first, so an
 *    async strategy sees the same sequence as a synchronous one.
 *
 * # Data order
 * Everything given to `addData` is merged and sorted by `tsInit` (deltas: the last delta's);
 * ties keep the order of `addData` calls and, within a call, the order given. So a run is a pure
 * function of its inputs: the same inputs give a byte-identical `JSON.stringify(result)`. Ids the
 * engines make come from counters, never random UUIDs.
 */
import { Presets, SingleBar } from 'cli-progress';
import { Decimal } from 'decimal.js';

import { Cache } from '../cache/index.js';
import { TestClock } from '../common/clock/index.js';
import { createSilentLogger, type Logger } from '../common/logging/index.js';
import { MessageBus } from '../common/msgbus/index.js';
import type { LiveDataEngineConfigInput, LiveRiskEngineConfigInput } from '../config/index.js';
import { DataEngine, Endpoint, ExecutionEngine, Portfolio, RiskEngine } from '../engine/index.js';
import type { AccountType, OmsType } from '../model/enums.js';
import { KairosError } from '../model/errors.js';
import type { OrderEvent, OrderFilled } from '../model/events/index.js';
import { TraderId, Venue } from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';
import { Currency, type Money } from '../model/values/index.js';
import type { Actor } from '../trading/actor.js';
import type { Strategy } from '../trading/strategy.js';
import { type BacktestData, dataTs, SimulatedExchange } from './exchange.js';
import { type FeeModel, MakerTakerFeeModel } from './fee-model.js';
import {
  type AccountRecord,
  type BacktestResult,
  byKey,
  type FillRecord,
  fillRecord,
  orderRecord,
  positionRecord,
} from './result.js';
import { computeStats, type EquityPoint } from './stats.js';

/** A venue of the backtest. */
export interface BacktestVenueConfig {
  readonly venue: Venue | string;
  readonly omsType: OmsType;
  readonly accountType: AccountType;
  readonly startingBalances: readonly Money[];
  /** Single-currency account in this currency (default: multi-currency). */
  readonly baseCurrency?: Currency | string | null;
  /** Default: the instrument's maker/taker rates. */
  readonly feeModel?: FeeModel;
  /** Default `L1_MBP` (quotes, trades, bars); `L2_MBP` to match against book deltas. */
  readonly bookType?: 'L1_MBP' | 'L2_MBP';
}

export interface BacktestEngineOptions {
  /** Default `BACKTESTER-001`. */
  readonly traderId?: string;
  readonly logger?: Logger;
  readonly risk?: LiveRiskEngineConfigInput;
  readonly data?: LiveDataEngineConfigInput;
}

export interface BacktestRunOptions {
  /** Skip data before (UNIX ns). */
  readonly start?: bigint;
  /** Skip data after (UNIX ns); timers run up to it. */
  readonly end?: bigint;
  /** Show a progress bar on stderr (default false). */
  readonly progress?: boolean;
}

interface Kernel {
  readonly clock: TestClock;
  readonly bus: MessageBus;
  readonly cache: Cache;
  readonly data: DataEngine;
  readonly risk: RiskEngine;
  readonly exec: ExecutionEngine;
  readonly portfolio: Portfolio;
  readonly exchanges: Map<string, SimulatedExchange>;
  /** The same exchanges, as a list for the hot loop. */
  readonly exchangeList: SimulatedExchange[];
  readonly fills: OrderFilled[];
  readonly curve: EquityPoint[];
  nextId: number;
}

interface TaggedData {
  readonly ts: bigint;
  readonly seq: number;
  readonly data: BacktestData;
}

function instrumentOf(d: BacktestData) {
  return d.type === 'Bar' ? d.barType.instrumentId : d.instrumentId;
}

export class BacktestEngine {
  readonly traderId: TraderId;
  readonly #options: BacktestEngineOptions;
  readonly #logger: Logger;
  readonly #venues: BacktestVenueConfig[] = [];
  readonly #instruments: Instrument[] = [];
  readonly #actors: Actor[] = [];
  #data: TaggedData[] = [];
  #sorted = true;
  #seq = 0;
  #kernel: Kernel;
  #ran = false;
  #disposed = false;
  // The last data point per instrument (prices are derived from it only when equity is marked).
  readonly #lastData = new Map<string, BacktestData>();

  constructor(options: BacktestEngineOptions = {}) {
    this.#options = options;
    this.traderId = TraderId.from(options.traderId ?? 'BACKTESTER-001');
    this.#logger = options.logger ?? createSilentLogger();
    this.#kernel = this.#buildKernel();
  }

  /** The cache of the current run (orders, positions, accounts, data). */
  get cache(): Cache {
    return this.#kernel.cache;
  }
  get clock(): TestClock {
    return this.#kernel.clock;
  }
  get bus(): MessageBus {
    return this.#kernel.bus;
  }
  get portfolio(): Portfolio {
    return this.#kernel.portfolio;
  }
  get dataEngine(): DataEngine {
    return this.#kernel.data;
  }
  get riskEngine(): RiskEngine {
    return this.#kernel.risk;
  }
  get execEngine(): ExecutionEngine {
    return this.#kernel.exec;
  }
  /** The simulated venue of `venue`, or `null`. */
  exchange(venue: Venue | string): SimulatedExchange | null {
    return this.#kernel.exchanges.get(typeof venue === 'string' ? venue : venue.value) ?? null;
  }

  #buildKernel(): Kernel {
    const clock = new TestClock();
    const bus = new MessageBus({ clock, logger: this.#logger });
    const cache = new Cache();
    const k = { nextId: 0 } as { nextId: number };
    const eventIds = (): string => {
      k.nextId += 1;
      return `E-${k.nextId}`;
    };
    const deps = { bus, cache, clock, logger: this.#logger };
    const data = new DataEngine({
      ...deps,
      ...(this.#options.data === undefined ? {} : { config: this.#options.data }),
    });
    const risk = new RiskEngine({
      ...deps,
      eventIds,
      ...(this.#options.risk === undefined ? {} : { config: this.#options.risk }),
    });
    const exec = new ExecutionEngine({ ...deps, eventIds });
    const portfolio = new Portfolio({ cache });
    data.initialize();
    risk.initialize();
    exec.initialize();
    const kernel: Kernel = {
      clock,
      bus,
      cache,
      data,
      risk,
      exec,
      portfolio,
      exchanges: new Map(),
      exchangeList: [],
      fills: [],
      curve: [],
      get nextId() {
        return k.nextId;
      },
      set nextId(v: number) {
        k.nextId = v;
      },
    };
    for (const v of this.#venues) this.#addExchange(kernel, v, eventIds);
    for (const i of this.#instruments) this.#addInstrumentTo(kernel, i);
    bus.subscribe('events.order.*', (e: OrderEvent) => {
      if (e.type === 'OrderFilled') kernel.fills.push(e);
    });
    return kernel;
  }

  #addExchange(k: Kernel, v: BacktestVenueConfig, eventIds: () => string): void {
    const venue = typeof v.venue === 'string' ? Venue.from(v.venue) : v.venue;
    const base = v.baseCurrency ?? null;
    const ex = new SimulatedExchange(
      {
        venue,
        omsType: v.omsType,
        accountType: v.accountType,
        startingBalances: v.startingBalances,
        baseCurrency: base === null ? null : typeof base === 'string' ? Currency.from(base) : base,
        feeModel: v.feeModel ?? new MakerTakerFeeModel(),
        bookType: v.bookType ?? 'L1_MBP',
      },
      { bus: k.bus, cache: k.cache, clock: k.clock, eventIds },
    );
    k.exchanges.set(venue.value, ex);
    k.exchangeList.push(ex);
    k.exec.registerClient(ex);
    k.data.registerClient(ex);
  }

  #addInstrumentTo(k: Kernel, instrument: Instrument): void {
    const ex = k.exchanges.get(instrument.id.venue.value);
    if (ex === undefined)
      throw new KairosError(
        'BACKTEST_UNKNOWN_VENUE',
        `addInstrument: no venue ${instrument.id.venue} (addVenue first)`,
      );
    ex.addInstrument(instrument);
    k.cache.addInstrument(instrument);
  }

  #checkOpen(what: string): void {
    if (this.#disposed)
      throw new KairosError('BACKTEST_DISPOSED', `BacktestEngine.${what}: the engine is disposed`);
  }

  /** Adds a simulated venue (one account). */
  addVenue(config: BacktestVenueConfig): void {
    this.#checkOpen('addVenue');
    const name = typeof config.venue === 'string' ? config.venue : config.venue.value;
    if (this.#kernel.exchanges.has(name))
      throw new KairosError('BACKTEST_DUPLICATE_VENUE', `addVenue: venue ${name} added already`);
    if (config.startingBalances.length === 0)
      throw new KairosError('BACKTEST_INVALID_VENUE', `addVenue: venue ${name} needs starting balances`);
    this.#venues.push(config);
    this.#addExchange(this.#kernel, config, () => {
      this.#kernel.nextId += 1;
      return `E-${this.#kernel.nextId}`;
    });
  }

  /** Adds an instrument of an added venue. */
  addInstrument(instrument: Instrument): void {
    this.#checkOpen('addInstrument');
    this.#addInstrumentTo(this.#kernel, instrument);
    this.#instruments.push(instrument);
  }

  /** Adds market data (merged with what was added before; see the module doc for the order). */
  addData(data: readonly BacktestData[]): void {
    this.#checkOpen('addData');
    for (const d of data) {
      const id = instrumentOf(d);
      if (this.#kernel.cache.instrument(id) === null) {
        throw new KairosError(
          'BACKTEST_UNKNOWN_INSTRUMENT',
          `addData: instrument ${id} was not added (addInstrument first)`,
        );
      }
      const ts = dataTs(d);
      const last = this.#data[this.#data.length - 1];
      if (last !== undefined && ts < last.ts) this.#sorted = false;
      this.#seq += 1;
      this.#data.push({ ts, seq: this.#seq, data: d });
    }
  }

  /** Adds a strategy (registered on the engines now, started by `run`). */
  addStrategy(strategy: Strategy): void {
    this.addActor(strategy);
  }

  /** Adds an actor (data only). */
  addActor(actor: Actor): void {
    this.#checkOpen('addActor');
    if (this.#actors.some((a) => a.componentId === actor.componentId)) {
      throw new KairosError('BACKTEST_DUPLICATE_STRATEGY', `addStrategy: ${actor.componentId} added already`);
    }
    this.#actors.push(actor);
    actor.register(this.#actorDeps(actor));
  }

  #actorDeps(actor: Actor) {
    const k = this.#kernel;
    let n = 0;
    return {
      traderId: this.traderId,
      bus: k.bus,
      cache: k.cache,
      clock: k.clock,
      portfolio: k.portfolio,
      logger: this.#logger,
      omsRegistry: k.exec,
      ids: () => `${actor.componentId}-${++n}`,
    };
  }

  get strategies(): readonly Actor[] {
    return this.#actors;
  }

  #sortedData(): TaggedData[] {
    if (!this.#sorted) {
      this.#data.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq));
      this.#sorted = true;
    }
    return this.#data;
  }

  #settle(ts: bigint): void {
    const exchanges = this.#kernel.exchangeList;
    for (let round = 0; round < 10_000; round++) {
      let n = 0;
      for (const ex of exchanges) n += ex.processCommands(ts);
      if (n === 0) return;
    }
    throw new KairosError(
      'BACKTEST_COMMAND_LOOP',
      'BacktestEngine: commands still coming after 10000 rounds at one time (a strategy loop?)',
    );
  }

  /**
   * Moves time to `to` one due time at a time (the next timer or venue GTD expiry), so that what
   * a timer causes is answered at the timer's own time.
   */
  #stepTo(to: bigint): void {
    const k = this.#kernel;
    for (;;) {
      let next: bigint | undefined;
      for (const name of k.clock.timerNames) {
        const t = k.clock.nextTimeNs(name);
        if (t !== undefined && (next === undefined || t < next)) next = t;
      }
      for (const ex of k.exchangeList) {
        const t = ex.nextExpiryNs();
        if (t !== null && (next === undefined || t < next)) next = t;
      }
      if (next === undefined || next > to) break;
      if (next < k.clock.timestampNs()) next = k.clock.timestampNs();
      k.clock.advanceTime(next);
      for (const ex of k.exchangeList) ex.advanceTime(next);
      this.#settle(next);
    }
    k.clock.advanceTime(to);
  }

  async #idle(ts: bigint): Promise<void> {
    for (;;) {
      let busy = false;
      for (const a of this.#actors) {
        if (!a.isIdle) {
          busy = true;
          await a.idle();
        }
      }
      this.#settle(ts);
      if (!busy) return;
    }
  }

  /** Replays the data (see the module doc) and returns the result. Run once; `reset()` to run again. */
  async run(options: BacktestRunOptions = {}): Promise<BacktestResult> {
    this.#checkOpen('run');
    if (this.#ran)
      throw new KairosError(
        'BACKTEST_ALREADY_RAN',
        'BacktestEngine.run: already ran; call reset() to run again',
      );
    this.#ran = true;
    const k = this.#kernel;
    const all = this.#sortedData();
    let from = 0;
    let to = all.length;
    if (options.start !== undefined) while (from < to && all[from]!.ts < options.start) from++;
    if (options.end !== undefined) while (to > from && all[to - 1]!.ts > options.end) to--;
    const startNs = options.start ?? all[from]?.ts ?? 0n;
    const endNs = options.end ?? all[to - 1]?.ts ?? startNs;

    k.clock.setTime(startNs);
    for (const ex of k.exchanges.values()) ex.sendInitialAccountState();
    await k.data.start();
    await k.risk.start();
    await k.exec.start();
    for (const a of this.#actors) await a.start();
    const statsCurrency = this.#statsCurrency();
    const startingEquity = this.#equity(statsCurrency);
    let fillsSeen = 0;
    let day = startNs / 86_400_000_000_000n;

    const total = to - from;
    const bar =
      options.progress === true && total > 0
        ? new SingleBar({ etaBuffer: 1000 }, Presets.shades_classic)
        : null;
    bar?.start(total, 0);
    const step = Math.max(1, Math.floor(total / 200));

    for (let i = from; i < to; i++) {
      const { ts, data } = all[i]!;
      if (ts > k.clock.timestampNs()) {
        const d = ts / 86_400_000_000_000n;
        if (d !== day) {
          k.curve.push({ ts: k.clock.timestampNs(), equity: this.#equity(statsCurrency) });
          day = d;
        }
        this.#stepTo(ts - 1n);
        k.clock.setTime(ts);
      }
      const ex = k.exchanges.get(instrumentOf(data).venue.value)!;
      ex.processData(data);
      if (data.type !== 'OrderBookDeltas') this.#lastData.set(instrumentOf(data).value, data);
      k.bus.send(Endpoint.DATA_PROCESS, data);
      this.#settle(ts);
      for (const a of this.#actors) {
        if (!a.isIdle) {
          await this.#idle(ts);
          break;
        }
      }
      if (k.fills.length !== fillsSeen) {
        fillsSeen = k.fills.length;
        k.curve.push({ ts, equity: this.#equity(statsCurrency) });
      }
      if (bar !== null && (i - from) % step === 0) bar.update(i - from);
    }
    if (endNs > k.clock.timestampNs()) this.#stepTo(endNs);
    await this.#idle(k.clock.timestampNs());
    for (const a of this.#actors) if (a.isRunning) await a.stop();
    await this.#idle(k.clock.timestampNs());
    bar?.update(total);
    bar?.stop();
    k.curve.push({ ts: k.clock.timestampNs(), equity: this.#equity(statsCurrency) });
    return this.#result(startNs, endNs, total, statsCurrency, startingEquity);
  }

  /** The last price of an instrument: quote mid, else trade price, else bar close. */
  #lastPriceOf(instrumentId: string): Decimal | null {
    const d = this.#lastData.get(instrumentId);
    if (d === undefined) return null;
    switch (d.type) {
      case 'QuoteTick':
        return d.bidPrice.toDecimal().add(d.askPrice.toDecimal()).div(2);
      case 'TradeTick':
        return d.price.toDecimal();
      case 'Bar':
        return d.close.toDecimal();
      case 'OrderBookDeltas':
        return null;
    }
  }

  /** The currency of the statistics: the first starting balance of the first venue. */
  #statsCurrency(): Currency {
    const first = this.#venues[0]?.startingBalances[0];
    if (first === undefined)
      throw new KairosError('BACKTEST_NO_VENUE', 'BacktestEngine.run: add a venue first');
    return first.currency;
  }

  /**
   * Equity in `cur`: every venue's balances (other currencies at the last price of an instrument
   * quoting them in `cur`), plus open positions' unrealized PnL on margin venues.
   */
  #equity(cur: Currency): number {
    const k = this.#kernel;
    let eq = new Decimal(0);
    for (const ex of k.exchanges.values()) {
      for (const total of ex.ledger.totals().values()) {
        if (total.currency === cur) {
          eq = eq.add(total.toDecimal());
          continue;
        }
        const px = this.#priceIn(total.currency, cur);
        if (px !== null) eq = eq.add(total.toDecimal().mul(px));
      }
      if (ex.accountType !== 'MARGIN') continue;
      for (const id of ex.instrumentIds) {
        const last = this.#lastPriceOf(id.value);
        if (last === null) continue;
        for (const p of k.cache.positionsOpen({ instrumentId: id })) {
          if (p.settlementCurrency !== cur) continue;
          eq = eq.add(p.unrealizedPnl(p.instrument.makePrice(last)).toDecimal());
        }
      }
    }
    return eq.toNumber();
  }

  #priceIn(base: Currency, quote: Currency): Decimal | null {
    for (const i of this.#instruments) {
      if (i.type === 'CURRENCY_PAIR' && i.baseCurrency === base && i.quoteCurrency === quote) {
        return this.#lastPriceOf(i.id.value);
      }
    }
    return null;
  }

  #result(
    startNs: bigint,
    endNs: bigint,
    dataCount: number,
    statsCurrency: Currency,
    startingEquity: number,
  ): BacktestResult {
    const k = this.#kernel;
    const fills: FillRecord[] = k.fills.map(fillRecord);
    const orders = k.cache
      .orders()
      .map(orderRecord)
      .sort(byKey((o) => o.clientOrderId));
    // Every cycle of every position id: a NETTING id reopened after a close keeps its earlier
    // cycles as snapshots.
    const cycles = k.cache.positions().flatMap((p) => [...k.cache.positionSnapshots(p.id), p]);
    const positions = cycles
      .map((p) => {
        const last = this.#lastPriceOf(p.instrumentId.value);
        const unrealized =
          p.isOpen && last !== null ? p.unrealizedPnl(p.instrument.makePrice(last)).toString() : null;
        return positionRecord(p, unrealized);
      })
      .sort(byKey((p) => `${p.positionId} ${p.tsOpened.padStart(20, '0')}`));
    const closedPnls = cycles
      .filter((p) => p.isClosed && p.settlementCurrency === statsCurrency)
      .sort((a, b) => (a.tsClosed! < b.tsClosed! ? -1 : a.tsClosed! > b.tsClosed! ? 1 : 0))
      .map((p) => p.realizedPnl.toDecimal().toNumber());
    const accounts: AccountRecord[] = [...k.exchanges.values()].map((ex) => ({
      venue: ex.venue.value,
      accountId: ex.accountId.value,
      accountType: ex.accountType,
      startingBalances: ex.config.startingBalances.map((m) => m.toString()),
      balances: ex.ledger.balances().map((b) => ({
        currency: b.total.currency.code,
        total: b.total.toString(),
        locked: b.locked.toString(),
        free: b.free.toString(),
      })),
    }));
    const handlerErrors: Record<string, number> = {};
    for (const a of this.#actors) handlerErrors[a.componentId] = a.handlerErrorCount;
    return {
      traderId: this.traderId.value,
      startNs: String(startNs),
      endNs: String(endNs),
      dataCount,
      statsCurrency: statsCurrency.code,
      fills,
      orders,
      positions,
      accounts,
      stats: computeStats({ startingEquity, curve: k.curve, closedPnls }),
      handlerErrors,
    };
  }

  /**
   * Back to before the run: fresh engines, cache, clock and venues; the strategies are reset and
   * wired to them; venues, instruments and data are kept.
   */
  async reset(): Promise<void> {
    this.#checkOpen('reset');
    for (const a of this.#actors) {
      if (a.isRunning) await a.stop();
      if (a.isStopped) await a.reset();
    }
    this.#kernel.bus.dispose();
    this.#lastData.clear();
    this.#kernel = this.#buildKernel();
    for (const a of this.#actors) a.rewire(this.#actorDeps(a));
    this.#ran = false;
  }

  /** Releases everything; the engine cannot be used after. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    for (const a of this.#actors) {
      if (a.isRunning) await a.stop();
      if (!a.isDisposed && (a.isReady || a.isStopped)) await a.dispose();
    }
    this.#kernel.bus.dispose();
    this.#data = [];
    this.#disposed = true;
  }
}
