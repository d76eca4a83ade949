/**
 * Which failures open which circuit. The adapter's breaker counts calls that could not reach it (UNAVAILABLE, or
 * a deadline passed while the connection was down): then every method fails fast. Each method has its own breaker
 * for calls that timed out on a live connection: a slow method fails fast on its own and the others go on.
 * Answers of any kind (a refusal, NOT_FOUND, RESOURCE_EXHAUSTED…) count as reaching the adapter.
 */
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './resilience';

export type CallOutcome = 'answered' | 'unreachable' | 'slow';

export interface BreakerEvents {
  onAdapterState?(state: CircuitState): void;
  onMethodState?(method: string, state: CircuitState): void;
}

export class LinkBreakers {
  private readonly adapter: CircuitBreaker;
  private readonly methods = new Map<string, CircuitBreaker>();

  constructor(
    private readonly options: CircuitBreakerOptions,
    private readonly events: BreakerEvents = {},
    private readonly now: () => number = Date.now,
  ) {
    this.adapter = new CircuitBreaker(options, now, (state) => events.onAdapterState?.(state));
  }

  get adapterState(): CircuitState {
    return this.adapter.state;
  }

  private method(name: string): CircuitBreaker {
    let breaker = this.methods.get(name);
    if (!breaker) {
      breaker = new CircuitBreaker(this.options, this.now, (state) => this.events.onMethodState?.(name, state));
      this.methods.set(name, breaker);
    }
    return breaker;
  }

  /** Which circuit refuses the call ('adapter' or 'method'), or undefined when it may go out. */
  acquire(method: string): 'adapter' | 'method' | undefined {
    if (!this.adapter.tryAcquire()) return 'adapter';
    if (!this.method(method).tryAcquire()) {
      this.adapter.release();
      return 'method';
    }
    return undefined;
  }

  /** Every acquired call ends here exactly once. */
  settle(method: string, outcome: CallOutcome): void {
    const breaker = this.method(method);
    if (outcome === 'unreachable') {
      this.adapter.onFailure();
      breaker.release();
    } else if (outcome === 'slow') {
      this.adapter.onSuccess();
      breaker.onFailure();
    } else {
      this.adapter.onSuccess();
      breaker.onSuccess();
    }
  }
}
