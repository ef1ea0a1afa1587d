import { describe, expect, it } from 'vitest';

import { MessageBus } from '../../ts/common/index.js';
import {
  cancelAllOrders,
  cancelOrder,
  Endpoint,
  ExecutionEngine,
  modifyOrder,
  type OrderStateSnapshot,
  orderList,
  type PositionStateSnapshot,
  queryOrder,
  submitOrder,
  submitOrderList,
} from '../../ts/engine/index.js';
import {
  AccountId,
  accountBalance,
  accountState,
  CryptoPerpetual,
  Money,
  type OrderFilled,
  OrderListId,
  type OwnOrderBook,
  orderAccepted,
  orderCancelRejected,
  orderModifyRejected,
  type PositionClosed,
  PositionId,
  type PositionOpened,
  Price,
  Quantity,
} from '../../ts/model/index.js';
import {
  BINANCE,
  BTCUSDT,
  BYBIT,
  Desk,
  ETHPERP,
  FakeExecutionClient,
  quote,
  S1,
  S2,
  SEC,
  SnapshotLog,
} from './fixtures.js';

function withMarket(d: Desk): Desk {
  d.fundBinance('1000000', '100');
  d.data.process(quote(BTCUSDT.id, '20000.00', '20000.01', d.now()));
  d.data.process(quote(ETHPERP.id, '1000.00', '1000.05', d.now()));
  return d;
}

describe('ExecutionEngine: routing and order events', () => {
  it('moves a submitted order to SUBMITTED before the client sees it, then applies the venue ack', () => {
    const d = withMarket(new Desk());
    const o = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    expect(d.binance.commands).toEqual(['submit O-1 SUBMITTED']);
    expect(o.status).toBe('ACCEPTED');
    expect(d.cache.isOrderOpen(o.clientOrderId)).toBe(true);
    expect(o.accountId?.value).toBe('BINANCE-001');
    expect(d.events.filter((t) => t.startsWith('Order'))).toEqual(['OrderSubmitted', 'OrderAccepted']);
  });

  it('routes by the instrument venue, or by an explicit client id', () => {
    const d = withMarket(new Desk());
    d.submit(d.order({ instrumentId: ETHPERP.id, qty: '1.00', price: '900.00' }));
    expect(d.bybit.commands).toEqual(['submit O-1 SUBMITTED']);
    expect(d.binance.commands).toEqual([]);
    const o = d.order({ qty: '0.010', price: '19000.00' });
    d.bus.send(Endpoint.RISK_EXECUTE, submitOrder({ order: o, clientId: d.bybit.clientId, tsInit: d.now() }));
    expect(d.bybit.commands).toEqual(['submit O-1 SUBMITTED', 'submit O-2 SUBMITTED']);
  });

  it('denies an order no client can take, and counts it', () => {
    const d = withMarket(new Desk());
    const o = d.order({ instrumentId: BTCUSDT.id, qty: '0.010', price: '19000.00' });
    d.bus.send(
      Endpoint.EXEC_EXECUTE,
      submitOrder({ order: o, clientId: d.binanceData.clientId, tsInit: d.now() }), // not an exec client
    );
    expect(o.status).toBe('DENIED');
    expect(o.lastEvent.type === 'OrderDenied' && o.lastEvent.reason).toMatch(/no execution client/);
    expect(d.exec.errorCounts.ENGINE_NO_CLIENT).toBe(1);
  });

  it('moves orders to PENDING_UPDATE / PENDING_CANCEL before the client, then applies the answers', () => {
    const d = withMarket(new Desk());
    const o = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      modifyOrder({
        order: o,
        quantity: Quantity.from('0.020'),
        price: Price.from('19500.00'),
        tsInit: d.now(),
      }),
    );
    expect(o.status).toBe('ACCEPTED');
    expect(o.quantity.toString()).toBe('0.020');
    expect(o.price?.toString()).toBe('19500.00');
    d.bus.send(Endpoint.RISK_EXECUTE, cancelOrder({ order: o, tsInit: d.now() }));
    expect(o.status).toBe('CANCELED');
    expect(d.events.filter((t) => t.startsWith('Order'))).toEqual([
      'OrderSubmitted',
      'OrderAccepted',
      'OrderPendingUpdate',
      'OrderUpdated',
      'OrderPendingCancel',
      'OrderCanceled',
    ]);
    // A cancel of a closed order is dropped: the client is not asked again.
    d.bus.send(Endpoint.RISK_EXECUTE, cancelOrder({ order: o, tsInit: d.now() }));
    expect(d.binance.commands.filter((c) => c.startsWith('cancel'))).toHaveLength(1);
    d.bus.send(Endpoint.RISK_EXECUTE, queryOrder({ order: o, tsInit: d.now() }));
    expect(d.binance.commands.at(-1)).toBe('query O-1');
  });

  it('submits an order list: every order SUBMITTED, one client call', () => {
    const d = withMarket(new Desk());
    const a = d.order({ qty: '0.010', price: '19000.00' });
    const b = d.order({ qty: '0.010', price: '18000.00' });
    const list = orderList(OrderListId.from('OL-1'), [a, b], d.now());
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      submitOrderList({ traderId: a.traderId, orderList: list, tsInit: d.now() }),
    );
    expect(d.binance.commands).toEqual(['submitList OL-1']);
    expect([a.status, b.status]).toEqual(['ACCEPTED', 'ACCEPTED']);
    expect(d.cache.orderList(list.id)?.orders).toHaveLength(2);
  });

  it('counts a client that throws, keeps the order SUBMITTED for the in-flight checks', () => {
    const d = withMarket(new Desk());
    d.binance.throwOnSubmit = true;
    const o = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    expect(o.status).toBe('SUBMITTED');
    expect(d.exec.errorCounts.ENGINE_CLIENT_FAILED).toBe(1);
    expect(d.cache.ordersInflight()).toEqual([o]);
  });
});

