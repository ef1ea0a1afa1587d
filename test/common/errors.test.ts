import { describe, expect, it } from 'vitest';
import {
  ClockError,
  ComponentStateError,
  describeValue,
  InvalidArgumentError,
  isKairosError,
  KairosError,
  kairosError,
  MessageBusError,
} from '../../ts/common/index.js';
import { KairosError as ModelKairosError } from '../../ts/model/errors.js';

describe('KairosError in the runtime layer', () => {
  it('is the one base class of the model layer (instanceof works across layers)', () => {
    expect(KairosError).toBe(ModelKairosError);
    expect(new ClockError('TIMER_NAME_DUPLICATE', 'x')).toBeInstanceOf(ModelKairosError);
  });

  it('kairosError builds an error with code, message, details and cause', () => {
    const cause = new Error('socket closed');
    const e = kairosError('VENUE_UNREACHABLE', 'venue BINANCE did not answer', {
      details: { venue: 'BINANCE' },
      cause,
    });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('KairosError');
    expect(e.code).toBe('VENUE_UNREACHABLE');
    expect(e.message).toBe('venue BINANCE did not answer');
    expect(e.details).toEqual({ venue: 'BINANCE' });
    expect(e.cause).toBe(cause);
  });

  it('isKairosError narrows by class and optionally by code', () => {
    const e = kairosError('A_B', 'x');
    expect(isKairosError(e)).toBe(true);
    expect(isKairosError(e, 'A_B')).toBe(true);
    expect(isKairosError(e, 'OTHER')).toBe(false);
    expect(isKairosError(new Error('plain'))).toBe(false);
    expect(isKairosError({ code: 'A_B' })).toBe(false);
  });

  it('area subclasses are KairosErrors with their own names, details and causes', () => {
    const cause = new Error('root');
    const errors = [
      new ClockError('TIMER_NAME_DUPLICATE', 'x', { details: { name: 't' }, cause }),
      new MessageBusError('MSGBUS_REQUEST_TIMEOUT', 'x', { cause }),
      new ComponentStateError('c', 'READY', 'STOP'),
      new InvalidArgumentError('x', { cause }),
    ];
    expect(errors.map((e) => e.name)).toEqual([
      'ClockError',
      'MessageBusError',
      'ComponentStateError',
      'InvalidArgumentError',
    ]);
    for (const e of errors) expect(isKairosError(e)).toBe(true);
    expect(errors[0]!.details).toEqual({ name: 't' });
    expect(errors[0]!.cause).toBe(cause);
    expect(errors[0]!.stack).toContain('ClockError');
    expect(errors[2]!.details).toEqual({ component: 'c', state: 'READY', trigger: 'STOP' });
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
