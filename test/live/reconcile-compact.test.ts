/**
 * The compact reconciliation input (`reconcileAllCompact`, `encodeVenueCompact`): the same
 * reconciliation as the JSON input for any cache and reports, free text that survives the trip
 * exactly, and malformed input refused with `RECON_INVALID_INPUT` naming the record and field.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  compactText,
  encodeVenue,
  encodeVenueCompact,
  type ReconciliationSettings,
  venueReportsOf,
} from '../../ts/live/index.js';
import type { OrderStatus } from '../../ts/model/enums.js';
import { native } from '../../ts/native.js';
import { fillReportOf, LiveDesk, MockReconClient, orderReport } from './fixtures.js';

const SETTINGS: ReconciliationSettings = {
  filteredClientOrderIds: null,
  reconciliationInstrumentIds: null,
  filterUnclaimedExternalOrders: false,
  filterPositionReports: false,
  generateMissingOrders: true,
  claims: [],
};

/** The output without its timing (the only part that differs from run to run). */
function untimed(out: string): string {
  return out.replace(/"timing":\{[^}]*\}/, '');
}

function compactOut(desk: LiveDesk, client: MockReconClient): string {
  const c = encodeVenueCompact(desk.cache, venueReportsOf(client.massStatus()), SETTINGS, {
    omsType: 'NETTING',
  });
  return native.reconcileAllCompact(c.envelope, c.cachedOrdersText, c.orderReportsText, c.fillReportsText);
}

function jsonOut(desk: LiveDesk, client: MockReconClient): string {
  const j = encodeVenue(desk.cache, venueReportsOf(client.massStatus()), SETTINGS, { omsType: 'NETTING' });
  return native.reconcileAll(j.json);
}

/** A valid compact input of one cached order and one report, as text the tests then break. */
function validInput() {
  const desk = new LiveDesk();
  const o = desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '2.000' })), 'V-1');
  desk.fill(o, 'T-1', '1.000');
  const client = new MockReconClient();
  client.orders = [
    orderReport({
      clientOrderId: 'O-1',
      venueOrderId: 'V-1',
      status: 'FILLED',
      qty: '2.000',
      filled: '2.000',
    }),
  ];
  client.fills = [
    fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-1', qty: '1.000' }),
    fillReportOf({ venueOrderId: 'V-1', tradeId: 'T-2', qty: '1.000' }),
  ];
  const reports = venueReportsOf(client.massStatus());
  return {
    ...encodeVenueCompact(desk.cache, reports, SETTINGS, { omsType: 'NETTING' }),
    json: encodeVenue(desk.cache, reports, SETTINGS, { omsType: 'NETTING' }).json,
  };
}

