/**
 * Client order ids and order list ids, generated from the strategy's clock.
 *
 * # Format
 * | kind          | deterministic format                                          | example                         |
 * |---------------|---------------------------------------------------------------|---------------------------------|
 * | ClientOrderId | `O-<yyyymmdd>-<hhmmss>-<traderTag>-<strategyTag>-<count>`     | `O-20260125-143005-001-001-17`  |
 * | OrderListId   | `OL-<yyyymmdd>-<hhmmss>-<traderTag>-<strategyTag>-<count>`    | `OL-20260125-143005-001-001-3`  |
 *
 * The date and time are the clock's, in UTC, at generation; `count` starts at 1 and grows by one
 * per id (a separate counter per kind). The trader tag is the part of the `TraderId` after its
 * last hyphen (`TRADER-001` -> `001`); the strategy tag is the strategy's `orderIdTag`, or else
 * the part of the `StrategyId` after its last hyphen (see {@link strategyTag}).
 *
 * With `useUuid`, ids are UUID v4 strings (36 characters) instead: some venues require them.
 *
 * # Length
 * A `ClientOrderId` has at most 36 characters. The fixed part of the format takes 20, so the two
 * tags together may take at most 10 characters, which leaves room for a count of at least six
 * digits (ten with the usual three-character tags). Longer tags are refused at construction
 * (`ORDER_ID_TAG_TOO_LONG`) rather than shortened, because a shortened tag could collide with
 * another strategy's; a count that no longer fits is refused (`ORDER_ID_COUNT_EXHAUSTED`) rather
 * than wrapped. Both fail closed: an id is never reused and never invalid.
 *
 * # Restarts
 * A count starts at 0 in a new process. An id generated in the same second as one before the
 * restart would repeat it, so the owner sets the count from what the cache holds on start
 * (`setCount(cache.ordersTotalCount({ strategyId }))`) before generating any id.
 */
import type { Clock } from '../common/clock/index.js';
import { KairosError } from '../model/errors.js';
import { ClientOrderId, OrderListId, type StrategyId, type TraderId } from '../model/identifiers/index.js';

/** Longest client order id a venue accepts (the model's limit too). */
export const CLIENT_ORDER_ID_MAX_LENGTH = 36;
/** Characters taken by `O-yyyymmdd-hhmmss-` and the two hyphens after the tags. */
const FIXED_LENGTH = 20;
/** Digits a count must always have room for. */
const MIN_COUNT_DIGITS = 6;
/** Tags may use these characters: they must not break the id or its hyphen layout. */
const TAG_RE = /^[A-Za-z0-9_]+$/;

/** The tag of a name-tag id: the part after its last hyphen (`EMACross-001` -> `001`). */
function tagOf(value: string): string {
  return value.slice(value.lastIndexOf('-') + 1);
}

/**
 * The strategy's tag in its order ids: `orderIdTag` when set, else the tag of its id
 * (`EMACross-001` -> `001`; `EXTERNAL` -> `EXTERNAL`).
 */
export function strategyTag(strategyId: StrategyId, orderIdTag?: string | null): string {
  return orderIdTag ?? tagOf(strategyId.value);
}

/** `yyyymmdd-hhmmss` of a UNIX ns time, in UTC. */
export function formatIdTime(ns: bigint): string {
  const d = new Date(Number(ns / 1_000_000n));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-` +
    `${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
  );
}

function checkTag(kind: string, tag: string): void {
  if (!TAG_RE.test(tag)) {
    throw new KairosError(
      'INVALID_ORDER_ID_TAG',
      `${kind} tag '${tag}' must be letters, digits or '_' (it is part of every client order id)`,
      { tag },
    );
  }
}

function checkCount(count: number): void {
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new KairosError('INVALID_ORDER_ID_COUNT', `id count must be a non-negative integer, was ${count}`);
  }
}