describe('ExecutionEngine: invalid events are dropped and counted, never thrown', () => {
  it('drops an event for an unknown order, a duplicate fill, and an invalid transition', () => {
    const d = withMarket(new Desk());
    const known = d.submit(d.order({ qty: '0.010' }));
    const stranger = d.order({ qty: '0.010', id: 'NOT-HELD' });
    d.binance.fill(stranger, BTCUSDT, '0.010', '20000.01');
    expect(d.exec.errorCounts.ENGINE_UNKNOWN_ORDER).toBe(1);

    d.binance.fill(known, BTCUSDT, '0.004', '20000.01');
    const fill = known.lastEvent as OrderFilled;
    d.bus.send(Endpoint.EXEC_PROCESS, fill); // the venue sent it twice
    expect(d.exec.errorCounts.ENGINE_INVALID_EVENT).toBe(1);
    expect(known.filledQty.toString()).toBe('0.004');

    d.binance.fill(known, BTCUSDT, '0.006', '20000.01');
    expect(known.status).toBe('FILLED');
    d.bus.send(
      Endpoint.EXEC_PROCESS,
      orderAccepted({
        traderId: known.traderId,
        strategyId: known.strategyId,
        instrumentId: known.instrumentId,
        clientOrderId: known.clientOrderId,
        venueOrderId: known.venueOrderId!,
        accountId: d.binance.accountId,
        tsEvent: d.now(),
        tsInit: d.now(),
      }),
    );
    expect(d.exec.errorCounts.ENGINE_INVALID_EVENT).toBe(2);
    expect(known.status).toBe('FILLED');
    // Still working.
    const next = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    expect(next.status).toBe('ACCEPTED');
    expect(d.cache.position(PositionId.from('BTCUSDT.BINANCE-EMA-001'))?.quantity.toString()).toBe('0.010');
  });

  it('a modify or cancel rejection that arrives after its order closed (the venue answered a command the order outran) is no error: not applied, not counted', () => {
    const d = withMarket(new Desk());
    const o = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    d.binance.fill(o, BTCUSDT, '0.010', '19000.00');
    expect(o.status).toBe('FILLED');
    const header = {
      traderId: o.traderId,
      strategyId: o.strategyId,
      instrumentId: o.instrumentId,
      clientOrderId: o.clientOrderId,
      venueOrderId: o.venueOrderId,
      accountId: d.binance.accountId,
      tsEvent: d.now(),
      tsInit: d.now(),
    };
    const events = o.events.length;
    d.bus.send(
      Endpoint.EXEC_PROCESS,
      orderModifyRejected({ ...header, reason: '-2013: Order does not exist.' }),
    );
    d.bus.send(
      Endpoint.EXEC_PROCESS,
      orderCancelRejected({ ...header, reason: '-2011: Unknown order sent.' }),
    );
    expect(d.exec.errorCounts.ENGINE_INVALID_EVENT ?? 0).toBe(0);
    expect([o.status, o.events.length]).toEqual(['FILLED', events]);
  });

  it('applies account states: creates, updates, refuses an impossible cash state', () => {
    const d = new Desk();
    d.fundBinance('1000');
    const account = d.cache.account(AccountId.from('BINANCE-001'));
    expect(account?.balanceTotal(BTCUSDT.quoteCurrency)?.toString()).toBe('1000.00000000 USDT');
    d.fundBinance('1500');
    expect(account?.balanceTotal(BTCUSDT.quoteCurrency)?.toString()).toBe('1500.00000000 USDT');
    const usdt = BTCUSDT.quoteCurrency;
    // A negative cash balance cannot be true: refused, counted, nothing changes.
    expect(() =>
      d.bus.send(
        Endpoint.EXEC_PROCESS,
        accountState({
          accountId: d.binance.accountId,
          accountType: 'CASH',
          balances: [accountBalance(Money.from('-5', usdt), Money.from('0', usdt))],
          isReported: true,
          tsEvent: d.now(),
          tsInit: d.now(),
        }),
      ),
    ).not.toThrow();
    expect(d.exec.errorCounts.ENGINE_INVALID_STATE).toBe(1);
    expect(account?.balanceTotal(usdt)?.toString()).toBe('1500.00000000 USDT');
    expect(d.events.filter((t) => t === 'AccountState')).toHaveLength(2);
  });
});

