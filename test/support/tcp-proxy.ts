/**
 * A TCP proxy between the service and a database that a test can break on purpose: stop it (connections are
 * refused and open ones reset) or freeze it (connections are accepted and kept, but nothing is forwarded, as
 * with a dead network path or a frozen node), then resume it.
 */
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Closes the listener and resets every open connection. */
  stop(): Promise<void>;
  /** Keeps accepting, but forwards nothing in either direction, on open and new connections. */
  freeze(): void;
  /** Back to forwarding (listening again if stopped); connections frozen meanwhile are dropped. */
  resume(): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream?: net.Socket;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: 'open' | 'frozen' = 'open';
  const pairs = new Set<Pair>();

  const drop = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  };

  const connectUpstream = (pair: Pair) => {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
    upstream.on('error', () => drop(pair));
    upstream.on('close', () => drop(pair));
  };

  const server = net.createServer((client) => {
    const pair: Pair = { client };
    pairs.add(pair);
    client.on('error', () => drop(pair));
    client.on('close', () => drop(pair));
    if (mode === 'open') connectUpstream(pair);
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const port = await listen(0);

  return {
    port,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const pair of [...pairs]) {
          pair.client.resetAndDestroy();
          pair.upstream?.destroy();
          pairs.delete(pair);
        }
      });
    },
    freeze() {
      mode = 'frozen';
      for (const { client, upstream } of pairs) {
        client.unpipe();
        upstream?.unpipe();
        client.pause();
        upstream?.pause();
      }
    },
    async resume() {
      mode = 'open';
      for (const pair of [...pairs]) drop(pair);
      if (!server.listening) await listen(port);
    },
    async close() {
      mode = 'frozen';
      for (const pair of [...pairs]) drop(pair);
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
