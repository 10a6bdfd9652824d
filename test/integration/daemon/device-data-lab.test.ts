import { describe, expect, it } from 'vitest';
import type { DaemonEvent } from '../../../src/daemon-events.js';
import { until, useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';
const GI10 = 'GigabitEthernet1/0/10';
const WRITES = new Set(['edit-config', 'commit', 'copy-config', 'lock', 'discard-changes']);

/** A switch that reports a value no switch can hold, through the daemon (simulated lab, two switches). */
describe('a switch reporting trunk VLANs 1-10000000 on a managed interface', () => {
  const t = useLabDaemon('intentd-devdata-', { devices: 2 });

  it('fails that device fast with a retryable ProtocolError in status, writes nothing to it, and keeps serving the other switch', async () => {
    const d = await t.start();
    const failures: Array<DaemonEvent & { type: 'failed' }> = [];
    t.events.onEvent((e) => {
      if (e.type === 'failed') failures.push(e);
    });
    t.lab.c9300.setLeaf(GI10, 'switchport-config/switchport/mode/trunk', true);
    t.lab.c9300.reportLeaf(GI10, 'switchport-config/switchport/trunk/allowed/vlan/vlans', '1-10000000');
    const sent = t.lab.c9300.requests.length;

    const started = Date.now();
    d.nudge('c9300', 'resync');
    await until('the failed reconcile', () => failures.some((f) => f.device === 'c9300'));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failures[0]).toMatchObject({ device: 'c9300', reason: 'ProtocolError', retryable: true, message: expect.stringMatching(/VLAN id "10000000", outside 1-4094/) });
    expect(await t.status()).toMatchObject({ state: 'failed', lastError: { reason: 'ProtocolError' } });
    expect((await fetch(`${d.url}/healthz`)).status).toBe(200);

    // A ticketed change on the other switch still goes through while c9300 keeps failing.
    t.lab.netbox.updateInterface('c9300-2', GI2, { description: 'still applied', ticket: '5001' });
    await until('the change on c9300-2', () => (t.lab.devices.get('c9300-2')?.runningXml(GI2) ?? '').includes('<description>still applied ##ticket:5001##</description>'));
    expect(await t.status('c9300-2')).toMatchObject({ state: 'in-sync', lastError: null });
    expect(t.lab.c9300.requests.slice(sent).filter((r) => WRITES.has(r.operation))).toEqual([]);
    expect((await t.status()).state).toBe('failed');
  });
});
