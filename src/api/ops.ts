/**
 * The operator endpoints, outside the OBP endpoint table and the Koa pipeline (no access line, no metrics, no
 * authentication): GET /health/live, GET /health/ready and GET /metrics.
 */
import type http from 'node:http';
import type { Readiness } from '../observability/readiness';
import { ObpError, obpErrorBody } from '../errors';
import { registry } from '../observability/metrics';
import type { Lifecycle } from './lifecycle';

export interface OpsOptions {
  lifecycle: Lifecycle;
  readiness: Readiness;
  /** False on the main port when METRICS_PORT is set. */
  metrics: boolean;
}

/** Handles a request for one of the operator paths and returns true, or returns false without touching it. */
export type OpsHandler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

function send(res: http.ServerResponse, status: number, type: string, body: string, draining: boolean) {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  if (draining) res.setHeader('Connection', 'close');
  res.end(body);
}

const json = 'application/json';

/** What the metrics-only port answers for any other path. */
export const InvalidUriBody = obpErrorBody(new ObpError('InvalidUri'));

export function opsHandler(options: OpsOptions): OpsHandler {
  const { lifecycle, readiness } = options;
  const ready = async (res: http.ServerResponse) => {
    if (lifecycle.draining) {
      send(res, 503, json, JSON.stringify({ status: 'shutting_down', checks: [] }), true);
      return;
    }
    const checks = await readiness.check();
    const ok = checks.every((c) => c.ok);
    send(res, ok ? 200 : 503, json, JSON.stringify({ status: ok ? 'ready' : 'not_ready', checks }), lifecycle.draining);
  };
  const metrics = async (res: http.ServerResponse) => {
    send(res, 200, registry.contentType, await registry.metrics(), lifecycle.draining);
  };
  // Neither can fail in practice (probes never throw); a bug still gets an answer, not a hung request.
  const failed = (res: http.ServerResponse) => () =>
    send(res, 500, json, obpErrorBody(new ObpError('InternalServerError')), lifecycle.draining);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    switch (req.url) {
      case '/health/live':
        send(res, 200, json, '{"status":"ok"}', lifecycle.draining);
        return true;
      case '/health/ready':
        void ready(res).catch(failed(res));
        return true;
      case '/metrics':
        if (!options.metrics) return false;
        void metrics(res).catch(failed(res));
        return true;
      default:
        return false;
    }
  };
}
