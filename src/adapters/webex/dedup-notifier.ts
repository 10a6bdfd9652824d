import type { Notification, Notifier, NotifierStats } from './notifier.js';
import { RejectedInputDedup } from './notify-policy.js';

export interface DedupNotifierOptions {
  /** Window in which the same rejected input (source and reason) is told once; 0 disables. */
  windowMs: number;
  /** Called for each notification held back as a repeat. */
  onDuplicate?: (n: Notification) => void;
  now?: () => number;
}

/**
 * Wraps any Notifier and holds back rejected-input messages already told within the window. Stats
 * are the inner notifier's, with the repeats added to `dropped`.
 */
export class DedupNotifier implements Notifier {
  private readonly dedup: RejectedInputDedup;
  private readonly now: () => number;
  private duplicates = 0;

  constructor(
    private readonly inner: Notifier,
    private readonly o: DedupNotifierOptions,
  ) {
    this.dedup = new RejectedInputDedup({ windowMs: o.windowMs });
    this.now = o.now ?? Date.now;
  }

  notify(n: Notification): void {
    if (this.dedup.admit(n, this.now())) {
      this.inner.notify(n);
      return;
    }
    this.duplicates++;
    this.o.onDuplicate?.(n);
  }

  flush(timeoutMs: number): Promise<void> {
    return this.inner.flush(timeoutMs);
  }

  stats(): NotifierStats {
    const s = this.inner.stats();
    return { ...s, dropped: s.dropped + this.duplicates };
  }
}
