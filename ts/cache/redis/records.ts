/**
 * The record format (version {@link RECORD_FORMAT_VERSION}): how every object the cache persists
 * becomes a plain map and back, exactly.
 *
 * # Values
 * | model value                         | record value                                       |
 * |-------------------------------------|----------------------------------------------------|
 * | identifier (TraderId, ClientOrderId) | its string                                        |
 * | Price, Quantity                     | decimal string with exactly `precision` decimals (`'20377.00'`): raw and precision both come back |
 * | Money                               | `'<amount> <CODE>'` at the currency's precision (`'10.25 USDT'`) |
 * | Currency                            | its code; definitions (`code`, `precision`, `kind`) are kept apart so a code reads back as the same currency |
 * | Decimal (offsets, rates)            | plain decimal string (`toFixed()`)                 |
 * | timestamp (bigint ns)               | decimal string, or ISO 8601 with 9 decimals (`timestampsAsIso8601`) |
 * | enum, string, boolean               | as is                                              |
 * Never a JS number for a value: numbers are only precisions.
 *
 * # Records
 * - Order event: the event's own keys, in its key order, each by the table above (so an order is
 *   rebuilt by replaying its events through `Order.fromEvents`, the same state machine as live).
 * - Account state: the same, balances as `{ total, locked, free }` and margins as
 *   `{ instrumentId, initial, maintenance }`.
 * - Instrument: `type` plus every definition field (the parameters of `<Kind>.create`).
 * - Position: `{ id, instrument }` header and its fills as order-event records; a position is
 *   rebuilt by `Position.open` on the first fill and `apply` of the others (the fills carry every
 *   figure exactly; PnL and averages are recomputed by the same code as live).
 * - Currency: `{ code, precision, kind }`.
 */
import { Decimal } from 'decimal.js';

import { type Account, CashAccount, MarginAccount } from '../../model/accounts/index.js';
import type { AccountState, OrderEvent, OrderFilled } from '../../model/events/index.js';
import {
  AccountId,
  ClientOrderId,
  type Identifier,
  InstrumentId,
  OrderListId,
  PositionId,
  StrategyId,
  Symbol as SymbolId,
  TradeId,
  TraderId,
  VenueOrderId,
} from '../../model/identifiers/index.js';
import {
  CryptoFuture,
  CryptoPerpetual,
  CurrencyPair,
  Equity,
  type Instrument,
} from '../../model/instruments/index.js';
import { Position } from '../../model/positions/index.js';
import { Currency, type CurrencyKind, Money, Price, Quantity } from '../../model/values/index.js';
import { decodeTimestamp, encodeTimestamp, type Plain } from './encoding.js';
import { RedisBackendError, RedisBackendErrorCode } from './errors.js';

/** The version of the record format written; a keyspace of a newer version is refused. */
export const RECORD_FORMAT_VERSION = 1;

type Kind =
  | 'str'
  | 'strOpt'
  | 'bool'
  | 'int'
  | 'ts'
  | 'tsOpt'
  | 'price'
  | 'priceOpt'
  | 'qty'
  | 'qtyOpt'
  | 'money'
  | 'moneyOpt'
  | 'currency'
  | 'currencyOpt'
  | 'decimal'
  | 'decimalOpt'
  | 'traderId'
  | 'strategyId'
  | 'instrumentId'
  | 'instrumentIdOpt'
  | 'clientOrderId'
  | 'clientOrderIdOpt'
  | 'clientOrderIdList'
  | 'venueOrderIdOpt'
  | 'accountIdOpt'
  | 'accountId'
  | 'tradeId'
  | 'positionIdOpt'
  | 'orderListIdOpt'
  | 'strList'
  | 'strMapOpt'
  | 'balances'
  | 'margins';

