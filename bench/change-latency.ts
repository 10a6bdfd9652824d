// Benchmark: latency of one interface change on a real netconfd (test/harness), as baselines for intentd:
//  floor      — on an open session: get-config of the interface, edit-config of its description, get-config
//               again, one real git commit in a temp repo (the least any verified, audited change costs);
//  seed-style — what the LTRCRT-2005 lab did per change: fresh SSH session (password, no host key check),
//               sync-from, lock running, the full template edit-config, save-config, unlock, close;
//  seed (real ncclient) — the same sequence and payload by the lab's own client, Python ncclient
//               (bench/seed-ncclient.ts; skipped when Debian's python3-ncclient is not installed);
//  intentd    — the product: a NetBox edit with a ticket (lab emulator, signed webhook) → the daemon → this
//               netconfd as c9300 → the device verified it ('device-verified'; the audit commit follows and
//               is timed apart, see bench/intentd-path.ts).
// Build with `npm run build`, run `node dist/bench/change-latency.js` (or `npm run bench`).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { escapeXml, saveConfigBody, syncFromBody } from '../src/adapters/netconf/rpc.js';
import { NetconfSession, type SessionOptions } from '../src/adapters/netconf/session.js';
import { interfacesFilter } from '../src/adapters/platforms/iosxe/codec.js';
import { NATIVE_NS } from '../src/adapters/platforms/iosxe/namespaces.js';
import { netconfdAvailability, startTestDevice, type TestDevice } from '../test/harness/test-device.js';
import { isEntryPoint, runAsScript, summarize, timed, type Figures, type Target } from './bench-kit.js';
import { IntentdPath, INTENTD_PORT, type IntentdSplit } from './intentd-path.js';
import { measureSeedNcclient, ncclientAvailability } from './seed-ncclient.js';
import { seedAccessConfig } from './seed-template.js';

/** The access port both paths change (the lab's sample port, VLAN 100 in the startup config). */
const TYPE = 'GigabitEthernet';
const ID = '1/0/5';
const WARMUP = 3;
const FLOOR_CHANGES = 90;
const SEED_CHANGES = 60;
const SEED_NCCLIENT_CHANGES = 24;
/** The row name of the real-ncclient baseline. */
export const SEED_NCCLIENT = 'seed (real ncclient)';
const INTENTD_CHANGES = 51;
/** Paths are measured in alternating rounds so load from other processes drifts into both alike. */
const ROUNDS = 3;

export interface PathFigures extends Figures {
  /** This path's median and p95 over the floor's. */
  p50VsFloor: number;
  p95VsFloor: number;
}
export interface ChangeLatencyResult {
  when: string;
  server: string;
  change: string;
  paths: Record<string, { description: string } & PathFigures>;
  /** Paths not measured in this run, with why (e.g. the ncclient baseline without python3-ncclient). */
  skipped: Record<string, string>;
  /** The floor's NETCONF part (3 RPCs) and git part (one commit), each summarized on its own. */
  floorSplit: { netconf: Figures; git: Figures };
  /** Seconds the daemon took to converge the device once before the intentd path was measured. */
  intentdConvergeSec: number;
  /** The intentd path's stages (from the daemon's events), each summarized on its own. */
  intentdSplit: Record<keyof IntentdSplit, Figures>;
  /** Issue 13's change-latency targets, each against its baseline from this run. */
  targets: Target[];
}

/**
 * The targets: intentd p50 ≤ 1.5× the floor's p50, p95 ≤ 2× the floor's p95, and p50 at least 20× faster
 * than the lab's own flow on its own client (real ncclient; not judged when that baseline was skipped).
 */
