/**
 * Which client takes a command: the one named explicitly, else the first registered client that
 * claims the instrument (`handles`), else the first registered for the instrument's venue, else
 * the default client. `handles` is for venues served by several clients (Binance spot and USDT-M
 * futures are both `BINANCE`: `BTCUSDT.BINANCE` and `BTCUSDT-PERP.BINANCE`).
 */
import type { ClientId, InstrumentId, Venue } from '../model/identifiers/index.js';
import { EngineError, EngineErrorCode } from './errors.js';

/** Options of `registerClient`. */
export interface ClientRouteOptions {
  /** Take every command no other client takes. */
  readonly isDefault?: boolean;
  /** The instruments this client serves (checked before the venue). */
  readonly handles?: (instrumentId: InstrumentId) => boolean;
}

interface Routed {
  readonly clientId: ClientId;
  readonly venue: Venue | null;
}

export class ClientRouter<C extends Routed> {
  readonly #kind: string;
  readonly #byId = new Map<string, C>();
  readonly #byVenue = new Map<string, C>();
  readonly #claims: [(id: InstrumentId) => boolean, C][] = [];
  #default: C | null = null;

  constructor(kind: string) {
    this.#kind = kind;
  }

  register(client: C, options: ClientRouteOptions = {}): void {
    const id = client.clientId.value;
    if (this.#byId.has(id)) {
      throw new EngineError(
        EngineErrorCode.ENGINE_DUPLICATE_CLIENT,
        `${this.#kind} client ${id} is already registered`,
      );
    }
    this.#byId.set(id, client);
    if (options.handles !== undefined) this.#claims.push([options.handles, client]);
    else if (client.venue !== null && !this.#byVenue.has(client.venue.value))
      this.#byVenue.set(client.venue.value, client);
    if (options.isDefault === true) this.#default = client;
  }

  byId(clientId: ClientId): C | null {
    return this.#byId.get(clientId.value) ?? null;
  }

  /** The client for an instrument (or, without one, a venue); `null` when none (see the module doc). */
  route(instrumentId: InstrumentId | null, venue: Venue | null): C | null {
    if (instrumentId !== null) {
      for (const [handles, client] of this.#claims) if (handles(instrumentId)) return client;
    }
    const v = venue ?? instrumentId?.venue ?? null;
    if (v !== null) {
      const c = this.#byVenue.get(v.value);
      if (c !== undefined) return c;
    }
    return this.#default;
  }

  all(): C[] {
    return [...this.#byId.values()];
  }
}
