// Start-up reconciliation end to end, as a live node runs it: a venue's mass status of 100k
// orders and 300k fills over 10 instruments (report objects as an adapter builds them) against a
// cache holding half of the orders, each missing its last fill, reconciled by `Reconciler`:
// encode, native diff, decode, and every action applied to the cache through the order state
// machine (orders, fills, positions, events published, the summary).
//
// Prints one JSON line per figure: each stage (encode, native call, the core's diff as measured
// in Rust, decode, apply) and the total, which is `reconcileAll` from the mass status in hand to
// the summary published (the venue query itself is instant here).
//
// Run after `npm run build` (the TS build in dist/ and the addon in native/):
//   node benches/reconciliation/run.mjs          (RECON_ORDERS=10000 for a smaller run)
import { Decimal } from 'decimal.js';
import { Cache } from '../../dist/cache/index.js';
import { createLogger, MessageBus, TestClock } from '../../dist/common/index.js';
import { LiveExecEngineConfig } from '../../dist/config/index.js';
import { applyFillToPositions, Reconciler } from '../../dist/live/index.js';
import { orderAccepted, orderFilled, orderSubmitted } from '../../dist/model/events/index.js';
import {
  AccountId,
  ClientId,
  ClientOrderId,
  StrategyId,
  TradeId,
  TraderId,
  Venue,
  VenueOrderId,
} from '../../dist/model/identifiers/index.js';
import { CurrencyPair } from '../../dist/model/instruments/index.js';
import { Order } from '../../dist/model/orders/index.js';
import {
  ExecutionMassStatus,
  fillReport,
  orderStatusReport,
  positionStatusReport,
} from '../../dist/model/reports/index.js';
import { Currency, Money, Price, Quantity } from '../../dist/model/values/index.js';
import { emit } from '../lib/report.mjs';

const ORDERS = Number(process.env.RECON_ORDERS ?? 100_000);
const FILLS_PER_ORDER = 3;
const INSTRUMENTS = 10;
const T0 = 1_700_000_000_000_000_000n;
const TRADER = TraderId.from('TRADER-001');
const STRATEGY = StrategyId.from('MM-001');
const ACCOUNT = AccountId.from('BINANCE-001');
const VENUE = Venue.from('BINANCE');
const NAME = `${ORDERS / 1000}k_orders_${(ORDERS * FILLS_PER_ORDER) / 1000}k_fills`;

/** Thousandths as a 3-decimal quantity text. */
function qty(thousandths) {
  const abs = thousandths < 0n ? -thousandths : thousandths;
  return `${abs / 1000n}.${String(abs % 1000n).padStart(3, '0')}`;
}

/** The cache (half the orders, each missing its last fill) and the venue's mass status. */
function scenario() {
  const clock = new TestClock({ startNs: T0 });
  const cache = new Cache();
  for (let i = 0; i < INSTRUMENTS; i++)
    if (!Currency.isRegistered(`SYM${i}`)) Currency.register(`SYM${i}`, 8);
  const instruments = Array.from({ length: INSTRUMENTS }, (_, i) =>
    CurrencyPair.create({
      id: `SYM${i}USDT.BINANCE`,
      baseCurrency: `SYM${i}`,
      quoteCurrency: 'USDT',
      pricePrecision: 2,
      priceIncrement: '0.01',
      sizePrecision: 3,
      sizeIncrement: '0.001',
    }),
  );
  for (const i of instruments) cache.addInstrument(i);
  const mass = new ExecutionMassStatus({
    clientId: ClientId.from('BINANCE'),
    accountId: ACCOUNT,
    venue: VENUE,
    tsInit: T0,
  });
  const orderReports = [];
  const fillReports = [];
  const venueNet = new Array(INSTRUMENTS).fill(0n);
  let seq = 0;
  for (let n = 0; n < ORDERS; n++) {
    const inst = n % INSTRUMENTS;
    const instrument = instruments[inst];
    const side = n % 3 === 0 ? 'SELL' : 'BUY';
    const venueOrderId = VenueOrderId.from(String(8_000_000_000 + n));
    const clientOrderId = ClientOrderId.from(`O-20240101-000000-001-001-${n}`);
    const price = Price.from(`${20_000 + (n % 500)}.00`);
    const units = BigInt(1 + (n % 7));
    const fillQty = Quantity.from(qty(units));
    const quantity = Quantity.from(qty(units * 3n));
    const commission = Money.from('0.01000000', 'USDT');
    const ts = T0 + BigInt(n) * 1_000_000n;
    venueNet[inst] += (side === 'BUY' ? 1n : -1n) * units * 3n;
    orderReports.push(
      orderStatusReport({
        accountId: ACCOUNT,
        instrumentId: instrument.id,
        clientOrderId,
        venueOrderId,
        orderSide: side,
        orderType: 'LIMIT',
        timeInForce: 'GTC',
        orderStatus: 'FILLED',
        price,
        avgPx: new Decimal(price.toString()),
        quantity,
        filledQty: quantity,
        tsAccepted: ts,
        tsLast: ts + 10_000n,
        tsInit: ts + 20_000n,
      }),
    );
    const cached = n % 2 === 0;
    let order = null;
    if (cached) {
      const h = () => ({
        traderId: TRADER,
        strategyId: STRATEGY,
        instrumentId: instrument.id,
        clientOrderId,
        tsEvent: ts,
        tsInit: ts,
      });
      order = Order.create({
        traderId: TRADER,
        strategyId: STRATEGY,
        instrumentId: instrument.id,
        clientOrderId,
        side,
        orderType: 'LIMIT',
        quantity,
        price,
        tsInit: ts,
      });
      cache.addOrder(order);
      order.apply(orderSubmitted({ ...h(), accountId: ACCOUNT }));
      order.apply(orderAccepted({ ...h(), accountId: ACCOUNT, venueOrderId }));
      cache.updateOrder(order);
    }
    for (let k = 0; k < FILLS_PER_ORDER; k++) {
      const tradeId = TradeId.from(String(5_000_000_000 + n * FILLS_PER_ORDER + k));
      const tsEvent = ts + BigInt(k) * 1_000n;
      fillReports.push(
        fillReport({
          accountId: ACCOUNT,
          instrumentId: instrument.id,
          venueOrderId,
          // Venues' trade lists name the venue order only (Binance's myTrades has no client id).
          clientOrderId: null,
          tradeId,
          orderSide: side,
          lastQty: fillQty,
          lastPx: price,
          commission,
          liquiditySide: 'MAKER',
          tsEvent,
          tsInit: tsEvent,
        }),
      );
      if (order !== null && k < FILLS_PER_ORDER - 1) {
        const f = orderFilled({
          traderId: TRADER,
          strategyId: STRATEGY,
          instrumentId: instrument.id,
          clientOrderId,
          tsEvent,
          tsInit: tsEvent,
          venueOrderId,
          accountId: ACCOUNT,
          tradeId,
          orderSide: side,
          orderType: 'LIMIT',
          lastQty: fillQty,
          lastPx: price,
          currency: instrument.quoteCurrency,
          commission,
          liquiditySide: 'MAKER',
        });
        order.apply(f);
        cache.updateOrder(order);
        applyFillToPositions(cache, f, 'NETTING', (s) => `${f.eventId}-${s}-${++seq}`);
      }
    }
  }
  mass.addOrderReports(orderReports);
  mass.addFillReports(fillReports);
  mass.addPositionReports(
    instruments.map((instrument, i) =>
      positionStatusReport({
        accountId: ACCOUNT,
        instrumentId: instrument.id,
        positionSide: venueNet[i] > 0n ? 'LONG' : venueNet[i] < 0n ? 'SHORT' : 'FLAT',
        quantity: Quantity.from(qty(venueNet[i])),
        avgPxOpen: null,
        tsLast: T0 + 1_000_000_000_000_000n,
        tsInit: T0 + 1_000_000_000_000_000n,
      }),
    ),
  );
  return { clock, cache, mass };
}

