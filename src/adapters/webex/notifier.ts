import type { Logger } from 'pino';
import type { Config } from '../../config/types.js';
import { backoffDelay, sleep } from '../../runtime/backoff.js';
import { retryAfterMs } from '../../runtime/retry-after.js';
import type { Notifier, NotifierStats } from '../../core/ports.js';
import { renderNotification, type Notification } from './messages.js';
import { overflowVictim } from './notify-policy.js';
import { approvalCard } from './approval-card.js';
import { IncidentThreads, threadOf } from './incident-threads.js';

export type { Notification } from './messages.js';

export type { Notifier, NotifierStats } from '../../core/ports.js';

export type WebexConfig = NonNullable<Config['webex']>;

export interface WebexNotifierOptions {
  /** The dedup window is applied around the notifier (DedupNotifier), not inside it. */
  config: Pick<WebexConfig, 'baseUrl' | 'token' | 'roomId' | 'toPersonEmail' | 'maxQueue'>;
  logger: Logger;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** 0 ≤ random() < 1, for jitter. */
  random?: () => number;
  /** Attempts per message for retryable failures (default 8). */
  maxAttempts?: number;
  /** Exponential backoff for 5xx / network errors (defaults 500 ms doubling up to 30 s). */
  backoff?: { initialMs: number; maxMs: number };
  /** Per-request timeout (default 10 s). */
  requestTimeoutMs?: number;
  /** Called for every dropped message (for metrics). */
  onDrop?: (kind: Notification['kind'], why: 'overflow' | 'rejected' | 'exhausted') => void;
}

type Outcome = { kind: 'sent'; id: string | null } | { kind: 'retry'; waitMs: number; why: string } | { kind: 'reject'; why: string };

/** Extra wait on top of Retry-After so many senders do not return in lock-step. */
const RETRY_AFTER_JITTER_MS = 250;

/** Default sleep: an unref'd timer, so a pending retry never keeps the process alive by itself. */
const unrefSleep = (ms: number): Promise<void> => sleep(ms, undefined, { unref: true });

/**
 * Posts notifications to the Webex messages API from a bounded in-memory queue, one at a time, in order.
 * 429 waits Retry-After (+ jitter); 5xx, network errors and timeouts back off exponentially for up to
 * `maxAttempts`; other 4xx (bad token, bad room) are terminal. Every drop is logged and counted.
 */
export class WebexNotifier implements Notifier {
  private readonly queue: Notification[] = [];
  private running = false;
  private idleWaiters: Array<() => void> = [];
  private readonly counts = { sent: 0, droppedOverflow: 0, droppedRejected: 0, droppedExhausted: 0, retries: 0 };
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly requestTimeoutMs: number;
  private readonly url: string;
  private readonly recipient: { roomId: string } | { toPersonEmail: string };
  /** Open incident threads (drift, failure per device): later messages reply to the first. */
  private readonly threads = new IncidentThreads();

  constructor(private readonly o: WebexNotifierOptions) {
    this.fetch = o.fetch ?? globalThis.fetch;
    this.sleep = o.sleep ?? unrefSleep;
    this.random = o.random ?? Math.random;
    this.maxAttempts = o.maxAttempts ?? 8;
    this.backoff = o.backoff ?? { initialMs: 500, maxMs: 30_000 };
    this.requestTimeoutMs = o.requestTimeoutMs ?? 10_000;
    this.url = `${o.config.baseUrl.replace(/\/+$/, '')}/messages`;
    this.recipient = o.config.roomId ? { roomId: o.config.roomId } : { toPersonEmail: o.config.toPersonEmail ?? '' };
  }

  /** When the queue is full, informational messages give way before alerts (see overflowVictim). */
  notify(n: Notification): void {
    if (this.queue.length >= Math.max(1, this.o.config.maxQueue)) {
      const victim = overflowVictim(this.queue, n);
      const dropped = victim < 0 ? n : (this.queue.splice(victim, 1)[0] as Notification);
      this.counts.droppedOverflow++;
      this.o.onDrop?.(dropped.kind, 'overflow');
      this.o.logger.warn({ kind: dropped.kind, maxQueue: this.o.config.maxQueue }, 'webex: queue full, dropped a notification');
      if (victim < 0) return;
    }
    this.queue.push(n);
    if (!this.running) {
      this.running = true;
      // Start sending on a later turn so notify() costs the caller nothing but the push.
      setImmediate(() => void this.pump());
    }
  }

