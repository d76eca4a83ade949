import type Koa from 'koa';
import { ObpError } from '../../errors';
import { log } from '../../observability/log';

/**
 * The request budget: a request not answered within `ms` gets 504 OBP-01000. The work still running is
 * abandoned, not cancelled (its database statements and adapter calls end by their own timeouts), and its late
 * result or failure is dropped: the answer has been sent.
 */
export function requestBudget(ms: number): Koa.Middleware {
  return function budget(_ctx, next) {
    return new Promise<void>((resolve, reject) => {
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        reject(new ObpError('RequestTimeout'));
      }, ms);
      next().then(
        () => {
          clearTimeout(timer);
          resolve();
        },
        (e: unknown) => {
          clearTimeout(timer);
          if (expired) log().debug('a request failed after its budget ran out');
          reject(e);
        },
      );
    });
  };
}
