/**
 * Message bus streaming on Redis streams: {@link RedisStreamPublisher} (the bus's
 * `MessageBusExternalPublisher`) writes published messages out; {@link RedisStreamConsumer} reads
 * them on another node through a consumer group.
 *
 * # Keys
 * `<traderPrefix><streamsPrefix>` (one stream, default `trader-TRADER-001:stream`) or, with
 * `streamPerTopic`, `<traderPrefix><streamsPrefix>:<topic>`. The cache's keyspace
 * (`<traderPrefix>cache:`) never overlaps (see `keys.ts`).
 *
 * # Entries
 * Fields `topic`, `type` (the message's `type` field, else its class name), `payload` (the message
 * as a plain map, encoded msgpack or json: values by `toJSON` so Price/Quantity/Money keep their
 * exact decimal text, bigints as decimal strings, or ISO 8601 for `ts*` fields with
 * `timestampsAsIso8601`). Consumers get the plain payload back, not model objects.
 *
 * # Filter, trim, heartbeats
 * - `typesFilter`: message types NOT streamed (e.g. `QuoteTick`); decided per message in `publish`.
 * - `autotrimMins`: each XADD carries `MINID ~ <now - autotrimMins>`, so entries older than that
 *   are trimmed as new ones arrive (approximately: Redis trims whole macro nodes).
 * - `heartbeatIntervalSecs`: a `Heartbeat` entry on topic `health:heartbeat` every interval, so a
 *   consumer can tell a quiet node from a dead one.
 *
 * # Buffer and bound
 * `publish` never blocks or throws for I/O: messages are buffered and written as one pipeline
 * per tick (`bufferIntervalMs: null`) or per interval. While Redis is unreachable they stay
 * buffered up to `maxBufferedMessages` (default 100,000); past it new messages are dropped,
 * counted (`stats().droppedMessages`) and logged at error (first and every 10,000th). The stream is
 * a feed for other nodes, not the system of record (the cache is), so the bus never stalls on it.
 */
import type { Redis } from 'ioredis';

import { createSilentLogger, type Logger } from '../../common/logging/index.js';
import type { MessageBusExternalPublisher } from '../../common/msgbus/index.js';
import type { TraderId } from '../../model/identifiers/index.js';
import {
  createRedis,
  DEFAULT_MAX_RECONNECT_ATTEMPTS,
  isConnectionError,
  type RedisConnectionConfig,
} from './connection.js';
import { decodePlain, encodePlain, encodeTimestamp, type Plain, type RecordEncoding } from './encoding.js';
import { RedisBackendError, RedisBackendErrorCode } from './errors.js';
import { traderPrefix } from './keys.js';

/** Topic of heartbeat entries. */
export const HEARTBEAT_TOPIC = 'health:heartbeat';
/** Default bound of buffered messages. */
export const DEFAULT_MAX_BUFFERED_MESSAGES = 100_000;
const BATCH = 5_000;
const DROP_LOG_EVERY = 10_000;
const MAX_DEPTH = 32;

/** Options of {@link RedisStreamPublisher}; the names are those of `MessageBusConfig`. */
export interface RedisStreamPublisherOptions {
  readonly traderId: TraderId | string;
  readonly instanceId?: string | null;
  readonly database: RedisConnectionConfig;
  readonly encoding?: RecordEncoding;
  readonly timestampsAsIso8601?: boolean;
  readonly bufferIntervalMs?: number | null;
  readonly autotrimMins?: number | null;
  readonly useTraderPrefix?: boolean;
  readonly useTraderId?: boolean;
  readonly useInstanceId?: boolean;
  readonly streamsPrefix?: string;
  readonly streamPerTopic?: boolean;
  readonly typesFilter?: readonly string[] | null;
  readonly heartbeatIntervalSecs?: number | null;
  readonly maxBufferedMessages?: number;
  readonly maxReconnectAttempts?: number;
  readonly logger?: Logger;
  /** Wall time in ms (trim horizon, heartbeats); default `Date.now`. */
  readonly nowMs?: () => number;
}

