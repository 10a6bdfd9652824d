// Benchmark: a webhook storm. The lab with 10 simulated switches in this process, intentd as a child
// process (`intentd run`, bench/daemon-process.ts: its event loop is its own), converged once (the first
// import from NetBox). 50 interfaces (5 per device) are edited in NetBox with a ticket (no webhook is
// connected), then webhooks for them are POSTed straight to the daemon's /webhooks/netbox, signed with the
// lab's secret and built like the emulator's (4.6 envelope).
//  idle      — baseline ack: 50 webhooks one at a time to an idle daemon (interfaces unchanged);
//  calm      — baseline converge: 50 edits announced by one webhook each, spread over 5 s (what NetBox sends);
//  storm     — 50 other edits announced by 1,000 webhooks over 5 s (20 per interface, 100 per device).
// Figures: ack latency p50/p99 (POST → 202, seen by this process), time to converge (first webhook → every
// edited interface's new description in the switches' running config), and edit-configs per device (counted
// by the switches) against webhooks per device. Build with `npm run build`, run
// `node dist/bench/webhook-storm.js` (or `npm run bench`).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse, stringify } from 'yaml';
import { Lab } from '../src/lab/lab.js';
import { NetboxSerializer } from '../src/lab/netbox-emulator-serialize.js';
import { WebhookDispatcher, type EmulatorWebhook } from '../src/lab/netbox-emulator-webhooks.js';
import { signNetboxBody } from '../src/sources/netbox-webhook.js';
import { isEntryPoint, quantile, runAsScript, type Target } from './bench-kit.js';
import { paceSchedule, ratio, roundRobin, spread } from './bench-math.js';
import { DaemonProcess, freePort, loopDelayBetween, metricSum } from './daemon-process.js';
import { bounded, type ConfigDoc } from './lab-daemon.js';
import { sendInWorker, type SendPlan } from './webhook-sender.js';

interface Stack { lab: Lab; daemon: DaemonProcess }

const DEVICES = 10;
const PORTS_PER_DEVICE = 5;
const STORM_WEBHOOKS = 1000;
const SPREAD_MS = 5000;
const PHASE_TIMEOUT_MS = 120_000;

/** One interface the phases edit. */
interface Edited { device: string; iface: string }

export interface PhaseFigures {
  webhooks: number;
  changes: number;
  /** Every response was 202 accepted. */
  allAccepted: boolean;
  ackP50Ms: number;
  ackP99Ms: number;
  ackMaxMs: number;
  /** First webhook sent → every edited interface shows its new description on its switch. */
  convergeMs: number | null;
  webhooksPerDevice: number;
  editsPerDevice: { min: number; max: number; mean: number };
  editsTotal: number;
  /** Device reconciles the daemon ran during the phase, per device (a nudge during a run adds one more run). */
  reconcilesPerDevice: number;
  /** p99 event-loop delay of the sender thread during the phase: how much of an ack is the sender's own lag. */
  senderLoopDelayP99Ms: number;
  /** Whether the sender thread ran at raised priority (see webhook-sender.ts). */
  senderPrioritized: boolean;
  /** The daemon's event-loop delay over the phase (its /metrics histogram): p99 as a bucket bound, and the share over 10 ms. */
  daemonLoop: { p99UpToMs: number; over10msPercent: number };
}

export interface WebhookStormResult {
  when: string;
  devices: number;
  interfaces: number;
  importConvergeSec: number;
  idle: PhaseFigures;
  calm: PhaseFigures;
  storm: PhaseFigures;
  /** storm over calm: ack p50, ack p99, converge time, edits per device. */
  stormVsCalm: { ackP50: number; ackP99: number; converge: number; editsPerDevice: number };
  targets: Target[];
}

