import { describe, expect, it } from 'vitest';
import {
  ClockError,
  ComponentStateError,
  describeValue,
  InvalidArgumentError,
  isKairosError,
  KairosError,
  MessageBusError,
} from '../../ts/common/index.js';

describe('KairosError', () => {
  it('carries a stable code, a message, details and a cause', () => {
    const cause = new Error('socket closed');
    const e = new KairosError('VENUE_UNREACHABLE', 'venue BINANCE did not answer', {
      details: { venue: 'BINANCE' },
      cause,
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('KairosError');
    expect(e.code).toBe('VENUE_UNREACHABLE');
    expect(e.message).toBe('venue BINANCE did not answer');
    expect(e.details).toEqual({ venue: 'BINANCE' });
    expect(e.cause).toBe(cause);
    expect(e.stack).toContain('KairosError');
  });

  it('serialises to JSON with name, code, message and details', () => {
    const e = new KairosError('X_Y', 'bad', { details: { a: 1 } });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: 'KairosError',
      code: 'X_Y',
      message: 'bad',
      details: { a: 1 },
    });
    expect(new KairosError('X', 'no details').toJSON()).toEqual({
      name: 'KairosError',
      code: 'X',
      message: 'no details',
    });
  });

  it.each(['', 'lower_case', 'Mixed_Case', 'TRAILING_', '_LEADING', 'DOUBLE__UNDERSCORE', 'WITH-DASH'])(
    'refuses the malformed code %j',
    (code) => {
      expect(() => new KairosError(code, 'x')).toThrow(TypeError);
    },
  );

  it('isKairosError narrows by class and optionally by code', () => {
    const e = new KairosError('A_B', 'x');
    expect(isKairosError(e)).toBe(true);
    expect(isKairosError(e, 'A_B')).toBe(true);
    expect(isKairosError(e, 'OTHER')).toBe(false);
    expect(isKairosError(new Error('plain'))).toBe(false);
    expect(isKairosError({ code: 'A_B' })).toBe(false);
  });

  it('area subclasses are KairosErrors with their own names', () => {
    const errors = [
      new ClockError('TIMER_NAME_DUPLICATE', 'x'),
      new MessageBusError('MSGBUS_REQUEST_TIMEOUT', 'x'),
      new ComponentStateError('c', 'READY', 'STOP'),
      new InvalidArgumentError('x'),
    ];
    expect(errors.map((e) => e.name)).toEqual([
      'ClockError',
      'MessageBusError',
      'ComponentStateError',
      'InvalidArgumentError',
    ]);
    for (const e of errors) expect(isKairosError(e)).toBe(true);
    expect(new InvalidArgumentError('x').code).toBe('INVALID_ARGUMENT');
    expect(new InvalidArgumentError('x', { code: 'PRICE_INVALID' }).code).toBe('PRICE_INVALID');
  });

  it('describeValue renders values for messages', () => {
    expect(describeValue(5n)).toBe('5n');
    expect(describeValue('a')).toBe("'a'");
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(Symbol('s'))).toBe('Symbol(s)');
    expect(describeValue(function named() {})).toBe('[function named]');
  });
});
