/**
 * `RedisCacheDatabase`: the cache's write-through backend on Redis (see `../database.ts` for the
 * contract, `keys.ts` for the key layout and `records.ts` for the record format).
 *
 * # Writes
 * The cache calls the write methods synchronously and never awaits them. Each call encodes its
 * records at once (so later changes to the objects cannot leak in) and appends one unit of
 * commands to a buffer. The buffer is written as one MULTI/EXEC batch:
 * - `bufferIntervalMs: null`: on the next turn of the event loop (every write of one tick in one
 *   batch);
 * - `bufferIntervalMs: n`: every `n` ms.
 * A batch holds at most {@link MAX_BATCH_UNITS} write calls; a larger backlog goes out in
 * back-to-back batches. Within a batch, variadic commands on one key are merged (an order's new
 * events become one HSET). One batch is in flight at a time, so batches land in call order. `drain()` resolves once every
 * write made before it is in Redis.
 *
 * # Connection loss, and the bound
 * A batch that fails on the connection goes back to the head of the buffer and is retried once
 * the connection is ready again (every write is idempotent, so a batch that did land before its
 * reply was lost is harmless to replay). Reconnects are bounded (see `connection.ts`); after the
 * last attempt the backend is FAILED: `drain()` and `close()` reject with
 * `REDIS_CONNECTION_FAILED`, writes are still buffered, and `reconnect()` starts over.
 *
 * The buffer holds at most `maxBufferedWrites` units (default 100,000 write calls). Past that,
 * new writes are dropped, never silently: each drop is counted (`stats().droppedWrites`), the first
 * and every 10,000th are logged at error, and the keyspace is marked inconsistent in Redis with the
 * next batch that lands. `loadAll()` then refuses it (`REDIS_KEYSPACE_INCONSISTENT`): the node must
 * start with `flushOnStart` and rebuild from the venue (reconciliation). A partial state is never
 * loaded as if it were whole.
 *
 * # Loading
 * `loadAll()` drains, then reads every record and rebuilds orders through `Order.fromEvents`,
 * positions through `Position.open`/`apply` of their fills and accounts through their states, in
 * first-added order. `flush()` (for `flushOnStart`) drains, then deletes this keyspace's keys
 * only (SCAN + UNLINK), never FLUSHDB, and never the bus streams.
 */
import type { Redis } from 'ioredis';

import { createSilentLogger, type Logger } from '../../common/logging/index.js';
import type { Account } from '../../model/accounts/index.js';
import type { AccountState, OrderEvent } from '../../model/events/index.js';
import {
  type AccountId,
  ClientId,
  ClientOrderId,
  PositionId,
  type TraderId,
  type VenueOrderId,
} from '../../model/identifiers/index.js';
import type { Instrument } from '../../model/instruments/index.js';
import { Order } from '../../model/orders/index.js';
import type { Position } from '../../model/positions/index.js';
import type { Currency } from '../../model/values/index.js';
import type { CacheDatabase, CacheState } from '../database.js';
import { BatchBuilder } from './batch.js';
import {
  createRedis,
  DEFAULT_MAX_RECONNECT_ATTEMPTS,
  isConnectionError,
  type RedisConnectionConfig,
} from './connection.js';
import { decodePlain, encodePlain, type Plain, type RecordEncoding } from './encoding.js';
import { RedisBackendError, RedisBackendErrorCode } from './errors.js';
import { CacheKeys, pad20, traderPrefix } from './keys.js';
import { invalidRecord, RECORD_FORMAT_VERSION, RecordCodec } from './records.js';

/** Default bound of buffered write calls (see the module doc). */
export const DEFAULT_MAX_BUFFERED_WRITES = 100_000;
/** Write calls per MULTI/EXEC batch at most (a larger buffer goes in several batches). */
export const MAX_BATCH_UNITS = 5_000;
const LOAD_CHUNK = 500;
const DROP_LOG_EVERY = 10_000;
const FORMAT_NAME = 'kairos.cache';

/** Options of {@link RedisCacheDatabase}; the names are those of `CacheConfig`. */
export interface RedisCacheDatabaseOptions {
  readonly traderId: TraderId | string;
  /** The node's instance id (used in keys with `useInstanceId`). */
  readonly instanceId?: string | null;
  /** Where Redis is (`CacheConfig.database`). */
  readonly database: RedisConnectionConfig;
  /** Default `msgpack`. */
  readonly encoding?: RecordEncoding;
  /** Default false. */
  readonly timestampsAsIso8601?: boolean;
  /** `null` (default) writes on the next tick; a number batches every that many ms. */
  readonly bufferIntervalMs?: number | null;
  /** Default true. */
  readonly useTraderPrefix?: boolean;
  /** Default false. */
  readonly useInstanceId?: boolean;
  /** Bound of buffered write calls (default {@link DEFAULT_MAX_BUFFERED_WRITES}). */
  readonly maxBufferedWrites?: number;
  /** Bound of reconnect attempts in a row (default 30). */
  readonly maxReconnectAttempts?: number;
  readonly logger?: Logger;
}

