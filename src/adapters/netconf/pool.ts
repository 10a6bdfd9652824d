/**
 * One long-lived NETCONF session per device (opening one costs 0.3–0.5 s of SSH setup). Sessions are
 * reused until they drop; the next acquire() reconnects, waiting out an exponential backoff after
 * failed attempts. Concurrent callers for one device share a single connect attempt.
 */
import { silentLogger, type Logger } from '../../log.js';
import { backoffDelay, sleep } from '../../runtime/backoff.js';
import { NetconfSession, type SessionOptions } from './session.js';

interface Entry {
  session?: NetconfSession;
  connecting?: Promise<NetconfSession>;
  failures: number;
  /** When the next connect attempt may start (epoch ms), set at each failure. */
  retryAt: number;
}

export class NetconfPool {
  private readonly entries = new Map<string, Entry>();
  private readonly log: Logger;
  private readonly connectFn: (o: SessionOptions) => Promise<NetconfSession>;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly random: () => number;
  private connects = 0;

  /** `random` (0 ≤ r < 1) sets the backoff's jitter (runtime/backoff); tests pin it. */
  constructor(o: { logger?: Logger; connect?: (o: SessionOptions) => Promise<NetconfSession>; backoff?: { initialMs: number; maxMs: number }; random?: () => number } = {}) {
    this.log = o.logger ?? silentLogger();
    this.connectFn = o.connect ?? ((opts) => NetconfSession.connect(opts));
    this.backoff = o.backoff ?? { initialMs: 1_000, maxMs: 30_000 };
    this.random = o.random ?? Math.random;
  }

  /** Live session for the device; rejects with the connect error (NetconfTransportError). */
  acquire(device: string, opts: SessionOptions): Promise<NetconfSession> {
    const entry = this.entries.get(device) ?? { failures: 0, retryAt: 0 };
    this.entries.set(device, entry);
    if (entry.session !== undefined && !entry.session.closed) return Promise.resolve(entry.session);
    entry.connecting ??= this.connect(device, entry, opts).finally(() => {
      delete entry.connecting;
    });
    return entry.connecting;
  }

  /** Drops and closes the device's session (e.g. after a protocol error). */
  async invalidate(device: string): Promise<void> {
    const entry = this.entries.get(device);
    const session = entry?.session;
    if (entry === undefined || session === undefined) return;
    delete entry.session;
    await session.close();
  }

  /** Closes every session, waiting for connects in flight and closing what they open. */
  async closeAll(): Promise<void> {
    const entries = [...this.entries.values()];
    this.entries.clear();
    await Promise.all(
      entries.map(async (entry) => {
        const opened = entry.connecting ? await entry.connecting.catch(() => undefined) : undefined;
        await Promise.all([entry.session?.close(), opened?.close()]);
      }),
    );
  }

  /** `sessions`: live sessions now; `connects`: sessions successfully opened since construction. */
  stats(): { sessions: number; connects: number } {
    let sessions = 0;
    for (const entry of this.entries.values()) if (entry.session !== undefined && !entry.session.closed) sessions++;
    return { sessions, connects: this.connects };
  }

  private async connect(device: string, entry: Entry, opts: SessionOptions): Promise<NetconfSession> {
    const wait = Math.max(0, entry.retryAt - Date.now());
    if (wait > 0) {
      this.log.debug({ device, waitMs: wait, failures: entry.failures }, 'netconf reconnect backoff');
      await sleep(wait);
    }
    try {
      const session = await this.connectFn(opts);
      entry.failures = 0;
      entry.session = session;
      this.connects++;
      session.once('close', (err?: Error) => {
        if (entry.session === session) delete entry.session;
        if (err) this.log.info({ device, reason: (err as { reason?: string }).reason }, 'netconf session dropped; next acquire reconnects');
      });
      return session;
    } catch (err) {
      entry.failures++;
      entry.retryAt = Date.now() + backoffDelay(entry.failures, { baseMs: this.backoff.initialMs, maxMs: this.backoff.maxMs, random: this.random });
      throw err;
    }
  }
}