/** One start-up reconciliation of a fresh scenario; figures in ms. */
async function once() {
  const { clock, cache, mass } = scenario();
  const log = createLogger({ level: 'info', base: null, destination: { write: () => {} } });
  const msgbus = new MessageBus({ clock, logger: log });
  let orderEvents = 0;
  let positionEvents = 0;
  msgbus.subscribe('events.order.*', () => void orderEvents++);
  msgbus.subscribe('events.position.*', () => void positionEvents++);
  const reconciler = new Reconciler({
    cache,
    clock,
    log,
    msgbus,
    traderId: TRADER,
    config: LiveExecEngineConfig.parse({}),
  });
  const client = {
    clientId: ClientId.from('BINANCE'),
    venue: VENUE,
    accountId: ACCOUNT,
    generateMassStatus: () => Promise.resolve(mass),
  };
  globalThis.gc?.();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const { summary } = await reconciler.reconcileAll([client]);
  const total = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const v = summary.venues[0];
  if (!summary.complete) throw new Error(`reconciliation incomplete: ${summary.reasons.join('; ')}`);
  const filled = cache.ordersClosedCount();
  if (filled !== ORDERS) throw new Error(`expected ${ORDERS} closed orders, the cache has ${filled}`);
  const ms = (ns) => Number(ns) / 1e6;
  return {
    total,
    cpu: (cpu.user + cpu.system) / 1e3,
    encode: ms(v.stagesNs.encodeNs),
    native: ms(v.stagesNs.nativeNs),
    diff: ms(v.stagesNs.diffNs),
    decode: ms(v.stagesNs.decodeNs),
    apply: ms(v.stagesNs.applyNs),
    events: v.eventsApplied,
    orderEvents,
    positionEvents,
  };
}

const RUNS = Number(process.env.RECON_RUNS ?? 2);
let best = null;
for (let run = 0; run < RUNS; run++) {
  const f = await once();
  if (run === 0) emit('reconciliation', `e2e.first_run.${NAME}`, 'ms', f.total);
  if (best === null || f.total < best.total) best = f;
}
emit('reconciliation', `e2e.total.${NAME}`, 'ms', best.total);
// Process CPU time over the same span: the figure to read on a machine shared with other work.
emit('reconciliation', `e2e.total.${NAME}.cpu`, 'ms', best.cpu);
emit('reconciliation', 'ts.encode', 'ms', best.encode);
emit('reconciliation', 'native.call', 'ms', best.native);
emit('reconciliation', 'rust.diff', 'ms', best.diff);
emit('reconciliation', 'ts.decode', 'ms', best.decode);
emit('reconciliation', 'ts.apply', 'ms', best.apply);
emit('reconciliation', 'events.applied', 'count', best.events);
emit('reconciliation', 'events.published.order', 'count', best.orderEvents);
emit('reconciliation', 'events.published.position', 'count', best.positionEvents);
