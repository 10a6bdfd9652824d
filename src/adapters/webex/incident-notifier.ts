import type { Notification, Notifier, NotifierStats } from './notifier.js';

export interface IncidentNotifierOptions {
  /** A drift incident ends once the device has matched its intent this long with no new drift. */
  quietMs: number;
  now?: () => number;
  /** Default: an unref'd setTimeout. */
  setTimer?: (fn: () => void, ms: number) => { cancel(): void };
}

interface Incident {
  device: string;
  kind: 'drift' | 'failure';
  /** The device matched its intent at the last signal. */
  healthy: boolean;
  /** When the last message of the incident was told. */
  last: number;
  timer: { cancel(): void } | null;
}

const defaultTimer = (fn: () => void, ms: number): { cancel(): void } => {
  const t = setTimeout(fn, ms);
  t.unref();
  return { cancel: () => clearTimeout(t) };
};

/**
 * Wraps a Notifier and tells when an incident ends, so that its thread gets a final "resolved":
 * a failure incident (opened by `failed`) ends at the first sign the device matches its intent
 * again; a drift incident (opened by `drift`) ends when the device has matched for `quietMs` with
 * no new drift, so repeated reverts of someone fighting the reconciler stay one incident. The signs
 * come from the caller (`healthy`, `unhealthy`: the daemon maps its reconcile events to them).
 * In memory: a restart forgets open incidents (they are not resolved in their old thread).
 */
export class IncidentNotifier implements Notifier {
  private readonly open = new Map<string, Incident>();
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => { cancel(): void };

  constructor(
    private readonly inner: Notifier,
    private readonly o: IncidentNotifierOptions,
  ) {
    this.now = o.now ?? Date.now;
    this.setTimer = o.setTimer ?? defaultTimer;
  }

  notify(n: Notification): void {
    if (n.kind === 'drift') this.touch(n.device, 'drift', n.action === 'reverted');
    if (n.kind === 'failed') this.touch(n.device, 'failure', false);
    this.inner.notify(n);
  }

  /** The device was found matching its intent (in sync, or an apply verified). */
  healthy(device: string): void {
    const failure = this.open.get(`failure:${device}`);
    if (failure) this.resolve(failure);
    const drift = this.open.get(`drift:${device}`);
    if (drift && !drift.healthy) {
      drift.healthy = true;
      this.schedule(drift);
    }
  }

  /** The device differs from its intent (drift only reported) or could not be reconciled. */
  unhealthy(device: string): void {
    const drift = this.open.get(`drift:${device}`);
    if (!drift) return;
    drift.healthy = false;
    drift.timer?.cancel();
    drift.timer = null;
  }

  /** Incidents not yet resolved (for tests and the shutdown log). */
  openIncidents(): string[] {
    return [...this.open.keys()];
  }

  /** Stops the quiet timers (at shutdown): no "resolved" is told after this. */
  close(): void {
    for (const i of this.open.values()) i.timer?.cancel();
    this.open.clear();
  }

  flush(timeoutMs: number): Promise<void> {
    return this.inner.flush(timeoutMs);
  }

  stats(): NotifierStats {
    return this.inner.stats();
  }

  private touch(device: string, kind: Incident['kind'], healthy: boolean): void {
    const key = `${kind}:${device}`;
    const found = this.open.get(key);
    const incident = found ?? { device, kind, healthy, last: 0, timer: null };
    incident.last = this.now();
    incident.healthy = healthy;
    incident.timer?.cancel();
    incident.timer = null;
    if (!found) this.open.set(key, incident);
    if (kind === 'drift' && healthy) this.schedule(incident);
  }

  private schedule(incident: Incident): void {
    incident.timer?.cancel();
    const wait = Math.max(0, incident.last + this.o.quietMs - this.now());
    incident.timer = this.setTimer(() => {
      incident.timer = null;
      if (!incident.healthy) return;
      if (this.now() - incident.last >= this.o.quietMs) this.resolve(incident);
      else this.schedule(incident);
    }, wait);
  }

  private resolve(incident: Incident): void {
    incident.timer?.cancel();
    this.open.delete(`${incident.kind}:${incident.device}`);
    this.inner.notify({ kind: 'resolved', device: incident.device, incident: incident.kind });
  }
}
