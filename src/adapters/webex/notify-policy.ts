import type { Notification } from './messages.js';

/** Alerts need a person (a failed apply, drift); informational messages only tell what happened. */
export type NotificationPriority = 'alert' | 'info';

/** Every kind must be classed: a new kind does not compile until someone decides. */
const PRIORITY: Record<Notification['kind'], NotificationPriority> = {
  failed: 'alert',
  drift: 'alert',
  // The device differs from its adopted intent and nothing will change it until someone acts.
  'pending-adoption': 'alert',
  // A change waits for a person's approval or for its window: someone should know it did not land.
  held: 'alert',
  resolved: 'info',
  applied: 'info',
  'skipped-no-ticket': 'info',
  'rejected-input': 'info',
};

export function priorityOf(n: Notification): NotificationPriority {
  return PRIORITY[n.kind];
}

/**
 * Which notification gives way when a full queue receives `incoming`: the index of the oldest queued
 * informational message, else `-1` (drop `incoming`) when it is informational itself, else `0` (the
 * oldest alert). So informational messages never push out an alert. Pure.
 */
export function overflowVictim(queue: readonly Notification[], incoming: Notification): number {
  const info = queue.findIndex((n) => priorityOf(n) === 'info');
  if (info >= 0) return info;
  return priorityOf(incoming) === 'info' ? -1 : 0;
}

/**
 * Remembers rejected input told recently, so the same (source, reason) is told once per window:
 * a hostile or broken sender repeating itself cannot flood the room. Other kinds always pass.
 * Bounded: at most `maxKeys` entries, the oldest forgotten first.
 */
export class RejectedInputDedup {
  private readonly seen = new Map<string, number>();

  constructor(private readonly o: { windowMs: number; maxKeys?: number }) {}

  /** True when `n` should be sent; records it. */
  admit(n: Notification, now: number): boolean {
    if (n.kind !== 'rejected-input' || this.o.windowMs <= 0) return true;
    const key = `${n.source}\u0000${n.reason}`;
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.o.windowMs) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    const max = this.o.maxKeys ?? 10_000;
    for (const [k, t] of this.seen) {
      if (this.seen.size <= max && now - t < this.o.windowMs) break;
      this.seen.delete(k);
    }
    return true;
  }
}
