import type { Knex } from 'knex';
import { CallLimitStore } from '../auth/call-limits';
import { ConsumerStore } from '../auth/consumers';
import { EntitlementStore } from '../auth/entitlements';
import { LoginAttempts } from '../auth/login-attempts';
import { OidcClientStore } from '../auth/oidc/clients';
import { PasswordHasher } from '../auth/passwords';
import { TokenStore } from '../auth/token-store';
import { UserStore } from '../auth/users';
import type { Config } from '../config';

/** A failure the operator can fix: printed as one line on stderr, exit code 1. */
export class UsageError extends Error {}

export type Options = Record<string, string | boolean | undefined>;

export interface CommandContext {
  db: Knex;
  opts: Options;
  config: Config;
  stores: ReturnType<typeof cliStores>;
  /** Reads standard input to the end (for passwords given on stdin). */
  readStdin(): Promise<string>;
  /** Progress lines for the operator (stderr; stdout carries only the JSON result). */
  progress(message: string): void;
}

export interface Command {
  summary: string;
  usage: string;
  /** Option names; those listed in `flags` take no value. */
  options: string[];
  flags?: string[];
  /** Required positional arguments, handed to `run` in the options under these names. */
  positionals?: string[];
  /** False for commands that open no database (none today, but `migrate` must not auto-migrate first). */
  autoMigrate?: boolean;
  run(ctx: CommandContext): Promise<unknown>;
}

/** The stores the commands use (no rate limiting or background work: the CLI is the operator). */
export function cliStores(db: Knex, config: Config) {
  const hasher = new PasswordHasher({ concurrency: 1, maxQueued: 0 });
  return {
    users: new UserStore(db, hasher),
    consumers: new ConsumerStore(db),
    oidcClients: new OidcClientStore(db),
    entitlements: new EntitlementStore(db),
    tokens: new TokenStore(db),
    callLimits: new CallLimitStore(db),
    attempts: new LoginAttempts(db, {
      maxBadLoginAttempts: config.MAX_BAD_LOGIN_ATTEMPTS,
      lockoutMs: config.BAD_LOGIN_LOCKOUT_SECONDS * 1000,
    }),
  };
}

export function required(opts: Options, name: string): string {
  const v = opts[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`missing --${name}`);
  return v;
}

export function optionalString(opts: Options, name: string): string | undefined {
  const v = opts[name];
  return typeof v === 'string' ? v : undefined;
}

/** A whole-number option within bounds, or its default. */
export function intOption(opts: Options, name: string, fallback: number, min: number, max: number): number {
  const v = opts[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  }
  return Number(v);
}

/** List commands page through at most this many rows per call. */
export const MAX_PAGE = 10_000;

export function page(opts: Options): { limit: number; offset: number } {
  return { limit: intOption(opts, 'limit', 100, 1, MAX_PAGE), offset: intOption(opts, 'offset', 0, 0, Number.MAX_SAFE_INTEGER) };
}

/**
 * What the operator sees of an unexpected failure: its kind and code, never its message or stack (a database
 * driver's message quotes the SQL and may quote the data).
 */
export function describeFailure(e: unknown): string {
  const err = e as { code?: unknown; errno?: unknown; name?: unknown };
  if (typeof err?.code === 'string') return `database or system error ${err.code}${typeof err.errno === 'number' ? ` (${err.errno})` : ''}`;
  return `unexpected ${typeof err?.name === 'string' ? err.name : 'error'}`;
}
