/** The `grpc` connector: every Connector method as one call to a core banking adapter (obp.connector.v1). */
import { Metadata, status as Status } from '@grpc/grpc-js';
import { log } from '../../observability/log';
import { connectorRetries, grpcBreakerOpen } from '../../observability/metrics';
import type { CallContext, Connector, ConnectorMethodName } from '../connector';
import { ConnectorError, isConnectorError } from '../errors';
import { probe } from '../readiness';
import { LinkBreakers, type CallOutcome } from './breakers';
import { CallSigner, SIGNATURE_KEY } from './call-signature';
import {
  channelCredentials,
  defaultKeepalive,
  defaultMaxMessageBytes,
  defaultReconnectBackoff,
  openChannel,
  type KeepaliveOptions,
  type ReconnectBackoff,
  type TlsFiles,
} from './channel';
import { codecs } from './codecs';
import { connectorMethodNames, rpcs, type Request } from './methods';
import { backoffDelayMs, defaultCircuitBreakerOptions, defaultRetryPolicy, sleep, type CircuitBreakerOptions, type RetryPolicy } from './resilience';
import { connectorErrorFromStatus, CORRELATION_ID_KEY, isServiceError } from './status';
import { callContext } from './wire';

export interface GrpcConnectorOptions extends TlsFiles {
  /** The adapter's address, host:port. */
  url: string;
  /** Deadline of one connector call, retries included. Default 5000. */
  timeoutMs?: number;
  /** Retries of reads that failed with UNAVAILABLE. Writes are never retried. */
  retry?: Partial<RetryPolicy>;
  /** `false` turns the breakers off. */
  circuitBreaker?: Partial<CircuitBreakerOptions> | false;
  keepalive?: Partial<KeepaliveOptions>;
  reconnectBackoff?: Partial<ReconnectBackoff>;
  /** The Pass-Through-* request headers (any case) that may reach the adapter; the others stay here. Default none. */
  passThroughHeaders?: readonly string[];
  /** Signs every call with this shared secret (metadata `obp-signature`), for adapters that require it. */
  authSecret?: string;
  /** Largest message sent or accepted, in bytes. Default 4 MiB. */
  maxMessageBytes?: number;
}

export const defaultTimeoutMs = 5_000;

export function createGrpcConnector(options: GrpcConnectorOptions): Connector {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const passThrough = new Set((options.passThroughHeaders ?? []).map((h) => h.toLowerCase()));
  const signer = options.authSecret ? new CallSigner(options.authSecret) : undefined;
  const breakers =
    options.circuitBreaker === false
      ? undefined
      : new LinkBreakers(
          { ...defaultCircuitBreakerOptions, ...options.circuitBreaker },
          {
            onAdapterState(state) {
              grpcBreakerOpen.set(state === 'closed' ? 0 : 1);
              log().warn({ breaker: 'adapter', state }, `gRPC adapter circuit ${state}`);
            },
            onMethodState: (method, state) => log().warn({ breaker: method, state }, `gRPC ${method} circuit ${state}`),
          },
        );
  const channel = openChannel(options.url, channelCredentials(options), {
    keepalive: { ...defaultKeepalive, ...options.keepalive },
    reconnect: { ...defaultReconnectBackoff, ...options.reconnectBackoff },
    maxMessageBytes: options.maxMessageBytes ?? defaultMaxMessageBytes,
  });

  /** What a failed attempt says about the link, for the breakers. */
  const outcomeOf = (code: Status): CallOutcome =>
    code === Status.UNAVAILABLE || code === Status.CANCELLED
      ? 'unreachable'
      : code === Status.DEADLINE_EXCEEDED
        ? channel.connected()
          ? 'slow'
          : 'unreachable'
        : 'answered';

  /** `args` are the Connector method's arguments, the call context last. */
  async function call<M extends ConnectorMethodName>(method: M, args: unknown[]): Promise<unknown> {
    const rpc = rpcs[method];
    const codec = codecs[method] as (typeof codecs)[M];
    const cc = args[args.length - 1] as CallContext;
    const refused = breakers?.acquire(method);
    if (refused) {
      throw new ConnectorError('UNAVAILABLE', `gRPC adapter ${method}: ${refused} circuit open after repeated failures, failing fast`);
    }
    let outcome: CallOutcome = 'answered';
    try {
      // The row ignores the trailing call context it is given; the request gets its wire form instead.
      const request = (rpc.request as (...a: unknown[]) => Request<M>)(...args);
      request.callContext = callContext(cc, passThrough);
      const body = codec.encodeRequest(request);
      const deadline = Date.now() + timeoutMs;
      for (let attempt = 1; ; attempt++) {
        const metadata = new Metadata();
        metadata.set(CORRELATION_ID_KEY, cc.correlationId);
        if (signer) metadata.set(SIGNATURE_KEY, signer.sign(codec.path, body));
        try {
          const response = await channel.unary(codec.path, body, metadata, deadline);
          return (rpc.result as (r: unknown) => unknown)(codec.decodeResponse(response));
        } catch (e) {
          if (!isServiceError(e)) {
            throw isConnectorError(e) ? e : new ConnectorError('INTERNAL', `gRPC adapter ${method}: bad response`, { cause: e });
          }
          if (e.code === Status.UNAVAILABLE && rpc.read && attempt < retry.maxAttempts) {
            const delay = backoffDelayMs(retry, attempt);
            if (Date.now() + delay < deadline) {
              connectorRetries.inc({ connector: 'grpc', method });
              await sleep(delay);
              continue;
            }
          }
          outcome = outcomeOf(e.code);
          if (e.code === Status.NOT_FOUND && rpc.notFound) return rpc.notFound.value;
          throw connectorErrorFromStatus(e, method);
        }
      }
    } finally {
      breakers?.settle(method, outcome);
    }
  }

  const methods = Object.fromEntries(
    connectorMethodNames.map((method) => [method, (...args: unknown[]) => call(method, args)]),
  ) as Pick<Connector, ConnectorMethodName>;

  return {
    name: 'grpc',
    ...methods,
    async checkReadiness(timeoutMs) {
      if (breakers && breakers.adapterState !== 'closed') {
        return [{ dependency: 'adapter', ok: false, detail: `circuit breaker ${breakers.adapterState}` }];
      }
      return [
        await probe('adapter', timeoutMs, async () => {
          const status = await channel.healthStatus(Date.now() + timeoutMs);
          if (status !== 'SERVING') throw new Error(`adapter health ${status}`);
        }),
      ];
    },
    async close() {
      channel.close();
    },
  };
}
