import { initError, KairosError, type KairosErrorOptions } from '../errors.js';

/** Every code a {@link MessageBusError} may carry. */
export const MessageBusErrorCode = {
  /** A topic to publish on is empty, not a string, or contains a wildcard (`*`, `?`). */
  MSGBUS_TOPIC_INVALID: 'MSGBUS_TOPIC_INVALID',
  /** A subscription pattern is empty or not a string. */
  MSGBUS_PATTERN_INVALID: 'MSGBUS_PATTERN_INVALID',
  /** A handler is not a function. */
  MSGBUS_HANDLER_INVALID: 'MSGBUS_HANDLER_INVALID',
  /** A subscription priority is not a finite number. */
  MSGBUS_PRIORITY_INVALID: 'MSGBUS_PRIORITY_INVALID',
  /** An endpoint name is empty or not a string. */
  MSGBUS_ENDPOINT_INVALID: 'MSGBUS_ENDPOINT_INVALID',
  /** An endpoint with that name is already registered. */
  MSGBUS_ENDPOINT_DUPLICATE: 'MSGBUS_ENDPOINT_DUPLICATE',
  /** No endpoint with that name is registered. */
  MSGBUS_ENDPOINT_NOT_FOUND: 'MSGBUS_ENDPOINT_NOT_FOUND',
  /** A request got no response within its timeout. */
  MSGBUS_REQUEST_TIMEOUT: 'MSGBUS_REQUEST_TIMEOUT',
  /** A request timeout is not a positive finite number of milliseconds. */
  MSGBUS_TIMEOUT_INVALID: 'MSGBUS_TIMEOUT_INVALID',
  /** The correlation id generator returned an id that is still pending. */
  MSGBUS_CORRELATION_ID_DUPLICATE: 'MSGBUS_CORRELATION_ID_DUPLICATE',
  /** The bus was disposed while a request was pending, or is used after dispose. */
  MSGBUS_DISPOSED: 'MSGBUS_DISPOSED',
} as const;

/** A {@link MessageBusError} code. */
export type MessageBusErrorCode = (typeof MessageBusErrorCode)[keyof typeof MessageBusErrorCode];

/** A refused or failed message bus operation. */
export class MessageBusError extends KairosError {
  declare readonly code: MessageBusErrorCode;

  constructor(code: MessageBusErrorCode, message: string, options: KairosErrorOptions = {}) {
    super(code, message, options.details);
    initError(this, 'MessageBusError', options.cause);
  }
}
