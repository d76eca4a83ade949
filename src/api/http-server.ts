/** The node:http servers: the API's (operator paths first, then Koa) and the optional metrics-only one. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerClientError } from './client-error';
import { InvalidUriBody, type OpsHandler } from './ops';

export interface HttpLimits {
  maxHeaderBytes: number;
  keepAliveTimeoutMs: number;
  headersTimeoutMs: number;
}

/** Receiving a whole request (headers and body) may take this long (Node's default is 300 s). */
export const REQUEST_RECEIVE_TIMEOUT_MS = 60_000;

export function createHttpServer(limits: HttpLimits, ops: OpsHandler, app: http.RequestListener | undefined): http.Server {
  const options: http.ServerOptions = {
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: Math.max(REQUEST_RECEIVE_TIMEOUT_MS, limits.headersTimeoutMs),
    // How often Node looks for requests past those limits (default 30 s, which would stretch them).
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  };
  const server = http.createServer(options, (req, res) => {
    if (ops(req, res)) return;
    if (app) app(req, res);
    else {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(InvalidUriBody);
    }
  });
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
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
