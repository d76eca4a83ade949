/**
 * Structured logging (pino). One root logger per process; during a request, `log()` returns that request's
 * child logger (correlation id bound), so every line written on its behalf can be traced.
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

/**
 * What a log line may say about an error: its class and the driver's codes, never its message (database and
 * Knex messages embed SQL, bound values and the offending data: "Duplicate entry 'felix.smith' …"). The stack
 * without its first line (which repeats the message) is kept only at debug level and below.
 */
export function safeError(e: unknown, withStack = false): Record<string, unknown> {
  if (typeof e !== 'object' || e === null) return { class: typeof e };
  // Already filtered (the `err` serializer sees what safeError returned when code logs `{ err: safeError(e) }`).
  if (Object.getPrototypeOf(e) === Object.prototype && typeof (e as { class?: unknown }).class === 'string') {
    return e as Record<string, unknown>;
  }
  const err = e as { name?: unknown; code?: unknown; errno?: unknown; sqlState?: unknown; kind?: unknown; stack?: unknown };
  const out: Record<string, unknown> = { class: typeof err.name === 'string' ? err.name : (e.constructor?.name ?? 'Object') };
  if (typeof err.code === 'string' || typeof err.code === 'number') out.code = err.code;
  if (typeof err.errno === 'number') out.errno = err.errno;
  if (typeof err.sqlState === 'string') out.sqlState = err.sqlState;
  if (typeof err.kind === 'string') out.kind = err.kind;
  if (withStack && typeof err.stack === 'string') out.stack = err.stack.split('\n').slice(1).join('\n');
  return out;
}

export function createLogger(options: { level: LogLevel; name?: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: options.name ? { name: options.name } : {},
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactPaths, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
      // An `err` passed by any code goes through the same filter as ours.
      serializers: { err: (e: unknown) => safeError(e) },
    },
    options.destination,
  );
}

let root: Logger = createLogger({ level: 'silent' });

/** Sets the process's root logger (the service's and the adapter's start-up do this once). */
export function setRootLogger(logger: Logger): void {
  root = logger;
}

export function rootLogger(): Logger {
  return root;
}

/**
 * The per-request scope: an object the request already owns (the service uses Koa's `ctx.state`), so entering
 * the scope allocates nothing; the child logger is made on the first `log()` call inside it, if any.
 */
export interface LogScope {
  correlationId?: string;
  logger?: Logger;
}

const scope = new AsyncLocalStorage<LogScope>();

/** Runs `fn` with `logger` as the logger `log()` returns inside it (and in everything it awaits). */
export function withLogger<T>(logger: Logger, fn: () => T): T {
  return scope.run({ logger }, fn);
}

/** Runs `fn` inside `s`: `log()` there returns a child of the root logger carrying `s.correlationId`. */
export function withLogScope<T>(s: LogScope, fn: () => T): T {
  return scope.run(s, fn);
}

/** The current request's logger, or the root logger outside a request. */
export function log(): Logger {
  const s = scope.getStore();
  if (s === undefined) return root;
  if (s.logger !== undefined) return s.logger;
  if (s.correlationId === undefined) return root;
  return (s.logger = root.child({ correlation_id: s.correlationId }));
}
