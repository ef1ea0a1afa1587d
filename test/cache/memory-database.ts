/**
 * A `CacheDatabase` in memory that keeps only what the write-through points give it and rebuilds
 * every object from that in `loadAll`: if a restart from it reproduces the cache, the interface
 * carries enough. It also logs every call for assertions.
 */
import type { CacheDatabase, CacheState } from '../../ts/cache/index.js';
import { type Account, CashAccount, MarginAccount } from '../../ts/model/accounts/index.js';
import type { AccountState, OrderEvent, OrderFilled } from '../../ts/model/events/index.js';
import type {
  AccountId,
  ClientId,
  ClientOrderId,
  PositionId,
  VenueOrderId,
} from '../../ts/model/identifiers/index.js';
import type { Instrument } from '../../ts/model/instruments/index.js';
import { Order } from '../../ts/model/orders/index.js';
import { Position } from '../../ts/model/positions/index.js';
import type { Currency } from '../../ts/model/values/index.js';

interface StoredOrder {
  events: OrderEvent[];
  positionId: PositionId | null;
  clientId: ClientId | null;
}

interface StoredPosition {
  instrument: Instrument;
  id: PositionId;
  fills: OrderFilled[];
}

function rebuildPosition(s: StoredPosition): Position {
  const p = Position.open(s.instrument, s.fills[0]!, s.id);
  for (const f of s.fills.slice(1)) p.apply(f);
  return p;
}

function rebuildAccount(events: readonly AccountState[]): Account {
  const first = events[0]!;
  const a = first.accountType === 'CASH' ? CashAccount.create(first) : MarginAccount.create(first);
  for (const s of events.slice(1)) a.apply(s);
  return a;
}

export class MemoryDatabase implements CacheDatabase {
  readonly calls: string[] = [];
  readonly currencies = new Map<string, Currency>();
  readonly instruments = new Map<string, Instrument>();
  readonly accounts = new Map<string, AccountState[]>();
  readonly orders = new Map<string, StoredOrder>();
  readonly venueOrderIds = new Map<string, string>();
  readonly positions = new Map<string, StoredPosition>();
  readonly snapshots: StoredPosition[] = [];

  addCurrency(currency: Currency): void {
    this.calls.push(`addCurrency ${currency.code}`);
    this.currencies.set(currency.code, currency);
  }
  addInstrument(instrument: Instrument): void {
    this.calls.push(`addInstrument ${instrument.id}`);
    this.instruments.set(instrument.id.value, instrument);
  }
  addAccount(account: Account): void {
    this.calls.push(`addAccount ${account.id}`);
    this.accounts.set(account.id.value, [...account.events]);
  }
  updateAccount(account: Account, newEvents: readonly AccountState[]): void {
    this.calls.push(`updateAccount ${account.id} +${newEvents.length}`);
    this.accounts.get(account.id.value)!.push(...newEvents);
  }
  addOrder(order: Order, positionId: PositionId | null, clientId: ClientId | null): void {
    this.calls.push(`addOrder ${order.clientOrderId}`);
    this.orders.set(order.clientOrderId.value, { events: [...order.events], positionId, clientId });
  }
  updateOrder(order: Order, fromEventIndex: number): void {
    const fresh = order.events.slice(fromEventIndex);
    this.calls.push(`updateOrder ${order.clientOrderId} ${fresh.map((e) => e.type).join(',')}`);
    this.orders.get(order.clientOrderId.value)!.events.push(...fresh);
  }
  indexVenueOrderId(clientOrderId: ClientOrderId, venueOrderId: VenueOrderId): void {
    this.calls.push(`indexVenueOrderId ${clientOrderId} ${venueOrderId}`);
    this.venueOrderIds.set(venueOrderId.value, clientOrderId.value);
  }
  indexOrderPosition(clientOrderId: ClientOrderId, positionId: PositionId): void {
    this.calls.push(`indexOrderPosition ${clientOrderId} ${positionId}`);
    const o = this.orders.get(clientOrderId.value);
    if (o !== undefined) o.positionId = positionId;
  }
  addPosition(position: Position): void {
    this.calls.push(`addPosition ${position.id}`);
    this.positions.set(position.id.value, {
      instrument: position.instrument,
      id: position.id,
      fills: [...position.fills],
    });
  }
  updatePosition(position: Position): void {
    this.calls.push(`updatePosition ${position.id}`);
    this.positions.get(position.id.value)!.fills = [...position.fills];
  }
  snapshotPosition(position: Position): void {
    this.calls.push(`snapshotPosition ${position.id}`);
    this.snapshots.push({ instrument: position.instrument, id: position.id, fills: [...position.fills] });
  }
  deleteOrder(clientOrderId: ClientOrderId): void {
    this.calls.push(`deleteOrder ${clientOrderId}`);
    this.orders.delete(clientOrderId.value);
  }
  deletePosition(positionId: PositionId): void {
    this.calls.push(`deletePosition ${positionId}`);
    this.positions.delete(positionId.value);
    for (let i = this.snapshots.length - 1; i >= 0; i--) {
      if (this.snapshots[i]!.id.eq(positionId)) this.snapshots.splice(i, 1);
    }
  }
  deletePositionSnapshots(positionId: PositionId, tsClosedMax: bigint): void {
    this.calls.push(`deletePositionSnapshots ${positionId} ${tsClosedMax}`);
    for (let i = this.snapshots.length - 1; i >= 0; i--) {
      const s = this.snapshots[i]!;
      const closed = s.fills[s.fills.length - 1]!.tsEvent;
      if (s.id.eq(positionId) && closed <= tsClosedMax) this.snapshots.splice(i, 1);
    }
  }
  deleteAccountEvents(accountId: AccountId, eventIds: readonly string[]): void {
    this.calls.push(`deleteAccountEvents ${accountId} ${eventIds.length}`);
    const drop = new Set(eventIds);
    const kept = this.accounts.get(accountId.value)!.filter((s) => !drop.has(s.eventId));
    this.accounts.set(accountId.value, kept);
  }
  async flush(): Promise<void> {
    this.calls.push('flush');
    this.currencies.clear();
    this.instruments.clear();
    this.accounts.clear();
    this.orders.clear();
    this.venueOrderIds.clear();
    this.positions.clear();
    this.snapshots.length = 0;
  }
  async loadAll(): Promise<CacheState> {
    this.calls.push('loadAll');
    const orders: Order[] = [];
    const orderPositionIds: [ClientOrderId, PositionId][] = [];
    const orderClientIds: [ClientOrderId, ClientId][] = [];
    for (const s of this.orders.values()) {
      const o = Order.fromEvents(s.events);
      orders.push(o);
      if (s.positionId !== null) orderPositionIds.push([o.clientOrderId, s.positionId]);
      if (s.clientId !== null) orderClientIds.push([o.clientOrderId, s.clientId]);
    }
    return {
      currencies: [...this.currencies.values()],
      instruments: [...this.instruments.values()],
      accounts: [...this.accounts.values()].filter((e) => e.length > 0).map(rebuildAccount),
      orders,
      positions: [...this.positions.values()].map(rebuildPosition),
      positionSnapshots: this.snapshots.map(rebuildPosition),
      orderPositionIds,
      orderClientIds,
    };
  }
  async close(): Promise<void> {
    this.calls.push('close');
  }
}
