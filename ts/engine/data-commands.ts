/**
 * Data commands and requests: what a strategy (or actor) asks the DataEngine for. Readonly plain
 * objects with a `type` literal and both timestamps; what is wanted is a {@link DataSpec}
 * discriminated by `kind`.
 *
 * Routing: `clientId` names one data client; `null` routes by the venue of the instrument (or of
 * `venue` for INSTRUMENTS), then to the default client.
 */
import type { Bar, BarType, QuoteTick, TradeTick } from '../model/data/index.js';
import type { BookType } from '../model/enums.js';
import type { ClientId, InstrumentId, Venue } from '../model/identifiers/index.js';
import type { Instrument } from '../model/instruments/index.js';

/** Quotes of one instrument. */
export interface QuotesSpec {
  readonly kind: 'QUOTES';
  readonly instrumentId: InstrumentId;
}
/** Trades of one instrument. */
export interface TradesSpec {
  readonly kind: 'TRADES';
  readonly instrumentId: InstrumentId;
}
/** Bars of one bar type: INTERNAL ones are aggregated by the engine, EXTERNAL ones come from the client. */
export interface BarsSpec {
  readonly kind: 'BARS';
  readonly barType: BarType;
}
/** Book deltas of one instrument; the engine keeps the book in the cache. */
export interface BookDeltasSpec {
  readonly kind: 'BOOK_DELTAS';
  readonly instrumentId: InstrumentId;
  readonly bookType: BookType;
  /** Levels asked of the venue; `null`: the venue's default. */
  readonly depth: number | null;
}
/** The book of one instrument, published every `intervalMs` (maintained from deltas). */
export interface BookSnapshotsSpec {
  readonly kind: 'BOOK_SNAPSHOTS';
  readonly instrumentId: InstrumentId;
  readonly bookType: BookType;
  readonly depth: number | null;
  readonly intervalMs: number;
}
/** Definition updates of one instrument. */
export interface InstrumentSpec {
  readonly kind: 'INSTRUMENT';
  readonly instrumentId: InstrumentId;
}
/** Definition updates of every instrument of a venue. */
export interface InstrumentsSpec {
  readonly kind: 'INSTRUMENTS';
  readonly venue: Venue;
}

/** What a subscription is for; switch on `kind`. */
export type DataSpec =
  | QuotesSpec
  | TradesSpec
  | BarsSpec
  | BookDeltasSpec
  | BookSnapshotsSpec
  | InstrumentSpec
  | InstrumentsSpec;

interface DataCommandFields {
  readonly clientId: ClientId | null;
  readonly venue: Venue | null;
  readonly commandId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export interface Subscribe extends DataCommandFields {
  readonly type: 'Subscribe';
  readonly spec: DataSpec;
}
export interface Unsubscribe extends DataCommandFields {
  readonly type: 'Unsubscribe';
  readonly spec: DataSpec;
}

/** Any data command; switch on `type`. */
export type DataCommand = Subscribe | Unsubscribe;

interface DataCommandInput {
  readonly spec: DataSpec;
  readonly clientId?: ClientId | null;
  readonly venue?: Venue | null;
  readonly commandId?: string;
  readonly tsEvent?: bigint;
  readonly tsInit: bigint;
}

function commandFields(p: DataCommandInput): DataCommandFields {
  return {
    clientId: p.clientId ?? null,
    venue: p.venue ?? null,
    commandId: p.commandId ?? crypto.randomUUID(),
    tsEvent: p.tsEvent ?? p.tsInit,
    tsInit: p.tsInit,
  };
}

export function subscribe(p: DataCommandInput): Subscribe {
  return { type: 'Subscribe', ...commandFields(p), spec: p.spec };
}
export function unsubscribe(p: DataCommandInput): Unsubscribe {
  return { type: 'Unsubscribe', ...commandFields(p), spec: p.spec };
}

/** The venue a spec is about. */
export function specVenue(spec: DataSpec): Venue {
  switch (spec.kind) {
    case 'BARS':
      return spec.barType.instrumentId.venue;
    case 'INSTRUMENTS':
      return spec.venue;
    case 'QUOTES':
    case 'TRADES':
    case 'BOOK_DELTAS':
    case 'BOOK_SNAPSHOTS':
    case 'INSTRUMENT':
      return spec.instrumentId.venue;
  }
}

/** The instrument a spec is about (`null` for INSTRUMENTS). */
export function specInstrument(spec: DataSpec): InstrumentId | null {
  switch (spec.kind) {
    case 'BARS':
      return spec.barType.instrumentId;
    case 'INSTRUMENTS':
      return null;
    case 'QUOTES':
    case 'TRADES':
    case 'BOOK_DELTAS':
    case 'BOOK_SNAPSHOTS':
    case 'INSTRUMENT':
      return spec.instrumentId;
  }
}

// ---- requests ---------------------------------------------------------------------------------

/** A time range and limit of historical data (`null`: unbounded / the client's default). */
export interface HistoryRange {
  readonly startNs: bigint | null;
  readonly endNs: bigint | null;
  readonly limit: number | null;
}

/** What a request asks for; switch on `kind`. */
export type RequestSpec =
  | { readonly kind: 'INSTRUMENT'; readonly instrumentId: InstrumentId }
  | { readonly kind: 'INSTRUMENTS'; readonly venue: Venue }
  | ({ readonly kind: 'QUOTES'; readonly instrumentId: InstrumentId } & HistoryRange)
  | ({ readonly kind: 'TRADES'; readonly instrumentId: InstrumentId } & HistoryRange)
  | ({ readonly kind: 'BARS'; readonly barType: BarType } & HistoryRange);

export interface DataRequest {
  readonly type: 'DataRequest';
  readonly spec: RequestSpec;
  readonly clientId: ClientId | null;
  readonly venue: Venue | null;
  readonly requestId: string;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** What a request got back: instruments, quotes, trades or bars, in the client's order. */
export type ResponseData =
  | readonly Instrument[]
  | readonly QuoteTick[]
  | readonly TradeTick[]
  | readonly Bar[];

export interface DataResponse {
  readonly type: 'DataResponse';
  readonly requestId: string;
  readonly clientId: ClientId;
  readonly spec: RequestSpec;
  readonly data: ResponseData;
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

export function dataRequest(p: {
  readonly spec: RequestSpec;
  readonly clientId?: ClientId | null;
  readonly venue?: Venue | null;
  readonly requestId?: string;
  /** Default `tsInit`. */
  readonly tsEvent?: bigint;
  readonly tsInit: bigint;
}): DataRequest {
  return {
    type: 'DataRequest',
    spec: p.spec,
    clientId: p.clientId ?? null,
    venue: p.venue ?? null,
    requestId: p.requestId ?? crypto.randomUUID(),
    tsEvent: p.tsEvent ?? p.tsInit,
    tsInit: p.tsInit,
  };
}

/** The venue a request is about. */
export function requestVenue(spec: RequestSpec): Venue {
  switch (spec.kind) {
    case 'BARS':
      return spec.barType.instrumentId.venue;
    case 'INSTRUMENTS':
      return spec.venue;
    case 'QUOTES':
    case 'TRADES':
    case 'INSTRUMENT':
      return spec.instrumentId.venue;
  }
}
