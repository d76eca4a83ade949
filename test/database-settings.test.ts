/** What every MySQL connection is opened with: strict sql_mode, timeouts and TLS settings that reach mysql2. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { MYSQL_SQL_MODE, databaseOptions, knexConfig } from '../src/db/knex';
import { selectedBackends, type Backend } from './support/backends';
import { startTestService, type TestService } from './support/service';

const mysql = selectedBackends().find((b) => b.name === 'mysql');

describe.runIf(mysql)('Strict SQL [mysql]', () => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService(mysql!);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('every connection runs in strict sql_mode, whatever the server default', async () => {
    // Four transactions at once hold four connections of the pool: each was set up on creation.
    const modes = await Promise.all(
      Array.from({ length: 4 }, () => s.db.transaction(async (trx) => (await trx.raw('select @@SESSION.sql_mode as m'))[0][0].m as string)),
    );
    for (const mode of modes) expect(mode.split(',')).toEqual(expect.arrayContaining(MYSQL_SQL_MODE.split(',')));
  });

  it('a value that does not fit is an error, not a silently truncated row', async () => {
    const bank = { short_name: '', full_name: '', logo_url: '', website_url: '', swift_bic: '', national_identifier: '', bank_routing_scheme: '', bank_routing_address: '', created_at: 0, updated_at: 0 };
    await expect(s.db('banks').insert({ ...bank, bank_id: 'x'.repeat(300) })).rejects.toMatchObject({ code: 'ER_DATA_TOO_LONG' });
    expect(await s.db('banks').count({ n: '*' })).toEqual([{ n: 0 }]);
  });
});

describe('MySQL TLS settings reach mysql2', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'obp-tls-'));
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  };
  const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n');
  const cert = file('cert.pem', '-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----\n');
  const key = file('key.pem', '-----BEGIN PRIVATE KEY-----\nKEY\n-----END PRIVATE KEY-----\n');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const connection = (url: string, env: Record<string, string> = {}) =>
    knexConfig(url, 10, databaseOptions(loadConfig({ DATABASE_URL: url, ...env }))).connection as Record<string, unknown>;

  it('plaintext unless asked', () => {
    expect(connection('mysql://u:p@db:3306/obp').ssl).toBeUndefined();
    expect(connection('mysql://u:p@db:3306/obp?ssl=false').ssl).toBeUndefined();
  });

  it('?ssl=true: TLS 1.2+ verified against the system CAs', () => {
    expect(connection('mysql://u:p@db:3306/obp?ssl=true').ssl).toEqual({ rejectUnauthorized: true, minVersion: 'TLSv1.2' });
  });

  it('?ssl={json}: Node TLS options as mysql2 takes them in a URL', () => {
    expect(connection('mysql://u:p@db/obp?ssl=%7B%22rejectUnauthorized%22%3Afalse%2C%22servername%22%3A%22db.internal%22%7D').ssl).toEqual({
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      servername: 'db.internal',
    });
  });

  it('DATABASE_SSL_* files: their contents, and verification unless turned off', () => {
    expect(connection('mysql://u:p@db/obp', { DATABASE_SSL_CA: ca, DATABASE_SSL_CERT: cert, DATABASE_SSL_KEY: key }).ssl).toEqual({
      rejectUnauthorized: true,
      minVersion: 'TLSv1.2',
      ca: fs.readFileSync(ca, 'utf8'),
      cert: fs.readFileSync(cert, 'utf8'),
      key: fs.readFileSync(key, 'utf8'),
    });
    expect(connection('mysql://u:p@db/obp', { DATABASE_SSL_CA: ca, DATABASE_SSL_REJECT_UNAUTHORIZED: 'false' }).ssl).toMatchObject({
      rejectUnauthorized: false,
      ca: expect.stringContaining('CA'),
    });
  });

  it.each([
    ['mysql://u:p@db/obp?ssl-mode=REQUIRED', {}, /unsupported parameter ssl-mode/],
    ['mysql://u:p@db/obp?ssl=maybe', {}, /ssl must be true, false or a JSON object/],
    ['mysql://u:p@db/obp?ssl=false', { DATABASE_SSL_CA: ca }, /contradicts/],
    ['mysql://u:p@db/obp', { DATABASE_SSL_CERT: cert }, /set both or neither/],
    ['mysql://u:p@db/obp', { DATABASE_SSL_CA: path.join(dir, 'missing.pem') }, /DATABASE_SSL_CA: cannot read/],
  ])('refuses %s %o instead of quietly connecting in plaintext', (url, env, message) => {
    expect(() => connection(url, env)).toThrow(message);
  });

  it('passes timeouts to mysql2 and Knex', () => {
    const config = knexConfig('mysql://u:p@db/obp', 10, databaseOptions(loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '1234', DATABASE_ACQUIRE_TIMEOUT_MS: '2345' })));
    expect((config.connection as Record<string, unknown>).connectTimeout).toBe(1234);
    expect(config.acquireConnectionTimeout).toBe(2345);
    expect(config.compileSqlOnError).toBe(false);
  });

  it.runIf(mysql)('?ssl=true reaches the driver: this MariaDB has TLS off, so the service refuses to start', async () => {
    let drop = async () => {};
    const withTls: Backend = {
      name: 'mysql',
      async create() {
        const db = await mysql!.create();
        drop = db.drop;
        return { url: `${db.url}?ssl=true`, drop: db.drop };
      },
    };
    try {
      await expect(startTestService(withTls, { DATABASE_CONNECT_TIMEOUT_MS: '2000' })).rejects.toMatchObject({ code: 'HANDSHAKE_NO_SSL_SUPPORT' });
    } finally {
      await drop();
    }
  });
});
