/**
 * Bars: `BarSpecification` (step, aggregation, price type), `BarType` (instrument + spec +
 * source) and `Bar`. A bar type's string form is `INSTRUMENT-STEP-AGGREGATION-PRICE_TYPE-SOURCE`,
 * e.g. `BTCUSDT-PERP.BINANCE-1-MINUTE-LAST-EXTERNAL` (the instrument may contain hyphens, so it
 * is read from the right).
 */
import { InstrumentId } from '../identifiers/index.js';
import type { Price, Quantity } from '../values/index.js';
import { invalidData } from './errors.js';

/** How a bar is closed. */
export const BarAggregation = Object.freeze({
  TICK: 'TICK',
  VOLUME: 'VOLUME',
  VALUE: 'VALUE',
  MILLISECOND: 'MILLISECOND',
  SECOND: 'SECOND',
  MINUTE: 'MINUTE',
  HOUR: 'HOUR',
  DAY: 'DAY',
  WEEK: 'WEEK',
} as const);
export type BarAggregation = keyof typeof BarAggregation;

/** Which price a bar is built from. */
export const PriceType = Object.freeze({ BID: 'BID', ASK: 'ASK', MID: 'MID', LAST: 'LAST' } as const);
export type PriceType = keyof typeof PriceType;

/** Built by the venue (EXTERNAL) or by Kairos from ticks (INTERNAL). */
export const AggregationSource = Object.freeze({ EXTERNAL: 'EXTERNAL', INTERNAL: 'INTERNAL' } as const);
export type AggregationSource = keyof typeof AggregationSource;

const NS_PER: Partial<Record<BarAggregation, bigint>> = {
  MILLISECOND: 1_000_000n,
  SECOND: 1_000_000_000n,
  MINUTE: 60_000_000_000n,
  HOUR: 3_600_000_000_000n,
  DAY: 86_400_000_000_000n,
  WEEK: 604_800_000_000_000n,
};

export interface BarSpecification {
  readonly step: number;
  readonly aggregation: BarAggregation;
  readonly priceType: PriceType;
}

export interface BarType {
  readonly instrumentId: InstrumentId;
  readonly spec: BarSpecification;
  readonly aggregationSource: AggregationSource;
}

export interface Bar {
  readonly type: 'Bar';
  readonly barType: BarType;
  readonly open: Price;
  readonly high: Price;
  readonly low: Price;
  readonly close: Price;
  readonly volume: Quantity;
  /** Close time of the bar. */
  readonly tsEvent: bigint;
  readonly tsInit: bigint;
}

/** A checked bar specification: a positive integer step and known names. */
export function barSpecification(
  step: number,
  aggregation: BarAggregation,
  priceType: PriceType,
): BarSpecification {
  if (!Number.isSafeInteger(step) || step <= 0)
    throw invalidData('BarSpecification', `step must be a positive integer, was ${step}`);
  if (!(aggregation in BarAggregation))
    throw invalidData('BarSpecification', `unknown aggregation '${String(aggregation)}'`);
  if (!(priceType in PriceType))
    throw invalidData('BarSpecification', `unknown price type '${String(priceType)}'`);
  return { step, aggregation, priceType };
}

/** The length of a time bar in ns; `null` for tick, volume and value bars. */
export function barIntervalNs(spec: BarSpecification): bigint | null {
  const unit = NS_PER[spec.aggregation];
  return unit === undefined ? null : unit * BigInt(spec.step);
}

export function barSpecificationToString(spec: BarSpecification): string {
  return `${spec.step}-${spec.aggregation}-${spec.priceType}`;
}

export function barTypeToString(t: BarType): string {
  return `${t.instrumentId.value}-${barSpecificationToString(t.spec)}-${t.aggregationSource}`;
}

/** Parses `INSTRUMENT-STEP-AGGREGATION-PRICE_TYPE-SOURCE` (see the module doc). */
export function parseBarType(text: string): BarType {
  const parts = text.split('-');
  if (parts.length < 5) {
    throw invalidData('BarType', `'${text}' is not INSTRUMENT-STEP-AGGREGATION-PRICE_TYPE-SOURCE`);
  }
  const source = parts.pop()!;
  const priceType = parts.pop()!;
  const aggregation = parts.pop()!;
  const stepText = parts.pop()!;
  if (!/^[0-9]+$/.test(stepText))
    throw invalidData('BarType', `'${text}': step '${stepText}' is not a number`);
  if (!(source in AggregationSource))
    throw invalidData('BarType', `'${text}': unknown aggregation source '${source}'`);
  return {
    instrumentId: InstrumentId.from(parts.join('-')),
    spec: barSpecification(Number(stepText), aggregation as BarAggregation, priceType as PriceType),
    aggregationSource: source as AggregationSource,
  };
}

/** Builds a bar: high is the highest and low the lowest of the four prices (`INVALID_DATA`). */
export function bar(p: Omit<Bar, 'type'>): Bar {
  const { open, high, low, close } = p;
  if (high.lt(open) || high.lt(close) || high.lt(low) || low.gt(open) || low.gt(close)) {
    throw invalidData(
      'Bar',
      `${barTypeToString(p.barType)} at ${p.tsEvent}: open ${open} high ${high} low ${low} close ${close} are inconsistent`,
    );
  }
  return {
    type: 'Bar',
    barType: p.barType,
    open,
    high,
    low,
    close,
    volume: p.volume,
    tsEvent: p.tsEvent,
    tsInit: p.tsInit,
  };
}
