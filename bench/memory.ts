// Benchmark: memory of the daemon process with ≥10,000 and ≥50,000 managed interfaces in sync, against an
// idle daemon with 0 devices measured in the same run. Both are `intentd run` child processes (bench/daemon-process.ts)
// on the lab's config with the poll and resync crons off, so nothing runs while RSS is sampled; the lab
// (NetBox emulator, simulated switches) lives in this process and is not counted. The loaded daemon's
// intent repo is seeded from NetBox (bench/intent-seed.ts); its start-up reconcile still reads every
// device from NetBox and over NETCONF, and keeps one session per device open, as in production.
// RSS is read twice: right after start-up (every device in sync, 2 s quiet), when the converge's garbage is
// still in the heap, and settled, SETTLE_MS later, after V8's memory reducer has collected it: the steady
// state an operator's monitoring shows for the fleet, which the targets are about. Both are printed.
// Build with `npm run build`, run `node dist/bench/memory.js [interfaces ...]` (or `npm run bench`).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../src/config/load.js';
import { Lab } from '../src/lab/lab.js';
import { isEntryPoint, runAsScript, type Target } from './bench-kit.js';
import { bytesPerItem, mb } from './bench-math.js';
import { DaemonProcess, freePort } from './daemon-process.js';
import { seedIntentRepo } from './intent-seed.js';
import type { ConfigDoc } from './lab-daemon.js';

/** Interface counts measured, each with its RSS bound from issue 13 (MB). */
const SIZES: ReadonlyArray<{ interfaces: number; boundMB: number }> = [
  { interfaces: 10_000, boundMB: 150 },
  { interfaces: 50_000, boundMB: 400 },
];
/** c9300 has 52 interfaces in NetBox, every extra lab device 48. */
export function devicesFor(interfaces: number): number {
  return 1 + Math.max(0, Math.ceil((interfaces - 52) / 48));
}
const SAMPLES = 5;
/**
 * How long after start-up the settled figure is read. V8's memory reducer runs a few full GCs once the
 * heap stops growing, the first some 10-20 s after the last one; measured here, RSS at 10,000 interfaces
 * fell from about 230 MB to 111 MB by 40 s after start-up and stayed there.
 */
const SETTLE_MS = 60_000;

export interface MemoryFigures { rssMB: number; heapUsedMB: number; rssBytes: number }
export interface MemoryPoint {
  devices: number;
  interfaces: number;
  /** Start → every device in sync and quiet (seeded repo: a check of every device, no commits). */
  startupSec: number;
  /** Right after start-up: the converge's garbage not yet collected. */
  afterStartup: MemoryFigures;
  /** Settled (SETTLE_MS later): the steady state the targets are about. */
  loaded: MemoryFigures;
  deltaMB: number;
  bytesPerInterface: number;
  loadedVsBaseline: number;
  /** RSS bound of issue 13 for about this many interfaces, when there is one. */
  boundMB: number | null;
}
/** One of issue 13's targets as measured in this run (the shape bench/run.ts's summary prints). */
export interface MemoryResult {
  when: string;
  /** The idle daemon, settled like the loaded ones. */
  baseline: MemoryFigures;
  points: MemoryPoint[];
  targets: Target[];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Median of `SAMPLES` RSS readings 500 ms apart, and the heap in use from /metrics. */
async function sample(d: DaemonProcess): Promise<MemoryFigures> {
  const rss: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    rss.push(await d.rssBytes());
    await new Promise((r) => setTimeout(r, 500));
  }
  const m = await d.metrics();
  const rssBytes = median(rss);
  return { rssBytes, rssMB: mb(rssBytes), heapUsedMB: mb(m.intentd_nodejs_heap_size_used_bytes ?? Number.NaN) };
}

/** Runs one daemon process on `doc` until `devices` are in sync, samples it then and settled, stops it. */
async function measure(dir: string, doc: ConfigDoc, devices: number): Promise<{ afterStartup: MemoryFigures; figures: MemoryFigures; startupSec: number }> {
  const timeoutMs = 300_000 + devices * 600;
  const listen = `127.0.0.1:${await freePort()}`;
  doc.http.listen = listen;
  const t0 = performance.now();
  const d = await DaemonProcess.start({ configYaml: stringify(doc), dir, listen });
  try {
    await d.waitInSync(devices, { timeoutMs, quietMs: 2000 });
    const startupSec = (performance.now() - t0) / 1000;
    const settleAt = performance.now() + SETTLE_MS;
    const afterStartup = await sample(d);
    await new Promise((r) => setTimeout(r, Math.max(0, settleAt - performance.now())));
    return { afterStartup, figures: await sample(d), startupSec };
  } finally {
    await d.stop();
  }
}

