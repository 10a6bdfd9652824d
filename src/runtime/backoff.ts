/** Exponential backoff with full jitter: attempt 1 → [base/2, base], doubling, capped at maxMs. */
export function backoffDelay(attempt: number, o: { baseMs: number; maxMs: number; random?: () => number }): number {
  const random = o.random ?? Math.random;
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
