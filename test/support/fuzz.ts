/**
 * Deterministic input mutation for the fuzz tests: a seeded generator and the odd values real clients and
 * attackers send (ids with spaces, prototype names, lone surrogates, huge and deeply nested values, …).
 */
import http from 'node:http';

/** mulberry32: a tiny seeded PRNG, so a failing case can be replayed from its seed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

export function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

const deep = (depth: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

/** Values that replace a JSON field. */
export const ODD_VALUES: readonly (() => unknown)[] = [
  () => null,
  () => true,
  () => 0,
  () => -1,
  () => 2147483648,
  () => -2147483649,
  () => 1.5,
  () => 1e308,
  () => Number.MAX_SAFE_INTEGER + 2,
  () => '',
  () => ' ',
  () => 'x'.repeat(256),
  () => 'x'.repeat(20_000),
  () => '\u0000',
  () => 'a\u0000b',
  () => '\ud800',
  () => '\udfff\ud800',
  () => '😀'.repeat(200),
  () => '\u202eevil',
  () => "' OR '1'='1",
  () => '"; DROP TABLE customers; --',
  () => '__proto__',
  () => '2024-02-30T00:00:00Z',
  () => '9999-12-31T23:59:59Z',
  () => '0000-01-01T00:00:00Z',
  () => '1970-01-01T00:00:00.000Z',
  () => [],
  () => ['x'],
  () => Array.from({ length: 1000 }, () => '2000-01-01T00:00:00Z'),
  () => ({}),
  () => JSON.parse('{"__proto__":{"admin":true}}'),
  () => ({ constructor: { prototype: { admin: true } } }),
  () => deep(50),
];

/** Raw bodies that are not what the endpoint expects, some not JSON at all. */
export const ODD_RAW_BODIES: readonly string[] = [
  '',
  '{',
  '{"a":1,}',
  'null',
  '[]',
  '"text"',
  '123',
  'true',
  'NaN',
  '{"a":1e999}',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  `${'['.repeat(20_000)}${']'.repeat(20_000)}`,
  '{"a":"\\ud800"}',
  '\u0000',
  '\ufeff{}',
];

/** Values that replace a path parameter; `raw` ones are sent unencoded. */
export const ODD_PATH_VALUES: readonly { value: string; raw?: boolean }[] = [
  { value: ' ' },
  { value: '.' },
  { value: '..' },
  { value: '%00', raw: true },
  { value: '%ZZ', raw: true },
  { value: '%', raw: true },
  { value: '%E0%A4%A', raw: true },
  { value: '%2F', raw: true },
  { value: '..%2F..%2Fetc%2Fpasswd', raw: true },
  { value: 'a'.repeat(300) },
  { value: 'a'.repeat(4000) },
  { value: '😀' },
  { value: "' OR '1'='1" },
  { value: '__proto__' },
  { value: 'constructor' },
  { value: 'toString' },
  { value: 'null' },
  { value: '-1' },
  { value: '\u0000' },
  { value: 'ÄÖÜ' },
];

/** Query strings, some with names that collide with JavaScript object properties. */
export const ODD_QUERIES: readonly (() => string)[] = [
  () => '__proto__=1',
  () => '__proto__[admin]=1',
  () => 'constructor=x',
  () => 'toString=&valueOf=1&hasOwnProperty=2',
  () => 'constructor.prototype.admin=1',
  () => 'limit=0',
  () => 'limit=-1',
  () => 'limit=1e3',
  () => 'limit=99999999999999999999',
  () => 'limit=500&offset=2147483647',
  () => 'offset=-0',
  () => 'offset=1.5',
  () => 'sort_direction=%00',
  () => 'sort_direction=asc&sort_direction=desc',
  () => 'from_date=2024-02-30T00:00:00.000Z',
  () => 'to_date=9999-12-31T23:59:59.999Z',
  () => 'from_date=%ZZ',
  () => '=x',
  () => '&&&',
  () => '%00=1',
  () => `a=${'x'.repeat(6000)}`,
  () => Array.from({ length: 300 }, (_, i) => `N${i}=${i}`).join('&'),
  () => Array.from({ length: 60 }, () => 'SEGMENT=x').join('&'),
  () => 'tags=Customer&functions=%00',
  () => 'locale=xx&content=dynamic',
];

/** Header sets a client may send: broken credentials, other schemes, odd content types. */
export const ODD_HEADERS: readonly (() => Record<string, string>)[] = [
  () => ({ DirectLogin: 'token=' }),
  () => ({ DirectLogin: '' }),
  () => ({ DirectLogin: 'token="' }),
  () => ({ DirectLogin: 'token=a, token=b' }),
  () => ({ DirectLogin: `token=${'a'.repeat(7000)}` }),
  () => ({ DirectLogin: 'token=<script>alert(1)</script>' }),
  () => ({ DirectLogin: 'username=x, password=y, consumer_key=z' }),
  () => ({ Authorization: 'Bearer x.y.z' }),
  () => ({ Authorization: 'DirectLogin token="abc"' }),
  () => ({ Authorization: 'Basic dXNlcjpwYXNz' }),
  () => ({ Authorization: '' }),
  () => ({ 'Correlation-Id': 'x'.repeat(500) }),
  () => ({ 'Correlation-Id': 'a b' }),
  () => ({ 'Content-Type': 'text/plain' }),
  () => ({ 'Content-Type': 'application/json; charset=latin1' }),
  () => ({ 'Content-Type': 'application/json;;;' }),
  () => ({ 'Content-Type': 'multipart/form-data; boundary=x' }),
  () => ({ 'If-None-Match': '*' }),
  () => ({ 'If-None-Match': '"' }),
  () => ({ Accept: 'text/html' }),
  () => ({ 'Pass-Through-X': 'y'.repeat(2000) }),
];

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One HTTP request with exactly this path, headers and body (no client-side normalisation). */
export function send(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
