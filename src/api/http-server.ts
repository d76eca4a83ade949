/** The node:http servers: the API's (operator paths first, then Koa) and the optional metrics-only one. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientError } from './client-error';
import { InvalidUriBody, type OpsHandler } from './ops';

export interface HttpLimits {
  maxHeaderBytes: number;
  keepAliveTimeoutMs: number;
}

/** Receiving a request's headers, then all of it, may take this long (Node's defaults are 60 s and 300 s). */
export const HEADERS_TIMEOUT_MS = 20_000;
export const REQUEST_RECEIVE_TIMEOUT_MS = 60_000;

export function createHttpServer(limits: HttpLimits, ops: OpsHandler, app: http.RequestListener | undefined): http.Server {
  const server = http.createServer({ maxHeaderSize: limits.maxHeaderBytes }, (req, res) => {
    if (ops(req, res)) return;
    if (app) app(req, res);
    else {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(InvalidUriBody);
    }
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_RECEIVE_TIMEOUT_MS;
  server.on('clientError', answerClientError);
  return server;
}

/** Listens and returns the port (useful with port 0). */
export async function listen(server: http.Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
