/** The `grpc` connector: every Connector method as one call to a core banking adapter (obp.connector.v1). */
import { Metadata, status as Status } from '@grpc/grpc-js';
import type { CallContext, Connector, ConnectorMethodName } from '../connector';
import { ConnectorError, isConnectorError } from '../errors';
import { probe } from '../readiness';
import {
  channelCredentials,
  defaultKeepalive,
  defaultReconnectBackoff,
  openChannel,
  type KeepaliveOptions,
  type ReconnectBackoff,
  type TlsFiles,
} from './channel';
import { encodeCallContext } from './codec';
import { methodCodecs, type MethodArgs, type MethodResult } from './methods';
import {
  backoffDelayMs,
  CircuitBreaker,
  defaultCircuitBreakerOptions,
  defaultRetryPolicy,
  sleep,
  type CircuitBreakerOptions,
  type RetryPolicy,
} from './resilience';
import { connectorErrorFromStatus, CORRELATION_ID_KEY, isServiceError, isTransportFailure } from './status';

export interface GrpcConnectorOptions extends TlsFiles {
  /** The adapter's address, host:port. */
  url: string;
  /** Deadline of one connector call, retries included. Default 5000. */
  timeoutMs?: number;
  /** Retries of reads that failed with UNAVAILABLE. Writes are never retried. */
  retry?: Partial<RetryPolicy>;
  /** `false` turns the breaker off. */
  circuitBreaker?: Partial<CircuitBreakerOptions> | false;
  keepalive?: Partial<KeepaliveOptions>;
  reconnectBackoff?: Partial<ReconnectBackoff>;
}

export const defaultTimeoutMs = 5_000;

export function createGrpcConnector(options: GrpcConnectorOptions): Connector {
  const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
  const retry: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const breaker =
    options.circuitBreaker === false
      ? undefined
      : new CircuitBreaker({ ...defaultCircuitBreakerOptions, ...options.circuitBreaker });
  const channel = openChannel(
    options.url,
    channelCredentials(options),
    { ...defaultKeepalive, ...options.keepalive },
    { ...defaultReconnectBackoff, ...options.reconnectBackoff },
  );

  async function call<M extends ConnectorMethodName>(method: M, cc: CallContext, ...args: MethodArgs<M>): Promise<MethodResult<M>> {
    const codec = methodCodecs[method];
    if (breaker && !breaker.tryAcquire()) {
      throw new ConnectorError('UNAVAILABLE', `gRPC adapter ${method}: circuit open after repeated failures, failing fast`);
    }
    const request = { call_context: encodeCallContext(cc), ...codec.encodeRequest(...args) };
    const metadata = new Metadata();
    metadata.set(CORRELATION_ID_KEY, cc.correlationId);
    const deadline = Date.now() + timeoutMs;

    for (let attempt = 1; ; attempt++) {
      try {
        const response = await channel.unary(method, request, metadata, deadline);
        breaker?.onSuccess();
        return codec.decodeResponse(response);
      } catch (e) {
        if (!isServiceError(e)) {
          breaker?.onSuccess();
          throw isConnectorError(e) ? e : new ConnectorError('INTERNAL', `gRPC adapter ${method}: ${String(e)}`, { cause: e });
        }
        if (e.code === Status.UNAVAILABLE && codec.read && attempt < retry.maxAttempts) {
          const delay = backoffDelayMs(retry, attempt);
          if (Date.now() + delay < deadline) {
            await sleep(delay);
            continue;
          }
        }
        if (isTransportFailure(e.code)) breaker?.onFailure();
        else breaker?.onSuccess();
        if (e.code === Status.NOT_FOUND && codec.onNotFound) return codec.onNotFound.value;
        throw connectorErrorFromStatus(e, method);
      }
    }
  }

  return {
    name: 'grpc',
    getBank: (bankId, cc) => call('getBank', cc, bankId),
    getBanks: (cc) => call('getBanks', cc),
    createOrUpdateBank: (bank, cc) => call('createOrUpdateBank', cc, bank),
    createBank: (bank, cc) => call('createBank', cc, bank),
    createCustomer: (bankId, customer, cc) => call('createCustomer', cc, bankId, customer),
    checkCustomerNumberAvailable: (bankId, number, cc) => call('checkCustomerNumberAvailable', cc, bankId, number),
    getCustomerByCustomerId: (customerId, cc) => call('getCustomerByCustomerId', cc, customerId),
    getCustomerByCustomerNumber: (number, bankId, cc) => call('getCustomerByCustomerNumber', cc, number, bankId),
    getCustomersByUserId: (userId, cc) => call('getCustomersByUserId', cc, userId),
    getCustomers: (bankId, query, cc) => call('getCustomers', cc, bankId, query),
    updateCustomerScaData: (customerId, update, cc) => call('updateCustomerScaData', cc, customerId, update),
    updateCustomerCreditData: (customerId, update, cc) => call('updateCustomerCreditData', cc, customerId, update),
    updateCustomerGeneralData: (customerId, update, cc) => call('updateCustomerGeneralData', cc, customerId, update),
    getCustomerAttributes: (bankId, customerId, cc) => call('getCustomerAttributes', cc, bankId, customerId),
    getCustomerAttributesForCustomers: (customers, cc) => call('getCustomerAttributesForCustomers', cc, customers),
    createUserCustomerLink: (userId, customerId, cc) => call('createUserCustomerLink', cc, userId, customerId),
    getUserCustomerLink: (userId, customerId, cc) => call('getUserCustomerLink', cc, userId, customerId),
    getCustomerAddress: (customerId, cc) => call('getCustomerAddress', cc, customerId),
    createCustomerAddress: (customerId, fields, cc) => call('createCustomerAddress', cc, customerId, fields),
    updateCustomerAddress: (customerId, addressId, fields, cc) =>
      call('updateCustomerAddress', cc, customerId, addressId, fields),
    deleteCustomerAddress: (customerId, addressId, cc) => call('deleteCustomerAddress', cc, customerId, addressId),
    createTaxResidence: (customerId, domain, taxNumber, cc) => call('createTaxResidence', cc, customerId, domain, taxNumber),
    getTaxResidence: (customerId, cc) => call('getTaxResidence', cc, customerId),
    deleteTaxResidence: (customerId, taxResidenceId, cc) => call('deleteTaxResidence', cc, customerId, taxResidenceId),
    addSocialMediaHandle: (customerId, handle, cc) => call('addSocialMediaHandle', cc, customerId, handle),
    getSocialMediaHandles: (customerId, cc) => call('getSocialMediaHandles', cc, customerId),
    getCrmEvents: (bankId, page, cc) => call('getCrmEvents', cc, bankId, page),
    createCreditLimitRequest: (bankId, customerId, fields, cc) =>
      call('createCreditLimitRequest', cc, bankId, customerId, fields),
    getCreditLimitRequests: (bankId, customerId, limit, cc) => call('getCreditLimitRequests', cc, bankId, customerId, limit),
    getCreditLimitRequestByRequestId: (bankId, customerId, requestId, cc) =>
      call('getCreditLimitRequestByRequestId', cc, bankId, customerId, requestId),
    getAdapterInfo: (cc) => call('getAdapterInfo', cc),
    async checkReadiness(timeoutMs) {
      if (breaker && breaker.state !== 'closed') return [{ dependency: 'adapter', ok: false, detail: `circuit breaker ${breaker.state}` }];
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