export function formatTable(r: MemoryResult): string {
  const row = (what: string, f: MemoryFigures, extra = ''): string => `${what.padEnd(34)}${f.rssMB.toFixed(1).padStart(9)}${f.heapUsedMB.toFixed(1).padStart(9)}${extra}`;
  return [
    `Daemon memory (intentd run, child process, RSS median of ${SAMPLES} readings, settled ${SETTLE_MS / 1000} s after start-up; the lab lives in the bench process)`,
    `${'daemon'.padEnd(34)}${'RSS MB'.padStart(9)}${'heap MB'.padStart(9)}${'B/iface'.padStart(9)}${'start-up s'.padStart(12)}${'RSS MB just after start-up'.padStart(28)}`,
    row('idle, 0 devices', r.baseline),
    ...r.points.map((p) => row(`${p.devices} devices, ${p.interfaces} interfaces`, p.loaded, `${String(p.bytesPerInterface).padStart(9)}${p.startupSec.toFixed(1).padStart(12)}${p.afterStartup.rssMB.toFixed(1).padStart(28)}`)),
    ...r.targets.map((t) => `  ${(t.met ? 'met' : 'NOT MET').padEnd(8)}${t.name}: ${t.target}; measured ${t.measured}${t.baseline ? ` (baseline ${t.baseline})` : ''}`),
  ].join('\n');
}

/** Issue 13's RSS bounds, each against the idle daemon of the same run. */
export function memoryTargets(baseline: MemoryFigures, points: readonly MemoryPoint[]): Target[] {
  return points.flatMap((p) => (p.boundMB === null ? [] : [{
    name: `daemon RSS at ${p.interfaces} interfaces`,
    target: `≤ ${p.boundMB} MB`,
    measured: `${p.loaded.rssMB.toFixed(1)} MB settled (${p.bytesPerInterface} B/interface over idle; ${p.afterStartup.rssMB.toFixed(1)} MB just after start-up)`,
    baseline: `idle ${baseline.rssMB.toFixed(1)} MB`,
    met: p.loaded.rssMB <= p.boundMB,
  }]));
}

/** Starts a lab of enough devices for `interfaces`, seeds the repo, measures the daemon on it, stops the lab. */
async function measureLoaded(dir: string, interfaces: number, boundMB: number | null, baseline: MemoryFigures): Promise<MemoryPoint> {
  const devices = devicesFor(interfaces);
  const lab = await Lab.start({ devices });
  try {
    const repo = join(dir, `intent-${interfaces}`);
    const doc = parse(lab.configYaml({ repo, poll: null, resync: null })) as ConfigDoc;
    // A thousand switches in this process answer slowly while the daemon opens its sessions: give each
    // SSH handshake and RPC a minute rather than the lab's 10 s, so a busy start-up is not a failure.
    doc.devices.defaults = { ...(doc.devices.defaults as Record<string, unknown>), timeoutMs: 60_000 };
    const seeded = await seedIntentRepo(parseConfig(stringify(doc), 'bench', { env: {} }), [...lab.devices.keys()]);
    const loaded = await measure(dir, doc, devices);
    return {
      devices,
      interfaces: seeded,
      startupSec: Math.round(loaded.startupSec * 10) / 10,
      afterStartup: loaded.afterStartup,
      loaded: loaded.figures,
      deltaMB: mb(loaded.figures.rssBytes - baseline.rssBytes),
      bytesPerInterface: bytesPerItem(loaded.figures.rssBytes, baseline.rssBytes, seeded),
      loadedVsBaseline: Math.round((loaded.figures.rssBytes / baseline.rssBytes) * 10) / 10,
      boundMB,
    };
  } finally {
    await lab.stop();
  }
}

export async function main(sizes: ReadonlyArray<{ interfaces: number; boundMB: number | null }> = SIZES): Promise<MemoryResult> {
  const dir = await mkdtemp(join(tmpdir(), 'intentd-bench-mem-'));
  try {
    const idleLab = await Lab.start({ devices: 1 });
    let baseline: MemoryFigures;
    try {
      const idleDoc = parse(idleLab.configYaml({ repo: join(dir, 'idle-intent'), poll: null, resync: null })) as ConfigDoc;
      idleDoc.netbox.deviceFilter = { name: 'bench-no-such-device' };
      baseline = (await measure(dir, idleDoc, 0)).figures;
    } finally {
      await idleLab.stop();
    }
    const points: MemoryPoint[] = [];
    for (const s of sizes) {
      points.push(await measureLoaded(dir, s.interfaces, s.boundMB, baseline));
      console.log(`  ${points.at(-1)?.interfaces} interfaces: ${points.at(-1)?.loaded.rssMB} MB`);
    }
    const result: MemoryResult = { when: new Date().toISOString(), baseline, points, targets: memoryTargets(baseline, points) };
    console.log(formatTable(result));
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) {
  const asked = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const sizes = asked.length === 0 ? SIZES : asked.map((interfaces) => ({ interfaces, boundMB: SIZES.find((s) => s.interfaces === interfaces)?.boundMB ?? null }));
  runAsScript('memory', { main: () => main(sizes) });
}
