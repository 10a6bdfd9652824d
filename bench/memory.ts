// Benchmark: memory of the daemon process with ≥10,000 managed interfaces in sync, against an idle daemon
// with 0 devices measured in the same run. Both are `intentd run` child processes (bench/daemon-process.ts)
// on the lab's config with the poll and resync crons off, so nothing runs while RSS is sampled; the lab
// (NetBox emulator, simulated switches) lives in this process and is not counted. The loaded daemon's
// intent repo is seeded from NetBox (bench/intent-seed.ts); its start-up reconcile still reads every
// device from NetBox and over NETCONF, and keeps one session per device open, as in production.
// Build with `npm run build`, run `node dist/bench/memory.js` (or `npm run bench`).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../src/config/load.js';
import { Lab } from '../src/lab/lab.js';
import { isEntryPoint, runAsScript } from './bench-kit.js';
import { bytesPerItem, mb } from './bench-math.js';
import { DaemonProcess, freePort } from './daemon-process.js';
import { seedIntentRepo } from './intent-seed.js';
import type { ConfigDoc } from './lab-daemon.js';

const TARGET_INTERFACES = 10_000;
/** c9300 has 52 interfaces in NetBox, every extra lab device 48. */
export function devicesFor(interfaces: number): number {
  return 1 + Math.max(0, Math.ceil((interfaces - 52) / 48));
}
const SAMPLES = 5;

export interface MemoryFigures { rssMB: number; heapUsedMB: number; rssBytes: number }
export interface MemoryResult {
  when: string;
  devices: number;
  interfaces: number;
  /** Start → every device in sync and quiet (seeded repo: a check of every device, no commits). */
  startupSec: number;
  baseline: MemoryFigures;
  loaded: MemoryFigures;
  deltaMB: number;
  bytesPerInterface: number;
  loadedVsBaseline: number;
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

/** Runs one daemon process on `doc` until `devices` are in sync, samples it, stops it. */
async function measure(dir: string, doc: ConfigDoc, devices: number): Promise<{ figures: MemoryFigures; startupSec: number }> {
  const listen = `127.0.0.1:${await freePort()}`;
  doc.http.listen = listen;
  const t0 = performance.now();
  const d = await DaemonProcess.start({ configYaml: stringify(doc), dir, listen });
  try {
    await d.waitInSync(devices, { timeoutMs: 300_000, quietMs: 2000 });
    const startupSec = (performance.now() - t0) / 1000;
    return { figures: await sample(d), startupSec };
  } finally {
    await d.stop();
  }
}

export function formatTable(r: MemoryResult): string {
  return [
    `Daemon memory (intentd run, child process, RSS median of ${SAMPLES} readings)`,
    `${'daemon'.padEnd(34)}${'RSS MB'.padStart(9)}${'heap MB'.padStart(9)}`,
    `${'idle, 0 devices'.padEnd(34)}${r.baseline.rssMB.toFixed(1).padStart(9)}${r.baseline.heapUsedMB.toFixed(1).padStart(9)}`,
    `${`${r.devices} devices, ${r.interfaces} interfaces`.padEnd(34)}${r.loaded.rssMB.toFixed(1).padStart(9)}${r.loaded.heapUsedMB.toFixed(1).padStart(9)}`,
    `  +${r.deltaMB.toFixed(1)} MB over idle (${r.loadedVsBaseline}×), ${r.bytesPerInterface} bytes per managed interface; start-up check ${r.startupSec.toFixed(1)} s`,
  ].join('\n');
}

export async function main(): Promise<MemoryResult> {
  const devices = devicesFor(TARGET_INTERFACES);
  const dir = await mkdtemp(join(tmpdir(), 'intentd-bench-mem-'));
  let lab: Lab | null = null;
  try {
    lab = await Lab.start({ devices });
    const docFor = (repo: string): ConfigDoc => parse(lab?.configYaml({ repo, poll: null, resync: null }) ?? '') as ConfigDoc;

    const idleDoc = docFor(join(dir, 'idle-intent'));
    idleDoc.netbox.deviceFilter = { name: 'bench-no-such-device' };
    const baseline = await measure(join(dir), idleDoc, 0);

    const repo = join(dir, 'intent');
    const loadedDoc = docFor(repo);
    const interfaces = await seedIntentRepo(parseConfig(stringify(loadedDoc), 'bench', { env: {} }), [...lab.devices.keys()]);
    const loaded = await measure(dir, loadedDoc, devices);

    const result: MemoryResult = {
      when: new Date().toISOString(),
      devices,
      interfaces,
      startupSec: Math.round(loaded.startupSec * 10) / 10,
      baseline: baseline.figures,
      loaded: loaded.figures,
      deltaMB: mb(loaded.figures.rssBytes - baseline.figures.rssBytes),
      bytesPerInterface: bytesPerItem(loaded.figures.rssBytes, baseline.figures.rssBytes, interfaces),
      loadedVsBaseline: Math.round((loaded.figures.rssBytes / baseline.figures.rssBytes) * 10) / 10,
    };
    console.log(formatTable(result));
    return result;
  } finally {
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) runAsScript('memory', { main });
