import type { Notification } from '../../core/notification.js';

/**
 * Which incident thread a notification belongs to: drift and failures on a device each form one
 * incident (key `drift:<device>`, `failure:<device>`) until its `resolved` message, which `closes`
 * it. Other kinds stand alone (null). Pure.
 */
export function threadOf(n: Notification): { key: string; closes: boolean } | null {
  switch (n.kind) {
    case 'drift':
      return { key: `drift:${n.device}`, closes: false };
    case 'failed':
      return { key: `failure:${n.device}`, closes: false };
    case 'resolved':
      return { key: `${n.incident}:${n.device}`, closes: true };
    default:
      return null;
  }
}

/**
 * The first message id of each open incident thread, in memory: a restart forgets them, so an
 * incident still open then continues in a new thread. Bounded: past `max` open threads the oldest
 * is forgotten (its next message starts a new thread).
 */
export class IncidentThreads {
  private readonly roots = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  /** The root message id of the thread `key`, if one is open. */
  rootOf(key: string): string | undefined {
    return this.roots.get(key);
  }

  open(key: string, rootId: string): void {
    this.roots.delete(key);
    this.roots.set(key, rootId);
    for (const k of this.roots.keys()) {
      if (this.roots.size <= this.max) break;
      this.roots.delete(k);
    }
  }

  close(key: string): void {
    this.roots.delete(key);
  }

  get size(): number {
    return this.roots.size;
  }
}
