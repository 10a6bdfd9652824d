import PQueue from 'p-queue';
import { asIntentdError, type IntentdError } from '../core/errors.js';
import type { Logger } from '../log.js';
import { backoffDelay, sleep } from './backoff.js';

/** What a reconcile asks of the queue when it returns normally. */
export type ReconcileOutcome = { requeueAfterMs?: number } | void;

export type Reconcile = (key: string, reasons: string[]) => Promise<ReconcileOutcome>;

export interface QueueEvents {
  /** After every run: 'success' | 'retry' | 'terminal'. */
  onResult?(key: string, result: 'success' | 'retry' | 'terminal', durationMs: number, err?: IntentdError): void;
}

interface KeyState {
  reasons: Set<string>;
  queued: boolean;
  running: boolean;
  /** A nudge arrived while running: run once more afterwards. */
  dirty: boolean;
  failures: number;
  timer: NodeJS.Timeout | null;
  /** The timer holds a rerun back for `rerunGapMs` (a nudge does not cut it short, unlike a retry's). */
  spacing: boolean;
}

/**
 * A keyed work queue in the controller-runtime mould. Sources add keys (device names); a key added many
 * times before it runs is processed once; a key is never processed by two workers at once (a nudge
 * during a run schedules exactly one more run); global concurrency is capped by p-queue. After a run:
 * success forgets the backoff; a retryable IntentdError re-adds the key after exponential backoff with
 * jitter; a terminal error waits for the next nudge.
 */
export class WorkQueue {
  private readonly keys = new Map<string, KeyState>();
  private readonly pq: PQueue;
  private stopping = false;

  constructor(
    private readonly reconcile: Reconcile,
    private readonly o: {
      concurrency: number;
      baseBackoffMs?: number;
      maxBackoffMs?: number;
      /**
       * A key nudged while it runs runs again no sooner than this long after the run started: a burst of
       * nudges (a webhook storm) costs one run per gap, while the first nudge of a burst runs at once.
       */
      rerunGapMs?: number;
      logger: Logger;
      events?: QueueEvents;
    },
  ) {
    this.pq = new PQueue({ concurrency: o.concurrency });
  }

  /** Nudges `key`. Returns false once the queue is shutting down (the nudge is then not taken). */
  add(key: string, reason: string): boolean {
    if (this.stopping) return false;
    const st = this.state(key);
    st.reasons.add(reason);
    if (st.running) {
      st.dirty = true;
      return true;
    }
    if (st.timer && st.spacing) return true;
    if (st.timer) {
      // New information beats a pending retry: run now, keep the failure count.
      clearTimeout(st.timer);
      st.timer = null;
    }
    this.schedule(key, st);
    return true;
  }

  /** Keys waiting or running, and keys waiting for a retry timer. */
  depth(): { queued: number; running: number; retrying: number } {
    let queued = 0;
    let running = 0;
    let retrying = 0;
    for (const st of this.keys.values()) {
      if (st.running) running++;
      else if (st.queued) queued++;
      if (st.timer) retrying++;
    }
    return { queued, running, retrying };
  }

  /** True while `key` is queued, running or waiting for a retry. */
  isPending(key: string): boolean {
    const st = this.keys.get(key);
    return !!st && (st.queued || st.running || st.timer !== null);
  }

  /** Resolves when nothing is queued, running or waiting for a retry timer. */
  async drained(): Promise<void> {
    for (;;) {
      await this.pq.onIdle();
      const d = this.depth();
      if (d.queued + d.running + d.retrying === 0) return;
      await sleep(20);
    }
  }

  /** Stops taking nudges, cancels retry timers, waits for running reconciles up to `timeoutMs`. */
  async shutdown(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    for (const st of this.keys.values()) {
      if (st.timer) clearTimeout(st.timer);
      st.timer = null;
    }
    this.pq.clear();
    const idle = this.pq.onIdle().then(() => true);
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs).unref());
    return Promise.race([idle, timeout]);
  }

  private state(key: string): KeyState {
    let st = this.keys.get(key);
    if (!st) {
      st = { reasons: new Set(), queued: false, running: false, dirty: false, failures: 0, timer: null, spacing: false };
      this.keys.set(key, st);
    }
    return st;
  }

  private schedule(key: string, st: KeyState): void {
    if (st.queued || this.stopping) return;
    st.queued = true;
    void this.pq.add(() => this.run(key, st));
  }

  private async run(key: string, st: KeyState): Promise<void> {
    st.queued = false;
    st.running = true;
    const reasons = [...st.reasons];
    st.reasons.clear();
    const started = performance.now();
    let requeueAfter: number | undefined;
    try {
      const out = await this.reconcile(key, reasons);
      st.failures = 0;
      requeueAfter = out?.requeueAfterMs;
      this.o.events?.onResult?.(key, 'success', performance.now() - started);
    } catch (thrown) {
      const err = asIntentdError(thrown);
      const ms = performance.now() - started;
      if (err.retryable) {
        st.failures++;
        requeueAfter = backoffDelay(st.failures, { baseMs: this.o.baseBackoffMs ?? 1000, maxMs: this.o.maxBackoffMs ?? 300_000 });
        this.o.logger.warn({ device: key, reason: err.reason, err: err.message, attempt: st.failures, retryInMs: requeueAfter }, 'reconcile failed, will retry');
        this.o.events?.onResult?.(key, 'retry', ms, err);
      } else {
        st.failures = 0;
        this.o.logger.error({ device: key, reason: err.reason, err: err.message }, 'reconcile failed, waiting for the next change');
        this.o.events?.onResult?.(key, 'terminal', ms, err);
      }
    } finally {
      st.running = false;
    }
    if (this.stopping) return;
    if (!st.dirty && requeueAfter === undefined && st.failures === 0) {
      // Nothing pending for this key: forget it, so nudges for many names do not grow the map.
      this.keys.delete(key);
      return;
    }
    if (st.dirty) {
      st.dirty = false;
      const gap = (this.o.rerunGapMs ?? 0) - (performance.now() - started);
      if (gap <= 0) this.schedule(key, st);
      else this.scheduleAfter(key, st, gap, { spacing: true });
    } else if (requeueAfter !== undefined) {
      this.scheduleAfter(key, st, requeueAfter, { spacing: false, reason: st.failures > 0 ? `retry ${st.failures}` : 'requeue' });
    }
  }

  /** Schedules `key` after `ms` (a retry, a requeue, or a rerun held back by `rerunGapMs`: `spacing`), adding `reason`. */
  private scheduleAfter(key: string, st: KeyState, ms: number, o: { spacing: boolean; reason?: string }): void {
    st.spacing = o.spacing;
    st.timer = setTimeout(() => {
      st.timer = null;
      st.spacing = false;
      if (o.reason !== undefined) st.reasons.add(o.reason);
      this.schedule(key, st);
    }, ms);
    st.timer.unref();
  }
}
