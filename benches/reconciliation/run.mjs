// Reconciliation end to end through the binding: a mass status of 100k orders and 300k fills
// over 10 instruments against a cache holding half of the orders (each missing its last fill).
// Prints one JSON line per figure: encoding in JS, the native call (with the core's own parse,
// diff and write times, measured in Rust), decoding in JS, and the total.
//
// Run with plain node after `npm run build:native` (or `npm run build`).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const native = require('../../native/index.cjs');

const ORDERS = Number(process.env.RECON_ORDERS ?? 100_000);
const FILLS_PER_ORDER = 3;
const INSTRUMENTS = 10;
const ACCOUNT = 'BINANCE-001';

function emit(name, unit, value) {
  console.log(JSON.stringify({ bench: 'reconciliation', name, unit, value: Number(value.toFixed(3)) }));
}

/** The reports as the engine holds them: plain objects, decimal strings, bigint timestamps. */
function scenario() {
  const instrumentIds = Array.from({ length: INSTRUMENTS }, (_, i) => `SYM${i}USDT.BINANCE`);
  const orderReports = [];
  const fillReports = [];
  const cachedOrders = [];
  const venueNet = new Array(INSTRUMENTS).fill(0n);
  const cachedNet = new Array(INSTRUMENTS).fill(0n);
  for (let n = 0; n < ORDERS; n++) {
    const inst = n % INSTRUMENTS;
    const instrumentId = instrumentIds[inst];
    const side = n % 3 === 0 ? 'SELL' : 'BUY';
    const sign = side === 'BUY' ? 1n : -1n;
    const venueOrderId = String(8_000_000_000 + n);
    const clientOrderId = `O-20240101-000000-001-001-${n}`;
    const price = `${20_000 + (n % 500)}.00`;
    const units = BigInt(1 + (n % 7)); // fill quantity in thousandths
    const fillQty = `0.${String(units).padStart(3, '0')}`;
    const quantity = `0.${String(units * 3n).padStart(3, '0')}`;
    const ts = 1_700_000_000_000_000_000n + BigInt(n) * 1_000_000n;
    const cachedFills = [];
    for (let k = 0; k < FILLS_PER_ORDER; k++) {
      const tradeId = String(5_000_000_000 + n * FILLS_PER_ORDER + k);
      const tsEvent = ts + BigInt(k) * 1_000n;
      fillReports.push({
        accountId: ACCOUNT,
        instrumentId,
        venueOrderId,
        // Venues' trade lists name the venue order only (Binance's myTrades has no client id).
        clientOrderId: null,
        tradeId,
        side,
        lastQty: fillQty,
        lastPx: price,
        commission: '0.01000000',
        commissionCurrency: 'USDT',
        liquiditySide: 'MAKER',
        venuePositionId: null,
        tsEvent,
      });
      if (k < FILLS_PER_ORDER - 1) {
        cachedFills.push({
          tradeId,
          lastQty: fillQty,
          lastPx: price,
          commission: '0.01000000',
          commissionCurrency: 'USDT',
          tsEvent,
        });
      }
    }
    venueNet[inst] += sign * units * 3n;
    orderReports.push({
      accountId: ACCOUNT,
      instrumentId,
      clientOrderId,
      venueOrderId,
      side,
      orderType: 'LIMIT',
      timeInForce: 'GTC',
      status: 'FILLED',
      quantity,
      filledQty: quantity,
      price,
      triggerPrice: null,
      avgPx: price,
      venuePositionId: null,
      reason: null,
      tsAccepted: ts,
      tsLast: ts + 10_000n,
    });
    if (n % 2 === 0) {
      cachedNet[inst] += sign * units * 2n;
      cachedOrders.push({
        clientOrderId,
        venueOrderId,
        strategyId: 'MM-001',
        instrumentId,
        side,
        orderType: 'LIMIT',
        quantity,
        price,
        triggerPrice: null,
        status: 'PARTIALLY_FILLED',
        previousStatus: null,
        positionId: null,
        fills: cachedFills,
      });
    }
  }
  const signed = (thousandths) => {
    const side = thousandths > 0n ? 'LONG' : thousandths < 0n ? 'SHORT' : 'FLAT';
    const abs = thousandths < 0n ? -thousandths : thousandths;
    return { side, quantity: `${abs / 1000n}.${String(abs % 1000n).padStart(3, '0')}` };
  };
  const cachedPositions = instrumentIds.map((instrumentId, i) => ({
    instrumentId,
    positionId: null,
    ...signed(cachedNet[i]),
  }));
  const positionReports = instrumentIds.map((instrumentId, i) => ({
    accountId: ACCOUNT,
    instrumentId,
    venuePositionId: null,
    ...signed(venueNet[i]),
    avgPxOpen: null,
    tsLast: 1_800_000_000_000_000_000n,
  }));
  return { instrumentIds, orderReports, fillReports, cachedOrders, cachedPositions, positionReports };
}

