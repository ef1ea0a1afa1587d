/**
 * The one place that encodes the cache, a venue's mass status and the settings into the native
 * reconciliation input, and decodes its tuple output into typed actions.
 *
 * # Crossing format
 * See `crates/node/src/recon.rs`: JSON in (tuples for every report, decimal strings for values,
 * nanosecond timestamps as decimal strings), JSON out (`C`/`E`/`D` tuples). A fill that comes
 * from a report crosses back as its index in the encoded `fillReports`, so the encoder keeps the
 * report objects in encoding order ({@link EncodedVenue.fillReports}).
 *
 * The `Reconciler` sends the compact form ({@link encodeVenueCompact}, `reconcileAllCompact`):
 * the same tuples, but the three large tables (cached orders, order reports, fill reports) as
 * tab-separated text, one record a line, which both sides write and read in about half the time
 * of JSON arrays at 100k orders. The JSON form stays for callers that want one self-describing
 * text; the two reconcile alike (property-tested).
 *
 * # Scope of the cache encoding
 * Only orders and positions of the venue's instruments are encoded: venues never share orders,
 * and a venue's diff cannot touch another's state. Positions are the open ones (a closed position
 * is flat: the core treats an absent one as zero).
 */
import type { Decimal } from 'decimal.js';

import type { Cache } from '../../cache/index.js';
import type { OmsType, OrderStatus } from '../../model/enums.js';
import type { OrderFilled } from '../../model/events/index.js';
import type { InstrumentId, StrategyId, Venue } from '../../model/identifiers/index.js';
import type { Order } from '../../model/orders/index.js';
import type {
  ExecutionMassStatus,
  FillReport,
  OrderStatusReport,
  PositionStatusReport,
} from '../../model/reports/index.js';
import type { Money } from '../../model/values/index.js';

/** A strategy's claim on the external orders of some instruments (`externalOrderClaims`). */
export interface ExternalOrderClaim {
  readonly strategyId: StrategyId;
  readonly instrumentIds: readonly InstrumentId[];
}

/** The settings of `LiveExecEngineConfig` that shape the diff. */
export interface ReconciliationSettings {
  readonly filteredClientOrderIds: readonly string[] | null;
  readonly reconciliationInstrumentIds: readonly string[] | null;
  readonly filterUnclaimedExternalOrders: boolean;
  readonly filterPositionReports: boolean;
  readonly generateMissingOrders: boolean;
  readonly claims: readonly ExternalOrderClaim[];
}

/** A mass status (or a few runtime reports) as the encoder reads it. */
export interface VenueReports {
  readonly venue: Venue;
  readonly accountId: string;
  readonly orderReports: readonly OrderStatusReport[];
  readonly fillReports: readonly FillReport[];
  readonly positionReports: readonly PositionStatusReport[];
}

/** One venue, encoded: the JSON bytes and the fill reports in the order they were written. */
export interface EncodedVenue {
  readonly json: string;
  readonly fillReports: readonly FillReport[];
}

type Opt = string | null;

function str(v: { toString(): string } | null | undefined): Opt {
  return v == null ? null : v.toString();
}

/** A Decimal as plain decimal text, at most 16 decimals (the core's scale). */
function dec(v: Decimal | null): Opt {
  return v === null ? null : v.toDecimalPlaces(16).toFixed();
}

function moneyAmount(m: Money | null): [Opt, Opt] {
  return m === null ? [null, null] : [m.amountString(), m.currency.code];
}

/** Every report of a mass status, duplicates included (the core decides what a repeat is). */
export function venueReportsOf(mass: ExecutionMassStatus): VenueReports {
  const orderReports = [...mass.orderReports.values(), ...mass.duplicateOrderReports];
  const fillReports: FillReport[] = [];
  for (const list of mass.fillReports.values()) for (const f of list) fillReports.push(f);
  const positionReports: PositionStatusReport[] = [];
  for (const list of mass.positionReports.values()) for (const p of list) positionReports.push(p);
  return { venue: mass.venue, accountId: mass.accountId.value, orderReports, fillReports, positionReports };
}