export function changeLatencyTargets(paths: ChangeLatencyResult['paths']): Target[] {
  const product = paths.intentd;
  const floor = paths.floor;
  if (!product || !floor) return [];
  const ms = (n: number): string => `${n.toFixed(1)} ms`;
  const x = (n: number): string => `${n.toFixed(2)}×`;
  const out: Target[] = [
    { name: 'change latency p50 (NetBox → verified)', target: '≤ 1.5× floor p50', measured: `${ms(product.medianMs)} = ${x(product.medianMs / floor.medianMs)}`, baseline: `floor p50 ${ms(floor.medianMs)}`, met: product.medianMs <= 1.5 * floor.medianMs },
    { name: 'change latency p95 (NetBox → verified)', target: '≤ 2× floor p95', measured: `${ms(product.p95Ms)} = ${x(product.p95Ms / floor.p95Ms)}`, baseline: `floor p95 ${ms(floor.p95Ms)}`, met: product.p95Ms <= 2 * floor.p95Ms },
  ];
  const lab = paths[SEED_NCCLIENT];
  if (lab) {
    const faster = lab.medianMs / product.medianMs;
    out.push({ name: 'faster than the lab flow (p50)', target: '≥ 20× (lab on real ncclient)', measured: `${faster.toFixed(1)}× faster`, baseline: `lab p50 ${ms(lab.medianMs)}`, met: faster >= 20 });
  }
  return out;
}

const keyOptions = (d: TestDevice): SessionOptions => ({
  host: d.host, port: d.port, username: d.username, privateKey: d.privateKey, hostKey: d.hostKeyFingerprint,
});

function descriptionEdit(text: string): string {
  return `<native xmlns="${NATIVE_NS}"><interface><${TYPE}><name>${ID}</name>` +
    `<description>${escapeXml(text)}</description></${TYPE}></interface></native>`;
}

async function tempRepo(): Promise<{ dir: string; git: SimpleGit }> {
  const dir = await mkdtemp(join(tmpdir(), 'intentd-bench-'));
  const git = simpleGit({ baseDir: dir, config: ['user.name=intentd-bench', 'user.email=bench@localhost', 'commit.gpgsign=false'] });
  await git.init();
  await writeFile(join(dir, 'audit.txt'), 'start\n');
  await git.add('audit.txt');
  await git.commit('start');
  return { dir, git };
}

/** Where the floor's time goes: per change, the three RPCs and the git commit. */
export interface FloorSplit { netconf: number[]; git: number[] }

/**
 * `n` timed changes on one open session (key auth, pinned host key): get-config, edit-config of the
 * description, get-config, then one git commit of an audit file. Session and repo setup are not timed.
 * `split`, when given, receives each change's NETCONF and git parts.
 */
export async function measureFloor(device: TestDevice, n: number, split?: FloorSplit): Promise<number[]> {
  const session = await NetconfSession.connect(keyOptions(device));
  const { dir, git } = await tempRepo();
  const filter = interfacesFilter([`${TYPE}${ID}`]);
  const change = async (i: number, record: boolean): Promise<void> => {
    const netconf = await timed(async () => {
      await session.getConfig({ source: 'running', filter });
      await session.editConfig({ target: 'running', config: descriptionEdit(`floor change ${i} ##ticket:${10000 + i}##`) });
      await session.getConfig({ source: 'running', filter });
    });
    const commit = await timed(async () => {
      await writeFile(join(dir, 'audit.txt'), `change ${i}\n`);
      await git.commit(`apply(bench): ${TYPE}${ID} description`, ['audit.txt']);
    });
    if (record && split) {
      split.netconf.push(netconf);
      split.git.push(commit);
    }
  };
  try {
    for (let i = 0; i < WARMUP; i++) await change(-i - 1, false);
    const samples: number[] = [];
    for (let i = 0; i < n; i++) samples.push(await timed(() => change(i, true)));
    return samples;
  } finally {
    await session.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `n` timed changes the lab's way, each with its own session (password auth, host key not checked, as
 * ncclient `hostkey_verify=False`): sync-from, lock running, the full access template, save-config,
 * unlock, close.
 */
export async function measureSeedStyle(device: TestDevice, n: number): Promise<number[]> {
  const opts: SessionOptions = {
    host: device.host, port: device.port, username: device.username, password: device.password, insecureSkipHostKeyCheck: true,
  };
  const change = async (i: number): Promise<void> => {
    const session = await NetconfSession.connect(opts);
    try {
      await session.call(syncFromBody());
      await session.lock('running');
      await session.editConfig({
        target: 'running',
        defaultOperation: 'merge',
        config: seedAccessConfig({ type: TYPE, id: ID, description: `seed change ${i} ##ticket:${20000 + i}##`, enabled: true, mtu: 2000, vlan: 100 }),
      });
      await session.call(saveConfigBody());
      await session.unlock('running');
    } finally {
      await session.close();
    }
  };
  for (let i = 0; i < WARMUP; i++) await change(-i - 1);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) samples.push(await timed(() => change(i)));
  return samples;
}

