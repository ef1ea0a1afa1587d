export {
  type CreateLoggerOptions,
  componentLogger,
  createLogger,
  createSilentLogger,
  type LogDestination,
  type Logger,
  type LogLevel,
} from './logger.js';
export { createRedactor, DEFAULT_SECRET_KEYS, defaultRedactor, REDACTED, type Redactor } from './redact.js';
