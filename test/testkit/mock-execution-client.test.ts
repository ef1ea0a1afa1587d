import { describe, expect, it } from 'vitest';

import { Cache } from '../../ts/cache/index.js';
import { createSilentLogger, MessageBus } from '../../ts/common/index.js';
import { ExecutionEngine, queryOrder, submitOrder } from '../../ts/engine/index.js';
import type { ExecutionItem, ExecutionSink } from '../../ts/live/index.js';
import {
  ClientOrderId,
  InstrumentId,
  StrategyId,
  TraderId,
  VenueOrderId,
} from '../../ts/model/identifiers/index.js';
import { Order } from '../../ts/model/orders/index.js';
import { Price, Quantity } from '../../ts/model/values/index.js';
import { MockExecutionClient, TestClock } from '../../ts/testkit/index.js';
import { ACCOUNT, BTC, fillReportOf, orderReport, positionReportOf, T0 } from '../live/fixtures.js';

function venue(options: ConstructorParameters<typeof MockExecutionClient>[0] = {}) {
  const clock = new TestClock({ startNs: T0 });
  const client = new MockExecutionClient({ clientId: 'BINANCE', venue: 'BINANCE', clock, ...options });
  return { clock, client };
}

function limitOrder(id: string): Order {
  return Order.create({
    traderId: TraderId.from('TRADER-001'),
    strategyId: StrategyId.from('MM-001'),
    instrumentId: BTC.id,
    clientOrderId: ClientOrderId.from(id),
    side: 'BUY',
    orderType: 'LIMIT',
    quantity: Quantity.from('1.000'),
    price: Price.from('100.00'),
    tsInit: T0,
  });
}

class RecordingSink implements ExecutionSink {
  readonly items: ExecutionItem['type'][] = [];
  event(): boolean {
    this.items.push('event');
    return true;
  }
  orderReport(): boolean {
    this.items.push('orderReport');
    return true;
  }
  fillReport(): boolean {
    this.items.push('fillReport');
    return true;
  }
}