describe('ExecutionEngine: OMS and positions', () => {
  it('NETTING: one position per instrument and strategy, id <instrument>-<strategy>', () => {
    const d = withMarket(new Desk());
    d.trade({ qty: '0.100', px: '20000.00' });
    d.trade({ qty: '0.050', px: '20100.00' });
    d.trade({ qty: '0.020', px: '20000.00', strategyId: S2 });
    const p1 = d.cache.position(PositionId.from('BTCUSDT.BINANCE-EMA-001'));
    const p2 = d.cache.position(PositionId.from('BTCUSDT.BINANCE-MM-002'));
    expect(p1?.quantity.toString()).toBe('0.150');
    expect(p2?.quantity.toString()).toBe('0.020');
    expect(d.cache.positionsOpenCount()).toBe(2);
    // The published fill carries the position id it went to.
    const fills = d.published.filter((m): m is OrderFilled => (m as OrderFilled).type === 'OrderFilled');
    expect(fills.map((f) => f.positionId?.value)).toEqual([
      'BTCUSDT.BINANCE-EMA-001',
      'BTCUSDT.BINANCE-EMA-001',
      'BTCUSDT.BINANCE-MM-002',
    ]);
    expect(d.events.filter((t) => t.startsWith('Position'))).toEqual([
      'PositionOpened',
      'PositionChanged',
      'PositionOpened',
    ]);
  });

  it('HEDGING: a new position per opening order; a close names its position', () => {
    const d = withMarket(new Desk());
    const a = d.trade({ instrumentId: ETHPERP.id, qty: '1.00', px: '1000.00' });
    const b = d.trade({ instrumentId: ETHPERP.id, qty: '2.00', px: '1010.00' });
    expect(d.cache.positionsOpen({ instrumentId: ETHPERP.id }).map((p) => `${p.id} ${p.quantity}`)).toEqual([
      `P-${a.clientOrderId} 1.00`,
      `P-${b.clientOrderId} 2.00`,
    ]);
    d.trade({ instrumentId: ETHPERP.id, side: 'SELL', qty: '1.00', px: '1020.00' }, PositionId.from('P-O-1'));
    const closed = d.cache.position(PositionId.from('P-O-1'));
    expect(closed?.isClosed).toBe(true);
    // (1020 - 1000) * 1 - 0.5 (open fee 0.05%) - 0.51 (close fee) = 18.99
    expect(closed?.realizedPnl.toString()).toBe('18.99000000 USDT');
    expect(d.cache.position(PositionId.from('P-O-2'))?.isOpen).toBe(true);
    // Same orders under NETTING (a strategy override) would have netted.
    const n = withMarket(new Desk());
    n.exec.registerOmsType(S1, 'NETTING');
    n.trade({ instrumentId: ETHPERP.id, qty: '1.00', px: '1000.00' });
    n.trade({ instrumentId: ETHPERP.id, qty: '2.00', px: '1010.00' });
    expect(n.cache.positionsOpen().map((p) => `${p.id} ${p.quantity}`)).toEqual([
      'ETHUSDT-PERP.BYBIT-EMA-001 3.00',
    ]);
  });

  it('a strategy override turns a NETTING venue into HEDGING ids', () => {
    const d = withMarket(new Desk());
    d.exec.registerOmsType(S1, 'HEDGING');
    d.trade({ qty: '0.100', px: '20000.00' });
    d.trade({ qty: '0.100', px: '20000.00' });
    expect(d.cache.positionsOpen().map((p) => p.id.value)).toEqual(['P-O-1', 'P-O-2']);
  });

  it('NETTING flip: closes the long with part of the fill and reopens the same id short', () => {
    const d = withMarket(new Desk());
    d.trade({ qty: '1.000', px: '20000.00' }); // fee 20.00
    d.trade({ side: 'SELL', qty: '3.000', px: '21000.00' }); // fee 63.00: 21.00 closing, 42.00 opening
    const id = PositionId.from('BTCUSDT.BINANCE-EMA-001');
    const [old] = d.cache.positionSnapshots(id);
    expect(old?.isClosed).toBe(true);
    // (21000 - 20000) * 1 - 20 - 21 = 959
    expect(old?.realizedPnl.toString()).toBe('959.00000000 USDT');
    const now = d.cache.position(id);
    expect(now?.side).toBe('SHORT');
    expect(now?.quantity.toString()).toBe('2.000');
    expect(now?.realizedPnl.toString()).toBe('-42.00000000 USDT');
    expect(now?.avgPxOpen.toString()).toBe('21000');
    const posEvents = d.published.filter((m) => (m as { type: string }).type.startsWith('Position')) as (
      | PositionOpened
      | PositionClosed
    )[];
    expect(posEvents.map((e) => `${e.type} ${e.side} ${e.quantity}`)).toEqual([
      'PositionOpened LONG 1.000',
      'PositionClosed FLAT 0.000',
      'PositionOpened SHORT 2.000',
    ]);
    expect(d.portfolio.realizedPnl(BTCUSDT.id)?.toString()).toBe('917.00000000 USDT');
  });

  it('HEDGING flip: the opening part goes to P-<flipping order>', () => {
    const d = withMarket(new Desk());
    d.trade({ instrumentId: ETHPERP.id, qty: '1.00', px: '1000.00' });
    d.trade({ instrumentId: ETHPERP.id, side: 'SELL', qty: '1.50', px: '1000.00' }, PositionId.from('P-O-1'));
    expect(d.cache.position(PositionId.from('P-O-1'))?.isClosed).toBe(true);
    const flipped = d.cache.position(PositionId.from('P-O-2'));
    expect(`${flipped?.side} ${flipped?.quantity}`).toBe('SHORT 0.50');
  });

  it('snapshots orders and positions when asked, and positions on an interval after start', async () => {
    const log = new SnapshotLog();
    const d = withMarket(
      new Desk({
        snapshots: log,
        exec: { snapshotOrders: true, snapshotPositions: true, snapshotPositionsIntervalSecs: 10 },
      }),
    );
    d.trade({ qty: '0.100', px: '20000.00' });
    expect(log.orders.map((s) => s.status)).toEqual(['SUBMITTED', 'ACCEPTED', 'FILLED']);
    expect(log.positions).toHaveLength(1);
    d.exec.initialize();
    await d.exec.start();
    d.advance(25n * SEC);
    expect(log.positions.slice(1)).toEqual([
      `BTCUSDT.BINANCE-EMA-001 LONG 0.100 @${d.now() - 15n * SEC}`,
      `BTCUSDT.BINANCE-EMA-001 LONG 0.100 @${d.now() - 5n * SEC}`,
    ]);
    await d.exec.stop();
    expect(d.binance.isConnected).toBe(false);
  });

  it('publishes snapshots on the bus by default, and none when the settings are off', async () => {
    const on = withMarket(
      new Desk({
        exec: { snapshotOrders: true, snapshotPositions: true, snapshotPositionsIntervalSecs: 60 },
      }),
    );
    const orders: OrderStateSnapshot[] = [];
    const positions: PositionStateSnapshot[] = [];
    on.bus.subscribe('snapshots.orders.EMA-001', (m: OrderStateSnapshot) => orders.push(m));
    on.bus.subscribe('snapshots.positions.*', (m: PositionStateSnapshot) => positions.push(m));
    on.trade({ qty: '0.100', px: '20000.00' });
    expect(orders.map((m) => `${m.type} ${m.order.status} ${m.order.filledQty}`)).toEqual([
      'OrderStateSnapshot SUBMITTED 0.000',
      'OrderStateSnapshot ACCEPTED 0.000',
      'OrderStateSnapshot FILLED 0.100',
    ]);
    on.exec.initialize();
    await on.exec.start();
    on.advance(120n * SEC);
    expect(
      positions.map((m) => `${m.type} ${m.positionId} ${m.side} ${m.quantity} ${m.avgPxOpen} ${m.fillCount}`),
    ).toEqual(Array(3).fill('PositionStateSnapshot BTCUSDT.BINANCE-EMA-001 LONG 0.100 20000 1'));
    expect(positions[2]?.tsSnapshot).toBe(on.now());
    await on.exec.stop();

    const off = withMarket(new Desk());
    let published = 0;
    off.bus.subscribe('snapshots.*', () => published++);
    off.trade({ qty: '0.100', px: '20000.00' });
    off.exec.initialize();
    await off.exec.start();
    off.advance(120n * SEC);
    expect(published).toBe(0);
  });

  it('with connectClients false, start and stop leave the clients to their owner', async () => {
    const d = new Desk();
    const bus = new MessageBus({ clock: d.clock });
    const exec = new ExecutionEngine({ bus, cache: d.cache, clock: d.clock, connectClients: false });
    const client = new FakeExecutionClient({
      bus,
      clock: d.clock,
      id: 'BINANCE',
      venue: BINANCE,
      omsType: 'NETTING',
    });
    exec.registerClient(client);
    exec.initialize();
    await exec.start();
    expect(client.isConnected).toBe(false);
    await client.connect();
    await exec.stop();
    expect(client.isConnected).toBe(true);
  });

  it('publishes events on deterministic topics per strategy and account', () => {
    const d = withMarket(new Desk());
    const topics: string[] = [];
    d.bus.subscribe('events.*', () => {});
    for (const t of ['events.order.EMA-001', 'events.position.EMA-001', 'events.account.BINANCE-001']) {
      d.bus.subscribe(t, () => topics.push(t));
    }
    d.fundBinance('1000000', '100');
    d.trade({ qty: '0.100', px: '20000.00' });
    expect([...new Set(topics)]).toEqual([
      'events.account.BINANCE-001',
      'events.order.EMA-001',
      'events.position.EMA-001',
    ]);
    expect(BINANCE.value).toBe('BINANCE');
    expect(BYBIT.value).toBe('BYBIT');
  });
});

