// The intentd path of the change-latency bench: a person edits an interface in the lab's NetBox emulator
// (description + change ticket) → signed webhook → intentd (NetBox read, intent commit, get-config, minimal
// edit-config, verify, save-config) → 'device-verified', against the real netconfd test device standing in
// for c9300. The issue counts a change as applied when the device verified it: the audit commit that
// follows is crash-safe through the apply journal, so it is timed apart ('applied'), off the change's path.
import { performance } from 'node:perf_hooks';
import type { DaemonEvent, DaemonEvents } from '../src/daemon-events.js';
import type { TestDevice } from '../test/harness/test-device.js';
import { bounded, settle, startLabDaemon, type LabDaemon } from './lab-daemon.js';

/** The port intentd changes: an access port (VLAN 300 in the harness startup), not the baselines' Gi1/0/5. */
export const INTENTD_PORT = 'GigabitEthernet1/0/6';
/** The baselines' port: protected from intentd so their writes are not reverted inside an intentd change. */
const BASELINE_PORT = 'GigabitEthernet1/0/5';
const DEVICE = 'c9300';
const CHANGE_TIMEOUT_MS = 30_000;

/** Where one intentd change spends its time, in ms, from the daemon's own events. */
export interface IntentdSplit {
  /** NetBox save → webhook received and device nudged. */
  webhook: number;
  /** Nudge → intent committed (queue, NetBox reads, git commit). */
  netboxToGit: number;
  /** Intent committed → plan (git reads, get-config, plan). */
  readAndPlan: number;
  /** Plan → device verified (lock, edit-config, verify, save-config, unlock). */
  applyAndVerify: number;
  /** Device verified → audit commit made ('applied'): after the change, not part of its latency. */
  audit: number;
}

export class IntentdPath {
  private next = 0;
  /** The split of every change measured so far (warm-ups included only in `all`). */
  readonly splits: IntentdSplit[] = [];

  private constructor(private readonly ld: LabDaemon) {}

  /** The lab + daemon with c9300 pointed at `device`, converged once (the harness startup differs from NetBox). */
  static async start(device: TestDevice): Promise<IntentdPath> {
    const ld = await startLabDaemon({
      devices: 1,
      tweak: (doc) => {
        doc.devices.overrides[DEVICE] = {
          host: device.host, port: device.port, username: device.username, password: device.password, hostKey: device.hostKeyFingerprint,
        };
        doc.devices.protectedInterfaces = ['GigabitEthernet1/0/1', BASELINE_PORT];
        // The intent watch's echo of the daemon's own commits is waited out between changes; keep it short.
        doc.intent = { ...(doc.intent as object), watchDebounceMs: 50 };
        // Steady state: the first import converges the device fully (no interface left held for adoption).
        doc.reconcile = { ...doc.reconcile, adopt: 'enforce' };
      },
      convergeTimeoutMs: 60_000,
    });
    ld.lab.connectWebhook(ld.daemon.url);
    return new IntentdPath(ld);
  }

  /**
   * One timed change: from the NetBox save until c9300 verified it ('device-verified'). Then, not timed,
   * waits for the audit commit ('applied'), the ticket write-back and its echo webhook to settle so changes
   * do not overlap.
   */
  async change(record = true): Promise<number> {
    const { lab, daemon, events } = this.ld;
    const i = this.next++;
    const mark = events.length;
    const next = nextApplied(daemon.events);
    let landed = (): void => undefined;
    const verified = new Promise<void>((resolve) => (landed = resolve));
    const stamps = new Map<string, number>();
    const offStamps = daemon.events.onEvent((e) => {
      if (e.device === DEVICE && !stamps.has(e.type)) stamps.set(e.type, performance.now());
      if (e.device === DEVICE && e.type === 'device-verified') landed();
    });
    const t0 = performance.now();
    let applied: Applied;
    let ms: number;
    try {
      lab.netbox.updateInterface(DEVICE, INTENTD_PORT, { description: `intentd change ${i}`, ticket: String(30000 + i) });
      // A failed apply rejects `next` before any 'device-verified'.
      await bounded(`intentd change ${i} to be verified`, Promise.race([verified, next.promise]), CHANGE_TIMEOUT_MS);
      ms = performance.now() - t0;
      applied = await bounded(`intentd change ${i} to be audited`, next.promise, CHANGE_TIMEOUT_MS);
    } finally {
      next.cancel();
      offStamps();
    }
    const at = (type: string): number => stamps.get(type) ?? Number.NaN;
    if (record) {
      this.splits.push({
        webhook: at('nudge') - t0,
        netboxToGit: at('intent-committed') - at('nudge'),
        readAndPlan: at('plan') - at('intent-committed'),
        applyAndVerify: at('device-verified') - at('plan'),
        audit: at('applied') - at('device-verified'),
      });
    }
    if (!applied.verified) throw new Error(`intentd change ${i} was applied but not verified`);
    await lab.netbox.flushWebhooks();
    await bounded(`intentd change ${i} to settle`, settle(daemon, events, 300), CHANGE_TIMEOUT_MS);
    const failed = events.slice(mark).find((e) => e.type === 'failed');
    if (failed) throw new Error(`intentd change ${i} failed: ${JSON.stringify(failed)}`);
    return ms;
  }

  async measure(n: number, warmup = 3): Promise<number[]> {
    for (let i = 0; i < warmup; i++) await this.change(false);
    const samples: number[] = [];
    for (let i = 0; i < n; i++) samples.push(await this.change(true));
    return samples;
  }

  get convergeSec(): number {
    return this.ld.convergeSec;
  }

  stop(): Promise<void> {
    return this.ld.stop();
  }
}

type Applied = Extract<DaemonEvent, { type: 'applied' }>;

/** The next 'applied' event for c9300 (rejects on a 'failed' one); `cancel` unsubscribes. */
function nextApplied(bus: DaemonEvents): { promise: Promise<Applied>; cancel: () => void } {
  let cancel = (): void => undefined;
  const promise = new Promise<Applied>((resolve, reject) => {
    cancel = bus.onEvent((e) => {
      if (e.device !== DEVICE) return;
      if (e.type === 'applied') resolve(e);
      else if (e.type === 'failed') reject(new Error(`intentd change failed: ${JSON.stringify(e)}`));
    });
  });
  return { promise, cancel };
}