describe('MockExecutionClient', () => {
  it('answers the mass status with the reports a test added, and its account id is <venue>-001', async () => {
    const { client } = venue();
    expect(client.accountId.eq(ACCOUNT)).toBe(true);
    client.addOrderReport(
      orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'ACCEPTED', qty: '1.000' }),
    );
    client.addFillReport(fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-1', qty: '0.100' }));
    client.addPositionReport(positionReportOf('LONG', '0.100'));
    const mass = await client.generateMassStatus(60);
    expect([...mass.orderReports.keys()]).toEqual(['V-1']);
    expect(mass.fillReports.get('V-1')).toHaveLength(1);
    expect(client.script.callsOf('generateMassStatus')[0]?.args).toEqual([60]);
  });

  it('failNext fails one call, failAlways every call until cleared', async () => {
    const { client } = venue();
    client.failNext('generateMassStatus', new Error('HTTP 503'));
    await expect(client.generateMassStatus(null)).rejects.toThrow('HTTP 503');
    await expect(client.generateMassStatus(null)).resolves.toBeDefined();
    client.failAlways('generateFillReports', new Error('down'));
    await expect(client.generateFillReports({})).rejects.toThrow('down');
    await expect(client.generateFillReports({})).rejects.toThrow('down');
    client.failAlways('generateFillReports', null);
    await expect(client.generateFillReports({})).resolves.toEqual([]);
  });

  it('delay answers on the clock, hang never answers', async () => {
    const { client, clock } = venue();
    client.delay('connect', 250);
    let connected = false;
    void client.connect().then(() => {
      connected = true;
    });
    clock.advanceTime(T0 + 249_000_000n);
    await Promise.resolve();
    expect(connected).toBe(false);
    clock.advanceTime(T0 + 250_000_000n);
    await new Promise((r) => setImmediate(r));
    expect(connected).toBe(true);
    expect(client.isConnected).toBe(true);

    client.hang('queryOrder');
    let answered = false;
    void client
      .queryOrder({ instrumentId: BTC.id, clientOrderId: ClientOrderId.from('O-1'), venueOrderId: null })
      .then(() => {
        answered = true;
      });
    clock.advanceTime(T0 + 3_600_000_000_000n);
    await new Promise((r) => setImmediate(r));
    expect(answered).toBe(false);
  });

  it('queryOrder answers the set answer, else the added report, else null', async () => {
    const { client } = venue();
    const r1 = orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'ACCEPTED', qty: '1.000' });
    client.addOrderReport(r1);
    const q = (id: string) => ({
      instrumentId: BTC.id,
      clientOrderId: ClientOrderId.from(id),
      venueOrderId: null,
    });
    expect(await client.queryOrder(q('O-1'))).toBe(r1);
    expect(await client.queryOrder(q('O-2'))).toBeNull();
    client.setQueryAnswer('O-1', null);
    expect(await client.queryOrder(q('O-1'))).toBeNull();
    const byVenue = await client.queryOrder({
      instrumentId: BTC.id,
      clientOrderId: null,
      venueOrderId: VenueOrderId.from('V-1'),
    });
    expect(byVenue).toBe(r1);
  });

  it('order reports filter open-only and by instrument', async () => {
    const { client } = venue();
    client.setReports({
      orders: [
        orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'ACCEPTED', qty: '1.000' }),
        orderReport({
          clientOrderId: 'O-2',
          venueOrderId: 'V-2',
          status: 'FILLED',
          qty: '1.000',
          filled: '1.000',
        }),
      ],
    });
    expect(
      (await client.generateOrderStatusReports({ openOnly: true })).map((r) => r.venueOrderId.value),
    ).toEqual(['V-1']);
    expect(await client.generateOrderStatusReports({ openOnly: false })).toHaveLength(2);
    const other = InstrumentId.from('ETHUSDT.BINANCE');
    expect(await client.generateOrderStatusReports({ openOnly: false, instrumentId: other })).toEqual([]);
  });

  it('records every command; the engine query command emits the answer as a runtime report', async () => {
    const sink = new RecordingSink();
    const { client } = venue({ sink });
    const order = limitOrder('O-1');
    const submit = submitOrder({ order, tsInit: T0 });
    await client.submitOrder(submit);
    client.addOrderReport(
      orderReport({ clientOrderId: 'O-1', venueOrderId: 'V-1', status: 'ACCEPTED', qty: '1.000' }),
    );
    await client.queryOrder(queryOrder({ order, tsInit: T0 }));
    expect(client.commands.map((c) => c.type)).toEqual(['SubmitOrder', 'QueryOrder']);
    expect(client.commandsOf('SubmitOrder')[0]).toBe(submit);
    expect(sink.items).toEqual(['orderReport']);
  });

  it('without a sink, emitted events reach the ExecutionEngine on the bus and move orders', async () => {
    const clock = new TestClock({ startNs: T0 });
    const bus = new MessageBus({ clock, logger: createSilentLogger() });
    const cache = new Cache();
    cache.addInstrument(BTC);
    const engine = new ExecutionEngine({ bus, cache, clock });
    const client = new MockExecutionClient({
      clientId: 'BINANCE',
      venue: 'BINANCE',
      clock,
      bus,
      cache,
      onSubmit: 'accept',
    });
    engine.registerClient(client);
    await client.connect(); // emits the default account state
    expect(cache.account(client.accountId)).not.toBeNull();
    const order = limitOrder('O-1');
    engine.execute(submitOrder({ order, tsInit: T0 }));
    await new Promise((r) => setImmediate(r));
    expect(order.status).toBe('ACCEPTED');
    expect(order.venueOrderId?.value).toBe('V-O-1');
    client.fill(order, { lastQty: '0.400' });
    expect(order.status).toBe('PARTIALLY_FILLED');
    client.fill(order);
    expect(order.status).toBe('FILLED');
    expect(order.filledQty.toString()).toBe('1.000');
    expect(client.emitted.map((e) => e.type)).toEqual([
      'AccountState',
      'OrderAccepted',
      'OrderFilled',
      'OrderFilled',
    ]);
  });

  it('emitted events are deterministic: two identical runs emit identical event ids', async () => {
    const ids = async () => {
      const { client } = venue({ sink: new RecordingSink() });
      await client.connect();
      client.accept(limitOrder('O-1'));
      return client.emitted.map((e) => ('eventId' in e ? e.eventId : ''));
    };
    expect(await ids()).toEqual(await ids());
  });
});
