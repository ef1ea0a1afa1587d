import { readdirSync, readFileSync } from 'node:fs';

import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Instrument, OrderEvent, PositionEvent } from '../../../ts/model/index.js';
import * as model from '../../../ts/model/index.js';

describe('ts/model public surface', () => {
  it('exports the domain by name', () => {
    for (const name of [
      'Order',
      'Position',
      'splitFill',
      'CashAccount',
      'MarginAccount',
      'CurrencyPair',
      'CryptoPerpetual',
      'CryptoFuture',
      'Equity',
      'ExecutionMassStatus',
      'orderStatusReport',
      'fillReport',
      'positionStatusReport',
      'quoteTick',
      'tradeTick',
      'bar',
      'parseBarType',
      'orderBookDelta',
      'assertNever',
      'orderFilled',
      'accountState',
      'Price',
      'Quantity',
      'Money',
      'Currency',
      'InstrumentId',
      'OrderStatus',
      'KairosError',
    ]) {
      expect(model, name).toHaveProperty(name);
    }
  });

  it('types the unions by their discriminant', () => {
    expectTypeOf<OrderEvent['type']>().toEqualTypeOf<(typeof model.ORDER_EVENT_TYPES)[number]>();
    expectTypeOf<PositionEvent['type']>().toEqualTypeOf<
      'PositionOpened' | 'PositionChanged' | 'PositionClosed'
    >();
    expectTypeOf<Instrument['type']>().toEqualTypeOf<model.InstrumentType>();
    expectTypeOf<model.Order['avgPx']>().toEqualTypeOf<import('decimal.js').Decimal | null>();
  });
});

describe('ts/model layering', () => {
  const root = new URL('../../../ts/model/', import.meta.url);
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports only packages, ts/model and ts/native', (file) => {
    const source = readFileSync(new URL(file, root), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map(
      (m) => m[1]!,
    );
    for (const s of specifiers) {
      if (!s.startsWith('.')) {
        expect(s).toMatch(/^(decimal\.js|node:[a-z]+)$/);
        continue;
      }
      // Resolve against ts/model/: it must stay inside, or be ts/native.js.
      const resolved = new URL(s, new URL(file, root)).href;
      const inside = resolved.startsWith(root.href);
      const isNative = resolved === new URL('../native.js', root).href;
      expect(inside || isNative, `${file} imports ${s}`).toBe(true);
    }
  });
});