/** The subset of `MessageBusConfig` read by {@link RedisStreamPublisher.fromConfig}. */
export interface RedisStreamsConfigLike {
  readonly database: RedisConnectionConfig | null;
  readonly encoding: RecordEncoding;
  readonly timestampsAsIso8601: boolean;
  readonly bufferIntervalMs: number | null;
  readonly autotrimMins: number | null;
  readonly useTraderPrefix: boolean;
  readonly useTraderId: boolean;
  readonly useInstanceId: boolean;
  readonly streamsPrefix: string;
  readonly streamPerTopic: boolean;
  readonly typesFilter: readonly string[] | null;
  readonly heartbeatIntervalSecs: number | null;
}

/** Counters of a {@link RedisStreamPublisher}. */
export interface RedisStreamPublisherStats {
  readonly published: number;
  readonly filtered: number;
  readonly written: number;
  readonly pending: number;
  readonly droppedMessages: number;
  readonly heartbeats: number;
  readonly errors: number;
}

/** The type name of a message: its `type` field, else its class name. */
export function messageType(payload: unknown): string {
  if (payload !== null && typeof payload === 'object') {
    const t = (payload as { type?: unknown }).type;
    if (typeof t === 'string') return t;
    return (payload as object).constructor?.name ?? 'Object';
  }
  return typeof payload;
}

/** A message as a plain map (see the module doc). */
export function toPlain(value: unknown, iso: boolean, key = '', depth = 0): Plain {
  if (value === null || value === undefined) return null;
  // Messages are trees; a cycle or a pathological depth is cut rather than overflowing the stack.
  if (depth > MAX_DEPTH) return '[too deep]';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'bigint':
      return iso && key.startsWith('ts') ? encodeTimestamp(value, true) : value.toString();
    case 'object': {
      const o = value as { toJSON?: () => unknown };
      if (typeof o.toJSON === 'function') return toPlain(o.toJSON(), iso, key, depth + 1);
      if (Array.isArray(value)) return value.map((v) => toPlain(v, iso, '', depth + 1));
      if (value instanceof Map) {
        const out: Record<string, Plain> = {};
        for (const [k, v] of value) out[String(k)] = toPlain(v, iso, String(k), depth + 1);
        return out;
      }
      const out: Record<string, Plain> = {};
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'function') out[k] = toPlain(v, iso, k, depth + 1);
      }
      return out;
    }
    default:
      return null;
  }
}

/** Streams published bus messages to Redis (see the module doc). */
export class RedisStreamPublisher implements MessageBusExternalPublisher {
  readonly prefix: string;
  readonly #client: Redis;
  readonly #log: Logger;
  readonly #encoding: RecordEncoding;
  readonly #iso: boolean;
  readonly #intervalMs: number | null;
  readonly #trimMs: number | null;
  readonly #perTopic: boolean;
  readonly #filtered: ReadonlySet<string>;
  readonly #max: number;
  readonly #nowMs: () => number;
  readonly #traderId: string;
  readonly #instanceId: string | null;
  #queue: [string, Buffer[]][] = [];
  #inFlight = 0;
  #timer: (() => void) | null = null;
  #running = false;
  #closed = false;
  #heartbeat: NodeJS.Timeout | null = null;
  #drainWaiters: (() => void)[] = [];
  #published = 0;
  #filteredCount = 0;
  #written = 0;
  #dropped = 0;
  #heartbeats = 0;
  #errors = 0;

