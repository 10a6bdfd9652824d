import { describe, expect, it } from 'vitest';
import { until, useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';
const GI3 = 'GigabitEthernet1/0/3';

describe('device-apply after an intent commit reads only the changed interfaces, then the full pass follows', () => {
  const t = useLabDaemon('intentd-focused-read-');
  const getConfigsSince = (mark: number): string[] => t.lab.c9300.requests.slice(mark).filter((r) => r.operation === 'get-config').map((r) => r.xml);

  it('sends a NetBox change after a get-config of that interface alone; the watch pass then reads every interface', async () => {
    const d = await t.start();
    // After the first import's adoption commit, one full pass verifies the device at the current revision.
    d.nudge('c9300', 'resync');
    await d.idle();
    const mark = t.lab.c9300.requests.length;
    const applied = new Promise<void>((resolve) => d.events.onEvent((e) => e.type === 'applied' && e.device === 'c9300' && resolve()));
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'focused change', ticket: '5150' });
    d.nudge('c9300', 'webhook');
    await applied;
    const first = getConfigsSince(mark)[0] ?? '';
    expect(first).toContain('1/0/2');
    expect(first).not.toContain('1/0/3');
    expect(t.lab.c9300.runningXml(GI2)).toContain('focused change');
    // The intent watch's echo of the commit: a full, level-triggered read of the device.
    await until('the full read of the watch pass', () => getConfigsSince(mark).some((x) => x.includes('1/0/3') && x.includes('1/0/2')));
    await d.idle();
    expect((await t.status()).state).toBe('in-sync');
  });

  it('reads the whole device when the device was not verified at the revision before (drift outstanding)', async () => {
    const d = await t.start((y) => y.replace(/mode: enforce/, 'mode: report'));
    await d.idle();
    t.lab.c9300.setLeaf(GI3, 'description', 'hand edit');
    d.nudge('c9300', 'resync');
    await d.idle();
    expect((await t.status()).state).toBe('drift');
    const mark = t.lab.c9300.requests.length;
    const planned = new Promise<void>((resolve) => d.events.onEvent((e) => e.type === 'plan' && e.device === 'c9300' && resolve()));
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'while drifted', ticket: '5151' });
    d.nudge('c9300', 'webhook');
    await planned;
    const first = getConfigsSince(mark)[0] ?? '';
    expect(first).toContain('1/0/2');
    expect(first).toContain('1/0/3');
  });
});