/** Every field of order events and account states, with how it is written. */
const FIELDS: Readonly<Record<string, Kind>> = {
  type: 'str',
  traderId: 'traderId',
  strategyId: 'strategyId',
  instrumentId: 'instrumentId',
  clientOrderId: 'clientOrderId',
  venueOrderId: 'venueOrderIdOpt',
  accountId: 'accountIdOpt',
  eventId: 'str',
  reconciliation: 'bool',
  tsEvent: 'ts',
  tsInit: 'ts',
  // OrderInitialized
  side: 'str',
  orderType: 'str',
  quantity: 'qty',
  timeInForce: 'str',
  price: 'priceOpt',
  triggerPrice: 'priceOpt',
  triggerType: 'str',
  limitOffset: 'decimalOpt',
  trailingOffset: 'decimalOpt',
  trailingOffsetType: 'str',
  expireTimeNs: 'tsOpt',
  postOnly: 'bool',
  reduceOnly: 'bool',
  quoteQuantity: 'bool',
  displayQty: 'qtyOpt',
  emulationTrigger: 'str',
  triggerInstrumentId: 'instrumentIdOpt',
  contingencyType: 'str',
  orderListId: 'orderListIdOpt',
  linkedOrderIds: 'clientOrderIdList',
  parentOrderId: 'clientOrderIdOpt',
  execAlgorithmId: 'strOpt',
  execAlgorithmParams: 'strMapOpt',
  execSpawnId: 'clientOrderIdOpt',
  tags: 'strList',
  // Other order events
  reason: 'str',
  dueToPostOnly: 'bool',
  releasedPrice: 'price',
  tradeId: 'tradeId',
  positionId: 'positionIdOpt',
  orderSide: 'str',
  lastQty: 'qty',
  lastPx: 'price',
  currency: 'currency',
  commission: 'moneyOpt',
  liquiditySide: 'str',
  // AccountState
  accountType: 'str',
  baseCurrency: 'currencyOpt',
  balances: 'balances',
  margins: 'margins',
  isReported: 'bool',
};

/** Options of the codec: how timestamps are written, and who learns about currencies used. */
export interface RecordCodecOptions {
  readonly timestampsAsIso8601: boolean;
  /** Called with every currency a record refers to (so its definition can be stored once). */
  readonly onCurrency?: (currency: Currency) => void;
}

export function invalidRecord(what: string, reason: string, cause?: unknown): RedisBackendError {
  return new RedisBackendError(
    RedisBackendErrorCode.REDIS_RECORD_INVALID,
    `stored ${what} cannot be read: ${reason}`,
    { details: { record: what }, ...(cause === undefined ? {} : { cause }) },
  );
}

function moneyText(m: Money): string {
  return `${m.amountString()} ${m.currency.code}`;
}

function parseMoney(text: unknown): Money {
  if (typeof text !== 'string') throw new TypeError(`money must be a string, was ${typeof text}`);
  const sp = text.lastIndexOf(' ');
  if (sp <= 0) throw new TypeError(`money '${text}' is not '<amount> <CODE>'`);
  return Money.from(text.slice(0, sp), Currency.from(text.slice(sp + 1)));
}

function str(v: unknown): string {
  if (typeof v !== 'string') throw new TypeError(`expected a string, was ${typeof v}`);
  return v;
}

/** Converts model objects to records and back (see the module doc). */
export class RecordCodec {
  readonly #iso: boolean;
  readonly #onCurrency: ((currency: Currency) => void) | undefined;

  constructor(options: RecordCodecOptions) {
    this.#iso = options.timestampsAsIso8601;
    this.#onCurrency = options.onCurrency;
  }

