// Benchmark: one full no-op resync pass at scale. The lab with D simulated switches (48 GigabitEthernet
// ports each, c9300 has 4 TenGigabitEthernet more), the daemon converged once (not measured), then every
// device nudged with 'resync' and the daemon waited on until idle: wall time, edit-configs sent and
// commits made (both must be 0: nothing changed), NETCONF RPCs per device, time per device and its growth
// with D. Poll and resync crons are off so only these nudges run; concurrency is the default 8.
// Build with `npm run build`, run `node dist/bench/noop-resync.js [D ...]` (or `npm run bench`).
import { performance } from 'node:perf_hooks';
import { isEntryPoint, runAsScript } from './bench-kit.js';
import { scaling, type ScaleRow } from './bench-math.js';
import { bounded, intentInterfaces, startLabDaemon, workDone } from './lab-daemon.js';

const SIZES = [10, 50, 200];
const PASS_TIMEOUT_MS = 180_000;

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
}

export interface NoopResyncResult {
  when: string;
  concurrency: number;
  points: Array<NoopResyncPoint & Omit<ScaleRow, 'devices' | 'wallMs'>>;
}

/** One size: start, converge, measure one resync pass, stop. */
export async function measurePass(devices: number): Promise<NoopResyncPoint> {
  const ld = await startLabDaemon({ devices, seedIntent: true });
  try {
    const { lab, daemon } = ld;
    const names = [...lab.devices.keys()];
    const interfaces = (await Promise.all(names.map((n) => intentInterfaces(ld.repo, n)))).reduce((a, b) => a + b, 0);
    const rpcsBefore = [...lab.devices.values()].reduce((s, d) => s + d.requests.length, 0);
    const before = await workDone(daemon);
    const mark = ld.events.length;
    const t0 = performance.now();
    const refused = names.filter((n) => daemon.nudge(n, 'resync') !== 'accepted');
    if (refused.length > 0) throw new Error(`resync nudge not accepted for ${refused.join(', ')}`);
    await bounded(`the resync pass over ${devices} devices`, daemon.idle(), PASS_TIMEOUT_MS);
    const wallMs = performance.now() - t0;
    const after = await workDone(daemon);
    const pass = ld.events.slice(mark);
    const failed = pass.filter((e) => e.type === 'failed');
    if (failed.length > 0) throw new Error(`resync pass failed on ${failed.length} device(s): ${JSON.stringify(failed[0])}`);
    const inSync = new Set(pass.flatMap((e) => (e.type === 'in-sync' ? [e.device] : [])));
    const notInSync: Record<string, string[]> = {};
    for (const n of names.filter((d) => !inSync.has(d))) notInSync[n] = pass.filter((e) => e.device === n).map((e) => e.type);
    const rpcs = [...lab.devices.values()].reduce((s, d) => s + d.requests.length, 0) - rpcsBefore;
    return {
      devices,
      interfaces,
      convergeSec: Math.round(ld.convergeSec * 10) / 10,
      wallMs: Math.round(wallMs * 10) / 10,
      editsSent: after.edits - before.edits,
      commitsMade: after.commits - before.commits,
      inSyncEvents: pass.filter((e) => e.type === 'in-sync').length,
      notInSync,
      rpcsPerDevice: Math.round((rpcs / devices) * 10) / 10,
    };
  } finally {
    await ld.stop();
  }
}

export function formatTable(r: NoopResyncResult): string {
  const head = `${'devices'.padStart(8)}${'ifaces'.padStart(8)}${'wall ms'.padStart(10)}${'edits'.padStart(7)}` +
    `${'commits'.padStart(9)}${'in-sync'.padStart(9)}${'rpc/dev'.padStart(9)}${'ms/dev'.padStart(9)}` +
    `${'wall ×D10'.padStart(11)}${'ms/dev ×D10'.padStart(13)}${'converge s'.padStart(12)}`;
  const rows = r.points.map((p) => `${String(p.devices).padStart(8)}${String(p.interfaces).padStart(8)}` +
    `${p.wallMs.toFixed(0).padStart(10)}${String(p.editsSent).padStart(7)}${String(p.commitsMade).padStart(9)}` +
    `${String(p.inSyncEvents).padStart(9)}${p.rpcsPerDevice.toFixed(1).padStart(9)}${p.msPerDevice.toFixed(1).padStart(9)}` +
    `${p.wallVsFirst.toFixed(2).padStart(11)}${p.perDeviceVsFirst.toFixed(2).padStart(13)}${p.convergeSec.toFixed(1).padStart(12)}`);
  const odd = r.points.flatMap((p) => Object.entries(p.notInSync).map(([d, evs]) => `  D=${p.devices}: ${d} reported ${evs.join(', ') || 'nothing'} instead of in-sync`));
  return [`No-op resync pass (every device nudged 'resync', until idle), concurrency ${r.concurrency}`, head, ...rows, ...odd].join('\n');
}

export async function main(sizes: readonly number[] = SIZES): Promise<NoopResyncResult> {
  const points: NoopResyncPoint[] = [];
  for (const d of sizes) {
    points.push(await measurePass(d));
    console.log(`  D=${d}: ${points.at(-1)?.wallMs.toFixed(0)} ms`);
  }
  const rows = scaling(points);
  const result: NoopResyncResult = {
    when: new Date().toISOString(),
    concurrency: 8,
    points: points.map((p, i) => ({ ...p, ...(rows[i] as ScaleRow) })),
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