function cachedOrder(o: Order): unknown[] {
  const fills: unknown[] = [];
  for (const e of o.events) {
    if (e.type !== 'OrderFilled') continue;
    const f = e as OrderFilled;
    const [c, cc] = moneyAmount(f.commission);
    fills.push([f.tradeId.value, f.lastQty.toString(), f.lastPx.toString(), c, cc, String(f.tsEvent)]);
  }
  return [
    o.clientOrderId.value,
    o.venueOrderId?.value ?? null,
    o.strategyId.value,
    o.instrumentId.value,
    o.side,
    o.orderType,
    o.quantity.toString(),
    str(o.price),
    str(o.triggerPrice),
    o.status satisfies OrderStatus,
    o.previousStatus,
    o.positionId?.value ?? null,
    fills,
  ];
}

function orderReport(r: OrderStatusReport): unknown[] {
  return [
    r.accountId.value,
    r.instrumentId.value,
    r.clientOrderId?.value ?? null,
    r.venueOrderId.value,
    r.orderSide,
    r.orderType,
    r.timeInForce,
    r.orderStatus,
    r.quantity.toString(),
    r.filledQty.toString(),
    str(r.price),
    str(r.triggerPrice),
    dec(r.avgPx),
    r.venuePositionId?.value ?? null,
    r.cancelReason,
    String(r.tsAccepted),
    String(r.tsLast),
  ];
}

function fillReport(f: FillReport): unknown[] {
  const [c, cc] = moneyAmount(f.commission);
  return [
    f.accountId.value,
    f.instrumentId.value,
    f.venueOrderId.value,
    f.clientOrderId?.value ?? null,
    f.tradeId.value,
    f.orderSide,
    f.lastQty.toString(),
    f.lastPx.toString(),
    c,
    cc,
    f.liquiditySide,
    f.venuePositionId?.value ?? null,
    String(f.tsEvent),
  ];
}

function positionReport(p: PositionStatusReport): unknown[] {
  return [
    p.accountId.value,
    p.instrumentId.value,
    p.venuePositionId?.value ?? null,
    p.positionSide,
    p.quantity.toString(),
    dec(p.avgPxOpen),
    String(p.tsLast),
  ];
}

/** Options of {@link encodeVenue}. */
export interface EncodeOptions {
  /** OMS type of the venue's instruments (default NETTING). */
  readonly omsType: OmsType;
  /** Only these cached orders (the runtime single-order path); default every order of the venue. */
  readonly orders?: readonly Order[];
  /** Leave positions out (runtime checks compare orders only). */
  readonly withoutPositions?: boolean;
}

/** The envelope of one venue's input: everything but the three large tables. */
function envelope(
  cache: Cache,
  reports: VenueReports,
  settings: ReconciliationSettings,
  options: EncodeOptions,
  tables: {
    readonly orders: readonly unknown[];
    readonly orderReports: readonly unknown[];
    readonly fillReports: readonly unknown[];
  },
): string {
  const hedging = options.omsType === 'HEDGING';
  const positions = options.withoutPositions
    ? []
    : cache
        .positionsOpen({ venue: reports.venue })
        .map((p) => [p.instrumentId.value, hedging ? p.id.value : null, p.side, p.quantity.toString()]);
  const instruments: unknown[] = [];
  const prices: unknown[] = [];
  for (const i of cache.instruments(reports.venue)) {
    instruments.push([i.id.value, i.pricePrecision, i.sizePrecision, options.omsType]);
    const mid = cache.price(i.id, 'MID');
    const last = cache.price(i.id, 'LAST');
    if (mid !== null || last !== null) prices.push([i.id.value, str(mid), str(last)]);
  }
  return JSON.stringify({
    cache: { orders: tables.orders, positions, instruments, prices },
    settings: {
      filteredClientOrderIds: settings.filteredClientOrderIds ?? [],
      reconciliationInstrumentIds: settings.reconciliationInstrumentIds,
      filterUnclaimedExternalOrders: settings.filterUnclaimedExternalOrders,
      filterPositionReports: settings.filterPositionReports,
      generateMissingOrders: settings.generateMissingOrders,
      externalOrderClaims: settings.claims.map((c) => [
        c.strategyId.value,
        c.instrumentIds.map((i) => i.value),
      ]),
    },
    venues: [
      {
        venue: reports.venue.value,
        accountId: reports.accountId,
        orderReports: tables.orderReports,
        fillReports: tables.fillReports,
        positionReports: reports.positionReports.map(positionReport),
      },
    ],
  });
}

