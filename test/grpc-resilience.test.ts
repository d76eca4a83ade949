import { describe, expect, it } from 'vitest';
import { backoffDelayMs, CircuitBreaker, defaultRetryPolicy } from '../src/connector/grpc/resilience';

describe('backoffDelayMs', () => {
  const policy = { ...defaultRetryPolicy, initialBackoffMs: 100, maxBackoffMs: 1_000, backoffMultiplier: 2 };

  it('grows exponentially up to the cap', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5, 10].map((retry) => backoffDelayMs(policy, retry, top))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('is jittered over the whole interval', () => {
    expect(backoffDelayMs(policy, 3, () => 0)).toBe(0);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(200);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelayMs(policy, 2);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(200);
    }
  });
});

describe('CircuitBreaker', () => {
  function breaker() {
    const clock = { now: 1_000 };
    return { clock, b: new CircuitBreaker({ failureThreshold: 3, cooldownMs: 500 }, () => clock.now) };
  }

  it('opens after the threshold of consecutive failures only', () => {
    const { b } = breaker();
    b.onFailure();
    b.onFailure();
    b.onSuccess();
    b.onFailure();
    b.onFailure();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state).toBe('open');
    expect(b.tryAcquire()).toBe(false);
  });

  it('lets exactly one probe through after the cool-down, and closes when it succeeds', () => {
    const { b, clock } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    clock.now += 499;
    expect(b.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(b.tryAcquire()).toBe(true);
    expect(b.state).toBe('half-open');
    expect(b.tryAcquire()).toBe(false);
    b.onSuccess();
    expect(b.state).toBe('closed');
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(true);
  });

  it('reopens for a full cool-down when the probe fails', () => {
    const { b, clock } = breaker();
    for (let i = 0; i < 3; i++) b.onFailure();
    clock.now += 500;
    expect(b.tryAcquire()).toBe(true);
    b.onFailure();
    expect(b.state).toBe('open');
    clock.now += 499;
    expect(b.tryAcquire()).toBe(false);
    clock.now += 1;
    expect(b.tryAcquire()).toBe(true);
  });
});
