import { describe, expect, it } from 'vitest';
import { useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';

describe('RPCs a reconcile sends to a simulated switch (lab config: syncFrom on)', () => {
  const t = useLabDaemon('intentd-noop-rpcs-');
  const operationsSince = (mark: number): string[] => t.lab.c9300.requests.slice(mark).map((r) => r.operation);

  it('a no-op reconcile on a fresh session sends exactly one RPC, the get-config', async () => {
    const first = await t.start();
    await first.stop();
    const mark = t.lab.c9300.requests.length;
    // A new daemon opens a new session: no ready probe for a server that does not need one, no sync-from.
    const d = await t.start();
    expect(operationsSince(mark)).toEqual(['get-config']);
    d.nudge('c9300', 'resync');
    await d.idle();
    expect(operationsSince(mark)).toEqual(['get-config', 'get-config']);
    expect((await t.status()).state).toBe('in-sync');
  });

  it('confirms a difference against a datastore synced from the CLI before it edits', async () => {
    const d = await t.start();
    t.lab.c9300.setLeaf(GI2, 'description', 'changed by hand');
    const mark = t.lab.c9300.requests.length;
    d.nudge('c9300', 'resync');
    await d.idle();
    const ops = operationsSince(mark);
    expect(ops.slice(0, 3)).toEqual(['get-config', 'sync-from', 'get-config']);
    expect(ops).toContain('edit-config');
    expect(ops.indexOf('sync-from')).toBeLessThan(ops.indexOf('edit-config'));
  });

  it('sends an intent change after one get-config: the difference is the change, not drift to confirm', async () => {
    const d = await t.start();
    const mark = t.lab.c9300.requests.length;
    t.lab.netbox.updateInterface('c9300', GI2, { description: 'changed in NetBox', ticket: '4711' });
    d.nudge('c9300', 'webhook');
    await d.idle();
    const ops = operationsSince(mark);
    expect(ops[0]).toBe('get-config');
    expect(ops).toContain('edit-config');
    expect(ops.slice(0, ops.indexOf('edit-config'))).not.toContain('sync-from');
    expect(t.lab.c9300.runningXml(GI2)).toContain('changed in NetBox');
  });
});
