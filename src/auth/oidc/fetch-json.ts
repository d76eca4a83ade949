/**
 * Fetches a provider's JSON document (discovery, signing keys) within explicit limits: a deadline, no redirects
 * (the URL is the one the issuer published), 200 only, and at most MAX_DOCUMENT_BYTES read.
 */

/** Larger than any real discovery document or key set; a provider sending more is refused, not buffered. */
export const MAX_DOCUMENT_BYTES = 512 * 1024;

export class ProviderFetchError extends Error {}

/** The response body, read to its end or refused past `maxBytes`. */
export async function boundedText(res: Response, maxBytes: number): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw new ProviderFetchError(`document larger than ${maxBytes} bytes`);
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ProviderFetchError(`document larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** GET `url` as JSON; ProviderFetchError for anything but a 200 with a JSON object in time. */
export async function fetchJson(url: string, timeoutMs: number, maxBytes = MAX_DOCUMENT_BYTES): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (e) {
    throw new ProviderFetchError((e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'unreachable');
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new ProviderFetchError(`answered ${res.status}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await boundedText(res, maxBytes));
  } catch (e) {
    if (e instanceof ProviderFetchError) throw e;
    throw new ProviderFetchError((e as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'not JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ProviderFetchError('not a JSON object');
  return parsed as Record<string, unknown>;
}
