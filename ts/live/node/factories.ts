/**
 * The default client factories: `MOCK` builds the testkit's mock clients (wired to the node's
 * clock, bus, cache and queue), `BINANCE` the Binance adapter's clients (`binance.ts`).
 */
import { MockDataClient } from '../../testkit/mock-data-client.js';
import { MockExecutionClient } from '../../testkit/mock-execution-client.js';
import { BinanceNodeDataClient, BinanceNodeExecutionClient } from './binance.js';
import type { ClientFactories } from './clients.js';

const factories: ClientFactories = {
  data: {
    BINANCE: (config, ctx) => new BinanceNodeDataClient(config, ctx),
    MOCK: (config, ctx) =>
      new MockDataClient({ clientId: ctx.name, venue: config.venue, clock: ctx.clock, bus: ctx.bus }),
  },
  exec: {
    BINANCE: (config, ctx) => new BinanceNodeExecutionClient(config, ctx),
    MOCK: (config, ctx) =>
      new MockExecutionClient({
        clientId: ctx.name,
        venue: config.venue,
        clock: ctx.clock,
        sink: ctx.sink,
        bus: ctx.bus,
        cache: ctx.cache,
      }),
  },
};

/** The factories a node uses unless given others (see `clients.ts`). */
export const defaultClientFactories: ClientFactories = Object.freeze(factories);