  constructor(options: RedisStreamPublisherOptions) {
    const traderId = typeof options.traderId === 'string' ? options.traderId : options.traderId.value;
    this.#traderId = traderId;
    this.#instanceId = options.instanceId ?? null;
    const base = traderPrefix({
      traderId,
      instanceId: options.instanceId ?? null,
      useTraderPrefix: options.useTraderPrefix ?? true,
      useTraderId: options.useTraderId ?? true,
      useInstanceId: options.useInstanceId ?? false,
    });
    const sp = options.streamsPrefix ?? 'stream';
    if (!/^[\x21-\x7e]+$/.test(sp)) {
      throw new RedisBackendError(
        RedisBackendErrorCode.REDIS_INVALID_ARGUMENT,
        `streamsPrefix '${sp}' must be a token`,
        {
          details: { parameter: 'streamsPrefix' },
        },
      );
    }
    this.prefix = `${base}${sp}`;
    this.#encoding = options.encoding ?? 'msgpack';
    this.#iso = options.timestampsAsIso8601 ?? false;
    this.#intervalMs = positiveOrNull('bufferIntervalMs', options.bufferIntervalMs ?? null);
    const trim = positiveOrNull('autotrimMins', options.autotrimMins ?? null);
    this.#trimMs = trim === null ? null : trim * 60_000;
    this.#perTopic = options.streamPerTopic ?? false;
    this.#filtered = new Set(options.typesFilter ?? []);
    this.#max = options.maxBufferedMessages ?? DEFAULT_MAX_BUFFERED_MESSAGES;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#log = (options.logger ?? createSilentLogger()).child({ component: 'RedisStreamPublisher' });
    this.#client = createRedis(
      options.database,
      options.maxReconnectAttempts ?? DEFAULT_MAX_RECONNECT_ATTEMPTS,
    );
    this.#client.on('ready', () => this.#schedule(true));
    this.#client.on('error', (e: Error) => this.#log.warn({ err: e }, 'redis connection error'));
    this.#client.connect().catch((e: unknown) => this.#log.error({ err: e }, 'redis connection failed'));
    const hb = positiveOrNull('heartbeatIntervalSecs', options.heartbeatIntervalSecs ?? null);
    if (hb !== null) {
      this.#heartbeat = setInterval(() => this.heartbeat(), hb * 1000);
      this.#heartbeat.unref();
    }
  }

  /** A publisher from a `MessageBusConfig` whose `database` is set. */
  static fromConfig(
    config: RedisStreamsConfigLike,
    traderId: TraderId | string,
    extra: Partial<Omit<RedisStreamPublisherOptions, 'database'>> = {},
  ): RedisStreamPublisher {
    if (config.database === null) {
      throw new RedisBackendError(
        RedisBackendErrorCode.REDIS_INVALID_ARGUMENT,
        'messageBus.database is null: the bus is in-process only',
        { details: { parameter: 'database' } },
      );
    }
    return new RedisStreamPublisher({ ...config, database: config.database, traderId, ...extra });
  }

  /** The stream a topic is written to. */
  streamKey(topic: string): string {
    return this.#perTopic ? `${this.prefix}:${topic}` : this.prefix;
  }

  /** Buffers one message (see the module doc); never throws for I/O. */
  publish(topic: string, payload: unknown): void {
    const type = messageType(payload);
    if (this.#filtered.has(type)) {
      this.#filteredCount++;
      return;
    }
    this.#published++;
    this.#add(topic, type, payload);
  }

  /** Writes a heartbeat entry now (the timer calls this every `heartbeatIntervalSecs`). */
  heartbeat(): void {
    if (this.#closed) return;
    this.#heartbeats++;
    const nowMs = this.#nowMs();
    this.#add(HEARTBEAT_TOPIC, 'Heartbeat', {
      traderId: this.#traderId,
      instanceId: this.#instanceId,
      tsNs: BigInt(nowMs) * 1_000_000n,
    });
  }

  #add(topic: string, type: string, payload: unknown): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#max) {
      this.#dropped++;
      if (this.#dropped === 1 || this.#dropped % DROP_LOG_EVERY === 0) {
        this.#log.error(
          { droppedMessages: this.#dropped, maxBufferedMessages: this.#max },
          'stream buffer full: message dropped',
        );
      }
      return;
    }
    const body = encodePlain(toPlain(payload, this.#iso), this.#encoding);
    this.#queue.push([this.streamKey(topic), [Buffer.from(topic), Buffer.from(type), body]]);
    this.#schedule(false);
  }

  #schedule(now: boolean): void {
    if (this.#running || this.#queue.length === 0 || this.#client.status !== 'ready') return;
    if (this.#timer !== null) {
      if (!now) return;
      this.#timer();
      this.#timer = null;
    }
    if (now || this.#intervalMs === null) {
      const h = setImmediate(() => this.#fire());
      this.#timer = () => clearImmediate(h);
    } else {
      const h = setTimeout(() => this.#fire(), this.#intervalMs);
      this.#timer = () => clearTimeout(h);
    }
  }

  #fire(): void {
    this.#timer = null;
    void this.#run();
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length > 0 && this.#client.status === 'ready') {
        const batch = this.#queue.splice(0, BATCH);
        this.#inFlight = batch.length;
        const p = this.#client.pipeline();
        const minId = this.#trimMs === null ? null : `${Math.max(0, this.#nowMs() - this.#trimMs)}-0`;
        for (const [key, [topic, type, body]] of batch) {
          if (minId === null) p.xadd(key, '*', 'topic', topic!, 'type', type!, 'payload', body!);
          else p.xadd(key, 'MINID', '~', minId, '*', 'topic', topic!, 'type', type!, 'payload', body!);
        }
        try {
          const results = (await p.exec()) ?? [];
          const retry: [string, Buffer[]][] = [];
          for (let i = 0; i < batch.length; i++) {
            const err =
              results[i]?.[0] ?? (results[i] === undefined ? new Error('Connection is closed') : null);
            if (err == null) this.#written++;
            else if (isConnectionError(err)) retry.push(batch[i]!);
            else {
              this.#errors++;
              this.#log.error({ err }, 'redis refused a stream entry');
            }
          }
          // Entries that failed on the connection go again (at least once: a timed-out XADD may
          // have landed, so a consumer may see it twice; entries carry their stream id to tell).
          if (retry.length > 0) {
            this.#queue.unshift(...retry);
            break;
          }
        } catch (error) {
          this.#errors++;
          this.#queue.unshift(...batch);
          this.#log.warn({ err: error }, 'stream batch failed; will retry after reconnect');
          break;
        } finally {
          this.#inFlight = 0;
        }
        if (this.#intervalMs !== null && this.#drainWaiters.length === 0) break;
      }
    } finally {
      this.#running = false;
    }
    if (this.#queue.length === 0) {
      const w = this.#drainWaiters;
      this.#drainWaiters = [];
      for (const r of w) r();
    } else this.#schedule(this.#drainWaiters.length > 0);
  }

  /** Resolves once every message published before the call is written (waits for a connection). */
  drain(): Promise<void> {
    if (this.#queue.length === 0 && !this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      this.#drainWaiters.push(resolve);
      this.#schedule(true);
    });
  }

  stats(): RedisStreamPublisherStats {
    return {
      published: this.#published,
      filtered: this.#filteredCount,
      written: this.#written,
      pending: this.#queue.length + this.#inFlight,
      droppedMessages: this.#dropped,
      heartbeats: this.#heartbeats,
      errors: this.#errors,
    };
  }

  /** Stops heartbeats, writes what is buffered (when connected) and disconnects. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    if (this.#client.status === 'ready') await this.drain();
    this.#closed = true;
    this.#timer?.();
    const lost = this.#queue.length;
    if (lost > 0)
      this.#log.error({ lostMessages: lost }, 'stream publisher closed with messages not written');
    try {
      await this.#client.quit();
    } catch {
      this.#client.disconnect();
    }
  }
}

function positiveOrNull(name: string, v: number | null): number | null {
  if (v === null) return null;
  if (!Number.isFinite(v) || v <= 0) {
    throw new RedisBackendError(
      RedisBackendErrorCode.REDIS_INVALID_ARGUMENT,
      `${name} must be positive or null, was ${v}`,
      {
        details: { parameter: name },
      },
    );
  }
  return v;
}

/** One entry read from a stream. */
export interface StreamMessage {
  readonly stream: string;
  /** The entry id (`<ms>-<seq>`). */
  readonly id: string;
  readonly topic: string;
  readonly type: string;
  /** The message as a plain map (see the module doc). */
  readonly payload: unknown;
}

