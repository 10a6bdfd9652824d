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

const GI2 = 'GigabitEthernet1/0/2';

/** Resolves with the first event matching `pred` from now on. */
function next(events: DaemonEvents, pred: (e: DaemonEvent) => boolean): Promise<DaemonEvent> {
  return new Promise((resolve) => events.onEvent((e) => pred(e) && resolve(e)));
}

describe('NetBox down when the daemon starts', () => {
  let lab: Lab;
  let dir: string;
  let repo: string;
  let daemon: Daemon | null;

  beforeEach(async () => {
    lab = await Lab.start();
    lab.netbox.strict = true;
    dir = mkdtempSync(join(tmpdir(), 'intentd-nbdown-'));
    repo = join(dir, 'intent');
    daemon = null;
  });
  afterEach(async () => {
    await daemon?.stop({ timeoutMs: 5000 });
    await lab.netbox.up();
    lab.netbox.assertNoUnexpected();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The lab config, but the switch's host comes from NetBox's primary_ip4 (127.0.0.1), as in production. */
  function config() {
    const doc = parse(lab.configYaml({ repo, listen: '127.0.0.1:0', poll: null, resync: null })) as { devices: { overrides: Record<string, { host?: string }> } };
    for (const o of Object.values(doc.devices.overrides)) delete o.host;
    return parseConfig(stringify(doc), 'test', { env: {} });
  }

  it('retries a device whose host comes from NetBox and converges once NetBox is back', async () => {
    // A first run imports the device into git (so the next start knows it) and applies a ticketed
    // change (so the device has a verified audit), then stops.
    const firstEvents = new DaemonEvents();
    const first = await Daemon.start({ config: config(), logger: silentLogger(), events: firstEvents });
    await first.idle();
    const applied = next(firstEvents, (e) => e.type === 'applied' && e.device === 'c9300');
    lab.netbox.updateInterface('c9300', GI2, { description: 'set by ticket', ticket: '3001' });
    first.nudge('c9300', 'webhook');
    await applied;
    await first.idle();
    await first.stop({ timeoutMs: 5000 });
    lab.c9300.setLeaf(GI2, 'description', 'changed while intentd was down');

    await lab.netbox.down();
    const events = new DaemonEvents();
    const waiting = next(events, (e) => e.type === 'failed' && e.device === 'c9300');
    daemon = await Daemon.start({ config: config(), logger: silentLogger(), events });
    const failure = await waiting;
    expect(failure).toMatchObject({ reason: 'DeviceAddressUnknown', retryable: true });
    const status = (await (await fetch(`${daemon.url}/api/status/c9300`)).json()) as { state: string; lastError: { reason: string } | null };
    expect(status).toMatchObject({ state: 'failed', lastError: { reason: 'DeviceAddressUnknown' } });

    const converged = next(events, (e) => e.type === 'applied' && e.device === 'c9300');
    await lab.netbox.up();
    expect(await converged).toMatchObject({ type: 'applied', drift: true });
    await daemon.idle();
    expect(lab.c9300.runningXml(GI2)).toContain('set by ticket');
    const after = (await (await fetch(`${daemon.url}/api/status/c9300`)).json()) as { state: string };
    expect(after.state).toBe('in-sync');
  });
});
