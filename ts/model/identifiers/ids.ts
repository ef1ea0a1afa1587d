import { checkNameTag, checkToken, Identifier, invalidId } from './identifier.js';

/** A trader, in the name-tag format: `TRADER-001`. */
export class TraderId extends Identifier {
  static from(value: string): TraderId {
    return new TraderId(checkNameTag('TraderId', value));
  }
  /** The part after the last hyphen (`001`). */
  get tag(): string {
    return this.value.slice(this.value.lastIndexOf('-') + 1);
  }
}

/** A strategy: name-tag format (`EMACross-001`), or the engine's own `EXTERNAL`. */
export class StrategyId extends Identifier {
  /** Owner of orders found at the venue and claimed by no strategy. */
  static readonly EXTERNAL_VALUE = 'EXTERNAL';
  /** Owner of the orders reconciliation generates to align positions. */
  static readonly INTERNAL_DIFF_VALUE = 'INTERNAL-DIFF';

  static from(value: string): StrategyId {
    if (value === StrategyId.EXTERNAL_VALUE) return new StrategyId(value);
    return new StrategyId(checkNameTag('StrategyId', value));
  }
  get isExternal(): boolean {
    return this.value === StrategyId.EXTERNAL_VALUE;
  }
  get isInternalDiff(): boolean {
    return this.value === StrategyId.INTERNAL_DIFF_VALUE;
  }
}

/** A trading venue: `BINANCE`. */
export class Venue extends Identifier {
  static from(value: string): Venue {
    const v = checkToken('Venue', value);
    if (v.includes('.')) throw invalidId('Venue', v, "must not contain '.'");
    return new Venue(v);
  }
}

/** A venue's symbol: `BTCUSDT`, `BTCUSDT-PERP`. */
// biome-ignore lint/suspicious/noShadowRestrictedNames: `Symbol` is the domain's name (DESIGN.md); inside Kairos it is always imported explicitly.
export class Symbol extends Identifier {
  static from(value: string): Symbol {
    return new Symbol(checkToken('Symbol', value));
  }
}

/** `SYMBOL.VENUE`, split at the last dot (symbols may contain dots). */
export class InstrumentId extends Identifier {
  readonly symbol: Symbol;
  readonly venue: Venue;

  private constructor(symbol: Symbol, venue: Venue) {
    super(`${symbol.value}.${venue.value}`);
    this.symbol = symbol;
    this.venue = venue;
  }

  static from(value: string): InstrumentId {
    const v = checkToken('InstrumentId', value, 128);
    const dot = v.lastIndexOf('.');
    if (dot <= 0 || dot === v.length - 1) {
      throw invalidId('InstrumentId', v, "must be in the format 'SYMBOL.VENUE'");
    }
    return new InstrumentId(Symbol.from(v.slice(0, dot)), Venue.from(v.slice(dot + 1)));
  }

  static of(symbol: Symbol | string, venue: Venue | string): InstrumentId {
    return new InstrumentId(
      typeof symbol === 'string' ? Symbol.from(symbol) : symbol,
      typeof venue === 'string' ? Venue.from(venue) : venue,
    );
  }
}

/** An account at a venue, issuer-number format: `BINANCE-001`. */
export class AccountId extends Identifier {
  static from(value: string): AccountId {
    return new AccountId(checkNameTag('AccountId', value));
  }
  /** The issuer (the part before the first hyphen). */
  get issuer(): string {
    return this.value.slice(0, this.value.indexOf('-'));
  }
}

/** A data or execution client: `BINANCE_SPOT`. */
export class ClientId extends Identifier {
  static from(value: string): ClientId {
    return new ClientId(checkToken('ClientId', value));
  }
}

/** Our id of an order (what we send as the venue's client order id). */
export class ClientOrderId extends Identifier {
  static from(value: string): ClientOrderId {
    return new ClientOrderId(checkToken('ClientOrderId', value, 36));
  }
}

/** The venue's id of an order. */
export class VenueOrderId extends Identifier {
  static from(value: string): VenueOrderId {
    return new VenueOrderId(checkToken('VenueOrderId', value));
  }
}

/** A trade (fill) id, unique per instrument at a venue. */
export class TradeId extends Identifier {
  static from(value: string): TradeId {
    return new TradeId(checkToken('TradeId', value, 64));
  }
}

/** A position. */
export class PositionId extends Identifier {
  static from(value: string): PositionId {
    return new PositionId(checkToken('PositionId', value, 128));
  }
}

/** A list of contingent orders. */
export class OrderListId extends Identifier {
  static from(value: string): OrderListId {
    return new OrderListId(checkToken('OrderListId', value));
  }
}

/** A component (engine, client, actor) for logs and the message bus. */
export class ComponentId extends Identifier {
  static from(value: string): ComponentId {
    return new ComponentId(checkToken('ComponentId', value));
  }
}
