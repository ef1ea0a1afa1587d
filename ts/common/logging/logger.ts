/**
 * Structured logging on pino, with redaction of secrets built in.
 *
 * Every Kairos logger comes from {@link createLogger} (or {@link createSilentLogger}); components
 * get a child with {@link componentLogger}, which adds `component` to every line. Before a line is
 * written, every argument (the merge object, the message, format arguments) and every child
 * binding goes through a {@link Redactor}: secret fields and `signature=` style parameters are
 * replaced by `'[REDACTED]'` and `bigint`s are written as strings. See `redact.ts` for the rules.
 *
 * Disabled levels cost what pino's cost (a no-op call): redaction runs only for lines written.
 *
 * @module
 */
import { pino } from 'pino';
import { createRedactor } from './redact.js';

/** A Kairos logger (a pino logger). */
export type Logger = pino.Logger;

/** Where log lines go: anything with `write(line: string)`. */
export type LogDestination = pino.DestinationStream;

/** Log levels, most severe first; `silent` disables logging. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Minimum level written (default `info`). */
  readonly level?: LogLevel;
  /** Value of the `name` field of every line. */
  readonly name?: string;
  /** Where lines go (default: standard output). */
  readonly destination?: LogDestination;
  /** Fields on every line (default: pid and hostname); `null` for none. */
  readonly base?: Readonly<Record<string, unknown>> | null;
  /** Secret keys redacted in addition to the defaults. */
  readonly redactKeys?: readonly string[];
}

/**
 * Creates a root logger that redacts secrets (see the module doc).
 *
 * @example
 * ```ts
 * const log = createLogger({ level: 'debug' });
 * componentLogger(log, 'ExecEngine').info({ apiKey: 'k' }, 'connected'); // apiKey: "[REDACTED]"
 * ```
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const redactor = createRedactor(options.redactKeys);
  const pinoOptions: pino.LoggerOptions = {
    level: options.level ?? 'info',
    hooks: {
      logMethod(args, method) {
        const values = args as unknown[];
        for (let i = 0; i < values.length; i++) {
          const value = values[i];
          // A bare Error first keeps pino's shape: `{ err: {...} }`.
          values[i] =
            i === 0 && value instanceof Error ? { err: redactor.value(value) } : redactor.value(value);
        }
        method.apply(this, args);
      },
    },
    formatters: {
      // Root bindings (`base`); pino does not apply this to children (see `child` below).
      bindings: (bindings) => redactor.value(bindings) as Record<string, unknown>,
    },
    // Errors were already turned into redacted plain objects; pino's own error serializer would
    // take them for errors again and rename their type to `Object`.
    serializers: { err: (value: unknown) => value },
  };
  if (options.name !== undefined) pinoOptions.name = options.name;
  if (options.base !== undefined) pinoOptions.base = options.base === null ? null : { ...options.base };
  const logger =
    options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
  // Children inherit from the root through the prototype chain, so redacting bindings here
  // covers every descendant.
  const child = logger.child;
  logger.child = function redactingChild(this: Logger, bindings, childOptions) {
    return child.call(this, redactor.value(bindings) as pino.Bindings, childOptions);
  } as typeof logger.child;
  return logger;
}

/** A logger that writes nothing (level `silent`); its children write nothing either. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** A child of `parent` whose lines carry `component: name`. */
export function componentLogger(parent: Logger, component: string): Logger {
  return parent.child({ component });
}
