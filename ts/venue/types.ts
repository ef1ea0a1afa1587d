/**
 * Shapes the venue's modules share (request parameters, listed instruments, market messages), so
 * that the exchange and the services it uses import them from below instead of from each other.
 */
import type { VenueInstrumentConfig } from './config.js';
import type { KlineBuilder } from './klines.js';
import type { SyntheticMarket } from './synthetic.js';
import type { Step } from './units.js';

export type Params = Readonly<Record<string, string>>;

/** A listed instrument. */
export interface VenueInstrument {
  readonly cfg: VenueInstrumentConfig;
  readonly symbol: string;
  readonly quoteAsset: string;
  readonly tick: Step;
  readonly lot: Step;
  readonly market: SyntheticMarket;
  readonly klines: KlineBuilder;
}

/** A market-stream message: the stream name and its payload. */
export interface MarketMessage {
  readonly stream: string;
  readonly data: Record<string, unknown>;
  /** The spot-shaped payload of the same event (spot streams differ in a few fields). */
  readonly spot?: Record<string, unknown>;
}
