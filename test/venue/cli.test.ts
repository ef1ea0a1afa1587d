import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';

import { registerVenueCommand } from '../../ts/cli/venue-command.js';
import { VenueConfig } from '../../ts/venue/config.js';
import { runVenue } from '../../ts/venue/main.js';
import { cleanup, execClient, onCleanup, until } from './helpers.js';

afterEach(cleanup);

describe('runVenue and the venue command', () => {
  it('runVenue starts on a random port with the chosen symbols, rate and faults, and stops', async () => {
    const v = await runVenue({
      port: 0,
      seed: 5,
      symbols: ['ethusdt'],
      rate: 50,
      faults: { userDrop: 0.25 },
    });
    onCleanup(() => v.stop());
    expect(v.port).toBeGreaterThan(0);
    expect(v.httpUrl).toBe(`http://127.0.0.1:${v.port}`);
    expect([...v.server.exchange.instruments.keys()]).toEqual(['ETHUSDT']);
    expect(v.server.faults.config.userDrop).toBe(0.25);
    expect(v.server.config.seed).toBe(5);
    // The market clock runs at the configured rate.
    await until(() => v.server.stats().marketSteps >= 5, 'market steps');
    const info = (await (await fetch(`${v.httpUrl}/fapi/v1/exchangeInfo`)).json()) as {
      symbols: { symbol: string }[];
    };
    expect(info.symbols.map((s) => s.symbol)).toEqual(['ETHUSDT']);
    await v.stop();
    await expect(fetch(`${v.httpUrl}/fapi/v1/time`)).rejects.toThrow();
  });

  it('refuses an unknown symbol and a bad config with messages that name them', async () => {
    await expect(runVenue({ symbols: ['DOGEUSDT'] })).rejects.toThrow(/unknown symbol DOGEUSDT/);
    expect(VenueConfig.safeParse({ faults: { userDrop: 2 } }).success).toBe(false);
    const dup = VenueConfig.safeParse({
      accounts: [
        { apiKey: 'a', apiSecret: 's' },
        { apiKey: 'a', apiSecret: 't' },
      ],
    });
    expect(dup.success).toBe(false);
    expect(JSON.stringify(dup.error?.issues)).toContain('duplicate API key');
  });

  it('registers `venue` with its options on a commander program', () => {
    const program = new Command();
    registerVenueCommand(program);
    const cmd = program.commands.find((c) => c.name() === 'venue');
    expect(cmd).toBeDefined();
    expect(cmd?.options.map((o) => o.long).sort()).toEqual(
      ['--faults', '--host', '--port', '--rate', '--seed', '--symbols'].sort(),
    );
  });

  it('disconnectEveryMs drops every stream on a timer; the client keeps reconnecting', async () => {
    const v = await runVenue({ rate: 0, faults: { disconnectEveryMs: 100, maxFaults: 2 } });
    onCleanup(() => v.stop());
    const { backfills } = await execClient(v.server);
    await until(() => backfills.length === 2, 'two back-fills', 3_000);
    expect(v.server.faults.count('disconnect')).toBe(2);
    await new Promise((r) => setTimeout(r, 250));
    // Bounded: no third disconnect.
    expect(backfills.length).toBe(2);
  });

  it('a second account sees only its own orders and events', async () => {
    const v = await runVenue({
      rate: 0,
      config: {
        accounts: [
          { apiKey: 'k1', apiSecret: 's1' },
          { apiKey: 'k2', apiSecret: 's2' },
        ],
      },
    });
    onCleanup(() => v.stop());
    const a = await execClient(v.server, { apiKey: 'k1', apiSecret: 's1' });
    const b = await execClient(v.server, { apiKey: 'k2', apiSecret: 's2' });
    const { ClientOrderId, InstrumentId } = await import('../../ts/model/identifiers/index.js');
    const { Price, Quantity } = await import('../../ts/model/values/index.js');
    const order = {
      instrumentId: InstrumentId.from('BTCUSDT-PERP.BINANCE'),
      clientOrderId: ClientOrderId.from('same-id'),
      side: 'BUY' as const,
      orderType: 'LIMIT' as const,
      quantity: Quantity.from('0.010'),
      timeInForce: 'GTC' as const,
      price: Price.from('50000.0'),
    };
    expect((await a.client.submitOrder(order)).type).toBe('accepted');
    // The same client order id is free on another account.
    expect((await b.client.submitOrder(order)).type).toBe('accepted');
    await until(() => a.updates.length >= 1 && b.updates.length >= 1, 'both NEW events');
    await new Promise((r) => setTimeout(r, 50));
    expect(a.updates).toHaveLength(1);
    expect(b.updates).toHaveLength(1);
    expect((await a.client.generateOrderStatusReports({ openOnly: true })).length).toBe(1);
  });
});
