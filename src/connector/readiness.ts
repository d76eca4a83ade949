/** Helpers for Connector.checkReadiness: a probe that cannot hang and cannot throw. */
import type { ReadinessCheck } from './connector';

/** Runs `probe`; a rejection or no answer within `timeoutMs` is "not ready", with a short reason. */
export async function probe(dependency: string, timeoutMs: number, run: () => Promise<unknown>): Promise<ReadinessCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([run(), timeout]);
    return { dependency, ok: true };
  } catch (e) {
    // Only the error's code or first line: driver messages can carry host names or SQL.
    const err = e as { code?: unknown; message?: unknown };
    const detail = typeof err.code === 'string' ? err.code : String(err.message ?? e).split('\n')[0]!.slice(0, 200);
    return { dependency, ok: false, detail };
  } finally {
    clearTimeout(timer);
  }
}
