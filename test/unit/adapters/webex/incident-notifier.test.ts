import { describe, expect, it } from 'vitest';
import { IncidentNotifier } from '../../../../src/adapters/webex/incident-notifier.js';
import type { Notification, Notifier } from '../../../../src/adapters/webex/notifier.js';

/** A clock and timers moved by hand. */
function manualTime(): { now: () => number; setTimer: (fn: () => void, ms: number) => { cancel(): void }; advance(ms: number): void } {
  let t = 0;
  let timers: Array<{ at: number; fn: () => void; live: boolean }> = [];
  return {
    now: () => t,
    setTimer: (fn, ms) => {
      const timer = { at: t + ms, fn, live: true };
      timers.push(timer);
      return { cancel: () => (timer.live = false) };
    },
    advance(ms) {
      t += ms;
      for (;;) {
        const due = timers.filter((x) => x.live && x.at <= t);
        if (due.length === 0) break;
        timers = timers.filter((x) => !due.includes(x));
        for (const x of due) {
          x.live = false;
          x.fn();
        }
      }
    },
  };
}

function recorder(): Notifier & { seen: Notification[] } {
  const seen: Notification[] = [];
  return { seen, notify: (n) => seen.push(n), flush: async () => {}, stats: () => ({ queued: 0, sent: 0, dropped: 0, droppedOverflow: 0, droppedRejected: 0, droppedExhausted: 0, retries: 0 }) };
}

const drift = (action: 'reverted' | 'reported'): Notification => ({ kind: 'drift', device: 'c9300', changes: [], action });
const failed: Notification = { kind: 'failed', device: 'c9300', reason: 'DeviceUnreachable', message: 'down', leftUnchanged: 'all', tickets: [] };

describe('IncidentNotifier', () => {
  it('resolves a reverted drift incident once the device stayed in sync for the quiet period, not before', () => {
    const time = manualTime();
    const inner = recorder();
    const n = new IncidentNotifier(inner, { quietMs: 1000, ...time });
    n.notify(drift('reverted'));
    time.advance(600);
    n.notify(drift('reverted'));
    time.advance(600);
    expect(inner.seen.map((s) => s.kind)).toEqual(['drift', 'drift']);
    time.advance(400);
    expect(inner.seen.at(-1)).toEqual({ kind: 'resolved', device: 'c9300', incident: 'drift' });
    expect(n.openIncidents()).toEqual([]);
  });

  it('keeps a reported drift incident open while the drift stays, and resolves it after the device matched again', () => {
    const time = manualTime();
    const inner = recorder();
    const n = new IncidentNotifier(inner, { quietMs: 1000, ...time });
    n.notify(drift('reported'));
    time.advance(5000);
    n.unhealthy('c9300');
    time.advance(5000);
    expect(inner.seen.map((s) => s.kind)).toEqual(['drift']);
    n.healthy('c9300');
    time.advance(1);
    expect(inner.seen.map((s) => s.kind)).toEqual(['drift', 'resolved']);
  });

  it('resolves a failure incident at the first sign of recovery', () => {
    const time = manualTime();
    const inner = recorder();
    const n = new IncidentNotifier(inner, { quietMs: 1000, ...time });
    n.healthy('c9300');
    n.notify(failed);
    n.unhealthy('c9300');
    expect(inner.seen.map((s) => s.kind)).toEqual(['failed']);
    n.healthy('c9300');
    expect(inner.seen.at(-1)).toEqual({ kind: 'resolved', device: 'c9300', incident: 'failure' });
    n.healthy('c9300');
    expect(inner.seen.filter((s) => s.kind === 'resolved')).toHaveLength(1);
  });

  it('tells nothing after close', () => {
    const time = manualTime();
    const inner = recorder();
    const n = new IncidentNotifier(inner, { quietMs: 1000, ...time });
    n.notify(drift('reverted'));
    n.close();
    time.advance(5000);
    expect(inner.seen.map((s) => s.kind)).toEqual(['drift']);
  });
});