/** Options of {@link RedisStreamConsumer}. */
export interface RedisStreamConsumerOptions {
  readonly database: RedisConnectionConfig;
  /** Full stream keys (a publisher's `streamKey(topic)`, or `MessageBusConfig.externalStreams`). */
  readonly streams: readonly string[];
  /** The consumer group: members share the entries (each entry goes to one member). */
  readonly group: string;
  /** This member's name in the group. */
  readonly consumer: string;
  /** Where a new group starts: `$` (default, new entries only) or `0` (everything kept). */
  readonly startId?: '$' | '0';
  /** Entries per read (default 100). */
  readonly count?: number;
  /** How long a read blocks waiting for entries, ms (default 1000). */
  readonly blockMs?: number;
  /** Called for each entry, in stream order; the entry is acknowledged (XACK) once it returns. */
  readonly onMessage: (message: StreamMessage) => void | Promise<void>;
  readonly maxReconnectAttempts?: number;
  readonly logger?: Logger;
}

/**
 * Reads streams as a member of a consumer group (XREADGROUP + XACK). On start it first re-reads
 * its own pending entries (delivered before a crash, never acknowledged), then new ones. An entry
 * whose handler throws is logged and left pending (not acknowledged), for XCLAIM by another member.
 */
export class RedisStreamConsumer {
  readonly #o: RedisStreamConsumerOptions;
  readonly #client: Redis;
  readonly #log: Logger;
  #running = false;
  #loop: Promise<void> | null = null;
  #received = 0;
  #acked = 0;
  #failed = 0;

