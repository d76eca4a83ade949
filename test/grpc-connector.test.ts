/** The gRPC connector and the reference adapter on the wire: context, errors, identity, health, TLS. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { CallContext, Connector } from '../src/connector/connector';
import { ConnectorError } from '../src/connector/errors';
import { createGrpcConnector } from '../src/connector/grpc';
import { findPackageRoot } from '../src/connector/grpc/proto';
import { HealthCheckResponse_ServingStatus, HealthClient } from '../src/generated/grpc/health/v1/health';
import { startAdapter } from '../src/adapter/server';
import { cc, newBank } from './conformance/fixtures';
import { rawServer as bareServer, failure, grpcLink } from './support/grpc';
import { createMemoryConnector } from './support/memory-connector';

const { adapter, client, cleanups } = grpcLink();
const rawServer = (handlers: grpc.UntypedServiceImplementation) => bareServer(handlers, cleanups);

describe('call context', () => {
  it('reaches the connector behind the adapter intact', async () => {
    const seen: CallContext[] = [];
    const inner = createMemoryConnector();
    const spy: Connector = { ...inner, getBanks: async (ctx) => (seen.push(ctx), inner.getBanks(ctx)) };
    const connector = client((await adapter({ connector: spy })).port, { passThroughHeaders: ['pass-through-tenant'] });

    await connector.getBanks(cc);
    await connector.getBanks({ correlationId: 'anonymous' });
    expect(seen).toEqual([cc, { correlationId: 'anonymous' }]);
  });

  it('forwards only the allow-listed Pass-Through headers (none by default)', async () => {
    const seen: CallContext[] = [];
    const inner = createMemoryConnector();
    const spy: Connector = { ...inner, getBanks: async (ctx) => (seen.push(ctx), inner.getBanks(ctx)) };
    const port = (await adapter({ connector: spy })).port;
    const headers = { 'Pass-Through-Tenant': 'x', 'Pass-Through-Session': 'secret', 'pass-through-branch': 'b1' };

    await client(port).getBanks({ ...cc, passThroughHeaders: headers });
    await client(port, { passThroughHeaders: ['Pass-Through-Branch', 'PASS-THROUGH-TENANT'] }).getBanks({ ...cc, passThroughHeaders: headers });
    expect(seen.map((ctx) => ctx.passThroughHeaders)).toEqual([undefined, { 'Pass-Through-Tenant': 'x', 'pass-through-branch': 'b1' }]);
  });

  it('travels as metadata correlation-id too', async () => {
    const received: unknown[] = [];
    const port = await rawServer({
      getBanks: (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        received.push(call.metadata.get('correlation-id')[0]);
        callback(null, { banks: [] });
      },
    });
    await client(port).getBanks(cc);
    expect(received).toEqual(['conformance']);
  });
});

describe('errors across the wire', () => {
  it('keeps the kind and the OBP code of a ConnectorError', async () => {
    const inner = createMemoryConnector();
    const failing: Connector = {
      ...inner,
      createOrUpdateBank: async () => {
        throw new ConnectorError('INVALID_ARGUMENT', 'bank id rejected by the CBS', { obpCode: 'OBP-30111' });
      },
    };
    const e = await failure(client((await adapter({ connector: failing })).port).createOrUpdateBank(newBank(), cc));
    expect(e.kind).toBe('INVALID_ARGUMENT');
    expect(e.obpCode).toBe('OBP-30111');
  });

  it('turns any other exception into INTERNAL without passing its text on', async () => {
    const inner = createMemoryConnector();
    const crashing: Connector = {
      ...inner,
      getBanks: async () => {
        throw new Error('connect ECONNREFUSED secret-db.internal:3306');
      },
    };
    const e = await failure(client((await adapter({ connector: crashing })).port).getBanks(cc));
    expect(e.kind).toBe('INTERNAL');
    expect(e.obpCode).toBeUndefined();
    expect(e.message).not.toContain('secret-db');
  });

  it('NOT_FOUND is undefined for lookups and updates, false for deletes, an error for creates', async () => {
    const connector = client((await adapter({ connector: createMemoryConnector() })).port);
    expect(await connector.getBank('missing', cc)).toBeUndefined();
    expect(await connector.updateCustomerScaData('missing', { email: 'a@b.c' }, cc)).toBeUndefined();
    expect(await connector.deleteTaxResidence('missing', 'missing', cc)).toBe(false);
    const e = await failure(connector.createTaxResidence('missing', 'DE', '1', cc));
    expect(e.kind).toBe('NOT_FOUND');
    expect(e.obpCode).toBe('OBP-30046');
  });

  it('maps an RPC the adapter does not implement to UNIMPLEMENTED', async () => {
    const connector = client(await rawServer({}));
    expect((await failure(connector.getCrmEvents('b', { limit: 50, offset: 0 }, cc))).kind).toBe('UNIMPLEMENTED');
  });

  it('treats OK without the entity as an adapter fault', async () => {
    const port = await rawServer({
      getBank: (_call: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, {}),
    });
    expect((await failure(client(port).getBank('b', cc))).kind).toBe('INTERNAL');
  });
});

describe('adapter identity and health', () => {
  it('getAdapterInfo reports the adapter, its package version and commit', async () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(findPackageRoot(), 'package.json'), 'utf8')) as { version: string };
    const connector = client((await adapter({ connector: createMemoryConnector(), info: { gitCommit: 'abc123' } })).port);
    const info = await connector.getAdapterInfo(cc);
    expect(info).toEqual({
      name: 'obp-customer-reference-adapter',
      version: pkg.version,
      gitCommit: 'abc123',
      date: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      errorCode: '',
      backendMessages: [],
    });
  });

  it('serves grpc.health.v1.Health/Check', async () => {
    const running = await adapter({ connector: createMemoryConnector() });
    const health = new HealthClient(`127.0.0.1:${running.port}`, grpc.credentials.createInsecure());
    cleanups.push(() => health.close());
    const check = (service: string) =>
      new Promise<{ status: string }>((resolve, reject) =>
        health.check({ service }, (e, res) => (e ? reject(e) : resolve({ status: HealthCheckResponse_ServingStatus[res.status] }))),
      );
    expect(await check('')).toEqual({ status: 'SERVING' });
    expect(await check('obp.connector.v1.Connector')).toEqual({ status: 'SERVING' });
    await expect(check('no.such.Service')).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
  });

  it('close() lets a call in flight finish', async () => {
    const inner = createMemoryConnector();
    const slow: Connector = { ...inner, getBanks: async (ctx) => (await new Promise((r) => setTimeout(r, 200)), inner.getBanks(ctx)) };
    const running = await startAdapter({ connector: slow, port: 0, shutdownGraceMs: 5_000 });
    const connector = client(running.port);
    const inFlight = connector.getBanks(cc);
    await new Promise((r) => setTimeout(r, 50));
    await running.close();
    expect(await inFlight).toEqual([]);
  });

  it('finds the package root from the sources and from a build directory', () => {
    const root = findPackageRoot();
    expect(fs.existsSync(path.join(root, 'proto/obp/connector/v1/connector.proto'))).toBe(true);
    expect(findPackageRoot(path.join(root, 'dist/src/connector/grpc'))).toBe(root);
  });
});

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasOpenssl)('TLS', () => {
  /** A throw-away CA, a server certificate for 127.0.0.1 and a client certificate, all EC keys. */
  function certificates() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grpc-tls-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const f = (name: string) => path.join(dir, name);
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    const key = (name: string) => ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', f(name));
    key('ca.key');
    ssl('req', '-x509', '-new', '-key', f('ca.key'), '-subj', '/CN=test-ca', '-days', '1', '-out', f('ca.crt'));
    for (const [name, ext] of [
      ['server', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
      ['client', 'extendedKeyUsage=clientAuth'],
    ]) {
      key(`${name}.key`);
      ssl('req', '-new', '-key', f(`${name}.key`), '-subj', `/CN=${name}`, '-out', f(`${name}.csr`));
      fs.writeFileSync(f(`${name}.ext`), `${ext}\n`);
      ssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1',
        '-extfile', f(`${name}.ext`), '-out', f(`${name}.crt`));
    }
    return { f, read: (name: string) => fs.readFileSync(f(name)) };
  }

  it('talks mutual TLS when given a CA, a client certificate and a key, and refuses plaintext', async () => {
    const { f, read } = certificates();
    const credentials = grpc.ServerCredentials.createSsl(
      read('ca.crt'),
      [{ private_key: read('server.key'), cert_chain: read('server.crt') }],
      true,
    );
    const running = await adapter({ connector: createMemoryConnector(), credentials });

    // By name, as TLS verifies host names (an IP address as TLS server name is deprecated).
    const url = `localhost:${running.port}`;
    const tls = client(running.port, { url, caFile: f('ca.crt'), certFile: f('client.crt'), keyFile: f('client.key') });
    const bank = newBank();
    expect(await tls.createOrUpdateBank(bank, cc)).toEqual(bank);

    const withoutClientCert = client(running.port, { url, caFile: f('ca.crt'), retry: { maxAttempts: 1 } });
    expect((await failure(withoutClientCert.getBanks(cc))).kind).toBe('UNAVAILABLE');
    const plaintext = client(running.port, { retry: { maxAttempts: 1 } });
    expect((await failure(plaintext.getBanks(cc))).kind).toBe('UNAVAILABLE');
  });

  it('rejects a client certificate without its key', () => {
    expect(() => createGrpcConnector({ url: '127.0.0.1:1', certFile: 'client.crt' })).toThrow(/both a client certificate/);
  });
});
