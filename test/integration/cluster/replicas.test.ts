// Issue 16, "Done when": a real etcd, a bare git remote, the NetBox emulator with 30 simulated switches and
// three `intentd run` replicas. Each device is written by exactly one replica (the switches record the SSH
// login of every request; each replica logs in as its own user); a SIGKILLed replica's devices are taken
// over within the lease TTL + 10 s; a restarted one gets its devices back without two replicas ever holding
// a device's edit window at once; concurrent pushes from all replicas lose no commit on the remote.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ownerOf } from '../../../src/core/ownership.js';
import { Lab } from '../../../src/lab/lab.js';
import type { SimRequest } from '../../../src/lab/sim-device/index.js';
import { EtcdServer } from '../../harness/etcd.js';
import { freePort } from '../../harness/processes.js';
import { ensureCliBuilt, spawnDaemon, type DaemonProcess } from '../e2e/daemon-process.js';
import { waitFor } from '../e2e/probes.js';

const IDS = ['replica-a', 'replica-b', 'replica-c'] as const;
const TTL = 3;
const GI = 'GigabitEthernet1/0/4';

let etcd: EtcdServer;
let lab: Lab;
let dir: string;
let remote: string;
const url = new Map<string, string>();
const cfg = new Map<string, string>();
const procs = new Map<string, DaemonProcess>();

