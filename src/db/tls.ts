/**
 * MySQL TLS settings for mysql2, from `?ssl=` in DATABASE_URL and the DATABASE_SSL_* files. Any of them turns
 * TLS on; the server certificate is verified unless explicitly told otherwise.
 */
import fs from 'node:fs';

export interface DatabaseTlsFiles {
  /** PEM file paths. */
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
}

export interface MysqlSslOptions {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
  minVersion: 'TLSv1.2';
  [option: string]: unknown;
}

export class DatabaseUrlError extends Error {}

/** `?ssl=true|false` or a JSON object of Node TLS options (mysql2's URL convention), e.g. `{"rejectUnauthorized":true}`. */
function sslParameter(value: string | null): Record<string, unknown> | false | undefined {
  if (value === null) return undefined;
  if (value === 'true' || value === '1') return {};
  if (value === 'false' || value === '0') return false;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new DatabaseUrlError('DATABASE_URL: ssl must be true, false or a JSON object of TLS options');
}

function readPem(variable: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DatabaseUrlError(`${variable}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** The `ssl` option for mysql2, or undefined for a plaintext connection. */
export function mysqlSsl(url: URL, files: DatabaseTlsFiles = {}): MysqlSslOptions | undefined {
  for (const name of url.searchParams.keys()) {
    // An ignored `ssl-mode=REQUIRED` would silently mean plaintext: refuse what we do not understand.
    if (name !== 'ssl') throw new DatabaseUrlError(`DATABASE_URL: unsupported parameter ${name} (supported: ssl)`);
  }
  const fromUrl = sslParameter(url.searchParams.get('ssl'));
  const anyFile = files.ca !== undefined || files.cert !== undefined || files.key !== undefined;
  if (fromUrl === false) {
    if (anyFile) throw new DatabaseUrlError('DATABASE_URL: ssl=false contradicts the DATABASE_SSL_* files that are set');
    return undefined;
  }
  if (fromUrl === undefined && !anyFile) return undefined;
  if ((files.cert === undefined) !== (files.key === undefined)) {
    throw new DatabaseUrlError('DATABASE_SSL_CERT and DATABASE_SSL_KEY: set both or neither');
  }
  const ssl: MysqlSslOptions = { rejectUnauthorized: files.rejectUnauthorized ?? true, minVersion: 'TLSv1.2', ...fromUrl };
  const ca = readPem('DATABASE_SSL_CA', files.ca);
  const cert = readPem('DATABASE_SSL_CERT', files.cert);
  const key = readPem('DATABASE_SSL_KEY', files.key);
  if (ca !== undefined) ssl.ca = ca;
  if (cert !== undefined) ssl.cert = cert;
  if (key !== undefined) ssl.key = key;
  return ssl;
}