/** Table rows with ratios against the `floor` path (which must be present). */
export function withRatios(paths: Record<string, { description: string; samples: number[] }>): ChangeLatencyResult['paths'] {
  const floor = paths.floor === undefined ? undefined : summarize(paths.floor.samples);
  const out: ChangeLatencyResult['paths'] = {};
  for (const [name, p] of Object.entries(paths)) {
    const f = summarize(p.samples);
    const ratio = (a: number, b: number | undefined): number => (b ? Math.round((a / b) * 10) / 10 : Number.NaN);
    out[name] = { description: p.description, ...f, p50VsFloor: ratio(f.medianMs, floor?.medianMs), p95VsFloor: ratio(f.p95Ms, floor?.p95Ms) };
  }
  return out;
}

/** Each stage of the intentd splits summarized on its own. */
export function splitFigures(splits: readonly IntentdSplit[]): Record<keyof IntentdSplit, Figures> {
  const stage = (k: keyof IntentdSplit): Figures => summarize(splits.map((s) => s[k]).filter(Number.isFinite));
  return { webhook: stage('webhook'), netboxToGit: stage('netboxToGit'), readAndPlan: stage('readAndPlan'), applyAndVerify: stage('applyAndVerify'), audit: stage('audit') };
}

export function formatTable(r: ChangeLatencyResult): string {
  const head = `${'path'.padEnd(22)}${'n'.padStart(5)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}` +
    `${'mean ms'.padStart(10)}${'p50 ×floor'.padStart(12)}${'p95 ×floor'.padStart(12)}`;
  const rows = Object.entries(r.paths).map(([name, p]) => `${name.padEnd(22)}${String(p.samples).padStart(5)}` +
    `${p.medianMs.toFixed(1).padStart(10)}${p.p95Ms.toFixed(1).padStart(10)}${p.meanMs.toFixed(1).padStart(10)}` +
    `${p.p50VsFloor.toFixed(1).padStart(12)}${p.p95VsFloor.toFixed(1).padStart(12)}`);
  for (const [name, why] of Object.entries(r.skipped)) rows.push(`${name.padEnd(22)}  ${why}`);
  const notes = Object.entries(r.paths).map(([name, p]) => `  ${name}: ${p.description}`);
  const product = r.paths.intentd;
  for (const baseline of ['seed-style', SEED_NCCLIENT]) {
    const seed = r.paths[baseline];
    if (product && seed) {
      notes.push(`  intentd / ${baseline}: p50 ${(product.medianMs / seed.medianMs).toFixed(2)}×, p95 ${(product.p95Ms / seed.p95Ms).toFixed(2)}×`);
    }
  }
  if (r.intentdSplit) {
    const st = r.intentdSplit;
    const f = (x: Figures): string => `${x.medianMs.toFixed(1)}/${x.p95Ms.toFixed(1)}`;
    notes.push(`  intentd split, p50/p95 ms: webhook ${f(st.webhook)}, NetBox→git ${f(st.netboxToGit)}, ` +
      `read+plan ${f(st.readAndPlan)}, apply+verify+save ${f(st.applyAndVerify)}; then, off the change's path, audit commit ${f(st.audit)}`);
  }
  const { netconf, git } = r.floorSplit;
  notes.push(`  floor split, p50/p95 ms: NETCONF ${netconf.medianMs.toFixed(1)}/${netconf.p95Ms.toFixed(1)}, ` +
    `git commit ${git.medianMs.toFixed(1)}/${git.p95Ms.toFixed(1)}`);
  return [`Change latency against ${r.server}, ${r.change}`, head, ...rows, ...notes].join('\n');
}