describe('ExecutionEngine: more command and event paths', () => {
  it('adds an order it did not create (OrderInitialized from reconciliation) and then takes its events', () => {
    const d = withMarket(new Desk());
    const external = d.order({ qty: '0.010', price: '19000.00', id: 'EXT-1' });
    d.bus.send(Endpoint.EXEC_PROCESS, external.init);
    expect(d.cache.order(external.clientOrderId)?.status).toBe('INITIALIZED');
    d.bus.send(Endpoint.EXEC_PROCESS, external.init); // twice: refused
    expect(d.exec.errorCounts.ENGINE_INVALID_EVENT).toBe(1);
  });

  it('drops a cancel of an order never submitted and a modify while a cancel is pending', () => {
    const d = withMarket(new Desk());
    const fresh = d.order({ qty: '0.010', price: '19000.00' });
    d.cache.addOrder(fresh);
    d.bus.send(Endpoint.EXEC_EXECUTE, cancelOrder({ order: fresh, tsInit: d.now() }));
    expect(fresh.status).toBe('INITIALIZED');
    d.binance.autoAccept = true;
    const o = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    d.binance.autoAccept = false;
    d.bus.send(Endpoint.EXEC_EXECUTE, cancelOrder({ order: o, tsInit: d.now() }));
    expect(o.status).toBe('PENDING_CANCEL');
    d.bus.send(
      Endpoint.EXEC_EXECUTE,
      modifyOrder({ order: o, price: Price.from('19100.00'), tsInit: d.now() }),
    );
    expect(o.status).toBe('PENDING_CANCEL');
    expect(d.binance.commands).toEqual(['submit O-2 SUBMITTED', 'cancel O-2']);
  });

  it('CancelAllOrders moves every open order of the strategy and instrument to PENDING_CANCEL, then asks once', () => {
    const d = withMarket(new Desk());
    const a = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    const b = d.submit(d.order({ side: 'SELL', qty: '0.010', price: '21000.00' }));
    const other = d.submit(d.order({ qty: '0.010', price: '19000.00', strategyId: S2 }));
    d.bus.send(
      Endpoint.RISK_EXECUTE,
      cancelAllOrders({ traderId: a.traderId, strategyId: S1, instrumentId: BTCUSDT.id, tsInit: d.now() }),
    );
    expect([a.status, b.status, other.status]).toEqual(['PENDING_CANCEL', 'PENDING_CANCEL', 'ACCEPTED']);
    expect(d.binance.commands.filter((c) => c.startsWith('cancelAll'))).toEqual([
      'cancelAll BTCUSDT.BINANCE',
    ]);
  });

  it('the events the engines make take their ids from the eventIds option (deterministic replays)', () => {
    const d = withMarket(new Desk());
    const o = d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    const denied = d.submit(d.order({ qty: '0.010', price: '19000.001' }));
    expect(o.events[1]?.eventId).toMatch(/^E-\d+$/); // OrderSubmitted
    expect(denied.lastEvent.eventId).toMatch(/^E-\d+$/); // OrderDenied
  });
});