/** The binding's tuple format (see crates/node/src/recon.rs). */
function encode(s) {
  const orNull = (v) => (v === undefined ? null : v);
  const input = {
    cache: {
      orders: s.cachedOrders.map((o) => [
        o.clientOrderId,
        orNull(o.venueOrderId),
        o.strategyId,
        o.instrumentId,
        o.side,
        o.orderType,
        o.quantity,
        orNull(o.price),
        orNull(o.triggerPrice),
        o.status,
        orNull(o.previousStatus),
        orNull(o.positionId),
        o.fills.map((f) => [
          f.tradeId,
          f.lastQty,
          f.lastPx,
          f.commission,
          f.commissionCurrency,
          f.tsEvent.toString(),
        ]),
      ]),
      positions: s.cachedPositions.map((p) => [p.instrumentId, p.positionId, p.side, p.quantity]),
      instruments: s.instrumentIds.map((id) => [id, 2, 3, 'NETTING']),
      prices: [],
    },
    settings: {},
    massStatus: {
      venue: 'BINANCE',
      accountId: ACCOUNT,
      orderReports: s.orderReports.map((r) => [
        r.accountId,
        r.instrumentId,
        r.clientOrderId,
        r.venueOrderId,
        r.side,
        r.orderType,
        r.timeInForce,
        r.status,
        r.quantity,
        r.filledQty,
        r.price,
        r.triggerPrice,
        r.avgPx,
        r.venuePositionId,
        r.reason,
        r.tsAccepted.toString(),
        r.tsLast.toString(),
      ]),
      fillReports: s.fillReports.map((f) => [
        f.accountId,
        f.instrumentId,
        f.venueOrderId,
        f.clientOrderId,
        f.tradeId,
        f.side,
        f.lastQty,
        f.lastPx,
        f.commission,
        f.commissionCurrency,
        f.liquiditySide,
        f.venuePositionId,
        f.tsEvent.toString(),
      ]),
      positionReports: s.positionReports.map((p) => [
        p.accountId,
        p.instrumentId,
        p.venuePositionId,
        p.side,
        p.quantity,
        p.avgPxOpen,
        p.tsLast.toString(),
      ]),
    },
  };
  return JSON.stringify(input);
}

/** One end-to-end run: encode, cross, reconcile, cross back, decode. */
function once(s, variant) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const json = encode(s);
  const input = variant === 'buffer' ? Buffer.from(json) : json;
  const t1 = performance.now();
  const raw = variant === 'buffer' ? native.reconcileVenueBuffer(input) : native.reconcileVenue(input);
  const t2 = performance.now();
  const result = JSON.parse(variant === 'buffer' ? raw.toString() : raw);
  const t3 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  return {
    cpu: (cpu.user + cpu.system) / 1e3,
    encode: t1 - t0,
    call: t2 - t1,
    decode: t3 - t2,
    total: t3 - t0,
    parse: Number(result.timing.parseNs) / 1e6,
    diff: Number(result.timing.diffNs) / 1e6,
    write: Number(result.timing.writeNs) / 1e6,
    actions: result.actions.length,
    complete: result.summary.complete,
    inBytes: json.length,
    outBytes: raw.length,
  };
}

function best(s, variant) {
  let b = null;
  for (let run = 0; run < 5; run++) {
    const f = once(s, variant);
    if (!f.complete) throw new Error('reconciliation did not complete');
    if (b === null || f.total < b.total) b = f;
  }
  return b;
}

const s = scenario();
const str = best(s, 'string');
const buf = best(s, 'buffer');
emit('e2e.total_100k_orders_300k_fills', 'ms', buf.total);
// Process CPU time over the same span: the figure to read on a machine shared with other work.
emit('e2e.total_100k_orders_300k_fills.cpu', 'ms', buf.cpu);
emit('e2e.total_100k_orders_300k_fills.string_api', 'ms', str.total);
emit('ts.encode_json', 'ms', buf.encode);
emit('native.call', 'ms', buf.call);
emit('rust.parse', 'ms', buf.parse);
emit('rust.diff', 'ms', buf.diff);
emit('rust.write', 'ms', buf.write);
emit('ts.decode_json', 'ms', buf.decode);
emit('actions', 'count', buf.actions);
emit('input', 'MB', buf.inBytes / 1e6);
emit('output', 'MB', buf.outBytes / 1e6);
