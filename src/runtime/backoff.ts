/**
 * The one backoff rule of intentd (work queue, NetBox and Webex retries, NETCONF reconnects):
 * exponential with "equal jitter", i.e. attempt 1 waits a random time in [base/2, base], each
 * further attempt doubles the ceiling, capped at maxMs. Half the wait is fixed, so retries never
 * bunch up at zero; half is random, so many clients failing together spread out. Pure given `random`.
 */
export function backoffDelay(attempt: number, o: { baseMs: number; maxMs: number; random?: () => number }): number {
  const random = o.random ?? Math.random;
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The one sleep: resolves after `ms`, or at once when `signal` aborts. `unref`: the timer does not
 * keep the process alive by itself (for background retries).
 */
export function sleep(ms: number, signal?: AbortSignal, o: { unref?: boolean } = {}): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    if (o.unref) t.unref();
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