/** The connection state of the backend. */
export type RedisBackendStatus = 'CONNECTING' | 'READY' | 'RECONNECTING' | 'FAILED' | 'CLOSED';

/** Counters of a {@link RedisCacheDatabase}. */
export interface RedisCacheDatabaseStats {
  readonly status: RedisBackendStatus;
  /** Write calls waiting in the buffer (and in flight). */
  readonly pendingWrites: number;
  /** Write calls written to Redis. */
  readonly writtenWrites: number;
  /** Batches (MULTI/EXEC) written. */
  readonly batches: number;
  /** Batches that failed on the connection and were retried. */
  readonly retriedBatches: number;
  /** Write calls dropped past the bound (see the module doc); non-zero means inconsistent. */
  readonly droppedWrites: number;
  /** Commands Redis refused inside a batch (logged at error). */
  readonly commandErrors: number;
}

/** A command, its arguments; `SEQ` is replaced by the next sequence number when batched. */
type Arg = string | Buffer | number | typeof SEQ;
type Cmd = readonly [string, ...Arg[]];
const SEQ: unique symbol = Symbol('seq');

/** The subset of CacheConfig read by {@link RedisCacheDatabase.fromConfig}. */
export interface RedisCacheConfigLike {
  readonly database: RedisConnectionConfig | null;
  readonly encoding: RecordEncoding;
  readonly timestampsAsIso8601: boolean;
  readonly bufferIntervalMs: number | null;
  readonly useTraderPrefix: boolean;
  readonly useInstanceId: boolean;
}

// Deletes an order's venue id index entries (those still pointing at it), then its id set.
const DELETE_VENUE_IDS_LUA = `
local ids = redis.call('SMEMBERS', KEYS[1])
for _, v in ipairs(ids) do
  if redis.call('HGET', KEYS[2], v) == ARGV[1] then redis.call('HDEL', KEYS[2], v) end
end
redis.call('DEL', KEYS[1])
return #ids`;

// Deletes the snapshot fields whose tsClosed (first 20 digits) is <= ARGV[1]; drops the index entry
// of an emptied hash.
const DELETE_SNAPSHOTS_LUA = `
local n = 0
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  if string.sub(f, 1, 20) <= ARGV[1] then redis.call('HDEL', KEYS[1], f); n = n + 1 end
end
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[2]) end
return n`;

/** The cache database on Redis (see the module doc). */
export class RedisCacheDatabase implements CacheDatabase {
  readonly keys: CacheKeys;
  readonly encoding: RecordEncoding;
  readonly #client: Redis;
  readonly #codec: RecordCodec;
  readonly #log: Logger;
  readonly #intervalMs: number | null;
  readonly #maxBuffered: number;
  readonly #timeoutMs: number;

  #queue: Cmd[][] = [];
  #inFlight = 0;
  #timer: (() => void) | null = null;
  #running = false;
  #status: RedisBackendStatus = 'CONNECTING';
  #closed = false;
  #drainWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  #readyWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  #seq = 0;
  #seqKnown = false;
  #metaPending = true;
  #markInconsistent = false;
  readonly #knownCurrencyDefs = new Set<string>();
  readonly #pendingCurrencyDefs: Currency[] = [];
  // Fills of each position written (so an update appends only the new ones).
  readonly #positionFills = new Map<string, number>();
  #connectPromise: Promise<void> | null = null;
  // True while flush() deletes: no batch runs, so nothing written after the call is deleted.
  #flushing = false;

  #written = 0;
  #batches = 0;
  #retried = 0;
  #dropped = 0;
  #commandErrors = 0;