/** Issue 13's storm targets: ack p99 ≤ 10 ms, one edit-config per device, converged within 2× the calm phase. */
export function stormTargets(r: Omit<WebhookStormResult, 'targets'>): Target[] {
  const { calm, storm } = r;
  const e = storm.editsPerDevice;
  return [
    { name: 'storm: webhook ack p99', target: '≤ 10 ms', measured: `${storm.ackP99Ms.toFixed(1)} ms`, baseline: `idle ack p99 ${r.idle.ackP99Ms.toFixed(1)} ms`, met: storm.ackP99Ms <= 10 },
    { name: 'storm: edit-configs per device', target: '1 per device', measured: `${e.mean} (${e.min}-${e.max})`, baseline: `${storm.webhooksPerDevice} webhooks per device`, met: e.min === 1 && e.max === 1 },
    {
      name: 'storm: converged',
      target: '≤ 2× the calm phase',
      measured: storm.convergeMs === null ? 'did not converge' : `${(storm.convergeMs / 1000).toFixed(2)} s = ${r.stormVsCalm.converge}×`,
      baseline: `calm ${calm.convergeMs === null ? '-' : (calm.convergeMs / 1000).toFixed(2)} s`,
      met: storm.convergeMs !== null && r.stormVsCalm.converge <= 2,
    },
    {
      name: 'storm: daemon event-loop p99',
      target: '≤ 10 ms (≤ 1% of samples over 10 ms)',
      measured: `p99 ≤ ${storm.daemonLoop.p99UpToMs} ms (${storm.daemonLoop.over10msPercent}% over 10 ms)`,
      baseline: `calm: ${calm.daemonLoop.over10msPercent}% over 10 ms`,
      met: storm.daemonLoop.over10msPercent <= 1,
    },
  ];
}

/** The 50 interfaces: Gi1/0/11..15 on each device. */
function edited(lab: Lab): Edited[] {
  return [...lab.devices.keys()].flatMap((device) =>
    Array.from({ length: PORTS_PER_DEVICE }, (_, k) => ({ device, iface: `GigabitEthernet1/0/${11 + k}` })));
}

/** Webhook bodies as the emulator builds them (4.6 envelope, data + snapshots of the interface now). */
class Bodies {
  private readonly dispatcher: WebhookDispatcher;
  private readonly hook: EmulatorWebhook;

  constructor(private readonly lab: Lab) {
    this.dispatcher = new WebhookDispatcher(new NetboxSerializer(lab.netbox.data.db, () => ''));
    this.hook = { url: '', secret: lab.webhookSecret, shape: '4.6' };
  }

  body(t: Edited): string {
    const row = this.lab.netbox.data.findInterface(t.device, t.iface);
    const snapshot = new NetboxSerializer(this.lab.netbox.data.db, () => '').snapshot(row);
    return this.dispatcher.payload(this.hook, { row, before: snapshot, user: 'developer', method: 'PATCH', path: `/api/dcim/interfaces/${row.id}/` });
  }
}

/** edit-config RPCs each simulated switch has received so far. */
function editCounts(lab: Lab): Record<string, number> {
  return Object.fromEntries([...lab.devices].map(([name, d]) => [name, d.requests.filter((r) => r.operation === 'edit-config' && r.ok).length]));
}

/** Whether every target's running config carries `round`'s description. */
function converged(lab: Lab, all: Edited[], round: string): boolean {
  return all.every((t, k) => (lab.devices.get(t.device)?.runningXml(t.iface) ?? '').includes(`${round} change ${k}`));
}

/**
 * Sends one webhook per entry of `sends` (paced over `spreadMs`, or one at a time when 0) while watching
 * the switches for `round`'s descriptions on `all` (null: nothing to converge), then waits for the daemon
 * to be in sync and quiet, and returns the phase's figures.
 */
