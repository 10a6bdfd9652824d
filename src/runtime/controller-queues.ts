import type { WorkQueue } from './work-queue.js';

/** Nudge reasons that ask for a fresh read of the source of truth only (device-apply follows on change). */
const SYNC_ONLY = new Set(['webhook', 'poll']);
/** Nudge reasons that ask both controllers (a start, an operator's request, a device taken over from another replica). */
const BOTH = new Set(['startup', 'api', 'rebalance']);

/**
 * The two controllers' queues, each keyed by device: intent-sync (null without a source of truth)
 * and device-apply. A nudge goes to the controller its source feeds; without intent-sync, every
 * nudge goes to device-apply. Each queue keeps its own de-duplication, backoff and retries.
 */
export class Queues {
  constructor(
    readonly sync: WorkQueue | null,
    readonly apply: WorkQueue,
  ) {}

  /** False once shutting down (the nudge is then not taken). */
  add(device: string, reason: string): boolean {
    const toSync = this.sync !== null && (SYNC_ONLY.has(reason) || BOTH.has(reason));
    const toApply = this.sync === null || !SYNC_ONLY.has(reason);
    let taken = true;
    if (toSync) taken = (this.sync as WorkQueue).add(device, reason) && taken;
    if (toApply) taken = this.apply.add(device, reason) && taken;
    return taken;
  }

  /**
   * Resolves when neither queue has anything queued, running or waiting for a retry. A sync that
   * ends by nudging device-apply is waited for too.
   */
  async drained(): Promise<void> {
    for (;;) {
      await this.sync?.drained();
      await this.apply.drained();
      if (this.isIdle(this.sync) && this.isIdle(this.apply)) return;
    }
  }

  /** Shuts both down (bounded); true when everything in flight finished. */
  async shutdown(timeoutMs: number): Promise<boolean> {
    const [a, b] = await Promise.all([this.sync?.shutdown(timeoutMs) ?? true, this.apply.shutdown(timeoutMs)]);
    return a && b;
  }

  depth(): Record<string, number> {
    const out: Record<string, number> = { ...this.apply.depth() };
    for (const [k, v] of Object.entries(this.sync?.depth() ?? {})) out[k] = (out[k] ?? 0) + v;
    return out;
  }

  private isIdle(q: WorkQueue | null): boolean {
    if (!q) return true;
    return Object.values(q.depth()).every((n) => n === 0);
  }
}
