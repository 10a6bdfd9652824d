import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { Daemon } from '../../../src/daemon.js';
import { DaemonEvents } from '../../../src/daemon-events.js';
import { Lab } from '../../../src/lab/lab.js';
import { silentLogger, type Logger } from '../../../src/log.js';
import type { Clock } from '../../../src/runtime/clock.js';

/** Polls `pred` every 25 ms until it holds; throws `timed out waiting for <what>` after `timeoutMs`. */
export async function until(what: string, pred: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface StartOptions {
  /** Events of this daemon (default: the fixture's `events`, fresh for each test). */
  events?: DaemonEvents;
  logger?: Logger;
  /** Point NetBox's webhook at the daemon (default true). */
  webhook?: boolean;
  /** Wait until its queue is drained, retries included (default true). */
  idle?: boolean;
  /** The clock of change windows (default the system clock). */
  clock?: Clock;
}

/**
 * A simulated lab (NetBox, Webex, c9300) and a temp intent repo for each test, and daemons started
 * against them with the lab's config (no poll, no resync, a free port). Every daemon started is
 * stopped after the test, then the lab; the emulators' strictness is checked by the global setup.
 */
export class LabDaemon {
  lab!: Lab;
  dir = '';
  repo = '';
  events = new DaemonEvents();
  /** The config of the last daemon started. */
  config!: Config;
  /** The last daemon started. */
  daemon!: Daemon;
  private started: Daemon[] = [];

  constructor(
    private readonly prefix: string,
    private readonly labOptions: { devices?: number; openconfig?: number } = {},
  ) {}

  /** The lab's config YAML for this test's repo, listening on a free port, without poll and resync. */
  yaml(): string {
    return this.lab.configYaml({ repo: this.repo, listen: '127.0.0.1:0', poll: null, resync: null });
  }

  /** Starts a daemon on `edit(yaml())`, connects NetBox's webhook to it and waits until it is idle (both by default). */
  async start(edit: (yaml: string) => string = (y) => y, o: StartOptions = {}): Promise<Daemon> {
    this.config = parseConfig(edit(this.yaml()), 'test', { env: {} });
    const d = await Daemon.start({ config: this.config, logger: o.logger ?? silentLogger(), events: o.events ?? this.events, ...(o.clock ? { clock: o.clock } : {}) });
    this.started.push(d);
    this.daemon = d;
    if (o.webhook ?? true) this.lab.connectWebhook(d.url);
    if (o.idle ?? true) await d.idle();
    return d;
  }

  /** GET /api/status/<device> of the last daemon started. */
  async status<T = { state: string; lastError: { reason: string; message: string } | null }>(device = 'c9300'): Promise<T> {
    return (await (await fetch(`${this.daemon.url}/api/status/${device}`)).json()) as T;
  }

  /** git in the intent repo, as an operator would run it; trimmed stdout. */
  git(...args: string[]): string {
    return execFileSync('git', ['-C', this.repo, '-c', 'user.name=Operator', '-c', 'user.email=op@example.com', ...args], { encoding: 'utf8' }).trim();
  }

  async setUp(): Promise<void> {
    this.lab = await Lab.start(this.labOptions);
    this.dir = mkdtempSync(join(tmpdir(), this.prefix));
    this.repo = join(this.dir, 'intent');
    this.events = new DaemonEvents();
    this.started = [];
  }

  async tearDown(): Promise<void> {
    for (const d of this.started) await d.stop({ timeoutMs: 5000 });
    await this.lab.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Registers the fixture's beforeEach/afterEach in the calling describe block. */
export function useLabDaemon(prefix = 'intentd-daemon-', labOptions: { devices?: number; openconfig?: number } = {}): LabDaemon {
  const t = new LabDaemon(prefix, labOptions);
  beforeEach(() => t.setUp());
  afterEach(() => t.tearDown());
  return t;
}