  constructor(options: RedisCacheDatabaseOptions) {
    const traderId = typeof options.traderId === 'string' ? options.traderId : options.traderId.value;
    this.keys = new CacheKeys(
      traderPrefix({
        traderId,
        instanceId: options.instanceId ?? null,
        useTraderPrefix: options.useTraderPrefix ?? true,
        useInstanceId: options.useInstanceId ?? false,
      }),
    );
    this.encoding = options.encoding ?? 'msgpack';
    const interval = options.bufferIntervalMs ?? null;
    if (interval !== null && (!Number.isInteger(interval) || interval <= 0)) {
      throw new RedisBackendError(
        RedisBackendErrorCode.REDIS_INVALID_ARGUMENT,
        `bufferIntervalMs must be a positive integer or null, was ${interval}`,
        { details: { parameter: 'bufferIntervalMs' } },
      );
    }
    this.#intervalMs = interval;
    const max = options.maxBufferedWrites ?? DEFAULT_MAX_BUFFERED_WRITES;
    if (!Number.isInteger(max) || max <= 0) {
      throw new RedisBackendError(
        RedisBackendErrorCode.REDIS_INVALID_ARGUMENT,
        `maxBufferedWrites must be a positive integer, was ${max}`,
        { details: { parameter: 'maxBufferedWrites' } },
      );
    }
    this.#maxBuffered = max;
    this.#timeoutMs = Math.round((options.database.timeout ?? 2) * 1000);
    this.#log = (options.logger ?? createSilentLogger()).child({ component: 'RedisCacheDatabase' });
    this.#codec = new RecordCodec({
      timestampsAsIso8601: options.timestampsAsIso8601 ?? false,
      onCurrency: (c) => {
        if (!this.#knownCurrencyDefs.has(c.code)) {
          this.#knownCurrencyDefs.add(c.code);
          this.#pendingCurrencyDefs.push(c);
        }
      },
    });
    this.#client = createRedis(
      options.database,
      options.maxReconnectAttempts ?? DEFAULT_MAX_RECONNECT_ATTEMPTS,
    );
    this.#client.on('ready', () => this.#onReady());
    this.#client.on('reconnecting', () => {
      if (!this.#closed) this.#status = 'RECONNECTING';
    });
    this.#client.on('end', () => this.#onEnd());
    this.#client.on('error', (e: Error) => this.#log.warn({ err: e }, 'redis connection error'));
    this.#startConnect();
  }

  /** A backend from a `CacheConfig` whose `database` is set. */
  static fromConfig(
    config: RedisCacheConfigLike,
    traderId: TraderId | string,
    extra: Partial<Omit<RedisCacheDatabaseOptions, 'database'>> = {},
  ): RedisCacheDatabase {
    if (config.database === null) {
      throw new RedisBackendError(
        RedisBackendErrorCode.REDIS_INVALID_ARGUMENT,
        'cache.database is null: the cache is in memory only',
        { details: { parameter: 'database' } },
      );
    }
    return new RedisCacheDatabase({
      traderId,
      database: config.database,
      encoding: config.encoding,
      timestampsAsIso8601: config.timestampsAsIso8601,
      bufferIntervalMs: config.bufferIntervalMs,
      useTraderPrefix: config.useTraderPrefix,
      useInstanceId: config.useInstanceId,
      ...extra,
    });
  }

  // ---- connection ---------------------------------------------------------------------------

  #startConnect(): void {
    this.#status = 'CONNECTING';
    this.#connectPromise = this.#client.connect().catch((e: unknown) => {
      this.#log.error({ err: e }, 'redis connection failed');
    });
  }

  #onReady(): void {
    if (this.#closed) return;
    this.#status = 'READY';
    this.#metaPending = true;
    const waiters = this.#readyWaiters;
    this.#readyWaiters = [];
    for (const w of waiters) w.resolve();
    this.#schedule(true);
  }

  #onEnd(): void {
    if (this.#closed) {
      this.#status = 'CLOSED';
      return;
    }
    this.#status = 'FAILED';
    this.#log.error(
      { pendingWrites: this.#pending() },
      'redis reconnect attempts exhausted: writes stay buffered (bounded) until reconnect()',
    );
    this.#failWaiters(this.#connectionFailed('reconnect attempts exhausted'));
  }

  #connectionFailed(reason: string, cause?: unknown): RedisBackendError {
    return new RedisBackendError(
      RedisBackendErrorCode.REDIS_CONNECTION_FAILED,
      `redis at ${this.#client.options.host}:${this.#client.options.port} unavailable: ${reason}; ${this.#pending()} writes buffered`,
      { details: { pendingWrites: this.#pending() }, ...(cause === undefined ? {} : { cause }) },
    );
  }

  #failWaiters(error: RedisBackendError): void {
    const waiters = [...this.#drainWaiters, ...this.#readyWaiters];
    this.#drainWaiters = [];
    this.#readyWaiters = [];
    for (const w of waiters) w.reject(error);
  }

  /** Connects again after the backend FAILED (reconnect attempts exhausted). */
  reconnect(): void {
    this.#checkOpen();
    if (this.#status !== 'FAILED') return;
    this.#startConnect();
  }

  /** The connection state now. */
  get status(): RedisBackendStatus {
    return this.#status;
  }

  stats(): RedisCacheDatabaseStats {
    return {
      status: this.#status,
      pendingWrites: this.#pending(),
      writtenWrites: this.#written,
      batches: this.#batches,
      retriedBatches: this.#retried,
      droppedWrites: this.#dropped,
      commandErrors: this.#commandErrors,
    };
  }

  #pending(): number {
    return this.#queue.length + this.#inFlight;
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new RedisBackendError(RedisBackendErrorCode.REDIS_CLOSED, 'the Redis cache database is closed');
    }
  }

  // ---- buffer and batches -------------------------------------------------------------------

  #enqueue(unit: Cmd[]): void {
    this.#checkOpen();
    if (this.#pendingCurrencyDefs.length > 0) {
      for (const c of this.#pendingCurrencyDefs.splice(0)) {
        unit.unshift(['HSET', this.keys.currencyDefs, c.code, this.#enc(this.#codec.currency(c))]);
      }
    }
    if (this.#queue.length >= this.#maxBuffered) {
      this.#dropped++;
      this.#markInconsistent = true;
      if (this.#dropped === 1 || this.#dropped % DROP_LOG_EVERY === 0) {
        this.#log.error(
          { droppedWrites: this.#dropped, maxBufferedWrites: this.#maxBuffered, status: this.#status },
          'cache write buffer full: write dropped, keyspace marked inconsistent (restart needs flushOnStart and reconciliation)',
        );
      }
      return;
    }
    this.#queue.push(unit);
    this.#schedule(false);
  }

  #schedule(now: boolean): void {
    if (this.#running || this.#flushing || this.#queue.length === 0 || this.#status !== 'READY') return;
    if (this.#timer !== null) {
      if (!now) return;
      this.#clearTimer();
    }
    if (now || this.#intervalMs === null) {
      const h = setImmediate(() => this.#runTimer());
      this.#timer = () => clearImmediate(h);
    } else {
      const h = setTimeout(() => this.#runTimer(), this.#intervalMs);
      this.#timer = () => clearTimeout(h);
    }
  }

  #clearTimer(): void {
    this.#timer?.();
    this.#timer = null;
  }

  #runTimer(): void {
    this.#timer = null;
    void this.#run();
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length > 0 && this.#status === 'READY' && !this.#flushing) {
        const units = this.#queue.splice(0, MAX_BATCH_UNITS);
        this.#inFlight = units.length;
        try {
          await this.#writeBatch(units);
          this.#written += units.length;
          this.#batches++;
        } catch (error) {
          if (this.#closed || isConnectionError(error)) {
            this.#retried++;
            this.#queue.unshift(...units);
            this.#log.warn(
              { err: error, units: units.length },
              'cache batch failed on the connection; will retry',
            );
            if (this.#client.status === 'ready' && !this.#closed) {
              // The command timed out on a live connection: back off briefly before retrying.
              await new Promise((r) => setTimeout(r, 100));
              continue;
            }
            break;
          }
          // Refused as a whole (EXECABORT): retrying cannot help; report loudly.
          this.#commandErrors++;
          this.#log.error({ err: error, units: units.length }, 'cache batch refused by redis');
        } finally {
          this.#inFlight = 0;
        }
        // With an interval, later writes wait for the next tick of it; a backlog (a full batch
        // taken) keeps going at once so the interval never caps throughput.
        const backlog = units.length === MAX_BATCH_UNITS;
        if (this.#intervalMs !== null && this.#drainWaiters.length === 0 && !backlog) break;
      }
    } finally {
      this.#running = false;
    }
    if (this.#queue.length === 0) {
      const waiters = this.#drainWaiters;
      this.#drainWaiters = [];
      for (const w of waiters) w.resolve();
    } else if (this.#status === 'READY') {
      this.#schedule(this.#drainWaiters.length > 0);
    }
  }

  async #prepare(): Promise<void> {
    if (this.#seqKnown) return;
    const [seq, version] = await Promise.all([
      this.#client.get(this.keys.seq),
      this.#client.hget(this.keys.meta, 'version'),
    ]);
    this.#checkVersion(version);
    this.#seq = Math.max(this.#seq, Number(seq ?? 0));
    this.#seqKnown = true;
  }

  #checkVersion(version: string | null | undefined): void {
    if (version != null && Number(version) > RECORD_FORMAT_VERSION) {
      throw new RedisBackendError(
        RedisBackendErrorCode.REDIS_FORMAT_UNSUPPORTED,
        `keyspace ${this.keys.ns} holds record format ${version}; this version reads up to ${RECORD_FORMAT_VERSION}`,
        { details: { version } },
      );
    }
  }

  async #writeBatch(units: Cmd[][]): Promise<void> {
    await this.#prepare();
    const batch = new BatchBuilder();
    let seqUsed = false;
    if (this.#metaPending) {
      batch.add(['hset', this.keys.meta, 'format', FORMAT_NAME, 'version', RECORD_FORMAT_VERSION]);
    }
    if (this.#markInconsistent) batch.add(['hset', this.keys.meta, 'inconsistent', '1']);
    for (const unit of units) {
      for (const cmd of unit) {
        // ioredis batches take method names (lower case).
        const out: (string | Buffer | number)[] = [cmd[0].toLowerCase()];
        for (let i = 1; i < cmd.length; i++) {
          const a = cmd[i]!;
          if (a === SEQ) {
            out.push(++this.#seq);
            seqUsed = true;
          } else out.push(a);
        }
        batch.add(out);
      }
    }
    if (seqUsed) batch.add(['set', this.keys.seq, this.#seq]);
    const cmds = batch.commands;
    // One timer per batch (not per command): a batch that outlives it counts as a connection failure.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Command timed out: batch of ${cmds.length} commands`)),
        this.#timeoutMs + cmds.length,
      );
    });
    let result: [Error | null, unknown][] | null;
    try {
      result = await Promise.race([
        this.#client.multi(cmds as [string, ...(string | Buffer | number)[]][]).exec(),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
    if (result === null) throw new Error('Connection is closed (transaction aborted)');
    this.#metaPending = false;
    this.#markInconsistent = false;
    for (let i = 0; i < result.length; i++) {
      const err = result[i]?.[0];
      if (err != null) {
        this.#commandErrors++;
        this.#log.error(
          { err, command: String(cmds[i]?.[0]), key: String(cmds[i]?.[1]) },
          'redis refused a cache write',
        );
      }
    }
  }

  /**
   * Resolves once every write made before the call is in Redis. Rejects with
   * `REDIS_CONNECTION_FAILED` when the backend is FAILED (the writes stay buffered).
   */
  drain(): Promise<void> {
    if (this.#queue.length === 0 && !this.#running) return Promise.resolve();
    if (this.#status === 'FAILED') return Promise.reject(this.#connectionFailed('not connected'));
    return new Promise<void>((resolve, reject) => {
      this.#drainWaiters.push({ resolve, reject });
      this.#schedule(true);
    });
  }

  /** Resolves once connected; rejects with `REDIS_CONNECTION_FAILED` when the backend FAILED. */
  async ready(): Promise<void> {
    if (this.#status === 'READY') return;
    if (this.#status === 'FAILED') throw this.#connectionFailed('not connected');
    await new Promise<void>((resolve, reject) => this.#readyWaiters.push({ resolve, reject }));
  }

  #enc(p: Plain): Buffer {
    return encodePlain(p, this.encoding);
  }

  // ---- CacheDatabase: writes ------------------------------------------------------------------

  addCurrency(currency: Currency): void {
    const k = this.keys;
    this.#enqueue([
      ['HSET', k.currencies, currency.code, this.#enc(this.#codec.currency(currency))],
      ['ZADD', k.indexCurrencies, 'NX', SEQ, currency.code],
    ]);
  }

  addInstrument(instrument: Instrument): void {
    const k = this.keys;
    const id = instrument.id.value;
    this.#enqueue([
      ['HSET', k.instruments, id, this.#enc(this.#codec.instrument(instrument))],
      ['ZADD', k.indexInstruments, 'NX', SEQ, id],
    ]);
  }

  addAccount(account: Account): void {
    const id = account.id.value;
    const unit: Cmd[] = [
      ['DEL', this.keys.account(id), this.keys.accountEvents(id)],
      ['ZADD', this.keys.indexAccounts, 'NX', SEQ, id],
    ];
    this.#accountStates(unit, id, account.events);
    this.#enqueue(unit);
  }

  updateAccount(account: Account, newEvents: readonly AccountState[]): void {
    const unit: Cmd[] = [];
    this.#accountStates(unit, account.id.value, newEvents);
    this.#enqueue(unit);
  }

  #accountStates(unit: Cmd[], id: string, states: readonly AccountState[]): void {
    for (const s of states) {
      unit.push(['HSET', this.keys.account(id), s.eventId, this.#enc(this.#codec.event(s))]);
      unit.push(['ZADD', this.keys.accountEvents(id), 'NX', SEQ, s.eventId]);
    }
  }

  addOrder(order: Order, positionId: PositionId | null, clientId: ClientId | null): void {
    const k = this.keys;
    const id = order.clientOrderId.value;
    const unit: Cmd[] = [['DEL', k.order(id)], this.#orderEvents(id, order.events, 0)];
    unit.push(['ZADD', k.indexOrders, 'NX', SEQ, id]);
    unit.push(
      positionId === null ? ['HDEL', k.orderPosition, id] : ['HSET', k.orderPosition, id, positionId.value],
    );
    unit.push(clientId === null ? ['HDEL', k.orderClient, id] : ['HSET', k.orderClient, id, clientId.value]);
    this.#enqueue(unit);
  }

  updateOrder(order: Order, fromEventIndex: number): void {
    const id = order.clientOrderId.value;
    this.#enqueue([this.#orderEvents(id, order.events.slice(fromEventIndex), fromEventIndex)]);
  }

  #orderEvents(id: string, events: readonly OrderEvent[], from: number): Cmd {
    const cmd: Arg[] = ['HSET', this.keys.order(id)];
    for (let i = 0; i < events.length; i++) cmd.push(from + i, this.#enc(this.#codec.event(events[i]!)));
    return cmd as unknown as Cmd;
  }

  indexVenueOrderId(clientOrderId: ClientOrderId, venueOrderId: VenueOrderId): void {
    const id = clientOrderId.value;
    this.#enqueue([
      ['HSET', this.keys.venueOrderIds, venueOrderId.value, id],
      ['SADD', this.keys.orderVenueIds(id), venueOrderId.value],
    ]);
  }

  indexOrderPosition(clientOrderId: ClientOrderId, positionId: PositionId): void {
    this.#enqueue([['HSET', this.keys.orderPosition, clientOrderId.value, positionId.value]]);
  }

  addPosition(position: Position): void {
    const k = this.keys;
    const id = position.id.value;
    this.#enqueue([
      ['DEL', k.position(id)],
      this.#positionFields(position, 0, true),
      ['ZADD', k.indexPositions, 'NX', SEQ, id],
    ]);
    this.#positionFills.set(id, position.fills.length);
  }

  updatePosition(position: Position): void {
    const id = position.id.value;
    const written = this.#positionFills.get(id);
    if (written === undefined || written > position.fills.length) {
      // Not written by this process (or rewritten since): write it whole.
      this.addPosition(position);
      return;
    }
    if (written === position.fills.length) return;
    this.#enqueue([this.#positionFields(position, written, false)]);
    this.#positionFills.set(id, position.fills.length);
  }

  #positionFields(p: Position, from: number, header: boolean): Cmd {
    const cmd: Arg[] = ['HSET', this.keys.position(p.id.value)];
    if (header) cmd.push('h', this.#enc(this.#codec.positionHeader(p)));
    const fills = p.fills;
    for (let i = from; i < fills.length; i++) cmd.push(i, this.#enc(this.#codec.event(fills[i]!)));
    return cmd as unknown as Cmd;
  }

  snapshotPosition(position: Position): void {
    const id = position.id.value;
    const fills = position.fills;
    const field = `${pad20(position.tsClosed ?? position.tsLast)}:${pad20(position.tsOpened)}:${fills[0]?.tradeId.value ?? ''}`;
    this.#enqueue([
      ['HSET', this.keys.snapshots(id), field, this.#enc(this.#codec.positionWhole(position))],
      ['ZADD', this.keys.indexSnapshots, 'NX', SEQ, id],
    ]);
  }

  deleteOrder(clientOrderId: ClientOrderId): void {
    const k = this.keys;
    const id = clientOrderId.value;
    this.#enqueue([
      ['DEL', k.order(id)],
      ['ZREM', k.indexOrders, id],
      ['HDEL', k.orderPosition, id],
      ['HDEL', k.orderClient, id],
      ['EVAL', DELETE_VENUE_IDS_LUA, 2, k.orderVenueIds(id), k.venueOrderIds, id],
    ]);
  }

  deletePosition(positionId: PositionId): void {
    const k = this.keys;
    const id = positionId.value;
    this.#positionFills.delete(id);
    this.#enqueue([
      ['DEL', k.position(id), k.snapshots(id)],
      ['ZREM', k.indexPositions, id],
      ['ZREM', k.indexSnapshots, id],
    ]);
  }

  deletePositionSnapshots(positionId: PositionId, tsClosedMax: bigint): void {
    const id = positionId.value;
    this.#enqueue([
      [
        'EVAL',
        DELETE_SNAPSHOTS_LUA,
        2,
        this.keys.snapshots(id),
        this.keys.indexSnapshots,
        pad20(tsClosedMax),
        id,
      ],
    ]);
  }

  deleteAccountEvents(accountId: AccountId, eventIds: readonly string[]): void {
    if (eventIds.length === 0) return;
    const id = accountId.value;
    this.#enqueue([
      ['HDEL', this.keys.account(id), ...eventIds],
      ['ZREM', this.keys.accountEvents(id), ...eventIds],
    ]);
  }

  // ---- flush, load, close ---------------------------------------------------------------------

  /** Deletes every key of this keyspace (after writing what is buffered); see the module doc. */
  async flush(): Promise<void> {
    this.#checkOpen();
    await this.ready();
    await this.drain();
    while (this.#running) await new Promise((r) => setImmediate(r));
    this.#flushing = true;
    try {
      let cursor = '0';
      do {
        const [next, keys] = await this.#client.scan(cursor, 'MATCH', this.keys.pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await this.#client.unlink(...keys);
      } while (cursor !== '0');
      this.#positionFills.clear();
      this.#knownCurrencyDefs.clear();
      this.#metaPending = true;
      this.#dropped = 0;
    } finally {
      this.#flushing = false;
    }
    this.#schedule(true);
  }

  /**
   * A connected backend from a `CacheConfig` (its `database` set), flushed first when
   * `flushOnStart` (before anything is loaded, never after). Then load with
   * `cache.loadFromDatabase()`.
   */
  static async open(
    config: RedisCacheConfigLike & { readonly flushOnStart: boolean },
    traderId: TraderId | string,
    extra: Partial<Omit<RedisCacheDatabaseOptions, 'database'>> = {},
  ): Promise<RedisCacheDatabase> {
    const db = RedisCacheDatabase.fromConfig(config, traderId, extra);
    try {
      await db.ready();
      if (config.flushOnStart) await db.flush();
    } catch (error) {
      await db.close().catch(() => {});
      throw error;
    }
    return db;
  }

  /** Everything stored, rebuilt (see the module doc). */
  async loadAll(): Promise<CacheState> {
    this.#checkOpen();
    await this.ready();
    await this.drain();
    const c = this.#client;
    const k = this.keys;
    const meta = await c.hgetall(k.meta);
    this.#checkVersion(meta.version);
    if (meta.inconsistent === '1') {
      throw new RedisBackendError(
        RedisBackendErrorCode.REDIS_KEYSPACE_INCONSISTENT,
        `keyspace ${k.ns} missed writes (buffer bound passed while redis was unreachable): start with flushOnStart and reconcile`,
        { details: { keyspace: k.ns } },
      );
    }
    const seq = await c.get(k.seq);
    this.#seq = Math.max(this.#seq, Number(seq ?? 0));
    this.#seqKnown = true;

    for (const [code, bytes] of Object.entries(await c.hgetallBuffer(k.currencyDefs))) {
      this.#codec.decodeCurrency(
        this.#dec(bytes, `currency definition ${code}`),
        `currency definition ${code}`,
      );
      this.#knownCurrencyDefs.add(code);
    }
    const currencies = await this.#byIndex(k.indexCurrencies, k.currencies, (b, id) =>
      this.#codec.decodeCurrency(this.#dec(b, `currency ${id}`), `currency ${id}`),
    );
    const instruments = await this.#byIndex(k.indexInstruments, k.instruments, (b, id) =>
      this.#codec.decodeInstrument(this.#dec(b, `instrument ${id}`), `instrument ${id}`),
    );

    const accounts: Account[] = [];
    for (const id of await c.zrange(k.indexAccounts, '0', '-1')) {
      const eventIds = await c.zrange(k.accountEvents(id), '0', '-1');
      if (eventIds.length === 0) continue;
      const values = await c.hmgetBuffer(k.account(id), ...eventIds);
      const states = values.flatMap((b, i) =>
        b === null
          ? []
          : [
              this.#codec.decodeEvent<AccountState>(
                this.#dec(b, `account ${id}`),
                `account ${id} state ${eventIds[i]}`,
              ),
            ],
      );
      accounts.push(RecordCodec.rebuildAccount(states, `account ${id}`));
    }

    const orderIds = await c.zrange(k.indexOrders, '0', '-1');
    const orders: Order[] = [];
    for (const [id, fields] of await this.#hashes(orderIds, (id) => k.order(id))) {
      const what = `order ${id}`;
      const events = indexedFields(fields, what).map(([i, b]) =>
        this.#codec.decodeEvent<OrderEvent>(this.#dec(b, what), `${what} event ${i}`),
      );
      if (events.length === 0) {
        this.#log.warn({ clientOrderId: id }, 'indexed order has no events: skipped');
        continue;
      }
      try {
        orders.push(Order.fromEvents(events));
      } catch (error) {
        throw invalidRecord(what, (error as Error).message, error);
      }
    }
    const orderPositionIds: [ClientOrderId, PositionId][] = [];
    const orderClientIds: [ClientOrderId, ClientId][] = [];
    const links = await c.hgetall(k.orderPosition);
    const clients = await c.hgetall(k.orderClient);
    for (const o of orders) {
      const id = o.clientOrderId.value;
      const p = links[id];
      if (p !== undefined) orderPositionIds.push([o.clientOrderId, PositionId.from(p)]);
      const cl = clients[id];
      if (cl !== undefined) orderClientIds.push([o.clientOrderId, ClientId.from(cl)]);
    }

    const positions: Position[] = [];
    this.#positionFills.clear();
    const positionIds = await c.zrange(k.indexPositions, '0', '-1');
    for (const [id, fields] of await this.#hashes(positionIds, (id) => k.position(id))) {
      const what = `position ${id}`;
      const header = fields.h;
      if (header === undefined) throw invalidRecord(what, 'no header');
      const fills = indexedFields(fields, what).map(([, b]) => this.#dec(b, what));
      const p = this.#codec.decodePosition(this.#dec(header, what), fills, what);
      positions.push(p);
      this.#positionFills.set(id, p.fills.length);
    }

    const positionSnapshots: Position[] = [];
    const snapshotIds = await c.zrange(k.indexSnapshots, '0', '-1');
    for (const [id, fields] of await this.#hashes(snapshotIds, (id) => k.snapshots(id))) {
      for (const f of Object.keys(fields).sort()) {
        const what = `snapshot ${id} ${f}`;
        positionSnapshots.push(this.#codec.decodePositionWhole(this.#dec(fields[f]!, what), what));
      }
    }

    return {
      currencies,
      instruments,
      accounts,
      orders,
      positions,
      positionSnapshots,
      orderPositionIds,
      orderClientIds,
    };
  }

  /** The venue order id index as stored (venue order id -> client order id). */
  async venueOrderIdIndex(): Promise<Map<string, ClientOrderId>> {
    const raw = await this.#client.hgetall(this.keys.venueOrderIds);
    return new Map(Object.entries(raw).map(([v, c]) => [v, ClientOrderId.from(c)]));
  }

  async #byIndex<T>(index: string, hash: string, decode: (b: Buffer, id: string) => T): Promise<T[]> {
    const ids = await this.#client.zrange(index, '0', '-1');
    if (ids.length === 0) return [];
    const values = await this.#client.hmgetBuffer(hash, ...ids);
    const out: T[] = [];
    for (let i = 0; i < ids.length; i++) {
      const b = values[i];
      if (b != null) out.push(decode(b, ids[i]!));
    }
    return out;
  }

  async #hashes(
    ids: readonly string[],
    key: (id: string) => string,
  ): Promise<[string, Record<string, Buffer>][]> {
    const out: [string, Record<string, Buffer>][] = [];
    for (let i = 0; i < ids.length; i += LOAD_CHUNK) {
      const chunk = ids.slice(i, i + LOAD_CHUNK);
      const p = this.#client.pipeline();
      for (const id of chunk) p.hgetallBuffer(key(id));
      const results = (await p.exec()) ?? [];
      for (let j = 0; j < chunk.length; j++) {
        const [err, value] = results[j] ?? [new Error('no reply'), null];
        if (err != null) {
          throw new RedisBackendError(
            RedisBackendErrorCode.REDIS_COMMAND_FAILED,
            `reading ${key(chunk[j]!)}: ${err.message}`,
            {
              cause: err,
            },
          );
        }
        out.push([chunk[j]!, value as Record<string, Buffer>]);
      }
    }
    return out;
  }

  #dec(bytes: Buffer, what: string): unknown {
    try {
      return decodePlain(bytes);
    } catch (error) {
      throw invalidRecord(what, `not msgpack or json: ${(error as Error).message}`, error);
    }
  }

  /**
   * Writes what is buffered, then disconnects. Rejects with `REDIS_CONNECTION_FAILED` (after
   * disconnecting) when buffered writes could not be written; they are lost then, and counted in
   * the error's details.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    let failure: unknown = null;
    try {
      if (this.#status === 'READY' || this.#status === 'CONNECTING' || this.#status === 'RECONNECTING') {
        if (this.#status !== 'READY') await Promise.race([this.ready(), this.#connectPromise]);
        await this.drain();
      }
      if (this.#pending() > 0) failure = this.#connectionFailed('closed with writes not written');
    } catch (error) {
      failure = error;
    }
    this.#closed = true;
    this.#clearTimer();
    try {
      await this.#client.quit();
    } catch {
      this.#client.disconnect();
    }
    this.#status = 'CLOSED';
    if (failure !== null) {
      this.#log.error(
        { err: failure, lostWrites: this.#pending() },
        'cache database closed with writes not written',
      );
      throw failure;
    }
  }
}

/** The numeric fields of a record hash, in index order (`h` and others skipped). */
function indexedFields(fields: Record<string, Buffer>, what: string): [number, Buffer][] {
  const out: [number, Buffer][] = [];
  for (const [f, b] of Object.entries(fields)) {
    if (f === 'h') continue;
    const i = Number(f);
    if (!Number.isInteger(i) || i < 0) throw invalidRecord(what, `unexpected field '${f}'`);
    out.push([i, b]);
  }
  out.sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < out.length; i++) {
    if (out[i]![0] !== i) throw invalidRecord(what, `event ${i} is missing`);
  }
  return out;
}
