import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { Daemon } from '../../../src/daemon.js';
import { DaemonEvents, type DaemonEvent } from '../../../src/daemon-events.js';
import { Lab } from '../../../src/lab/lab.js';
import { silentLogger } from '../../../src/log.js';
import type { DeviceStatus } from '../../../src/runtime/status.js';

const GI2 = 'GigabitEthernet1/0/2';

/** Resolves with the first event matching `pred` from now on. */
function next(events: DaemonEvents, pred: (e: DaemonEvent) => boolean): Promise<DaemonEvent> {
  return new Promise((resolve) => events.onEvent((e) => pred(e) && resolve(e)));
}

/** Resolves once `n` events matching `pred` were seen from now on. */
function count(events: DaemonEvents, pred: (e: DaemonEvent) => boolean, n: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => events.onEvent((e) => pred(e) && ++seen === n && resolve()));
}

describe('intent-sync and device-apply as two controllers', () => {
  let lab: Lab;
  let dir: string;
  let repo: string;
  let daemon: Daemon | null;

  beforeEach(async () => {
    lab = await Lab.start();
    dir = mkdtempSync(join(tmpdir(), 'intentd-two-'));
    repo = join(dir, 'intent');
    daemon = null;
  });
  afterEach(async () => {
    await daemon?.stop({ timeoutMs: 5000 });
    await lab.netbox.up();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The lab config, with changes to its YAML document (no poll, no resync: only the nudges under test). */
  function config(edit: (doc: Record<string, Record<string, unknown>>) => void = () => undefined) {
    const doc = parse(lab.configYaml({ repo, listen: '127.0.0.1:0', poll: null, resync: null })) as Record<string, Record<string, unknown>>;
    edit(doc);
    return parseConfig(stringify(doc), 'test', { env: {} });
  }

  const statusOf = async (d: Daemon): Promise<DeviceStatus> => (await (await fetch(`${d.url}/api/status/c9300`)).json()) as DeviceStatus;

  it('shows a NetBox outage at start in the sync condition and retries until NetBox answers', async () => {
    // A first run imports the device into git, so the next start knows it without NetBox.
    const first = await Daemon.start({ config: config(), logger: silentLogger() });
    await first.idle();
    await first.stop({ timeoutMs: 5000 });

    await lab.netbox.down();
    const events = new DaemonEvents();
    const failed = next(events, (e) => e.type === 'sync-failed' && e.device === 'c9300');
    daemon = await Daemon.start({ config: config(), logger: silentLogger(), events });
    expect(await failed).toMatchObject({ retryable: true });
    const down = await statusOf(daemon);
    expect(down.conditions.sync).toMatchObject({ status: 'False', retryable: true });
    expect(down.conditions.sync?.reason).toMatch(/^Netbox/);

    const synced = next(events, (e) => (e.type === 'intent-unchanged' || e.type === 'intent-committed') && e.device === 'c9300');
    await lab.netbox.up();
    await synced;
    await daemon.idle();
    const up = await statusOf(daemon);
    expect(up.conditions.sync).toMatchObject({ status: 'True' });
    expect(up.conditions.apply).toMatchObject({ status: 'True' });
    expect(up.state).toBe('in-sync');
  });

  it('sends one notification for a failed device across its retries', async () => {
    // The device cannot be reached (nothing listens on its port): every attempt fails, retryably.
    const cfg = config((doc) => {
      const devices = doc.devices as { overrides: Record<string, { port: number }> };
      (devices.overrides.c9300 as { port: number }).port = 1;
      doc.reconcile = { ...doc.reconcile, maxBackoffMs: 200 };
    });
    const events = new DaemonEvents();
    const thrice = count(events, (e) => e.type === 'failed' && e.device === 'c9300' && e.retryable, 3);
    daemon = await Daemon.start({ config: cfg, logger: silentLogger(), events });
    await thrice;
    await daemon.stop({ timeoutMs: 5000 });
    daemon = null;
    const failures = lab.webex.messages.filter((m) => (m.markdown ?? m.text ?? '').includes('apply failed'));
    expect(failures).toHaveLength(1);
  });

  it('applies an intent commit made by intent-sync without waiting for the git watch', async () => {
    // The git watch would only fire after a minute: the apply must come from intent-sync's nudge.
    const cfg = config((doc) => {
      doc.intent = { ...doc.intent, watchDebounceMs: 60_000 };
    });
    const events = new DaemonEvents();
    daemon = await Daemon.start({ config: cfg, logger: silentLogger(), events });
    await daemon.idle();
    const committed = next(events, (e) => e.type === 'intent-committed' && e.device === 'c9300');
    const applied = next(events, (e) => e.type === 'applied' && e.device === 'c9300');
    const order: string[] = [];
    events.onEvent((e) => {
      if (e.device === 'c9300' && ['intent-committed', 'device-verified', 'applied'].includes(e.type)) order.push(e.type);
    });
    lab.netbox.updateInterface('c9300', GI2, { description: 'via the queue', ticket: '4242' });
    expect(daemon.nudge('c9300', 'webhook')).toBe('accepted');
    await committed;
    expect(await applied).toMatchObject({ drift: false });
    expect(lab.c9300.runningXml(GI2)).toContain('via the queue');
    // The change lands (the device's re-read shows it) before its audit commit, which follows it.
    expect(order).toEqual(['intent-committed', 'device-verified', 'applied']);
  });
});