describe('ExecutionEngine: own order books', () => {
  it('keeps resting orders in the instrument own book with their leaves quantity, and removes closed ones', () => {
    const d = withMarket(new Desk({ ownBooks: true }));
    const bid = d.submit(d.order({ qty: '0.030', price: '19000.00' }));
    const ask = d.submit(d.order({ side: 'SELL', qty: '0.010', price: '21000.00' }));
    d.submit(d.order({ qty: '0.010' })); // MARKET: no price, never in the own book
    const own = d.cache.ownOrderBook(BTCUSDT.id) as OwnOrderBook;
    const levels = () => [
      ...own.bids().map((l) => `bid ${l.price} ${l.size}`),
      ...own.asks().map((l) => `ask ${l.price} ${l.size}`),
    ];
    expect(levels()).toEqual(['bid 19000.00 0.030', 'ask 21000.00 0.010']);
    d.binance.fill(bid, BTCUSDT, '0.010', '19000.00');
    expect(levels()).toEqual(['bid 19000.00 0.020', 'ask 21000.00 0.010']);
    d.bus.send(Endpoint.RISK_EXECUTE, cancelOrder({ order: ask, tsInit: d.now() }));
    expect(levels()).toEqual(['bid 19000.00 0.020']);
    d.binance.fill(bid, BTCUSDT, '0.020', '19000.00');
    expect(own.count).toBe(0);
    expect(d.exec.errorCounts.ENGINE_INVALID_STATE).toBe(0);
  });
});