function refused(
  envelope: string,
  orders: string,
  orderReports: string,
  fillReports: string,
): { code: string; message: string } {
  try {
    native.reconcileAllCompact(envelope, orders, orderReports, fillReports);
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
  throw new Error('the input was accepted');
}

const STATUSES: readonly OrderStatus[] = ['ACCEPTED', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED'];

describe('compact reconciliation input', () => {
  it('reconciles exactly like the JSON input, whatever the cache and the reports', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            cached: fc.boolean(),
            cachedFills: fc.integer({ min: 0, max: 2 }),
            venueFills: fc.integer({ min: 0, max: 3 }),
            status: fc.constantFrom(...STATUSES),
            withClientId: fc.boolean(),
            px: fc.integer({ min: 1, max: 99_999 }),
            reason: fc.option(fc.string({ maxLength: 12 }), { nil: null }),
          }),
          { maxLength: 12 },
        ),
        (specs) => {
          const desk = new LiveDesk();
          const client = new MockReconClient();
          specs.forEach((s, n) => {
            const id = `O-${n}`;
            const vid = `V-${n}`;
            const px = `${(s.px / 100).toFixed(2)}`;
            if (s.cached) {
              const o = desk.accept(desk.submit(desk.order({ id, qty: '3.000', px })), vid);
              for (let k = 0; k < s.cachedFills; k++) desk.fill(o, `T-${n}-${k}`, '1.000', px);
            }
            const fills =
              s.status === 'FILLED'
                ? 3
                : s.status === 'ACCEPTED'
                  ? 0
                  : s.status === 'PARTIALLY_FILLED'
                    ? 1 + (s.venueFills % 2)
                    : s.venueFills % 3;
            client.orders.push(
              orderReport({
                clientOrderId: s.withClientId ? id : null,
                venueOrderId: vid,
                status: s.status,
                qty: '3.000',
                filled: `${fills}.000`,
                px,
                avgPx: fills > 0 ? px : null,
                ...(s.reason === null ? {} : { reason: s.reason }),
              }),
            );
            for (let k = 0; k < fills; k++) {
              client.fills.push(
                fillReportOf({ venueOrderId: vid, tradeId: `T-${n}-${k}`, qty: '1.000', px }),
              );
            }
          });
          expect(untimed(compactOut(desk, client))).toBe(untimed(jsonOut(desk, client)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('carries free text exactly: tabs, newlines, backslashes, a leading =, the empty string', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constantFrom('', '=', '\\', '\t', '\n\r', 'a\\tb', '==x', 'é€😀')),
        (reason) => {
          const desk = new LiveDesk();
          desk.accept(desk.submit(desk.order({ id: 'O-1', qty: '1.000' })), 'V-1');
          const client = new MockReconClient();
          client.orders = [
            orderReport({
              clientOrderId: 'O-1',
              venueOrderId: 'V-1',
              status: 'CANCELED',
              qty: '1.000',
              reason,
            }),
          ];
          const out = JSON.parse(compactOut(desk, client)) as { venues: { actions: unknown[][] }[] };
          const canceled = out.venues[0]?.actions.find((a) => a[0] === 'E' && a[3] === 'CANCELED');
          expect(canceled?.[6]).toBe(reason);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('writes null as an empty field and free text behind =', () => {
    expect(compactText(null)).toBe('');
    expect(compactText('')).toBe('=');
    expect(compactText('a\tb\\c\nd\re')).toBe('=a\\tb\\\\c\\nd\\re');
  });

  it('refuses a record with the wrong number of fields, naming the table and the record', () => {
    const c = validInput();
    const cut = c.fillReportsText.split('\n');
    cut[1] = cut[1]!.split('\t').slice(0, 12).join('\t');
    const e = refused(c.envelope, c.cachedOrdersText, c.orderReportsText, cut.join('\n'));
    expect(e.code).toBe('RECON_INVALID_INPUT');
    expect(e.message).toContain('fillReports[2]: expected 13 fields, got 12');

    const partialFill = `${c.cachedOrdersText}\tT-9`;
    const e2 = refused(c.envelope, partialFill, c.orderReportsText, c.fillReportsText);
    expect(e2.message).toContain('cache.orders[1]: expected 12 + 6 per fill fields');
  });

  it('refuses an empty required field, a bad escape and free text without =', () => {
    const c = validInput();
    const noTrade = c.fillReportsText.replace('\tT-1\t', '\t\t');
    expect(refused(c.envelope, c.cachedOrdersText, c.orderReportsText, noTrade).message).toContain(
      'fillReports[1].tradeId: missing',
    );
    const fields = c.orderReportsText.split('\t');
    fields[14] = '=bad\\x';
    expect(refused(c.envelope, c.cachedOrdersText, fields.join('\t'), c.fillReportsText).message).toContain(
      'orderReports[1].reason: bad escape',
    );
    fields[14] = 'no marker';
    expect(refused(c.envelope, c.cachedOrdersText, fields.join('\t'), c.fillReportsText).message).toContain(
      'orderReports[1].reason: free text must start with',
    );
  });

  it('refuses an envelope of several venues or with the tables also in JSON', () => {
    const c = validInput();
    const env = JSON.parse(c.envelope) as { venues: { orderReports: unknown[] }[] };
    const two = JSON.stringify({ ...env, venues: [env.venues[0], env.venues[0]] });
    expect(refused(two, c.cachedOrdersText, c.orderReportsText, c.fillReportsText).code).toBe(
      'RECON_INVALID_INPUT',
    );
    const asJson = JSON.parse(c.json) as { venues: { orderReports: unknown[] }[] };
    env.venues[0]!.orderReports = asJson.venues[0]!.orderReports;
    const both = refused(JSON.stringify(env), c.cachedOrdersText, c.orderReportsText, c.fillReportsText);
    expect(both.message).toContain('come as text');
  });

  it('refuses a bad value inside a well-formed record with the field named', () => {
    const c = validInput();
    const fields = c.fillReportsText.split('\n')[0]!.split('\t');
    fields[6] = '1.0x';
    const e = refused(c.envelope, c.cachedOrdersText, c.orderReportsText, fields.join('\t'));
    expect(e.code).toBe('RECON_INVALID_INPUT');
    expect(e.message).toContain('fillReports.lastQty');
  });
});
