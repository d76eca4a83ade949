/**
 * GET /health/ready's answer: every dependency probed, with concurrent callers sharing one probe and its result
 * reused for a moment, so a flood of probe requests cannot become a flood of database queries.
 */
import type { ReadinessCheck } from '../connector/connector';

export type ReadinessProbe = (timeoutMs: number) => Promise<ReadinessCheck[]>;

export interface Readiness {
  /** All checks (each bounded by the timeout); ready when every one is ok. */
  check(): Promise<ReadinessCheck[]>;
}

/** How long a finished probe's result answers later requests. */
export const READINESS_REUSE_MS = 1000;

export function createReadiness(probes: ReadinessProbe[], timeoutMs: number): Readiness {
  let running: Promise<ReadinessCheck[]> | undefined;
  let last: { at: number; checks: ReadinessCheck[] } | undefined;
  const probeAll = async () => {
    const checks = (await Promise.all(probes.map((p) => p(timeoutMs)))).flat();
    last = { at: Date.now(), checks };
    return checks;
  };
  return {
    check() {
      if (last && Date.now() - last.at < READINESS_REUSE_MS) return Promise.resolve(last.checks);
      running ??= probeAll().finally(() => {
        running = undefined;
      });
      return running;
    },
  };
}
