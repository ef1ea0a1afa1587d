import { describe, expect, it } from 'vitest';
import {
  BinanceNodeDataClient,
  BinanceNodeExecutionClient,
} from '../../../ts/adapters/binance/node-clients.js';
import { submitOrder } from '../../../ts/engine/index.js';
import { ClientOrderId, StrategyId, TraderId } from '../../../ts/model/identifiers/index.js';
import { Order } from '../../../ts/model/orders/index.js';
import { Price, Quantity } from '../../../ts/model/values/index.js';
import { BTC, T0 } from '../fixtures.js';
import { harness, settle } from './harness.js';

const CONFIG = {
  dataClients: { BINANCE_SPOT: { type: 'BINANCE' as const } },
  execClients: {
    BINANCE_SPOT: { type: 'BINANCE' as const },
    BINANCE_FUTURES: { type: 'BINANCE' as const, accountType: 'USDT_FUTURE' as const },
  },
};

describe('BINANCE client configs', () => {
  it('build the Binance adapter clients, named by their config key', async () => {
    const h = harness(CONFIG);
    await h.node.build();
    const [spot, futures] = h.node.execClients;
    expect(spot).toBeInstanceOf(BinanceNodeExecutionClient);
    expect(spot?.clientId.value).toBe('BINANCE_SPOT');
    expect(spot?.venue.value).toBe('BINANCE');
    expect(spot?.accountType).toBe('CASH');
    expect(futures?.clientId.value).toBe('BINANCE_FUTURES');
    expect(futures?.accountType).toBe('MARGIN');
    expect(h.node.dataClients[0]).toBeInstanceOf(BinanceNodeDataClient);
    expect(h.node.dataClients[0]?.clientId.value).toBe('BINANCE_SPOT');
    await h.node.stop();
  });

  it('a submit the adapter refuses before sending becomes OrderRejected in the engine', async () => {
    const h = harness({
      execClients: { BINANCE_SPOT: { type: 'BINANCE', apiKey: null, apiSecret: null } },
    } as never);
    await h.node.build();
    h.node.cache.addInstrument(BTC);
    const order = Order.create({
      traderId: TraderId.from('TRADER-001'),
      strategyId: StrategyId.from('MM-001'),
      instrumentId: BTC.id,
      clientOrderId: ClientOrderId.from('O-1'),
      side: 'BUY',
      orderType: 'LIMIT',
      quantity: Quantity.from('1.000'),
      price: Price.from('100.00'),
      timeInForce: 'GTD', // Binance spot has no GTD: refused locally, nothing is sent
      expireTimeNs: T0 + 60_000_000_000n,
      tsInit: T0,
    });
    h.node.execEngine.execute(submitOrder({ order, tsInit: T0 }));
    await settle();
    expect(order.status).toBe('REJECTED');
    const rejected = order.events.at(-1);
    expect(rejected?.type === 'OrderRejected' && rejected.reason).toMatch(
      /^BINANCE_UNSUPPORTED: time in force GTD/,
    );
    await h.node.stop();
  });
});
