/** Retry backoff and a circuit breaker for the gRPC connector. */

export interface RetryPolicy {
  /** Attempts per read call, the first included (1 disables retries). */
  maxAttempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  backoffMultiplier: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 3,
  initialBackoffMs: 50,
  maxBackoffMs: 1000,
  backoffMultiplier: 2,
};

/**
 * The pause before retry number `retry` (1 = first retry): exponential, capped, with full jitter so that many
 * clients failing together do not retry in lock-step.
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.backoffMultiplier ** (retry - 1));
  return Math.floor(random() * ceiling);
}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit fails fast before letting one probe call through. */
  cooldownMs: number;
}

export const defaultCircuitBreakerOptions: CircuitBreakerOptions = { failureThreshold: 5, cooldownMs: 10_000 };

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * closed → (threshold consecutive failures) → open → (cooldown) → half-open: one probe call goes through while
 * the others keep failing fast; the probe's success closes the circuit, its failure opens it again.
 */
export class CircuitBreaker {
  private stateValue: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly now: () => number = Date.now,
    /** Told of every change of state (metrics, logs). */
    private readonly onChange: (state: CircuitState) => void = () => {},
  ) {}

  get state(): CircuitState {
    return this.stateValue;
  }

  private setState(state: CircuitState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.onChange(state);
  }

  /** Whether a call may go out now. Every permitted call must end with onSuccess or onFailure. */
  tryAcquire(): boolean {
    if (this.stateValue === 'closed') return true;
    if (this.stateValue === 'open') {
      if (this.now() - this.openedAt < this.options.cooldownMs) return false;
      this.setState('half-open');
    }
    if (this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  /** The call went through (with data or with an application error). */
  onSuccess(): void {
    this.consecutiveFailures = 0;
    this.probeInFlight = false;
    this.setState('closed');
  }

  /** The call failed in the way this breaker counts. */
  onFailure(): void {
    this.consecutiveFailures += 1;
    this.probeInFlight = false;
    if (this.stateValue === 'half-open' || this.consecutiveFailures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      this.setState('open');
    }
  }

  /** The call ended in a way this breaker does not judge (another breaker's kind of failure): no change. */
  release(): void {
    this.probeInFlight = false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
