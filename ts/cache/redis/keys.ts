/**
 * Key names. The cache and the message bus have separate keyspaces under the same trader prefix:
 *
 * ```
 * trader-TRADER-001[:<instanceId>]:cache:...      the cache (RedisCacheDatabase)
 * trader-TRADER-001[:<instanceId>]:stream[:topic]  the message bus streams (RedisStreamPublisher)
 * ```
 * A cache flush deletes `<prefix>cache:*` only (SCAN + UNLINK), so it never touches a stream;
 * nothing here ever issues FLUSHDB or FLUSHALL.
 *
 * Within the cache keyspace (`ns` = `<prefix>cache:`), each key starts with its kind, so ids that
 * contain `:` cannot collide with another kind's keys:
 *
 * | key                         | type | holds                                              |
 * |-----------------------------|------|----------------------------------------------------|
 * | `meta`                      | hash | `format`, `version`, `inconsistent`                |
 * | `seq`                       | str  | last sequence number given (first-added order)     |
 * | `currency_defs`             | hash | code -> definition of every currency a record uses |
 * | `currencies`                | hash | code -> currency record (added to the cache)       |
 * | `instruments`               | hash | instrument id -> instrument record                 |
 * | `index:<kind>`              | zset | ids of a kind scored by first-added sequence       |
 * | `accounts:<id>`             | hash | event id -> account state record                   |
 * | `account_events:<id>`       | zset | event ids scored by sequence (apply order)         |
 * | `orders:<coid>`             | hash | event index (`0` = OrderInitialized) -> event record |
 * | `order_venue_ids:<coid>`    | set  | venue order ids the order had                      |
 * | `index:venue_order_ids`     | hash | venue order id -> client order id                  |
 * | `index:order_position`      | hash | client order id -> position id                     |
 * | `index:order_client`        | hash | client order id -> client id                       |
 * | `positions:<id>`            | hash | `h` -> header, fill index -> fill record           |
 * | `snapshots:<id>`            | hash | `<tsClosed 20 digits>:<tsOpened 20 digits>:<first trade id>` -> whole position |
 *
 * Every write is idempotent (hash fields by index, `ZADD NX`), so a batch replayed after a lost
 * reply changes nothing.
 */
import { RedisBackendError, RedisBackendErrorCode } from './errors.js';

/** What a prefix is made of (the names of `CacheConfig` / `MessageBusConfig`). */
export interface PrefixOptions {
  readonly traderId: string;
  readonly instanceId?: string | null | undefined;
  readonly useTraderPrefix?: boolean | undefined;
  readonly useTraderId?: boolean | undefined;
  readonly useInstanceId?: boolean | undefined;
}

const PART_RE = /^[\x21-\x7e]+$/;

function part(name: string, value: string): string {
  if (!PART_RE.test(value)) {
    throw new RedisBackendError(
      RedisBackendErrorCode.REDIS_INVALID_ARGUMENT,
      `${name} '${value}' must be printable ASCII without whitespace to be part of a key`,
      { details: { parameter: name } },
    );
  }
  return value;
}

/** `trader-<traderId>[:<instanceId>]:` (each part as configured); may be empty. */
export function traderPrefix(o: PrefixOptions): string {
  const parts: string[] = [];
  const useId = o.useTraderId ?? true;
  const trader = useId ? part('traderId', o.traderId) : '';
  if (o.useTraderPrefix ?? true) parts.push(trader === '' ? 'trader' : `trader-${trader}`);
  else if (trader !== '') parts.push(trader);
  if (o.useInstanceId === true) {
    if (o.instanceId == null || o.instanceId === '') {
      throw new RedisBackendError(
        RedisBackendErrorCode.REDIS_INVALID_ARGUMENT,
        'useInstanceId is set but no instanceId was given',
        { details: { parameter: 'instanceId' } },
      );
    }
    parts.push(part('instanceId', o.instanceId));
  }
  return parts.length === 0 ? '' : `${parts.join(':')}:`;
}

/** Escapes a literal for a SCAN MATCH pattern. */
export function globEscape(literal: string): string {
  return literal.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/** Every key of one cache keyspace. */
export class CacheKeys {
  readonly ns: string;
  readonly meta: string;
  readonly seq: string;
  readonly currencyDefs: string;
  readonly currencies: string;
  readonly instruments: string;
  readonly indexCurrencies: string;
  readonly indexInstruments: string;
  readonly indexAccounts: string;
  readonly indexOrders: string;
  readonly indexPositions: string;
  readonly indexSnapshots: string;
  readonly venueOrderIds: string;
  readonly orderPosition: string;
  readonly orderClient: string;

  constructor(prefix: string) {
    const ns = `${prefix}cache:`;
    this.ns = ns;
    this.meta = `${ns}meta`;
    this.seq = `${ns}seq`;
    this.currencyDefs = `${ns}currency_defs`;
    this.currencies = `${ns}currencies`;
    this.instruments = `${ns}instruments`;
    this.indexCurrencies = `${ns}index:currencies`;
    this.indexInstruments = `${ns}index:instruments`;
    this.indexAccounts = `${ns}index:accounts`;
    this.indexOrders = `${ns}index:orders`;
    this.indexPositions = `${ns}index:positions`;
    this.indexSnapshots = `${ns}index:snapshots`;
    this.venueOrderIds = `${ns}index:venue_order_ids`;
    this.orderPosition = `${ns}index:order_position`;
    this.orderClient = `${ns}index:order_client`;
  }

  /** The SCAN pattern of every key of this keyspace. */
  get pattern(): string {
    return `${globEscape(this.ns)}*`;
  }
  account(id: string): string {
    return `${this.ns}accounts:${id}`;
  }
  accountEvents(id: string): string {
    return `${this.ns}account_events:${id}`;
  }
  order(id: string): string {
    return `${this.ns}orders:${id}`;
  }
  orderVenueIds(id: string): string {
    return `${this.ns}order_venue_ids:${id}`;
  }
  position(id: string): string {
    return `${this.ns}positions:${id}`;
  }
  snapshots(id: string): string {
    return `${this.ns}snapshots:${id}`;
  }
}

/** A bigint as a fixed-width decimal (so that fields sort by value). */
export function pad20(n: bigint): string {
  return n.toString().padStart(20, '0');
}