  async flush(timeoutMs: number): Promise<void> {
    if (!this.running && this.queue.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }

  stats(): NotifierStats {
    const c = this.counts;
    return { queued: this.queue.length, ...c, dropped: c.droppedOverflow + c.droppedRejected + c.droppedExhausted };
  }

  private async pump(): Promise<void> {
    try {
      for (let n = this.queue.shift(); n !== undefined; n = this.queue.shift()) {
        try {
          await this.deliver(n);
        } catch (err) {
          // A bug in rendering or an injected fetch/sleep: drop this one, keep the loop alive.
          this.counts.droppedRejected++;
          this.o.onDrop?.(n.kind, 'rejected');
          this.o.logger.error({ err, kind: n.kind }, 'webex: unexpected error, message dropped');
        }
      }
    } finally {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /**
   * Messages go out one at a time in order, so a reply is built after its thread's first message
   * was answered: its `parentId` is the id Webex returned. A thread whose first message was dropped
   * starts with the next one; `resolved` without an open thread has nothing to close and is not sent.
   */
  private async deliver(n: Notification): Promise<void> {
    const { markdown, text } = renderNotification(n);
    const thread = threadOf(n);
    const parentId = thread ? this.threads.rootOf(thread.key) : undefined;
    if (thread?.closes && parentId === undefined) {
      this.o.logger.debug({ kind: n.kind, thread: thread.key }, 'webex: no open thread to resolve; not sent');
      return;
    }
    // A plan held for approval carries Approve / Reject buttons for exactly its hash.
    const attachments = n.kind === 'held' && n.state === 'pending-approval' && n.hash
      ? [approvalCard({ device: n.device, changes: n.changes, planHash: n.hash, reasons: [n.reason] })]
      : undefined;
    const body = JSON.stringify({ ...this.recipient, markdown, text, ...(parentId ? { parentId } : {}), ...(attachments ? { attachments } : {}) });
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.post(body, attempt);
      if (outcome.kind === 'sent') {
        this.counts.sent++;
        if (thread?.closes) this.threads.close(thread.key);
        else if (thread && parentId === undefined && outcome.id !== null) this.threads.open(thread.key, outcome.id);
        return;
      }
      if (outcome.kind === 'reject') {
        this.counts.droppedRejected++;
        this.o.onDrop?.(n.kind, 'rejected');
        this.o.logger.error({ kind: n.kind, why: outcome.why }, 'webex: message rejected, dropped');
        return;
      }
      if (attempt >= this.maxAttempts) {
        this.counts.droppedExhausted++;
        this.o.onDrop?.(n.kind, 'exhausted');
        this.o.logger.error({ kind: n.kind, attempts: attempt, why: outcome.why }, 'webex: giving up on message, dropped');
        return;
      }
      this.counts.retries++;
      this.o.logger.warn({ kind: n.kind, attempt, waitMs: outcome.waitMs, why: outcome.why }, 'webex: send failed, will retry');
      await this.sleep(outcome.waitMs);
    }
  }

  private async post(body: string, attempt: number): Promise<Outcome> {
    let res: Response;
    try {
      res = await this.fetch(this.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.o.config.token}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      });
    } catch (err) {
      return { kind: 'retry', waitMs: this.backoffMs(attempt), why: `network: ${(err as Error).message}` };
    }
    const detail = await res.text().catch(() => '');
    const tracking = res.headers.get('trackingid') ?? undefined;
    const why = `HTTP ${res.status}${tracking ? ` trackingId=${tracking}` : ''}${detail ? `: ${detail.slice(0, 300)}` : ''}`;
    if (res.ok) return { kind: 'sent', id: messageIdOf(detail) };
    if (res.status === 429 || res.status === 423) {
      const after = retryAfterMs(res.headers.get('retry-after'));
      const waitMs = after === null ? this.backoffMs(attempt) : after + this.random() * RETRY_AFTER_JITTER_MS;
      return { kind: 'retry', waitMs, why };
    }
    if (res.status >= 500 || res.status === 408) return { kind: 'retry', waitMs: this.backoffMs(attempt), why };
    return { kind: 'reject', why };
  }

  private backoffMs(attempt: number): number {
    return backoffDelay(attempt, { baseMs: this.backoff.initialMs, maxMs: this.backoff.maxMs, random: this.random });
  }
}

/** The `id` of the Message Webex returned, or null when the reply is not one. */
function messageIdOf(body: string): string | null {
  try {
    const id = (JSON.parse(body) as { id?: unknown }).id;
    return typeof id === 'string' && id !== '' ? id : null;
  } catch {
    return null;
  }
}

/** Used when no Webex is configured: each message goes to the log at info. */
export class LogNotifier implements Notifier {
  private sent = 0;

  constructor(private readonly logger: Logger) {}

  notify(n: Notification): void {
    this.logger.info({ notification: n.kind, text: renderNotification(n).text }, 'notification');
    this.sent++;
  }

  async flush(_timeoutMs: number): Promise<void> {}

  stats(): NotifierStats {
    return { queued: 0, sent: this.sent, dropped: 0, droppedOverflow: 0, droppedRejected: 0, droppedExhausted: 0, retries: 0 };
  }
}
