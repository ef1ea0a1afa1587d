import { afterEach, describe, expect, it } from 'vitest';

import { BinanceExecutionClient } from '../../ts/adapters/binance/execution.js';
import { BinanceExecClientConfig } from '../../ts/config/binance.js';
import { ClientOrderId, InstrumentId } from '../../ts/model/identifiers/index.js';
import { Quantity } from '../../ts/model/values/index.js';
import { cleanup, KEY, onCleanup, SECRET, startVenue } from './helpers.js';

afterEach(cleanup);

const BTC = InstrumentId.from('BTCUSDT-PERP.BINANCE');
const SPOT_BTC = InstrumentId.from('BTCUSDT.BINANCE');

describe('mass status: which symbols have their history read', () => {
  it('the caller’s active instruments are read even when nothing is open there; other markets’ ids are ignored', async () => {
    const venue = await startVenue();
    venue.step(1, 'BTCUSDT');
    const make = (active: readonly InstrumentId[]) => {
      const c = new BinanceExecutionClient({
        config: BinanceExecClientConfig.parse({
          type: 'BINANCE',
          accountType: 'USDT_FUTURE',
          apiKey: KEY,
          apiSecret: SECRET,
          baseUrlHttp: venue.url,
          baseUrlWs: venue.wsUrl,
          maxRetries: 0,
        }),
        env: {},
        activeInstrumentIds: () => active,
      });
      onCleanup(() => c.disconnect());
      return c;
    };
    const plain = make([]);
    await plain.connect();
    const filled = await plain.submitOrder({
      instrumentId: BTC,
      clientOrderId: ClientOrderId.from('closed-1'),
      side: 'BUY',
      orderType: 'MARKET',
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC',
    });
    expect(filled.type).toBe('accepted');

    // Nothing open: without active instruments the closed order and its trades are not read.
    const blind = await plain.generateMassStatus(null);
    expect([...blind.orderReports.values()]).toEqual([]);

    // A spot pair of the same symbol is another market's instrument: not read here.
    const spotOnly = make([SPOT_BTC]);
    await spotOnly.connect();
    expect([...(await spotOnly.generateMassStatus(null)).orderReports.values()]).toEqual([]);

    const active = make([BTC, SPOT_BTC]);
    await active.connect();
    const mass = await active.generateMassStatus(null);
    expect([...mass.orderReports.values()].map((r) => [r.clientOrderId?.value, r.orderStatus])).toEqual([
      ['closed-1', 'FILLED'],
    ]);
    expect([...mass.fillReports.values()].flat().length).toBeGreaterThan(0);
  });
});
