/**
 * Structured logging (pino). One root logger per process; during a request, `log()` returns that request's
 * child logger (correlation id, operation id bound), so every line written on its behalf can be traced.
 * Redaction is the last line of defence, not the first: code must not pass secrets or personal data to a logger.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pino, { type DestinationStream, type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Object keys whose values never reach a log line, wherever they appear (two levels deep). */
const SECRET_KEYS = [
  'password',
  'password_hash',
  'passwordHash',
  'token',
  'token_hash',
  'secret',
  'secret_hash',
  'authorization',
  'directlogin',
  'cookie',
  'email',
  'legal_name',
  'legalName',
  'mobile_phone_number',
  'mobileNumber',
  'date_of_birth',
  'dateOfBirth',
  'bindings',
  'sql',
];

export const redactPaths = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
];

export function createLogger(options: { level: LogLevel; name?: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: options.name ? { name: options.name } : {},
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

let root: Logger = createLogger({ level: 'silent' });

/** Sets the process's root logger (the service's and the adapter's start-up do this once). */
export function setRootLogger(logger: Logger): void {
  root = logger;
}

const scope = new AsyncLocalStorage<Logger>();

/** Runs `fn` with `logger` as the logger `log()` returns inside it (and in everything it awaits). */
export function withLogger<T>(logger: Logger, fn: () => T): T {
  return scope.run(logger, fn);
}

/** The current request's logger, or the root logger outside a request. */
export function log(): Logger {
  return scope.getStore() ?? root;
}