  #cur(c: Currency): string {
    this.#onCurrency?.(c);
    return c.code;
  }

  #money(m: Money): string {
    this.#onCurrency?.(m.currency);
    return moneyText(m);
  }

  #encodeValue(kind: Kind, v: unknown): Plain {
    if (v === null) return null;
    switch (kind) {
      case 'str':
      case 'strOpt':
      case 'bool':
      case 'int':
        return v as Plain;
      case 'ts':
      case 'tsOpt':
        return encodeTimestamp(v as bigint, this.#iso);
      case 'price':
      case 'priceOpt':
      case 'qty':
      case 'qtyOpt':
        return (v as Price).toString();
      case 'money':
      case 'moneyOpt':
        return this.#money(v as Money);
      case 'currency':
      case 'currencyOpt':
        return this.#cur(v as Currency);
      case 'decimal':
      case 'decimalOpt':
        return (v as Decimal).toFixed();
      case 'clientOrderIdList':
        return (v as readonly Identifier[]).map((i) => i.value);
      case 'strList':
        return [...(v as readonly string[])];
      case 'strMapOpt':
        return { ...(v as Record<string, string>) };
      case 'balances':
        return (v as AccountState['balances']).map((b) => ({
          total: this.#money(b.total),
          locked: this.#money(b.locked),
          free: this.#money(b.free),
        }));
      case 'margins':
        return (v as AccountState['margins']).map((m) => ({
          instrumentId: m.instrumentId.value,
          initial: this.#money(m.initial),
          maintenance: this.#money(m.maintenance),
        }));
      default:
        return (v as Identifier).value;
    }
  }

  #decodeValue(kind: Kind, v: unknown): unknown {
    if (v === null) {
      if (kind.endsWith('Opt')) return null;
      throw new TypeError(`null for a required ${kind}`);
    }
    switch (kind) {
      case 'str':
      case 'strOpt':
        return str(v);
      case 'bool':
        if (typeof v !== 'boolean') throw new TypeError(`expected a boolean, was ${typeof v}`);
        return v;
      case 'int':
        if (!Number.isInteger(v)) throw new TypeError(`expected an integer, was ${String(v)}`);
        return v;
      case 'ts':
      case 'tsOpt': {
        const t = decodeTimestamp(str(v));
        if (t === null) throw new TypeError(`'${String(v)}' is not a timestamp`);
        return t;
      }
      case 'price':
      case 'priceOpt':
        return Price.from(str(v));
      case 'qty':
      case 'qtyOpt':
        return Quantity.from(str(v));
      case 'money':
      case 'moneyOpt':
        return parseMoney(v);
      case 'currency':
      case 'currencyOpt':
        return Currency.from(str(v));
      case 'decimal':
      case 'decimalOpt':
        return new Decimal(str(v));
      case 'traderId':
        return TraderId.from(str(v));
      case 'strategyId':
        return StrategyId.from(str(v));
      case 'instrumentId':
      case 'instrumentIdOpt':
        return InstrumentId.from(str(v));
      case 'clientOrderId':
      case 'clientOrderIdOpt':
        return ClientOrderId.from(str(v));
      case 'clientOrderIdList':
        return (v as unknown[]).map((x) => ClientOrderId.from(str(x)));
      case 'venueOrderIdOpt':
        return VenueOrderId.from(str(v));
      case 'accountId':
      case 'accountIdOpt':
        return AccountId.from(str(v));
      case 'tradeId':
        return TradeId.from(str(v));
      case 'positionIdOpt':
        return PositionId.from(str(v));
      case 'orderListIdOpt':
        return OrderListId.from(str(v));
      case 'strList':
        return (v as unknown[]).map(str);
      case 'strMapOpt': {
        const out: Record<string, string> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = str(x);
        return out;
      }
      case 'balances':
        return (v as Record<string, unknown>[]).map((b) => ({
          total: parseMoney(b.total),
          locked: parseMoney(b.locked),
          free: parseMoney(b.free),
        }));
      case 'margins':
        return (v as Record<string, unknown>[]).map((m) => ({
          instrumentId: InstrumentId.from(str(m.instrumentId)),
          initial: parseMoney(m.initial),
          maintenance: parseMoney(m.maintenance),
        }));
      default: {
        const never: never = kind;
        throw new TypeError(`unknown field kind ${String(never)}`);
      }
    }
  }

  /** An order event or account state as a record (its keys in its own order). */
  event(e: OrderEvent | AccountState): Plain {
    const out: Record<string, Plain> = {};
    for (const [k, v] of Object.entries(e)) {
      const kind = FIELDS[k];
      if (kind === undefined)
        throw new TypeError(`${e.type} has a field '${k}' the record format does not know`);
      out[k] = this.#encodeValue(kind, v);
    }
    return out;
  }

  /** Reads an order event or account state record back. */
  decodeEvent<E extends OrderEvent | AccountState>(record: unknown, what: string): E {
    try {
      if (record === null || typeof record !== 'object' || Array.isArray(record)) {
        throw new TypeError('not a map');
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(record as Record<string, unknown>)) {
        const kind = FIELDS[k];
        if (kind === undefined) throw new TypeError(`unknown field '${k}'`);
        out[k] = this.#decodeValue(kind, v);
      }
      if (typeof out.type !== 'string') throw new TypeError('no type');
      return out as unknown as E;
    } catch (error) {
      throw invalidRecord(what, (error as Error).message, error);
    }
  }

  currency(c: Currency): Plain {
    return { code: c.code, precision: c.precision, kind: c.kind };
  }

  /** Registers (or finds) the currency of a definition record. */
  decodeCurrency(record: unknown, what: string): Currency {
    try {
      const r = record as Record<string, unknown>;
      return Currency.register(str(r.code), r.precision as number, str(r.kind) as CurrencyKind);
    } catch (error) {
      throw invalidRecord(what, (error as Error).message, error);
    }
  }

  instrument(i: Instrument): Plain {
    const opt = <T>(v: T | null, f: (x: T) => Plain): Plain => (v === null ? null : f(v));
    const s = (v: { toString(): string }) => v.toString();
    const base: Record<string, Plain> = {
      type: i.type,
      id: i.id.value,
      rawSymbol: i.rawSymbol.value,
      quoteCurrency: this.#cur(i.quoteCurrency),
      settlementCurrency: this.#cur(i.settlementCurrency),
      isInverse: i.isInverse,
      pricePrecision: i.pricePrecision,
      priceIncrement: s(i.priceIncrement),
      sizePrecision: i.sizePrecision,
      sizeIncrement: s(i.sizeIncrement),
      multiplier: s(i.multiplier),
      lotSize: opt(i.lotSize, s),
      maxQuantity: opt(i.maxQuantity, s),
      minQuantity: opt(i.minQuantity, s),
      maxNotional: opt(i.maxNotional, (m) => this.#money(m)),
      minNotional: opt(i.minNotional, (m) => this.#money(m)),
      maxPrice: opt(i.maxPrice, s),
      minPrice: opt(i.minPrice, s),
      marginInit: i.marginInit.toFixed(),
      marginMaint: i.marginMaint.toFixed(),
      makerFee: i.makerFee.toFixed(),
      takerFee: i.takerFee.toFixed(),
      tsEvent: encodeTimestamp(i.tsEvent, this.#iso),
      tsInit: encodeTimestamp(i.tsInit, this.#iso),
    };
    switch (i.type) {
      case 'CURRENCY_PAIR':
      case 'CRYPTO_PERPETUAL':
        base.baseCurrency = this.#cur(i.baseCurrency);
        break;
      case 'CRYPTO_FUTURE':
        base.underlying = this.#cur(i.underlying);
        base.activationNs = encodeTimestamp(i.activationNs, this.#iso);
        base.expirationNs = encodeTimestamp(i.expirationNs, this.#iso);
        break;
      case 'EQUITY':
        base.isin = i.isin;
        break;
    }
    return base;
  }

  decodeInstrument(record: unknown, what: string): Instrument {
    try {
      const r = record as Record<string, unknown>;
      const optQ = (v: unknown) => (v === null || v === undefined ? null : Quantity.from(str(v)));
      const optP = (v: unknown) => (v === null || v === undefined ? null : Price.from(str(v)));
      const optM = (v: unknown) => (v === null || v === undefined ? null : parseMoney(v));
      const ts = (v: unknown) => {
        const t = decodeTimestamp(str(v));
        if (t === null) throw new TypeError(`'${String(v)}' is not a timestamp`);
        return t;
      };
      const p = {
        id: InstrumentId.from(str(r.id)),
        rawSymbol: SymbolId.from(str(r.rawSymbol)),
        quoteCurrency: Currency.from(str(r.quoteCurrency)),
        pricePrecision: r.pricePrecision as number,
        priceIncrement: Price.from(str(r.priceIncrement)),
        sizePrecision: r.sizePrecision as number,
        sizeIncrement: Quantity.from(str(r.sizeIncrement)),
        multiplier: Quantity.from(str(r.multiplier)),
        lotSize: optQ(r.lotSize),
        maxQuantity: optQ(r.maxQuantity),
        minQuantity: optQ(r.minQuantity),
        maxNotional: optM(r.maxNotional),
        minNotional: optM(r.minNotional),
        maxPrice: optP(r.maxPrice),
        minPrice: optP(r.minPrice),
        marginInit: new Decimal(str(r.marginInit)),
        marginMaint: new Decimal(str(r.marginMaint)),
        makerFee: new Decimal(str(r.makerFee)),
        takerFee: new Decimal(str(r.takerFee)),
        tsEvent: ts(r.tsEvent),
        tsInit: ts(r.tsInit),
      };
      const settlementCurrency = Currency.from(str(r.settlementCurrency));
      const isInverse = r.isInverse === true;
      switch (r.type) {
        case 'CURRENCY_PAIR':
          return CurrencyPair.create({ ...p, baseCurrency: Currency.from(str(r.baseCurrency)) });
        case 'CRYPTO_PERPETUAL':
          return CryptoPerpetual.create({
            ...p,
            baseCurrency: Currency.from(str(r.baseCurrency)),
            settlementCurrency,
            isInverse,
          });
        case 'CRYPTO_FUTURE':
          return CryptoFuture.create({
            ...p,
            underlying: Currency.from(str(r.underlying)),
            settlementCurrency,
            isInverse,
            activationNs: ts(r.activationNs),
            expirationNs: ts(r.expirationNs),
          });
        case 'EQUITY':
          return Equity.create({ ...p, isin: r.isin === null ? null : str(r.isin) });
        default:
          throw new TypeError(`unknown instrument type '${String(r.type)}'`);
      }
    } catch (error) {
      throw invalidRecord(what, (error as Error).message, error);
    }
  }

  /** The header of a position record (its fills are stored one by one). */
  positionHeader(p: Position): Plain {
    return { id: p.id.value, instrument: this.instrument(p.instrument) };
  }

  /** A whole position (header and fills) as one record: the form of snapshots. */
  positionWhole(p: Position): Plain {
    return {
      id: p.id.value,
      instrument: this.instrument(p.instrument),
      fills: p.fills.map((f) => this.event(f)),
    };
  }

  /** Rebuilds a position from its header and fill records (see the module doc). */
  decodePosition(header: unknown, fills: readonly unknown[], what: string): Position {
    const h = header as Record<string, unknown> | null;
    if (h === null || typeof h !== 'object') throw invalidRecord(what, 'no header');
    const instrument = this.decodeInstrument(h.instrument, `${what} instrument`);
    const events = fills.map((f, i) => this.decodeEvent<OrderFilled>(f, `${what} fill ${i}`));
    const first = events[0];
    if (first === undefined) throw invalidRecord(what, 'a position has at least one fill');
    try {
      const id = PositionId.from(str(h.id));
      const p = Position.open(instrument, first, id);
      for (let i = 1; i < events.length; i++) p.apply(events[i]!);
      return p;
    } catch (error) {
      throw invalidRecord(what, (error as Error).message, error);
    }
  }

  decodePositionWhole(record: unknown, what: string): Position {
    const r = record as Record<string, unknown> | null;
    if (r === null || typeof r !== 'object' || !Array.isArray(r.fills)) throw invalidRecord(what, 'no fills');
    return this.decodePosition(r, r.fills, what);
  }

  /** Rebuilds an account by applying its states in order (the first creates it). */
  static rebuildAccount(states: readonly AccountState[], what: string): Account {
    const first = states[0];
    if (first === undefined) throw invalidRecord(what, 'an account has at least one state');
    try {
      const a = first.accountType === 'CASH' ? CashAccount.create(first) : MarginAccount.create(first);
      for (let i = 1; i < states.length; i++) a.apply(states[i]!);
      return a;
    } catch (error) {
      throw invalidRecord(what, (error as Error).message, error);
    }
  }
}
