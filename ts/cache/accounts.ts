/**
 * Accounts in the cache, each with the cache's own history of its states (what the live purge of
 * account events trims and what the database is told about).
 *
 * # History
 * `add` records every state the account has applied; `update` records the states applied since
 * the last one recorded (found by event id, scanning back from the newest, so the cost is the
 * number of new states). The account object keeps its own log as well (a model concern); when it
 * offers `purgeEvents(tsNow, lookbackNs)`, the purge calls it too.
 */
import type { Account } from '../model/accounts/index.js';
import type { AccountState } from '../model/events/index.js';
import type { AccountId, Venue } from '../model/identifiers/index.js';
import { CacheError, CacheErrorCode } from './errors.js';

/** States purged from one account's history. */
export interface PurgedAccountEvents {
  readonly accountId: AccountId;
  /** `eventId` of each state purged, oldest first. */
  readonly eventIds: readonly string[];
}

interface AccountEntry {
  account: Account;
  history: AccountState[];
}

/** An account log that can drop old states (not every model version offers it). */
interface PurgeableAccount {
  purgeEvents(tsNow: bigint, lookbackNs: bigint): unknown;
}

function isPurgeable(a: Account): a is Account & PurgeableAccount {
  return typeof (a as Partial<PurgeableAccount>).purgeEvents === 'function';
}

export class AccountStore {
  readonly #byId = new Map<string, AccountEntry>();
  readonly #byVenue = new Map<string, AccountEntry>();
  #eventCount = 0;

  /** Adds an account with every state it has applied. Another object with the same id is refused. */
  add(account: Account): void {
    const key = account.id.value;
    const held = this.#byId.get(key);
    if (held !== undefined && held.account !== account) {
      throw new CacheError(CacheErrorCode.CACHE_DUPLICATE_ACCOUNT, `account ${key} is already in the cache`, {
        details: { accountId: key },
      });
    }
    if (held !== undefined) return;
    const e: AccountEntry = { account, history: [...account.events] };
    this.#eventCount += e.history.length;
    this.#byId.set(key, e);
    this.#byVenue.set(account.id.issuer, e);
  }

  /** Records the states applied since the last call; returns them (oldest first). */
  update(account: Account): AccountState[] {
    const e = this.#byId.get(account.id.value);
    if (e === undefined) {
      throw new CacheError(
        CacheErrorCode.CACHE_ACCOUNT_NOT_FOUND,
        `account ${account.id} is not in the cache (add it first)`,
        { details: { accountId: account.id.value } },
      );
    }
    e.account = account;
    const events = account.events;
    const lastId = e.history[e.history.length - 1]?.eventId;
    let from = events.length;
    while (from > 0 && events[from - 1]!.eventId !== lastId) from--;
    // The last recorded state is no longer in the account's log (it trimmed it): take its newest.
    if (from === 0 && lastId !== undefined) from = Math.max(0, events.length - 1);
    const fresh = events.slice(from).filter((s) => s.eventId !== lastId);
    for (const s of fresh) e.history.push(s);
    this.#eventCount += fresh.length;
    return fresh;
  }

  get(id: AccountId): Account | null {
    return this.#byId.get(id.value)?.account ?? null;
  }

  /** The account whose id's issuer is the venue (`BINANCE-001` for `BINANCE`). */
  forVenue(venue: Venue): Account | null {
    return this.#byVenue.get(venue.value)?.account ?? null;
  }

  all(): Account[] {
    return [...this.#byId.values()].map((e) => e.account);
  }

  history(id: AccountId): readonly AccountState[] {
    return this.#byId.get(id.value)?.history ?? [];
  }

  /**
   * Drops from each history the states whose `tsEvent + lookbackNs <= tsNow`, always keeping the
   * newest state of every account (it is the account's current state).
   */
  purge(tsNow: bigint, lookbackNs: bigint): PurgedAccountEvents[] {
    const out: PurgedAccountEvents[] = [];
    for (const e of this.#byId.values()) {
      if (isPurgeable(e.account)) e.account.purgeEvents(tsNow, lookbackNs);
      const last = e.history.length - 1;
      const keep: AccountState[] = [];
      const ids: string[] = [];
      for (let i = 0; i < e.history.length; i++) {
        const s = e.history[i]!;
        if (i !== last && s.tsEvent + lookbackNs <= tsNow) ids.push(s.eventId);
        else keep.push(s);
      }
      if (ids.length === 0) continue;
      e.history = keep;
      this.#eventCount -= ids.length;
      out.push({ accountId: e.account.id, eventIds: ids });
    }
    return out;
  }

  get size(): number {
    return this.#byId.size;
  }

  get eventCount(): number {
    return this.#eventCount;
  }

  clear(): void {
    this.#byId.clear();
    this.#byVenue.clear();
    this.#eventCount = 0;
  }
}