  constructor(options: RedisStreamConsumerOptions) {
    if (options.streams.length === 0) {
      throw new RedisBackendError(
        RedisBackendErrorCode.REDIS_INVALID_ARGUMENT,
        'a consumer needs at least one stream',
        {
          details: { parameter: 'streams' },
        },
      );
    }
    this.#o = options;
    this.#log = (options.logger ?? createSilentLogger()).child({ component: 'RedisStreamConsumer' });
    // A blocking read holds the connection: this client is the consumer's own, without a command timeout.
    this.#client = createRedis(
      options.database,
      options.maxReconnectAttempts ?? DEFAULT_MAX_RECONNECT_ATTEMPTS,
      {
        commandTimeout: undefined,
      },
    );
    this.#client.on('error', (e: Error) => this.#log.warn({ err: e }, 'redis connection error'));
  }

  /** Connects, creates the group on each stream if missing, and starts reading. */
  async start(): Promise<void> {
    if (this.#running) return;
    if (this.#client.status === 'wait' || this.#client.status === 'end') await this.#client.connect();
    for (const s of this.#o.streams) {
      try {
        await this.#client.xgroup('CREATE', s, this.#o.group, this.#o.startId ?? '$', 'MKSTREAM');
      } catch (error) {
        if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
      }
    }
    this.#running = true;
    this.#loop = this.#read();
  }

  async #read(): Promise<void> {
    const o = this.#o;
    let pendingFirst = true;
    while (this.#running) {
      let reply: unknown;
      try {
        const ids = o.streams.map(() => (pendingFirst ? '0' : '>'));
        reply = await this.#client.xreadgroupBuffer(
          'GROUP',
          o.group,
          o.consumer,
          'COUNT',
          o.count ?? 100,
          'BLOCK',
          o.blockMs ?? 1000,
          'STREAMS',
          ...o.streams,
          ...ids,
        );
      } catch (error) {
        if (!this.#running) return;
        if (this.#client.status === 'end') {
          // Reconnect attempts exhausted: stop, loudly (start() again to resume).
          this.#running = false;
          this.#log.error({ err: error, streams: o.streams }, 'stream consumer stopped: redis unreachable');
          return;
        }
        this.#log.warn({ err: error }, 'stream read failed; retrying');
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      const streams = (reply ?? []) as [Buffer, [Buffer, Buffer[] | null][]][];
      let n = 0;
      for (const [streamKey, entries] of streams) {
        const stream = streamKey.toString();
        for (const [idBuf, fields] of entries) {
          n++;
          const id = idBuf.toString();
          if (fields === null) {
            // Trimmed while pending: nothing to deliver, acknowledge it away.
            await this.#client.xack(stream, o.group, id);
            continue;
          }
          const m = fieldMap(fields);
          let message: StreamMessage;
          try {
            message = {
              stream,
              id,
              topic: m.topic?.toString() ?? '',
              type: m.type?.toString() ?? '',
              payload: m.payload === undefined ? null : decodePlain(m.payload),
            };
          } catch (error) {
            this.#failed++;
            this.#log.error({ err: error, stream, id }, 'undecodable stream entry left pending');
            continue;
          }
          this.#received++;
          try {
            await o.onMessage(message);
            await this.#client.xack(stream, o.group, id);
            this.#acked++;
          } catch (error) {
            this.#failed++;
            this.#log.error(
              { err: error, stream, id, topic: message.topic },
              'stream handler threw; entry left pending',
            );
          }
        }
      }
      if (pendingFirst && n === 0) pendingFirst = false;
      // Pending entries that keep failing would loop forever: move on to new ones after one pass.
      else if (pendingFirst) pendingFirst = false;
    }
  }

  stats(): { received: number; acked: number; failed: number } {
    return { received: this.#received, acked: this.#acked, failed: this.#failed };
  }

  /** Stops reading and disconnects. */
  async stop(): Promise<void> {
    this.#running = false;
    this.#client.disconnect();
    await this.#loop?.catch(() => {});
    this.#loop = null;
  }
}

function fieldMap(fields: readonly Buffer[]): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) out[fields[i]!.toString()] = fields[i + 1]!;
  return out;
}
