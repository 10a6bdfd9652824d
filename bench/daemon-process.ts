// intentd as operators run it, for the benches that must not share an event loop or a heap with the lab:
// `node dist/src/cli.js run -c FILE` in a child process, observed only from outside (/proc, /api/status,
// /metrics), stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './bench-kit.js';
import { vmRssBytes } from './bench-math.js';
import { until } from './lab-daemon.js';

/** A free loopback port (probe-and-release; the daemon binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sums of the samples of each metric family in Prometheus text (label sets added up). */
export function metricTotals(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m || line.startsWith('#')) continue;
    const value = Number(m[2]);
    if (Number.isFinite(value)) out[m[1] as string] = (out[m[1] as string] ?? 0) + value;
  }
  return out;
}

/** Sum of the samples of `name` whose labels include every pair of `labels`, from Prometheus text. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[3]);
  }
  return sum;
}

/** Cumulative counts of a Prometheus histogram by bucket bound (`le`, +Inf as Infinity), from metrics text. */
export function histogramBuckets(text: string, name: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${name}_bucket\\{[^}]*le="([^"]+)"[^}]*\\}\\s+(\\S+)`).exec(line);
    if (m) out.set(m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]), Number(m[2]));
  }
  return out;
}

/**
 * The event-loop delay between two scrapes of `intentd_event_loop_delay_seconds`: samples, the share
 * over 10 ms, and the p99 as the upper bound of the bucket it falls in (ms; Infinity beyond the last).
 */
export function loopDelayBetween(before: string, after: string): { samples: number; over10msShare: number; p99UpToMs: number } {
  const a = histogramBuckets(before, 'intentd_event_loop_delay_seconds');
  const b = histogramBuckets(after, 'intentd_event_loop_delay_seconds');
  const bounds = [...b.keys()].sort((x, y) => x - y);
  const delta = (le: number): number => (b.get(le) ?? 0) - (a.get(le) ?? 0);
  const total = delta(Number.POSITIVE_INFINITY);
  if (total <= 0) return { samples: 0, over10msShare: 0, p99UpToMs: 0 };
  const p99 = bounds.find((le) => delta(le) >= 0.99 * total) ?? Number.POSITIVE_INFINITY;
  return { samples: total, over10msShare: 1 - delta(0.01) / total, p99UpToMs: p99 * 1000 };
}

export interface DeviceStatusView { device: string; state: string; lastReconcileAt: string | null }

export class DaemonProcess {
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly logFile: string,
  ) {
    // A bench stopped by the runner's time budget exits without stopping us: take the daemon along.
    const onExit = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', onExit);
    child.once('exit', () => {
      this.exited = true;
      process.off('exit', onExit);
    });
  }

  /** Writes `configYaml` (whose http.listen must be `listen`) to `dir` and starts the daemon on it. */
  static async start(o: { configYaml: string; dir: string; listen: string; startTimeoutMs?: number; nodeArgs?: string[] }): Promise<DaemonProcess> {
    const file = join(o.dir, 'intentd.yaml');
    await writeFile(file, o.configYaml);
    const logFile = join(o.dir, 'intentd.log');
    const log = createWriteStream(logFile);
    // nodeArgs: e.g. ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] to profile the daemon under a bench's load;
    // INTENTD_BENCH_DAEMON_ARGS (space-separated) does the same for any bench without editing it.
    const nodeArgs = o.nodeArgs ?? (process.env.INTENTD_BENCH_DAEMON_ARGS ?? '').split(' ').filter((a) => a !== '');
    const child = spawn(process.execPath, [...nodeArgs, join(repoRoot(), 'dist', 'src', 'cli.js'), 'run', '-c', file], {
      env: { ...process.env, INTENTD_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const d = new DaemonProcess(child, `http://${o.listen}`, logFile);
    try {
      const deadline = Date.now() + (o.startTimeoutMs ?? 30_000);
      for (;;) {
        if (d.exited) throw new Error(`intentd exited at start:\n${await d.tail()}`);
        if (await fetch(`${d.url}/healthz`).then((r) => r.ok, () => false)) break;
        if (Date.now() > deadline) throw new Error(`intentd did not answer /healthz in time:\n${await d.tail()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return d;
    } catch (err) {
      await d.stop();
      throw err;
    }
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Resident set size of the daemon process, from /proc. */
  async rssBytes(): Promise<number> {
    const rss = vmRssBytes(await readFile(`/proc/${this.pid}/status`, 'utf8'));
    if (rss === null) throw new Error('no VmRSS in /proc status');
    return rss;
  }

  async metrics(): Promise<Record<string, number>> {
    return metricTotals(await this.metricsText());
  }

  /** The daemon's /metrics; only the families `names` (cheap to render at a thousand devices) when given. */
  async metricsText(names: readonly string[] = []): Promise<string> {
    const query = names.map((n) => `name[]=${encodeURIComponent(n)}`).join('&');
    const res = await fetch(`${this.url}/metrics${query ? `?${query}` : ''}`);
    return res.text();
  }

  async status(): Promise<DeviceStatusView[]> {
    const res = await fetch(`${this.url}/api/status`);
    return ((await res.json()) as { devices: DeviceStatusView[] }).devices;
  }

  /**
   * Waits until `devices` devices report 'in-sync' and nothing was reconciled for `quietMs`
   * (reconcile counters unchanged, queue depth 0). Throws on a failed device or after `timeoutMs`.
   */
  async waitInSync(devices: number, o: { quietMs?: number; timeoutMs: number }): Promise<void> {
    const quietMs = o.quietMs ?? 1500;
    const deadline = Date.now() + o.timeoutMs;
    let last = '';
    let since = Date.now();
    for (;;) {
      if (this.exited) throw new Error(`intentd exited:\n${await this.tail()}`);
      const st = await this.status();
      const failed = st.find((s) => s.state === 'failed');
      if (failed) throw new Error(`device ${failed.device} failed: ${JSON.stringify(failed)}`);
      const m = await this.metrics();
      const sig = `${m.intentd_reconciles_total ?? 0}|${m.intentd_edits_sent_total ?? 0}|${st.map((s) => s.lastReconcileAt).join()}`;
      if (sig !== last) {
        last = sig;
        since = Date.now();
      }
      const inSync = st.filter((s) => s.state === 'in-sync').length;
      if (inSync >= devices && (m.intentd_queue_depth ?? 0) === 0 && Date.now() - since >= quietMs) return;
      if (Date.now() > deadline) throw new Error(`intentd: ${inSync}/${devices} devices in sync when time ran out`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The last lines of the daemon's log. */
  async tail(lines = 20): Promise<string> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    return text.split('\n').slice(-lines).join('\n');
  }

  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. Idempotent. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.exited) return;
    this.child.kill('SIGTERM');
    await until('intentd to exit', () => this.exited, timeoutMs).catch(() => {
      this.child.kill('SIGKILL');
      return until('intentd to die', () => this.exited, 5000);
    });
  }
}
