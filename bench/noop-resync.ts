// Benchmark: one full no-op resync pass at scale. The lab with D simulated switches (48 GigabitEthernet
// ports each, c9300 has 4 TenGigabitEthernet more), the daemon converged once (not measured), then one pass
// of the daemon's own resync schedule (`reconcile.resync`, every RESYNC_EVERY_SEC s, as an operator runs
// it): wall time from the first device read of the pass to the last, edit-configs sent and commits made
// (both must be 0: nothing changed), NETCONF RPCs per device, time per device and its growth with D. The
// poll is off; concurrency is the default 8.
// intentd runs as its own process (`intentd run`, bench/daemon-process.ts) with the repo seeded from NetBox;
// the switches and NetBox live in this process. The daemon's event-loop delay during the pass is read from
// its /metrics histogram, scraped every 50 ms so the scrapes around the pass hold little idle time.
// Build with `npm run build`, run `node dist/bench/noop-resync.js [D ...]` (or `npm run bench`).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../src/config/load.js';
import { Lab } from '../src/lab/lab.js';
import { isEntryPoint, runAsScript, type Target } from './bench-kit.js';
import { scaling, type ScaleRow } from './bench-math.js';
import { DaemonProcess, freePort, loopDelayBetween, metricSum } from './daemon-process.js';
import { seedIntentRepo } from './intent-seed.js';
import type { ConfigDoc } from './lab-daemon.js';

const SIZES = [10, 100, 1000];
const PASS_TIMEOUT_MS = 180_000;
/** The resync schedule: a pass every this many seconds (a pass over 1,000 devices takes a few). */
const RESYNC_EVERY_SEC = 20;
const SCRAPE_EVERY_MS = 50;

export interface NoopResyncPoint {
  devices: number;
  interfaces: number;
  /** Start-up converge (import from NetBox, first apply), not part of the figure. */
  convergeSec: number;
  wallMs: number;
  editsSent: number;
  commitsMade: number;
  inSyncEvents: number;
  /** Devices nudged whose reconcile reported no 'in-sync' (with what they did report instead). */
  notInSync: Record<string, string[]>;
  /** NETCONF RPCs the switches received during the pass, per device. */
  rpcsPerDevice: number;
  /** get-config RPCs among them, per device. */
  getConfigsPerDevice: number;
  /** RSS of the daemon process after the pass, per interface. */
  kbPerInterface: number;
  /** The daemon's event-loop delay during the pass (its histogram in /metrics): p99 as a bucket bound, ms. */
  eventLoopP99Ms: number;
  /** Percent of the daemon's event-loop samples over 10 ms during the pass. */
  eventLoopOver10msShare: number;
}

export interface NoopResyncResult {
  when: string;
  concurrency: number;
  points: Array<NoopResyncPoint & Omit<ScaleRow, 'devices' | 'wallMs'>>;
  targets: Target[];
}