/**
 * Encodes the cache's state for one venue, the venue's reports and the settings into the
 * binding's `reconcileAll` input (one venue, all JSON).
 */
export function encodeVenue(
  cache: Cache,
  reports: VenueReports,
  settings: ReconciliationSettings,
  options: EncodeOptions,
): EncodedVenue {
  const orders = (options.orders ?? cache.orders({ venue: reports.venue })).map(cachedOrder);
  const json = envelope(cache, reports, settings, options, {
    orders,
    orderReports: reports.orderReports.map(orderReport),
    fillReports: reports.fillReports.map(fillReport),
  });
  return { json, fillReports: reports.fillReports };
}

// ----- compact input -------------------------------------------------------------------------

/**
 * One venue in the binding's compact form (`reconcileAllCompact`): the JSON envelope, and the
 * cached orders, order reports and fill reports as text (one record a line, tab-separated
 * fields; see `crates/node/src/recon/text.rs`).
 */
export interface CompactVenue {
  readonly envelope: string;
  readonly cachedOrdersText: string;
  readonly orderReportsText: string;
  readonly fillReportsText: string;
  /** The fill reports in the order they were written (the output names them by index). */
  readonly fillReports: readonly FillReport[];
}

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Free text as a compact field: empty for `null`, else `=` and the text, escaped. */
export function compactText(v: string | null): string {
  if (v === null) return '';
  return NEEDS_ESCAPE.test(v) ? `=${v.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!)}` : `=${v}`;
}

// Each record is an array joined once: V8 joins an array of flat strings into one flat string,
// where a template literal builds a rope that the final join must flatten piece by piece (2-3x
// slower at 300k records, and slower than JSON.stringify of the same arrays).

function cachedOrderLine(o: Order): string {
  const f: string[] = [
    o.clientOrderId.value,
    o.venueOrderId?.value ?? '',
    o.strategyId.value,
    o.instrumentId.value,
    o.side,
    o.orderType,
    o.quantity.toString(),
    o.price?.toString() ?? '',
    o.triggerPrice?.toString() ?? '',
    o.status satisfies OrderStatus,
    o.previousStatus ?? '',
    o.positionId?.value ?? '',
  ];
  for (const e of o.events) {
    if (e.type !== 'OrderFilled') continue;
    const x = e as OrderFilled;
    const c = x.commission;
    f.push(
      x.tradeId.value,
      x.lastQty.toString(),
      x.lastPx.toString(),
      c === null ? '' : c.amountString(),
      c === null ? '' : c.currency.code,
      String(x.tsEvent),
    );
  }
  return f.join('\t');
}

function orderReportLine(r: OrderStatusReport): string {
  return [
    r.accountId.value,
    r.instrumentId.value,
    r.clientOrderId?.value ?? '',
    r.venueOrderId.value,
    r.orderSide,
    r.orderType,
    r.timeInForce,
    r.orderStatus,
    r.quantity.toString(),
    r.filledQty.toString(),
    r.price?.toString() ?? '',
    r.triggerPrice?.toString() ?? '',
    dec(r.avgPx) ?? '',
    r.venuePositionId?.value ?? '',
    compactText(r.cancelReason),
    String(r.tsAccepted),
    String(r.tsLast),
  ].join('\t');
}

function fillReportLine(f: FillReport): string {
  const c = f.commission;
  return [
    f.accountId.value,
    f.instrumentId.value,
    f.venueOrderId.value,
    f.clientOrderId?.value ?? '',
    f.tradeId.value,
    f.orderSide,
    f.lastQty.toString(),
    f.lastPx.toString(),
    c === null ? '' : c.amountString(),
    c === null ? '' : c.currency.code,
    f.liquiditySide,
    f.venuePositionId?.value ?? '',
    String(f.tsEvent),
  ].join('\t');
}

