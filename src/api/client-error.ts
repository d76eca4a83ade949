/**
 * Requests Node's HTTP parser refuses (oversized or malformed headers, raw non-ASCII bytes in the path,
 * conflicting Transfer-Encoding and Content-Length, a request not received in time) never reach Koa. Node would
 * answer them with an empty 400/431; here they get the OBP error body every other error has.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ObpError, obpErrorBody, type ErrorName } from '../errors';
import { rootLogger } from '../observability/log';

/** llhttp's error codes → our catalogue; anything else the parser refuses is a malformed request. */
const byParserCode: Record<string, ErrorName> = {
  HPE_HEADER_OVERFLOW: 'RequestHeadersTooLarge',
  HPE_INVALID_URL: 'InvalidUrl',
  ERR_HTTP_REQUEST_TIMEOUT: 'RequestNotReceivedInTime',
};

export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  const code = err.code ?? 'unknown';
  // A reset connection cannot be answered; one whose answer has begun cannot be answered twice.
  if (code === 'ECONNRESET' || !socket.writable || (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  const error = new ObpError(byParserCode[code] ?? 'MalformedHttpRequest');
  const body = obpErrorBody(error);
  const correlationId = randomUUID();
  // The parser's own message and the raw bytes (err.rawPacket) are never logged: they can hold credentials.
  rootLogger().info({ status: error.status, parser_code: code, error_code: error.entry.code, correlation_id: correlationId }, 'request refused by the HTTP parser');
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `Correlation-Id: ${correlationId}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
