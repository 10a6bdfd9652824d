/**
 * Spreads the CPU-bound steps of concurrent reconciles over event-loop turns, so that no turn runs
 * much longer than `budgetMs` of them and a webhook's ack, a timer or a scrape waits at most about
 * that long behind a fleet pass. A step asks `turn()` before it starts: it goes on at once (undefined)
 * while this turn has spent less than the budget since its first step and nobody waits, else it waits
 * its turn: one waiter is let go per loop iteration (in the check phase, after the iteration's I/O),
 * in the order they came. Throughput is unchanged when the loop is idle between steps; a saturated
 * loop interleaves I/O between steps instead of running them back to back.
 */
export class LoopBudget {
  /** performance.now() at this turn's first step; null before it. */
  private turnStart: number | null = null;
  private readonly waiting: Array<() => void> = [];
  private armed = false;

  constructor(
    private readonly budgetMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  turn(): Promise<void> | undefined {
    const t = this.now();
    if (this.turnStart === null) this.turnStart = t;
    this.arm();
    if (this.waiting.length === 0 && t - this.turnStart < this.budgetMs) return undefined;
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Waiting steps (for tests and metrics). */
  get queued(): number {
    return this.waiting.length;
  }

  /** At this iteration's check phase: a new turn begins, and the first waiter (if any) starts it. */
  private arm(): void {
    if (this.armed) return;
    this.armed = true;
    setImmediate(() => {
      this.armed = false;
      this.turnStart = null;
      const next = this.waiting.shift();
      if (next === undefined) return;
      this.turnStart = this.now();
      next();
      this.arm();
    });
  }
}
