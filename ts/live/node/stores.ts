/**
 * What a node config asks for on Redis: the cache database (`cache.database`), the bus streamed
 * out (`messageBus.database`) and other nodes' streams read in (`messageBus.externalStreams`).
 */
import type { CacheDatabase } from '../../cache/index.js';
import {
  RedisCacheDatabase,
  RedisStreamConsumer,
  RedisStreamPublisher,
  type StreamMessage,
} from '../../cache/redis/index.js';
import { type Clock, type Logger, MessageBus } from '../../common/index.js';
import type { TradingNodeConfig } from '../../config/index.js';
import type { TraderId } from '../../model/identifiers/index.js';

/** The stores that buffer writes (closed, flushed, at the node's post-stop). */
export interface NodeStores {
  readonly streams: RedisStreamPublisher | null;
  readonly database: CacheDatabase | null;
}

/** The stores of `cfg`; `given` replaces the cache database of the config. Nothing connects yet. */
export function openStores(
  cfg: TradingNodeConfig,
  traderId: TraderId,
  logger: Logger,
  given: CacheDatabase | undefined,
): NodeStores {
  const extra = { logger, instanceId: cfg.instanceId };
  return {
    streams:
      cfg.messageBus.database === null
        ? null
        : RedisStreamPublisher.fromConfig(cfg.messageBus, traderId, extra),
    database:
      given ??
      (cfg.cache.database === null ? null : RedisCacheDatabase.fromConfig(cfg.cache, traderId, extra)),
  };
}

/** Closes both, whatever fails (a build that failed half way). */
export async function closeStores(stores: NodeStores): Promise<void> {
  await Promise.allSettled([stores.streams?.close(), stores.database?.close()]);
}

/**
 * The node's bus, streamed out through `streams` when set, and the reader of
 * `messageBus.externalStreams` (consumer group = trader id, member = instance id or trader id),
 * which publishes each entry on the bus under its topic as a `StreamMessage`. Those are never
 * streamed out again: two nodes reading each other do not echo.
 */
export function nodeBus(
  cfg: TradingNodeConfig,
  clock: Clock,
  logger: Logger,
  streams: RedisStreamPublisher | null,
): { readonly bus: MessageBus; readonly externalStreams: RedisStreamConsumer | null } {
  const consumed = new WeakSet<StreamMessage>();
  const bus = new MessageBus({
    clock,
    logger,
    name: `MessageBus-${cfg.traderId}`,
    ...(streams === null
      ? {}
      : {
          externalPublisher: streams,
          externalFilter: (_topic: string, m: unknown) => !consumed.has(m as StreamMessage),
        }),
  });
  const mb = cfg.messageBus;
  const externalStreams =
    mb.externalStreams === null || mb.database === null
      ? null
      : new RedisStreamConsumer({
          database: mb.database,
          streams: mb.externalStreams,
          group: cfg.traderId,
          consumer: cfg.instanceId ?? cfg.traderId,
          logger,
          onMessage: (m) => {
            consumed.add(m);
            bus.publish(m.topic, m);
          },
        });
  return { bus, externalStreams };
}
