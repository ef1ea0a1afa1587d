/**
 * `TradingNode`: the live node (`ts/live/node`) with the built-in client types, which sit in the
 * layers above it: `MOCK` builds the testkit's mock clients (wired to the node's clock, bus,
 * cache and queue), `BINANCE` the Binance adapter's node clients. Factories given in
 * `options.clients` replace a built-in type or add new ones.
 *
 * @example
 * ```ts
 * const node = new TradingNode({ execClients: { SIM: { type: 'MOCK', venue: 'SIM' } } }, { strategies: [myStrategy] });
 * const stopped = await node.run();     // until SIGINT/SIGTERM or a failure
 * ```
 */
import { BinanceNodeDataClient, BinanceNodeExecutionClient } from './adapters/binance/node-clients.js';
import type { TradingNodeConfig, TradingNodeConfigInput } from './config/index.js';
import {
  type ClientFactories,
  LiveNode,
  mergeClientFactories,
  type TradingNodeOptions,
} from './live/node/index.js';
import { MockDataClient } from './testkit/mock-data-client.js';
import { MockExecutionClient } from './testkit/mock-execution-client.js';

/** The client types every `TradingNode` knows. */
export const builtInClientFactories: ClientFactories = Object.freeze({
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
} satisfies ClientFactories);

/** A live trading node with the built-in client types (see the module doc and `LiveNode`). */
export class TradingNode extends LiveNode {
  constructor(config: TradingNodeConfig | TradingNodeConfigInput, options: TradingNodeOptions = {}) {
    super(config, {
      ...options,
      clients: mergeClientFactories(builtInClientFactories, options.clients ?? {}),
    });
  }
}