function lines<T>(items: readonly T[], line: (item: T) => string): string {
  const out = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = line(items[i]!);
  return out.join('\n');
}

/**
 * {@link encodeVenue} in the compact form: the same input, without building an array per record
 * or a JSON text of tens of megabytes (the start-up path at scale).
 */
export function encodeVenueCompact(
  cache: Cache,
  reports: VenueReports,
  settings: ReconciliationSettings,
  options: EncodeOptions,
): CompactVenue {
  const orders = options.orders ?? cache.orders({ venue: reports.venue });
  return {
    envelope: envelope(cache, reports, settings, options, { orders: [], orderReports: [], fillReports: [] }),
    cachedOrdersText: lines(orders, cachedOrderLine),
    orderReportsText: lines(reports.orderReports, orderReportLine),
    fillReportsText: lines(reports.fillReports, fillReportLine),
    fillReports: reports.fillReports,
  };
}

// ----- output --------------------------------------------------------------------------------

/** Why an order is created. */
export type OrderOrigin = 'EXTERNAL' | 'INTERNAL_DIFF';

/** Add an order, in INITIALIZED; its events follow. */
export interface CreateOrderAction {
  readonly type: 'CreateOrder';
  readonly origin: OrderOrigin;
  readonly clientOrderId: string;
  readonly venueOrderId: string;
  readonly strategyId: string;
  readonly tag: string;
  readonly accountId: string;
  readonly instrumentId: string;
  readonly side: string;
  readonly orderType: string;
  readonly timeInForce: string;
  readonly quantity: string;
  readonly price: string | null;
  readonly triggerPrice: string | null;
  readonly positionId: string | null;
  readonly tsInit: bigint;
}

/** A fill the core generated (inferred or INTERNAL-DIFF), or a report fill with a position id. */
export interface GeneratedFill {
  readonly tradeId: string;
  readonly side: string;
  readonly lastQty: string;
  readonly lastPx: string;
  readonly commission: string | null;
  readonly commissionCurrency: string | null;
  readonly liquiditySide: string;
  readonly positionId: string | null;
  readonly inferred: boolean;
}

/** Apply one event to an order. */
export interface OrderEventAction {
  readonly type: 'OrderEvent';
  readonly clientOrderId: string;
  readonly venueOrderId: string | null;
  /** The state machine's event kind (`ACCEPTED`, `FILL_PARTIAL`, ...). */
  readonly kind: string;
  readonly statusAfter: string;
  readonly tsEvent: bigint;
  readonly reason: string | null;
  /** A report fill (by object) or a generated one; `null` unless a fill. */
  readonly fill: { readonly report: FillReport } | { readonly generated: GeneratedFill } | null;
  readonly update: {
    readonly quantity: string;
    readonly price: string | null;
    readonly triggerPrice: string | null;
  } | null;
}

/** Log a disagreement (with both values where it has two). */
export interface DiscrepancyAction {
  readonly type: 'Discrepancy';
  readonly code: string;
  readonly severity: 'WARNING' | 'ERROR';
  readonly failsVenue: boolean;
  readonly instrumentId: string;
  readonly clientOrderId: string | null;
  readonly venueOrderId: string | null;
  readonly message: string;
  readonly cached: string | null;
  readonly venue: string | null;
}

/** One step of a reconciliation, in the core's order. */
export type ReconAction = CreateOrderAction | OrderEventAction | DiscrepancyAction;

/** The core's per-venue summary (counts). */
export interface NativeVenueSummary {
  readonly venue: string;
  readonly reports: ReportCounts;
  readonly duplicatesDropped: ReportCounts;
  readonly filtered: ReportCounts;
  readonly events: Readonly<Record<string, number>>;
  readonly ordersCreatedExternal: number;
  readonly ordersCreatedInternalDiff: number;
  readonly discrepancies: number;
  readonly complete: boolean;
  readonly reasons: readonly string[];
}

/** Reports counted by kind. */
export interface ReportCounts {
  readonly orders: number;
  readonly fills: number;
  readonly positions: number;
}

