/**
 * How the adapter serves one call of obp.connector.v1: check the signature over the bytes received, decode, check
 * list sizes and the deadline, run the connector method (a write inside the store's unit of work, committed only
 * if the caller still waits for it), encode. Every call logs one line with the correlation id it received, and
 * every line the store writes during the call carries it too.
 */
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { ConnectorService } from '../generated/obp/connector/v1/connector';
import type { Connector, ConnectorMethodName } from '../connector/connector';
import { ConnectorError } from '../connector/errors';
import type { AdapterInfo } from '../connector/types';
import { SIGNATURE_KEY, type SignatureVerifier } from '../connector/grpc/call-signature';
import { codecs } from '../connector/grpc/codecs';
import { connectorMethodNames, rpcs, type Request, type Response } from '../connector/grpc/methods';
import { CORRELATION_ID_KEY, statusFromError } from '../connector/grpc/status';
import { callContextOf } from '../connector/grpc/wire';
import { withLogScope, type LogScope } from '../observability/log';
import type { AdapterMetrics } from './metrics';

/**
 * Runs `work` in one unit of work of the store (a database transaction) on a connector bound to it: the unit
 * commits when `work` resolves and rolls back when it throws.
 */
export type WriteScope = <T>(work: (connector: Connector) => Promise<T>) => Promise<T>;

export interface ServeOptions {
  connector: Connector;
  writeScope?: WriteScope;
  verifier?: SignatureVerifier;
  maxListItems: number;
  logger: Logger;
  metrics?: AdapterMetrics;
  /** Answers getAdapterInfo without the store. */
  adapterInfo(): AdapterInfo;
}

const asIs = (b: Buffer) => b;

/**
 * The service definition with messages left as bytes: a signature is checked over exactly what was received, and
 * the codecs (src/connector/grpc/codecs.ts) encode and decode.
 */
export const connectorDefinition: grpc.ServiceDefinition = Object.fromEntries(
  connectorMethodNames.map((m) => [m, { ...ConnectorService[m], requestDeserialize: asIs, responseSerialize: asIs }]),
);

class Refusal {
  constructor(
    readonly code: grpc.status,
    readonly details: string,
  ) {}
}

/** The longest list anywhere in the request (a customer's dependants, a batch of customers, filters…). */
function longestList(value: unknown, depth = 0): number {
  if (depth > 4 || value === null || typeof value !== 'object' || value instanceof Date) return 0;
  let longest = 0;
  if (Array.isArray(value)) {
    longest = value.length;
    for (const item of value) longest = Math.max(longest, longestList(item, depth + 1));
  } else {
    for (const key in value) longest = Math.max(longest, longestList((value as Record<string, unknown>)[key], depth + 1));
  }
  return longest;
}

function deadlineOf(call: grpc.ServerUnaryCall<unknown, unknown>): number {
  const d = call.getDeadline();
  return d instanceof Date ? d.getTime() : d;
}

export function connectorHandlers(options: ServeOptions): grpc.UntypedServiceImplementation {
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const method of connectorMethodNames) handlers[method] = handler(method, options);
  return handlers;
}

function handler<M extends ConnectorMethodName>(method: M, options: ServeOptions): grpc.handleUnaryCall<Buffer, Buffer> {
  const rpc = rpcs[method];
  const codec = codecs[method] as (typeof codecs)[M];
  const { connector, writeScope, verifier, maxListItems, metrics } = options;

  async function serve(call: grpc.ServerUnaryCall<Buffer, Buffer>, correlationId: string, log: () => Logger): Promise<Buffer> {
    if (verifier) {
      const reason = verifier.verify(codec.path, call.metadata.get(SIGNATURE_KEY)[0], call.request);
      if (reason) {
        log().warn({ reason }, 'call signature refused');
        throw new Refusal(grpc.status.UNAUTHENTICATED, 'call signature refused');
      }
    }
    let request: Request<M>;
    try {
      request = codec.decodeRequest(call.request);
    } catch {
      throw new Refusal(grpc.status.INVALID_ARGUMENT, 'malformed request message');
    }
    const size = Math.max(longestList(request), rpc.pageSize?.(request) ?? 0);
    if (size > maxListItems) throw new ConnectorError('INVALID_ARGUMENT', `${method}: ${size} items asked for, at most ${maxListItems} served`);

    const deadline = deadlineOf(call);
    const stillWanted = () => {
      if (call.cancelled) throw new Refusal(grpc.status.CANCELLED, 'cancelled by the caller');
      if (Date.now() >= deadline) throw new Refusal(grpc.status.DEADLINE_EXCEEDED, 'deadline passed before commit');
    };
    stillWanted();

    const cc = callContextOf(request.callContext);
    cc.correlationId ||= correlationId;
    const args = [...(rpc.args as (r: Request<M>) => unknown[])(request), cc];
    const invoke = (c: Connector) => (c[method] as (...a: unknown[]) => Promise<unknown>).apply(c, args);
    const result =
      method === 'getAdapterInfo'
        ? options.adapterInfo()
        : rpc.read || !writeScope
        ? await invoke(connector)
        : // The check runs inside the transaction, before its commit: a write whose caller gave up is rolled back.
          await writeScope(async (scoped) => {
            const r = await invoke(scoped);
            stillWanted();
            return r;
          });
    if (result === undefined) throw new ConnectorError('NOT_FOUND', `${method}: not found`);
    return codec.encodeResponse((rpc.response as (r: unknown) => Response<M>)(result));
  }

  return (call, callback) => {
    const started = process.hrtime.bigint();
    const header = call.metadata.get(CORRELATION_ID_KEY)[0];
    const correlationId = typeof header === 'string' ? header.slice(0, 200) : '';
    // A silent logger (benchmarks, tests) costs nothing per call: no child, no async context.
    const silent = !options.logger.isLevelEnabled('fatal');
    // The call's child logger (a redacting pino child: the profile showed it at ~5 % of the adapter's time) is
    // made only when a line is written.
    let child: Logger | undefined;
    const log = () => (child ??= silent ? options.logger : options.logger.child({ correlation_id: correlationId, rpc: method }));
    const finish = (code: grpc.status, fields?: object) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics?.calls.observe({ method, outcome: grpc.status[code] }, seconds);
      if (code !== grpc.status.INTERNAL && !options.logger.isLevelEnabled('info')) return;
      const line = { code: grpc.status[code], duration_ms: Math.round(seconds * 1e5) / 100, ...fields };
      if (code === grpc.status.INTERNAL) log().error(line, 'call failed');
      else log().info(line, 'call');
    };
    const scope: LogScope = {
      get logger() {
        return log();
      },
    };
    (silent ? serve(call, correlationId, log) : withLogScope(scope, () => serve(call, correlationId, log))).then(
      (response) => {
        finish(grpc.status.OK);
        callback(null, response);
      },
      (e: unknown) => {
        if (e instanceof Refusal) {
          finish(e.code);
          return callback({ code: e.code, details: e.details });
        }
        const status = statusFromError(e);
        finish(status.code, e instanceof ConnectorError ? { obp_code: e.obpCode } : { error: errorName(e) });
        callback(status);
      },
    );
  };
}

/** An unexpected error's code or class only: driver messages can carry SQL and the values bound to it. */
function errorName(e: unknown): string {
  const { code, name } = (e ?? {}) as { code?: unknown; name?: unknown };
  return typeof code === 'string' ? code : typeof name === 'string' ? name : 'unknown';
}
