import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { DaemonEvents, type DaemonEvent } from '../../../src/daemon-events.js';
import { useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';

/** Resolves with the first event matching `pred` from now on. */
function next(events: DaemonEvents, pred: (e: DaemonEvent) => boolean): Promise<DaemonEvent> {
  return new Promise((resolve) => events.onEvent((e) => pred(e) && resolve(e)));
}

describe('NetBox down when the daemon starts', () => {
  const t = useLabDaemon('intentd-nbdown-');

  /** The lab config, but the switch's host comes from NetBox's primary_ip4 (127.0.0.1), as in production. */
  function hostFromNetbox(yaml: string): string {
    const doc = parse(yaml) as { devices: { overrides: Record<string, { host?: string }> } };
    for (const o of Object.values(doc.devices.overrides)) delete o.host;
    return stringify(doc);
  }

  it('retries a device whose host comes from NetBox and converges once NetBox is back', async () => {
    // A first run imports the device into git (so the next start knows it) and applies a ticketed
    // change (so the device has a verified audit), then stops.
    const firstEvents = new DaemonEvents();
    const first = await t.start(hostFromNetbox, { events: firstEvents, webhook: false });
    const applied = next(firstEvents, (e) => e.type === 'applied' && e.device === 'c9300');
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'set by ticket', ticket: '3001' });
    first.nudge('c9300', 'webhook');
    await applied;
    await first.idle();
    await first.stop({ timeoutMs: 5000 });
    t.lab.c9300.setLeaf(GI2, 'description', 'changed while intentd was down');

    await t.lab.netbox.down();
    const events = new DaemonEvents();
    const waiting = next(events, (e) => e.type === 'failed' && e.device === 'c9300');
    const daemon = await t.start(hostFromNetbox, { events, webhook: false, idle: false });
    const failure = await waiting;
    expect(failure).toMatchObject({ reason: 'DeviceAddressUnknown', retryable: true });
    const status = await t.status();
    expect(status).toMatchObject({ state: 'failed', lastError: { reason: 'DeviceAddressUnknown' } });

    const converged = next(events, (e) => e.type === 'applied' && e.device === 'c9300');
    await t.lab.netbox.up();
    expect(await converged).toMatchObject({ type: 'applied', drift: true });
    await daemon.idle();
    expect(t.lab.c9300.runningXml(GI2)).toContain('set by ticket');
    const after = await t.status();
    expect(after.state).toBe('in-sync');
  });
});