/** One venue's decoded result. */
export interface DecodedVenue {
  readonly venue: string;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly summary: NativeVenueSummary;
  readonly actions: readonly ReconAction[];
  /** Time the core spent parsing, diffing and writing (ns). */
  readonly nativeNs: { readonly parseNs: bigint; readonly diffNs: bigint; readonly writeNs: bigint };
}

type Tuple = readonly unknown[];

function s(v: unknown): string {
  return v as string;
}
function so(v: unknown): string | null {
  return v === null ? null : (v as string);
}

function decodeFill(raw: unknown, fills: readonly FillReport[]): OrderEventAction['fill'] {
  if (raw === null) return null;
  if (typeof raw === 'number') {
    const report = fills[raw];
    if (report === undefined)
      throw new Error(`reconciliation output names fill report ${raw} of ${fills.length}`);
    return { report };
  }
  const t = raw as Tuple;
  return {
    generated: {
      tradeId: s(t[0]),
      side: s(t[1]),
      lastQty: s(t[2]),
      lastPx: s(t[3]),
      commission: so(t[4]),
      commissionCurrency: so(t[5]),
      liquiditySide: s(t[6]),
      positionId: so(t[7]),
      inferred: t[8] === true,
    },
  };
}

/** Decodes one action tuple. */
export function decodeAction(t: Tuple, fills: readonly FillReport[]): ReconAction {
  switch (t[0]) {
    case 'C':
      return {
        type: 'CreateOrder',
        origin: t[1] as OrderOrigin,
        clientOrderId: s(t[2]),
        venueOrderId: s(t[3]),
        strategyId: s(t[4]),
        tag: s(t[5]),
        accountId: s(t[6]),
        instrumentId: s(t[7]),
        side: s(t[8]),
        orderType: s(t[9]),
        timeInForce: s(t[10]),
        quantity: s(t[11]),
        price: so(t[12]),
        triggerPrice: so(t[13]),
        positionId: so(t[14]),
        tsInit: BigInt(s(t[15])),
      };
    case 'E': {
      const u = t[8] as Tuple | null;
      return {
        type: 'OrderEvent',
        clientOrderId: s(t[1]),
        venueOrderId: so(t[2]),
        kind: s(t[3]),
        statusAfter: s(t[4]),
        tsEvent: BigInt(s(t[5])),
        reason: so(t[6]),
        fill: decodeFill(t[7], fills),
        update: u === null ? null : { quantity: s(u[0]), price: so(u[1]), triggerPrice: so(u[2]) },
      };
    }
    case 'D':
      return {
        type: 'Discrepancy',
        code: s(t[1]),
        severity: t[2] as 'WARNING' | 'ERROR',
        failsVenue: t[3] === true,
        instrumentId: s(t[4]),
        clientOrderId: so(t[5]),
        venueOrderId: so(t[6]),
        message: s(t[7]),
        cached: so(t[8]),
        venue: so(t[9]),
      };
    default:
      throw new Error(`unknown reconciliation action '${String(t[0])}'`);
  }
}

interface RawVenue {
  venue: string;
  error: { code: string; message: string } | null;
  summary: NativeVenueSummary;
  actions: Tuple[];
}

/** Decodes the binding's `reconcileAll` output for one encoded venue. */
export function decodeVenue(
  out: string,
  encoded: { readonly fillReports: readonly FillReport[] },
): DecodedVenue {
  const parsed = JSON.parse(out) as {
    venues: RawVenue[];
    timing: { parseNs: string; diffNs: string; writeNs: string };
  };
  const v = parsed.venues[0];
  if (v === undefined) throw new Error('reconciliation output has no venue');
  return {
    venue: v.venue,
    error: v.error,
    summary: v.summary,
    actions: v.actions.map((a) => decodeAction(a, encoded.fillReports)),
    nativeNs: {
      parseNs: BigInt(parsed.timing.parseNs),
      diffNs: BigInt(parsed.timing.diffNs),
      writeNs: BigInt(parsed.timing.writeNs),
    },
  };
}