/**
 * Measures the baselines and the intentd path on one test device in alternating rounds, prints the table,
 * returns the figures. The baselines change Gi1/0/5, intentd changes Gi1/0/6 (with Gi1/0/5 protected, so
 * the daemon never reverts the baselines' writes inside a measured change).
 */
export async function main(): Promise<ChangeLatencyResult> {
  const availability = netconfdAvailability();
  if (!availability.ok) throw new Error(`change-latency needs a local netconfd test device: ${availability.why}`);
  const device = await startTestDevice({ target: 'running' });
  let intentd: IntentdPath | null = null;
  try {
    intentd = await IntentdPath.start(device);
    const floor: number[] = [];
    const seed: number[] = [];
    const ncclient = ncclientAvailability();
    const seedNcclient: number[] = [];
    const product: number[] = [];
    const split: FloorSplit = { netconf: [], git: [] };
    for (let round = 0; round < ROUNDS; round++) {
      floor.push(...await measureFloor(device, Math.ceil(FLOOR_CHANGES / ROUNDS), split));
      seed.push(...await measureSeedStyle(device, Math.ceil(SEED_CHANGES / ROUNDS)));
      if (ncclient.ok) {
        seedNcclient.push(...await measureSeedNcclient(device, Math.ceil(SEED_NCCLIENT_CHANGES / ROUNDS), {
          type: TYPE, id: ID, warmup: round === 0 ? WARMUP : 1, first: seedNcclient.length,
        }));
      }
      product.push(...await intentd.measure(Math.ceil(INTENTD_CHANGES / ROUNDS), round === 0 ? WARMUP : 1));
    }
    const result: ChangeLatencyResult = {
      when: new Date().toISOString(),
      server: 'yuma123 netconfd behind OpenSSH sshd on 127.0.0.1 (target running)',
      change: `one description change on an access port (${TYPE}${ID}; intentd: ${INTENTD_PORT})`,
      paths: withRatios({
        floor: { description: 'open session: get-config, edit-config description, get-config, git commit', samples: floor },
        'seed-style': { description: 'lab per change: new SSH session, sync-from, lock, full template edit, save-config, unlock, close', samples: seed },
        ...(ncclient.ok
          ? { [SEED_NCCLIENT]: { description: 'the lab\'s own client, Python ncclient (0.1 s transport tick): same sequence and template as seed-style', samples: seedNcclient } }
          : {}),
        intentd: {
          description: 'NetBox edit + ticket → signed webhook → NetBox read, intent commit, get-config, minimal edit-config, verify, save-config → device verified (the audit commit follows, crash-safe through the journal)',
          samples: product,
        },
      }),
      skipped: ncclient.ok ? {} : { [SEED_NCCLIENT]: ncclient.why },
      floorSplit: { netconf: summarize(split.netconf), git: summarize(split.git) },
      intentdConvergeSec: Math.round(intentd.convergeSec * 10) / 10,
      intentdSplit: splitFigures(intentd.splits),
      targets: [],
    };
    result.targets = changeLatencyTargets(result.paths);
    console.log(formatTable(result));
    return result;
  } finally {
    await intentd?.stop();
    await device.stop();
  }
}

if (isEntryPoint(import.meta.url)) runAsScript('change-latency', { main });
