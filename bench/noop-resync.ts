// Benchmark: one full no-op resync pass at scale. The lab with D simulated switches (48 GigabitEthernet
// ports each, c9300 has 4 TenGigabitEthernet more), the daemon converged once (not measured), then every
// device nudged with 'resync' and the daemon waited on until idle: wall time, edit-configs sent and
// commits made (both must be 0: nothing changed), NETCONF RPCs per device, time per device and its growth
// with D. Poll and resync crons are off so only these nudges run; concurrency is the default 8.
// The daemon runs in this process next to the simulated switches: its event-loop delay during the pass
// (read from its own monitor, intentd_event_loop_delay_seconds) and the memory per interface (RSS growth
// of this process from before the lab to after the converge) include the switches' work.
// Build with `npm run build`, run `node dist/bench/noop-resync.js [D ...]` (or `npm run bench`).
import { Session } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { isEntryPoint, runAsScript, type Target } from './bench-kit.js';
import { scaling, type ScaleRow } from './bench-math.js';
import { bounded, intentInterfaces, startLabDaemon, workDone } from './lab-daemon.js';

const SIZES = [10, 100, 1000];
const PASS_TIMEOUT_MS = 180_000;

/** One of issue 13's targets as measured in this run (the shape bench/run.ts's summary prints). */

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
  /** RSS growth of this process (daemon and switches) from before the lab to after the converge, per interface. */
  kbPerInterface: number;
  /** The daemon's event-loop delay during the pass (its monitor, sampling period subtracted; shared with the switches). */
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
}

export interface NoopResyncResult {
  when: string;
  concurrency: number;
  points: Array<NoopResyncPoint & Omit<ScaleRow, 'devices' | 'wallMs'>>;
  targets: Target[];
}

/**
 * With NOOP_RESYNC_CPU_PROF=<file prefix>, a CPU profile of the pass alone (not the converge) is written to
 * `<prefix>-<D>.cpuprofile` (daemon and switches: they share this process).
 */
async function profiled<T>(devices: number, fn: () => Promise<T>): Promise<T> {
  const prefix = process.env.NOOP_RESYNC_CPU_PROF;
  if (!prefix) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await writeFile(`${prefix}-${devices}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}

/** One size: start, converge, measure one resync pass, stop. */
export async function measurePass(devices: number): Promise<NoopResyncPoint> {
  const rssBefore = process.memoryUsage().rss;
  const ld = await startLabDaemon({ devices, seedIntent: true, convergeTimeoutMs: 240_000 + devices * 600 });
  try {
    const { lab, daemon } = ld;
    const rssConverged = process.memoryUsage().rss;
    const names = [...lab.devices.keys()];
    const interfaces = (await Promise.all(names.map((n) => intentInterfaces(ld.repo, n)))).reduce((a, b) => a + b, 0);
    const marks = new Map([...lab.devices].map(([n, d]) => [n, d.requests.length]));
    const before = await workDone(daemon);
    const mark = ld.events.length;
    const loop = daemon.metrics.eventLoopDelay;
    loop?.take();
    const t0 = performance.now();
    const refused = names.filter((n) => daemon.nudge(n, 'resync') !== 'accepted');
    if (refused.length > 0) throw new Error(`resync nudge not accepted for ${refused.join(', ')}`);
    await profiled(devices, () => bounded(`the resync pass over ${devices} devices`, daemon.idle(), PASS_TIMEOUT_MS));
    const wallMs = performance.now() - t0;
    // The monitor records a late sample when its timer next fires: let it fire once more.
    await new Promise((r) => setTimeout(r, 20));
    const delay = loop?.take();
    const after = await workDone(daemon);
    const pass = ld.events.slice(mark);
    const failed = pass.filter((e) => e.type === 'failed');
    if (failed.length > 0) throw new Error(`resync pass failed on ${failed.length} device(s): ${JSON.stringify(failed[0])}`);
    const inSync = new Set(pass.flatMap((e) => (e.type === 'in-sync' ? [e.device] : [])));
    const notInSync: Record<string, string[]> = {};
    for (const n of names.filter((d) => !inSync.has(d))) notInSync[n] = pass.filter((e) => e.device === n).map((e) => e.type);
    const sent = [...lab.devices].flatMap(([n, d]) => d.requests.slice(marks.get(n)));
    const rpcs = sent.length;
    const getConfigs = sent.filter((r) => r.operation === 'get-config').length;
    return {
      devices,
      interfaces,
      convergeSec: Math.round(ld.convergeSec * 10) / 10,
      wallMs: Math.round(wallMs * 10) / 10,
      editsSent: after.edits - before.edits,
      commitsMade: after.commits - before.commits,
      inSyncEvents: pass.filter((e) => e.type === 'in-sync').length,
      notInSync,
      rpcsPerDevice: Math.round((rpcs / devices) * 100) / 100,
      getConfigsPerDevice: Math.round((getConfigs / devices) * 100) / 100,
      kbPerInterface: Math.round(((rssConverged - rssBefore) / 1024 / Math.max(1, interfaces)) * 100) / 100,
      eventLoopP99Ms: Math.round((delay?.p99 ?? Number.NaN) * 1e4) / 10,
      eventLoopMaxMs: Math.round((delay?.max ?? Number.NaN) * 1e4) / 10,
    };
  } finally {
    await ld.stop();
  }
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
      measured: `${last.eventLoopP99Ms.toFixed(1)} ms (max ${last.eventLoopMaxMs.toFixed(1)} ms; daemon and switches share this process)`,
      met: last.eventLoopP99Ms <= 10,
    },
  ];
  return out;
}

export function formatTable(r: NoopResyncResult): string {
  const head = `${'devices'.padStart(8)}${'ifaces'.padStart(8)}${'wall ms'.padStart(10)}${'edits'.padStart(7)}` +
    `${'commits'.padStart(9)}${'in-sync'.padStart(9)}${'rpc/dev'.padStart(9)}${'get-cfg/dev'.padStart(13)}${'ms/dev'.padStart(9)}` +
    `${'×smallest'.padStart(11)}${'KB/iface'.padStart(10)}${'loop p99 ms'.padStart(13)}${'loop max ms'.padStart(13)}${'converge s'.padStart(12)}`;
  const rows = r.points.map((p) => `${String(p.devices).padStart(8)}${String(p.interfaces).padStart(8)}` +
    `${p.wallMs.toFixed(0).padStart(10)}${String(p.editsSent).padStart(7)}${String(p.commitsMade).padStart(9)}` +
    `${String(p.inSyncEvents).padStart(9)}${p.rpcsPerDevice.toFixed(2).padStart(9)}${p.getConfigsPerDevice.toFixed(2).padStart(13)}${p.msPerDevice.toFixed(1).padStart(9)}` +
    `${p.perDeviceVsFirst.toFixed(2).padStart(11)}${p.kbPerInterface.toFixed(1).padStart(10)}${p.eventLoopP99Ms.toFixed(1).padStart(13)}${p.eventLoopMaxMs.toFixed(1).padStart(13)}${p.convergeSec.toFixed(1).padStart(12)}`);
  const odd = r.points.flatMap((p) => Object.entries(p.notInSync).map(([d, evs]) => `  D=${p.devices}: ${d} reported ${evs.join(', ') || 'nothing'} instead of in-sync`));
  const note = '  The daemon and the simulated switches share this process: KB/iface is its RSS growth (lab + converged daemon) per interface; the event-loop delay is the daemon\'s monitor, switches\' work included.';
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
