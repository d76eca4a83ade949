import type Koa from 'koa';
import { ObpError } from '../../errors';

/** Reads the request body as text, refusing more than `limit` bytes with 413. */
export async function readBody(ctx: Koa.Context, limit: number): Promise<string> {
  const declared = Number(ctx.get('Content-Length') || 0);
  const tooLarge = () =>
    new ObpError('InvalidJsonFormat', ` The request body is larger than the limit of ${limit} bytes.`, {
      status: 413,
      headers: { Connection: 'close' },
    });
  if (declared > limit) throw tooLarge();
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const req = ctx.req;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Stop buffering but keep draining instead of destroying the socket, so the client still reads the 413.
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume();
      reject(tooLarge());
    };
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'));
    req.on('data', onData);
    req.on('end', onEnd);
    // The client broke the body's framing or went away: its fault, whatever code the stream error carries.
    req.on('error', () => reject(new ObpError('MalformedHttpRequest', ' The request body could not be read.', { headers: { Connection: 'close' } })));
  });
}

export function isJsonContentType(ctx: Koa.Context): boolean {
  return /^application\/json\s*(;|$)/i.test(ctx.get('Content-Type'));
}

/** Parses a JSON body; a syntax error is OBP's 400 `Incorrect json format.` followed by the parser's words. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ObpError('InvalidJsonFormat', (e as Error).message);
  }
}