/** Options of the id generators. */
export interface IdGeneratorOptions {
  readonly traderId: TraderId;
  readonly strategyId: StrategyId;
  /** Time of each id. */
  readonly clock: Clock;
  /** The strategy's tag (default: see {@link strategyTag}). */
  readonly orderIdTag?: string | null;
  /** UUID v4 ids instead of the deterministic format. Default false. */
  readonly useUuid?: boolean;
  /** Source of UUIDs (default `crypto.randomUUID`); for tests. */
  readonly uuid?: () => string;
}

/** What generates ids of one kind: the order factory takes any. */
export interface IdGenerator<T> {
  /** The next id (the count moves on by one). */
  generate(): T;
  /** Ids generated so far (or the count set). */
  readonly count: number;
  /** Sets the count: the next deterministic id has `count + 1`. */
  setCount(count: number): void;
  /** Back to a count of 0. */
  reset(): void;
}

abstract class BaseIdGenerator<T> implements IdGenerator<T> {
  readonly #clock: Clock;
  readonly #prefix: string;
  readonly #tags: string;
  readonly #uuid: (() => string) | null;
  #count = 0;

  protected constructor(prefix: string, o: IdGeneratorOptions) {
    const trader = tagOf(o.traderId.value);
    const strategy = strategyTag(o.strategyId, o.orderIdTag);
    checkTag('trader', trader);
    checkTag('strategy', strategy);
    this.#clock = o.clock;
    this.#prefix = prefix;
    this.#tags = `${trader}-${strategy}`;
    this.#uuid = o.useUuid === true ? (o.uuid ?? (() => crypto.randomUUID())) : null;
  }

  get count(): number {
    return this.#count;
  }
  setCount(count: number): void {
    checkCount(count);
    this.#count = count;
  }
  reset(): void {
    this.#count = 0;
  }

  /** The next id's text. */
  protected next(): string {
    this.#count += 1;
    if (this.#uuid !== null) return this.#uuid();
    return `${this.#prefix}-${formatIdTime(this.#clock.timestampNs())}-${this.#tags}-${this.#count}`;
  }

  protected get tagsLength(): number {
    return this.#tags.length - 1;
  }

  abstract generate(): T;
}

/**
 * Client order ids for one strategy (see the module doc for the format).
 *
 * @example
 * ```ts
 * const ids = new ClientOrderIdGenerator({ traderId, strategyId, clock });
 * ids.setCount(cache.ordersTotalCount({ strategyId })); // after a restart
 * ids.generate(); // ClientOrderId 'O-20260125-143005-001-001-1'
 * ```
 */
export class ClientOrderIdGenerator extends BaseIdGenerator<ClientOrderId> {
  constructor(options: IdGeneratorOptions) {
    super('O', options);
    const room = CLIENT_ORDER_ID_MAX_LENGTH - FIXED_LENGTH - this.tagsLength;
    if (options.useUuid !== true && room < MIN_COUNT_DIGITS) {
      throw new KairosError(
        'ORDER_ID_TAG_TOO_LONG',
        `trader and strategy tags take ${this.tagsLength} characters of the client order id; at most ${CLIENT_ORDER_ID_MAX_LENGTH - FIXED_LENGTH - MIN_COUNT_DIGITS} are allowed (set a shorter orderIdTag)`,
        { tagsLength: this.tagsLength },
      );
    }
  }

  generate(): ClientOrderId {
    const value = this.next();
    if (value.length > CLIENT_ORDER_ID_MAX_LENGTH) {
      throw new KairosError(
        'ORDER_ID_COUNT_EXHAUSTED',
        `client order id count ${this.count} no longer fits in ${CLIENT_ORDER_ID_MAX_LENGTH} characters`,
        { count: this.count },
      );
    }
    return ClientOrderId.from(value);
  }
}

/** Order list ids for one strategy: `OL-...` in the same format (see the module doc). */
export class OrderListIdGenerator extends BaseIdGenerator<OrderListId> {
  constructor(options: IdGeneratorOptions) {
    super('OL', options);
  }

  generate(): OrderListId {
    return OrderListId.from(this.next());
  }
}
