/**
 * What logs and metrics say about a request's endpoint, computed once per endpoint when the router is built:
 * label values come from the endpoint table, never from the raw URL (which can hold ids and filter values).
 */
import type { Histogram } from 'prom-client';
import { httpRequestDuration } from '../observability/metrics';

type Observer = Histogram.Internal<'operation_id' | 'method' | 'status'>;

export class RouteInfo {
  private readonly byStatus = new Map<number, Map<string, Observer>>();

  constructor(
    readonly operationId: string,
    /** The declared path, e.g. /obp/v3.1.0/banks/BANK_ID/customers/CUSTOMER_ID */
    readonly route: string,
  ) {}

  /** Records one request in http_request_duration_seconds. */
  observe(method: string, status: number, seconds: number): void {
    let byMethod = this.byStatus.get(status);
    if (byMethod === undefined) this.byStatus.set(status, (byMethod = new Map()));
    let o = byMethod.get(method);
    if (o === undefined) byMethod.set(method, (o = httpRequestDuration.labels(this.operationId, method, String(status))));
    o.observe(seconds);
  }
}

/** Requests that matched no endpoint: one fixed label value, whatever the URL. */
export const UNMATCHED = new RouteInfo('unmatched', 'unmatched');

/** CORS preflight requests, answered before routing. */
export const PREFLIGHT = new RouteInfo('cors_preflight', 'cors_preflight');