describe('ExecutionEngine: client lookups for the live layer', () => {
  it('finds the client of an order and a client by id', () => {
    const d = withMarket(new Desk());
    const o = d.submit(d.order({ instrumentId: ETHPERP.id, qty: '1.00', price: '900.00' }));
    expect(d.exec.clientForOrder(o)).toBe(d.bybit);
    expect(d.exec.client(d.binance.clientId)).toBe(d.binance);
    expect(d.exec.client(d.binanceData.clientId)).toBeNull();
    expect(d.exec.omsFor(o)).toBe('HEDGING');
  });
});

describe('ExecutionEngine: two clients on one venue', () => {
  it('routes by the instruments a client handles before the venue (spot and futures are both BINANCE)', () => {
    const d = withMarket(new Desk());
    const futures = new FakeExecutionClient({
      bus: d.bus,
      clock: d.clock,
      id: 'BINANCE_FUTURES',
      venue: BINANCE,
      omsType: 'HEDGING',
      accountType: 'MARGIN',
    });
    d.exec.registerClient(futures, { handles: (id) => id.symbol.value.endsWith('-PERP') });
    const perp = CryptoPerpetual.create({
      id: 'BTCUSDT-PERP.BINANCE',
      baseCurrency: 'BTC',
      quoteCurrency: 'USDT',
      pricePrecision: 1,
      priceIncrement: '0.1',
      sizePrecision: 3,
      sizeIncrement: '0.001',
    });
    d.cache.addInstrument(perp);
    const f = d.order({ instrumentId: perp.id, qty: '0.010', price: '20000.0' });
    futures.see(f);
    d.submit(f);
    d.submit(d.order({ qty: '0.010', price: '19000.00' }));
    expect(futures.commands).toEqual([`submit ${f.clientOrderId} SUBMITTED`]);
    expect(d.binance.commands).toEqual(['submit O-2 SUBMITTED']);
    expect(f.accountId?.value).toBe('BINANCE-001');
    expect(d.exec.omsFor(f)).toBe('HEDGING');
  });
});