beforeAll(async () => {
  [, etcd, lab] = await Promise.all([ensureCliBuilt(), EtcdServer.start(), Lab.start({ devices: 30, extraUsers: IDS })]);
  dir = mkdtempSync(join(tmpdir(), 'intentd-cluster-'));
  remote = join(dir, 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
  for (const id of IDS) {
    const port = await freePort();
    url.set(id, `http://127.0.0.1:${port}`);
    mkdirSync(join(dir, id));
    const c = parse(lab.configYaml({ repo: join(dir, id, 'intent'), listen: `127.0.0.1:${port}`, poll: null, resync: null })) as Record<string, Record<string, unknown>>;
    (c.intent as Record<string, unknown>).remote = remote;
    ((c.devices as Record<string, unknown>).defaults as Record<string, unknown>).username = id;
    c.cluster = { etcd: { endpoints: [etcd.endpoint], prefix: 'it/' }, replicaId: id, leaseTtlSec: TTL };
    // The console's fleet page is read without a login here (it shows the whole fleet from any replica).
    c.http = { ...c.http, uiAuth: 'none' };
    cfg.set(id, join(dir, id, 'intentd.yaml'));
    writeFileSync(cfg.get(id) as string, stringify(c));
  }
}, 240_000);

afterAll(async () => {
  for (const p of procs.values()) p.child.kill('SIGKILL');
  await Promise.all([...procs.values()].map((p) => p.exited));
  await lab?.stop();
  await etcd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const start = async (id: string): Promise<void> => {
  procs.set(id, await spawnDaemon(cfg.get(id) as string, url.get(id) as string));
};
const devices = (): string[] => [...lab.devices.keys()];
interface FleetEntry { device: string; state: string; owner: string | null }
const fleet = async (id: string): Promise<FleetEntry[]> => ((await (await fetch(`${url.get(id)}/api/status`)).json()) as { devices: FleetEntry[] }).devices;
const tails = (): string => [...procs].map(([id, p]) => `--- ${id}\n${p.lines.filter((l) => /cluster|"level":[56]0/.test(l)).slice(-30).join('\n')}`).join('\n');

/** Lock → unlock windows of each session that sent an edit-config, with the replica (SSH user) that held them. */
function editWindows(reqs: SimRequest[]): Array<{ user: string; from: number; to: number }> {
  const open = new Map<number, { user: string; from: number; edited: boolean }>();
  const out: Array<{ user: string; from: number; to: number }> = [];
  for (const r of reqs) {
    if (r.operation === 'lock' && r.ok) open.set(r.sessionId, { user: r.user ?? '?', from: r.at.getTime(), edited: false });
    const w = open.get(r.sessionId);
    if (w && r.operation === 'edit-config') w.edited = true;
    if (w && r.operation === 'unlock') {
      if (w.edited) out.push({ user: w.user, from: w.from, to: r.at.getTime() });
      open.delete(r.sessionId);
    }
  }
  return out;
}

async function change(device: string, text: string, ticket: string): Promise<void> {
  lab.netbox.updateInterface(device, GI, { description: text, ticket });
  await waitFor(`${device}: "${text}" on the switch`, () => lab.devices.get(device)?.runningXml(GI).includes(text), 30_000).catch((err: Error) => {
    const sim = lab.devices.get(device);
    const edits = sim?.requests.filter((r) => r.operation === 'edit-config').map((r) => `${r.user} ${r.at.toISOString()} ${/<description>[^<]*/.exec(r.xml)?.[0] ?? r.xml.slice(0, 900)}`);
    throw new Error(`${err.message}\nnow: ${/<description>[^<]*/.exec(sim?.runningXml(GI) ?? '')?.[0]}\n${edits?.join('\n')}\n${tails()}`);
  });
}

it('three replicas share 30 switches: one writer per device, takeover after SIGKILL, rebalance on restart, no commit lost', async () => {
  // Started one after another (as a StatefulSet does): the first creates the shared repo.
  for (const id of IDS) await start(id);
  lab.connectWebhook(url.get('replica-b') as string);
  const everyone = [...IDS];
  await waitFor('the whole fleet in sync, as seen from any replica', async () => {
    const f = await fleet('replica-c');
    return f.length === 30 && f.every((s) => s.state === 'in-sync' && s.owner === ownerOf(s.device, everyone));
  }, 60_000).catch((err: Error) => {
    throw new Error(`${err.message}\n${tails()}`);
  });

  // The console's fleet page on any replica shows every device with its owner.
  const page = await (await fetch(`${url.get('replica-c')}/ui/?q=${encodeURIComponent(devices()[0] ?? '')}`)).text();
  expect(page).toContain(`· ${ownerOf(devices()[0] ?? '', everyone)}`);
  // The fleet is in /api/status; /metrics labels nothing per device.
  expect(await (await fetch(`${url.get('replica-a')}/metrics`)).text()).not.toMatch(/device="/);

  // A change on every switch at once: webhooks all reach replica-b, which hands each device to its owner;
  // all three replicas commit and push intent + audit commits at the same moment.
  await Promise.all(devices().map((d, i) => change(d, `Desk ${i}`, `70${i}`)));
  for (const d of devices()) {
    const users = new Set(lab.devices.get(d)?.requests.filter((r) => r.operation === 'edit-config').map((r) => r.user));
    expect([...users], d).toEqual([ownerOf(d, everyone)]);
  }
  // Every replica's intent and audit commits reach the remote (the audit follows the device write).
  const remoteLog = (): string => execFileSync('git', ['--git-dir', remote, 'log', '--format=%s', 'main'], { encoding: 'utf8' });
  await waitFor('every intent and audit commit on the remote', () => {
    const log = remoteLog();
    return devices().every((d) => log.includes(`intent(${d}): `) && log.includes(`apply(${d}): Gi1/0/4 description`));
  }, 20_000).catch((err: Error) => {
    throw new Error(`${err.message}\n${remoteLog().split('\n').slice(0, 20).join('\n')}`);
  });

  // SIGKILL replica-a; a NetBox change to one of its devices made during the outage converges within TTL + 10 s.
  const victim = 'replica-a';
  const survivors = ['replica-b', 'replica-c'];
  const orphan = devices().find((d) => ownerOf(d, everyone) === victim) as string;
  procs.get(victim)?.child.kill('SIGKILL');
  await procs.get(victim)?.exited;
  procs.delete(victim);
  const t0 = Date.now();
  await change(orphan, 'Desk during outage', '7777');
  expect(Date.now() - t0).toBeLessThan((TTL + 10) * 1000);
  const last = lab.devices.get(orphan)?.requests.filter((r) => r.operation === 'edit-config').at(-1);
  expect(last?.user).toBe(ownerOf(orphan, survivors));
  await waitFor('the fleet view without replica-a', async () => (await fleet('replica-b')).every((s) => s.owner !== victim && s.state === 'in-sync'), 30_000);

  // Restart: replica-a gets its devices back and writes them again.
  await start(victim);
  await waitFor('replica-a owns its share again', async () => {
    const f = await fleet('replica-c');
    return f.filter((s) => s.owner === victim).length === devices().filter((d) => ownerOf(d, everyone) === victim).length && f.every((s) => s.state === 'in-sync');
  }, 30_000);
  await change(orphan, 'Desk after restart', '7778');
  expect(lab.devices.get(orphan)?.requests.filter((r) => r.operation === 'edit-config').at(-1)?.user).toBe(victim);

  // Never two writers: no device saw overlapping edit windows from different replicas, nor a lock refused.
  for (const d of devices()) {
    const reqs = lab.devices.get(d)?.requests ?? [];
    expect(reqs.filter((r) => r.errorTags.includes('lock-denied') || r.errorTags.includes('in-use')), d).toEqual([]);
    const w = editWindows(reqs).sort((a, b) => a.from - b.from);
    for (let i = 1; i < w.length; i++) expect(w[i]?.from, `${d}: ${JSON.stringify(w)}`).toBeGreaterThanOrEqual(w[i - 1]?.to as number);
  }
  await waitFor('the takeover and restart audits on the remote', () => remoteLog().split('\n').filter((l) => l === `apply(${orphan}): Gi1/0/4 description`).length === 3, 20_000);
}, 200_000);
