/**
 * Requests Node's HTTP parser refuses before any middleware runs, sent byte for byte over a raw socket: each gets
 * an OBP JSON error body (Node alone answers an empty 400 or 431) and the connection is closed.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectedBackends } from './support/backends';
import { LogCapture } from './support/log-capture';
import { startTestService, type TestService } from './support/service';

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: any;
  closed: boolean;
}

/** Sends raw bytes and reads until the server closes the connection (or 3 s pass). */
function send(url: string, raw: Buffer | string): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(raw));
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => finish(false), 3_000);
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      try {
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body: body === '' ? undefined : JSON.parse(body), closed });
      } catch (e) {
        reject(new Error(`not a JSON body: ${JSON.stringify(text)} (${(e as Error).message})`));
      }
    };
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => finish(true));
    socket.on('error', reject);
  });
}

describe('Requests the HTTP parser refuses', () => {
  let s: TestService;
  const logs = new LogCapture();
  beforeAll(async () => {
    s = await startTestService(selectedBackends()[0]!, { HTTP_MAX_HEADER_BYTES: '8192', HTTP_HEADERS_TIMEOUT_MS: '400', LOG_LEVEL: 'info' }, { logDestination: logs });
  });
  afterAll(async () => {
    await s?.close();
  });

  const cases: [string, string | Buffer, number, RegExp][] = [
    ['raw non-ASCII bytes in the path', Buffer.from('GET /obp/v3.1.0/banks/caf\xe9 HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'), 400, /^OBP-10017: Incorrect URL Format\. $/],
    ['UTF-8 bytes in the path', Buffer.from('GET /obp/v3.1.0/banks/café HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'), 400, /^OBP-10017: /],
    ['headers larger than HTTP_MAX_HEADER_BYTES', `GET /obp/v3.1.0/root HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(10_000)}\r\n\r\n`, 431, /^OBP-10060: Request headers too large\.$/],
    ['many headers adding up past the limit', `GET /obp/v3.1.0/root HTTP/1.1\r\nHost: x\r\n${Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'v'.repeat(20)}\r\n`).join('')}\r\n`, 431, /^OBP-10060: /],
    ['Transfer-Encoding and Content-Length together', 'POST /obp/v3.1.0/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n', 400, /^OBP-10061: Malformed HTTP request\./],
    ['two different Content-Length headers', 'POST /obp/v3.1.0/users HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}x', 400, /^OBP-10061: /],
    ['a header name with a space', 'GET /obp/v3.1.0/root HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n', 400, /^OBP-10061: /],
    ['a control character in a header value', 'GET /obp/v3.1.0/root HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n', 400, /^OBP-10061: /],
    ['an unknown method', 'BREW /obp/v3.1.0/root HTTP/1.1\r\nHost: x\r\n\r\n', 400, /^OBP-10061: /],
    ['an invalid chunk size', 'POST /obp/v3.1.0/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 400, /^OBP-10061: /],
  ];

  it.each(cases)('%s: %i with an OBP body, connection closed', async (_name, raw, status, message) => {
    const res = await send(s.url, raw);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ code: status, message: expect.stringMatching(message) });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers.connection).toBe('close');
    expect(res.headers['correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.closed).toBe(true);
  });

  it('a client too slow to send its headers: 408 OBP-10062 once HTTP_HEADERS_TIMEOUT_MS has passed', async () => {
    const started = Date.now();
    const res = await send(s.url, 'GET /obp/v3.1.0/root HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(res.status).toBe(408);
    expect(res.body).toEqual({ code: 408, message: 'OBP-10062: The request was not received in time.' });
    expect(res.closed).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('logs each refusal as one JSON line with the parser code, never the request bytes', async () => {
    const mark = logs.lines.length;
    await send(s.url, 'GET /obp/v3.1.0/root HTTP/1.1\r\nHost: x\r\nDirectLogin: token=very-secret-token\r\nBad Header: 1\r\n\r\n');
    const refusals = logs.since(mark).filter((l) => l.msg === 'request refused by the HTTP parser');
    expect(refusals).toEqual([
      expect.objectContaining({ level: 'info', status: 400, error_code: 'OBP-10061', parser_code: 'HPE_INVALID_HEADER_TOKEN', correlation_id: expect.any(String) }),
    ]);
    expect(logs.lines.join('\n')).not.toContain('very-secret-token');
    // None of these is a server fault.
    expect(logs.entries().filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('still serves well-formed requests on the same server, with headers up to the limit', async () => {
    const res = await send(s.url, `GET /obp/v3.1.0/root HTTP/1.1\r\nHost: x\r\nX-Pad: ${'a'.repeat(6_000)}\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe('v3.1.0');
  });
});