async function phase(s: Stack, sends: Edited[], spreadMs: number, all: Edited[], round: string | null): Promise<PhaseFigures> {
  const { lab, daemon } = s;
  const url = `${daemon.url}/webhooks/netbox`;
  const bodies = new Bodies(lab);
  const editsBefore = editCounts(lab);
  const deviceReconciles = async (): Promise<number> =>
    metricSum(await daemon.metricsText(), 'intentd_reconcile_duration_seconds_count', { controller: 'device' });
  const reconcilesBefore = await deviceReconciles();
  const metricsBefore = await daemon.metricsText();
  // Bodies are built and signed before the clock starts; the sender thread only paces, posts and times.
  const plan: SendPlan = {
    url,
    sends: sends.map((t) => {
      const body = bodies.body(t);
      return { body, signature: signNetboxBody(lab.webhookSecret, body) };
    }),
    offsets: spreadMs === 0 ? [] : paceSchedule(sends.length, spreadMs),
  };
  let convergedAt: number | null = null;
  let watching = round !== null;
  const watcher = (async () => {
    while (watching && round !== null) {
      if (converged(lab, all, round)) {
        convergedAt = performance.timeOrigin + performance.now();
        return;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    const sent = await bounded('the webhook acks', sendInWorker(plan), PHASE_TIMEOUT_MS);
    const acks = sent.acks;
    if (round !== null) await bounded(`the ${round} changes on the switches`, watcher, PHASE_TIMEOUT_MS);
    await daemon.waitInSync(lab.devices.size, { timeoutMs: PHASE_TIMEOUT_MS, quietMs: 1500 });
    const ms = acks.map((a) => a.ms).sort((a, b) => a - b);
    const after = editCounts(lab);
    const devices = [...lab.devices.keys()];
    const edits = devices.map((d) => (after[d] ?? 0) - (editsBefore[d] ?? 0));
    const round1 = (n: number): number => Math.round(n * 10) / 10;
    return {
      webhooks: sends.length,
      changes: round === null ? 0 : all.length,
      allAccepted: acks.length === sends.length && acks.every((a) => a.status === 202),
      ackP50Ms: round1(quantile(ms, 0.5)),
      ackP99Ms: round1(quantile(ms, 0.99)),
      ackMaxMs: round1(ms.at(-1) ?? Number.NaN),
      convergeMs: convergedAt === null ? null : round1((convergedAt as number) - sent.startedAt),
      webhooksPerDevice: sends.length / devices.length,
      editsPerDevice: spread(edits),
      editsTotal: edits.reduce((a, b) => a + b, 0),
      reconcilesPerDevice: round1(((await deviceReconciles()) - reconcilesBefore) / devices.length),
      senderLoopDelayP99Ms: round1(sent.loopDelayP99Ms),
      senderPrioritized: sent.prioritized,
      daemonLoop: ((l) => ({ p99UpToMs: l.p99UpToMs, over10msPercent: Math.round(l.over10msShare * 10000) / 100 }))(loopDelayBetween(metricsBefore, await daemon.metricsText())),
    };
  } finally {
    watching = false;
    await watcher;
  }
}

/** Edits every target in NetBox (no webhook is connected, so the bench's own POSTs are the only ones). */
function editAll(lab: Lab, all: Edited[], round: string): void {
  for (const [k, t] of all.entries()) {
    lab.netbox.updateInterface(t.device, t.iface, { description: `${round} change ${k}`, ticket: `${round.toUpperCase()}-${k}` });
  }
}

function row(name: string, p: PhaseFigures): string {
  const e = p.editsPerDevice;
  return `${name.padEnd(7)}${String(p.webhooks).padStart(9)}${String(p.changes).padStart(8)}${p.ackP50Ms.toFixed(1).padStart(9)}` +
    `${p.ackP99Ms.toFixed(1).padStart(9)}${p.ackMaxMs.toFixed(1).padStart(9)}` +
    `${(p.convergeMs === null ? '-' : (p.convergeMs / 1000).toFixed(2)).padStart(12)}${String(p.webhooksPerDevice).padStart(10)}` +
    `${`${e.mean.toFixed(1)} (${e.min}-${e.max})`.padStart(14)}${p.reconcilesPerDevice.toFixed(1).padStart(10)}` +
    `${p.senderLoopDelayP99Ms.toFixed(1).padStart(10)}${`≤${p.daemonLoop.p99UpToMs} (${p.daemonLoop.over10msPercent}%)`.padStart(16)}`;
}

export function formatTable(r: WebhookStormResult): string {
  const v = r.stormVsCalm;
  return [
    `Webhook storm: ${r.devices} devices, ${r.interfaces} interfaces edited per round (first import ${r.importConvergeSec.toFixed(1)} s)`,
    `${'phase'.padEnd(7)}${'webhooks'.padStart(9)}${'changes'.padStart(8)}${'ack p50'.padStart(9)}${'ack p99'.padStart(9)}` +
      `${'ack max'.padStart(9)}${'converge s'.padStart(12)}${'hooks/dev'.padStart(10)}${'edits/dev'.padStart(14)}${'recs/dev'.padStart(10)}${'lag p99'.padStart(10)}${'daemon loop'.padStart(16)}`,
    row('idle', r.idle),
    row('calm', r.calm),
    row('storm', r.storm),
    `  storm / calm: ack p50 ${v.ackP50}×, ack p99 ${v.ackP99}×, converge ${v.converge}×, edit-configs per device ${v.editsPerDevice}×` +
      ` (webhooks per device ${ratio(r.storm.webhooksPerDevice, r.calm.webhooksPerDevice)}×)`,
    '  ack ms = POST → 202; converge = first webhook → all edited descriptions on the switches; edits counted by the switches;',
    '  recs/dev = device reconciles the daemon ran per device (from its /metrics);',
    `  lag p99 = event-loop delay of the sender beyond its 5 ms sampling period, in ms: a worker thread of its own, apart from the lab's NetBox and switches, ${r.storm.senderPrioritized ? 'at raised priority (nice -10) as NetBox on its own machine would be' : 'at normal priority (raising it needs root)'};`,
    '  daemon loop = the daemon\'s event-loop delay over the phase from its /metrics histogram: p99 bucket bound in ms (share of samples over 10 ms)',
  ].join('\n');
}

export async function main(): Promise<WebhookStormResult> {
  const dir = await mkdtemp(join(tmpdir(), 'intentd-bench-storm-'));
  let lab: Lab | null = null;
  let daemon: DaemonProcess | null = null;
  try {
    lab = await Lab.start({ devices: DEVICES });
    const listen = `127.0.0.1:${await freePort()}`;
    const doc = parse(lab.configYaml({ repo: join(dir, 'intent'), listen, poll: null, resync: null })) as ConfigDoc;
    const t0 = performance.now();
    daemon = await DaemonProcess.start({ configYaml: stringify(doc), dir, listen });
    await daemon.waitInSync(DEVICES, { timeoutMs: PHASE_TIMEOUT_MS });
    const importSec = (performance.now() - t0) / 1000;
    const s: Stack = { lab, daemon };
    const all = edited(lab);
    const idle = await phase(s, all, 0, all, null);
    editAll(lab, all, 'calm');
    const calm = await phase(s, all, SPREAD_MS, all, 'calm');
    editAll(lab, all, 'storm');
    const storm = await phase(s, roundRobin(all, STORM_WEBHOOKS), SPREAD_MS, all, 'storm');
    const measured: Omit<WebhookStormResult, 'targets'> = {
      when: new Date().toISOString(),
      devices: DEVICES,
      interfaces: all.length,
      importConvergeSec: Math.round(importSec * 10) / 10,
      idle,
      calm,
      storm,
      stormVsCalm: {
        ackP50: ratio(storm.ackP50Ms, calm.ackP50Ms),
        ackP99: ratio(storm.ackP99Ms, calm.ackP99Ms),
        converge: ratio(storm.convergeMs ?? Number.NaN, calm.convergeMs ?? Number.NaN, 2),
        editsPerDevice: ratio(storm.editsPerDevice.mean, calm.editsPerDevice.mean, 2),
      },
    };
    const result: WebhookStormResult = { ...measured, targets: stormTargets(measured) };
    console.log(formatTable(result));
    if (![idle, calm, storm].every((p) => p.allAccepted)) throw new Error('webhook-storm: some webhooks were not answered 202');
    return result;
  } finally {
    await daemon?.stop();
    await lab?.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (isEntryPoint(import.meta.url)) runAsScript('webhook-storm', { main });
