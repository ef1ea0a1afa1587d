/**
 * Data and execution client configs as discriminated unions on `type`, one member per venue
 * adapter. Adding a venue is adding its config schema to both lists.
 *
 * - `BINANCE`: Binance spot and futures, and the local Binance-compatible venue (through
 *   `baseUrlHttp`/`baseUrlWs`).
 * - `MOCK`: the testkit's mock clients, whose reports and answers a test sets in code.
 */
import { z } from 'zod';

import { BinanceDataClientConfig, BinanceExecClientConfig } from './binance.js';
import { venueString } from './fields.js';

/** The testkit's mock data or execution client. */
export const MockClientConfig = z.strictObject({
  /** Discriminant of the client config union. */
  type: z.literal('MOCK'),
  /** The venue the mock stands for. */
  venue: venueString().default('SIM'),
});
export type MockClientConfig = z.infer<typeof MockClientConfig>;
export type MockClientConfigInput = z.input<typeof MockClientConfig>;

/** Any data client config, by `type`. */
export const DataClientConfig = z.discriminatedUnion('type', [BinanceDataClientConfig, MockClientConfig]);
export type DataClientConfig = z.infer<typeof DataClientConfig>;
export type DataClientConfigInput = z.input<typeof DataClientConfig>;

/** Any execution client config, by `type`. */
export const ExecClientConfig = z.discriminatedUnion('type', [BinanceExecClientConfig, MockClientConfig]);
export type ExecClientConfig = z.infer<typeof ExecClientConfig>;
export type ExecClientConfigInput = z.input<typeof ExecClientConfig>;

/** The `type` values of client configs. */
export type ClientType = DataClientConfig['type'];