/** One size: the lab here, the daemon as its own process (so its event loop and memory are its own), one resync pass. */
export async function measurePass(devices: number): Promise<NoopResyncPoint> {
  const dir = await mkdtemp(join(tmpdir(), 'intentd-bench-noop-'));
  const lab = await Lab.start({ devices });
  let daemon: DaemonProcess | null = null;
  try {
    const listen = `127.0.0.1:${await freePort()}`;
    const doc = parse(lab.configYaml({ repo: join(dir, 'intent'), listen, poll: null, resync: `*/${RESYNC_EVERY_SEC} * * * * *` })) as ConfigDoc;
    // A thousand switches in the bench process answer slowly while the daemon opens its sessions.
    doc.devices.defaults = { ...(doc.devices.defaults as Record<string, unknown>), timeoutMs: 60_000 };
    const interfaces = await seedIntentRepo(parseConfig(stringify(doc), 'bench', { env: {} }), [...lab.devices.keys()]);
    const t0 = performance.now();
    daemon = await DaemonProcess.start({ configYaml: stringify(doc), dir, listen });
    await daemon.waitInSync(devices, { timeoutMs: 240_000 + devices * 600, quietMs: 2000 });
    const convergeSec = (performance.now() - t0) / 1000;
    // A pass may be running now (the schedule fires during start-up too): wait until the daemon is idle,
    // then take the next pass whole.
    const reconciles = (text: string): number => metricSum(text, 'intentd_reconcile_duration_seconds_count', { controller: 'device' });
    const idle = (text: string): boolean => metricSum(text, 'intentd_queue_depth') === 0;
    let before = await daemon.metricsText(WATCHED);
    while (!idle(before)) before = await scrapeLater(daemon);
    const marks = new Map([...lab.devices].map(([n, d]) => [n, d.requests.length]));
    // The last scrape before the pass starts is its 'before'; the first once every device ran, its 'after'.
    const waitStart = performance.now();
    let after = await scrapeLater(daemon);
    while (reconciles(after) === reconciles(before)) {
      before = after;
      if (performance.now() - waitStart > (RESYNC_EVERY_SEC + 5) * 1000) throw new Error('no resync pass started');
      after = await scrapeLater(daemon);
    }
    const passStart = performance.now();
    while (reconciles(after) - reconciles(before) < devices || !idle(after)) {
      if (performance.now() - passStart > PASS_TIMEOUT_MS) throw new Error(`the resync pass over ${devices} devices did not finish`);
      after = await scrapeLater(daemon);
    }
    const wallMs = passWallMs(lab, marks);
    const status = await daemon.status();
    const notInSync: Record<string, string[]> = {};
    for (const st of status.filter((x) => x.state !== 'in-sync')) notInSync[st.device] = [st.state];
    const sent = [...lab.devices].flatMap(([n, d]) => d.requests.slice(marks.get(n)));
    const loop = loopDelayBetween(before, after);
    return {
      devices,
      interfaces,
      convergeSec: Math.round(convergeSec * 10) / 10,
      wallMs: Math.round(wallMs * 10) / 10,
      editsSent: metricSum(after, 'intentd_edits_sent_total') - metricSum(before, 'intentd_edits_sent_total'),
      commitsMade: metricSum(after, 'intentd_commits_total') - metricSum(before, 'intentd_commits_total'),
      inSyncEvents: status.filter((x) => x.state === 'in-sync').length,
      notInSync,
      rpcsPerDevice: Math.round((sent.length / devices) * 100) / 100,
      getConfigsPerDevice: Math.round((sent.filter((r) => r.operation === 'get-config').length / devices) * 100) / 100,
      kbPerInterface: Math.round(((await daemon.rssBytes()) / 1024 / Math.max(1, interfaces)) * 100) / 100,
      eventLoopP99Ms: loop.p99UpToMs,
      eventLoopOver10msShare: Math.round(loop.over10msShare * 10000) / 100,
    };
  } finally {
    await daemon?.stop();
    await lab.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The families the pass is followed by: polled often, so only these are rendered (not the process collectors). */
const WATCHED = ['intentd_reconcile_duration_seconds', 'intentd_queue_depth', 'intentd_event_loop_delay_seconds', 'intentd_edits_sent_total', 'intentd_commits_total'];

/** Scrapes the daemon's watched metric families after SCRAPE_EVERY_MS. */
async function scrapeLater(daemon: DaemonProcess): Promise<string> {
  await new Promise((r) => setTimeout(r, SCRAPE_EVERY_MS));
  return daemon.metricsText(WATCHED);
}

/** From the first device read of the pass to the last (each device's first request after its mark). */
function passWallMs(lab: Lab, marks: Map<string, number>): number {
  const at = [...lab.devices].flatMap(([n, d]) => d.requests.slice(marks.get(n), (marks.get(n) ?? 0) + 1).map((r) => r.at.getTime()));
  return Math.max(...at) - Math.min(...at);
}

/** Cost per device counts as flat when the largest size's ms/device is within this factor of the smallest's. */
export const FLAT_FACTOR = 1.5;

/** Issue 13's fleet targets from the points of one run (the largest size stands for "1,000 devices"). */
export function noopTargets(points: ReadonlyArray<NoopResyncPoint & { msPerDevice: number }>): Target[] {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return [];
  const out: Target[] = [
    {
      name: `no-op resync ${last.devices} devices`,
      target: '≤ 10 s, 1 get-config/device, nothing written',
      measured: `${(last.wallMs / 1000).toFixed(1)} s, ${last.getConfigsPerDevice.toFixed(2)} get-config/dev (${last.rpcsPerDevice.toFixed(2)} RPC/dev), ${last.editsSent} edits, ${last.commitsMade} commits`,
      met: last.wallMs <= 10_000 && last.getConfigsPerDevice === 1 && last.rpcsPerDevice === 1 && last.editsSent === 0 && last.commitsMade === 0,
    },
    {
      name: `no-op resync cost/device flat ${first.devices}→${last.devices}`,
      target: `ms/device ≤ ${FLAT_FACTOR}× the ${first.devices}-device pass`,
      measured: `${last.msPerDevice.toFixed(1)} ms/dev = ${(last.msPerDevice / first.msPerDevice).toFixed(2)}×`,
      baseline: `${first.devices} devices ${first.msPerDevice.toFixed(1)} ms/dev`,
      met: last.msPerDevice <= FLAT_FACTOR * first.msPerDevice,
    },
    {
      name: `event-loop p99 during the ${last.devices}-device resync`,
      target: '≤ 10 ms',
      measured: `p99 ≤ ${last.eventLoopP99Ms} ms (${last.eventLoopOver10msShare}% of samples over 10 ms)`,
      met: last.eventLoopOver10msShare <= 1,
    },
  ];
  return out;
}

export function formatTable(r: NoopResyncResult): string {
  const head = `${'devices'.padStart(8)}${'ifaces'.padStart(8)}${'wall ms'.padStart(10)}${'edits'.padStart(7)}` +
    `${'commits'.padStart(9)}${'in-sync'.padStart(9)}${'rpc/dev'.padStart(9)}${'get-cfg/dev'.padStart(13)}${'ms/dev'.padStart(9)}` +
    `${'×smallest'.padStart(11)}${'KB/iface'.padStart(10)}${'loop p99≤ms'.padStart(13)}${'>10ms %'.padStart(9)}${'converge s'.padStart(12)}`;
  const rows = r.points.map((p) => `${String(p.devices).padStart(8)}${String(p.interfaces).padStart(8)}` +
    `${p.wallMs.toFixed(0).padStart(10)}${String(p.editsSent).padStart(7)}${String(p.commitsMade).padStart(9)}` +
    `${String(p.inSyncEvents).padStart(9)}${p.rpcsPerDevice.toFixed(2).padStart(9)}${p.getConfigsPerDevice.toFixed(2).padStart(13)}${p.msPerDevice.toFixed(1).padStart(9)}` +
    `${p.perDeviceVsFirst.toFixed(2).padStart(11)}${p.kbPerInterface.toFixed(1).padStart(10)}${String(p.eventLoopP99Ms).padStart(13)}${p.eventLoopOver10msShare.toFixed(2).padStart(9)}${p.convergeSec.toFixed(1).padStart(12)}`);
  const odd = r.points.flatMap((p) => Object.entries(p.notInSync).map(([d, evs]) => `  D=${p.devices}: ${d} reported ${evs.join(', ') || 'nothing'} instead of in-sync`));
  const note = '  intentd runs as its own process (the switches and NetBox live in the bench process); KB/iface = the daemon\'s RSS per managed interface; loop = its event-loop delay histogram between two scrapes of /metrics (p99 as a bucket bound).';
  const targets = r.targets.map((t) => `  ${(t.met ? 'met' : 'NOT MET').padEnd(8)}${t.name}: ${t.target}; measured ${t.measured}${t.baseline ? ` (baseline ${t.baseline})` : ''}`);
  return [`No-op resync pass (every device nudged 'resync', until idle), concurrency ${r.concurrency}`, head, ...rows, ...odd, note, ...targets].join('\n');
}

export async function main(sizes: readonly number[] = SIZES): Promise<NoopResyncResult> {
  const points: NoopResyncPoint[] = [];
  for (const d of sizes) {
    points.push(await measurePass(d));
    console.log(`  D=${d}: ${points.at(-1)?.wallMs.toFixed(0)} ms`);
  }
  const rows = scaling(points);
  const merged = points.map((p, i) => ({ ...p, ...(rows[i] as ScaleRow) }));
  const result: NoopResyncResult = {
    when: new Date().toISOString(),
    concurrency: 8,
    points: merged,
    targets: noopTargets(merged),
  };
  console.log(formatTable(result));
  const bad = points.filter((p) => p.editsSent !== 0 || p.commitsMade !== 0);
  if (bad.length > 0) throw new Error(`a no-op resync sent edits or made commits: ${JSON.stringify(bad)}`);
  return result;
}

if (isEntryPoint(import.meta.url)) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  runAsScript('noop-resync', { main: () => main(sizes.length > 0 ? sizes : SIZES) });
}
