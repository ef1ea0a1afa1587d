/** A subscriber: receives every message published on a matching topic. */
export type MessageHandler<T = unknown> = (message: T) => void;

/**
 * An endpoint handler. `correlationId` is set when the message came from `request()`: answer with
 * `bus.response(correlationId, reply)`, now or later.
 */
export type EndpointHandler<T = unknown> = (message: T, correlationId?: string) => void;

/** Removes the subscription it was returned for; calling it again does nothing. */
export type Unsubscribe = () => void;

/** Options of `subscribe`. */
export interface SubscribeOptions {
  /** Higher runs first; equal priorities run in subscription order. Default 0. */
  readonly priority?: number;
}

/** Options of `request`. */
export interface RequestOptions {
  /** Milliseconds before the request fails with `MSGBUS_REQUEST_TIMEOUT` (default: the bus's). */
  readonly timeoutMs?: number;
}

/**
 * Extension point for a bus that also streams out of the process (Redis streams, later): the bus
 * calls `publish` after the local handlers of every published message that passes the
 * {@link ExternalStreamFilter}. It must not throw for ordinary failures (buffer, retry, report);
 * if it throws anyway the error is logged and the bus carries on. Point-to-point `send`,
 * requests and responses stay in process.
 */
export interface MessageBusExternalPublisher {
  publish(topic: string, payload: unknown): void;
}

/** Decides which published messages go to the external publisher (true = stream it). */
export type ExternalStreamFilter = (topic: string, payload: unknown) => boolean;

/** A read-only view of one subscription. */
export interface SubscriptionInfo {
  readonly pattern: string;
  readonly priority: number;
  readonly handler: MessageHandler;
}
