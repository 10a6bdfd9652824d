import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DaemonEvent } from '../../../src/daemon-events.js';
import { until, useLabDaemon } from './lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';
const DEVICES = ['c9300', 'c9300-2', 'c9300-3'];

describe('the daemon rolls one NetBox change over many devices out in batches (policy.yaml rollout)', () => {
  const t = useLabDaemon('intentd-rollout-', { devices: 3 });
  const device = (d: string) => t.lab.devices.get(d) as NonNullable<ReturnType<typeof t.lab.devices.get>>;
  const description = (d: string) => /<description>([^<]*)<\/description>/.exec(device(d).runningXml(GI2))?.[1] ?? null;
  const edits = (d: string) => device(d).requests.filter((r) => r.operation === 'edit-config').length;

  /** One poll pass that finds a ticketed change on every device (NetBox webhooks not connected). */
  const changeEverywhere = (): void => {
    DEVICES.forEach((d, i) => t.lab.netbox.updateInterface(d, GI2, { description: `fleet change ${d}`, ticket: `40${i}` }));
    for (const d of DEVICES) t.daemon.nudge(d, 'poll');
  };

  const startWithPolicy = async (policy: string | null) => {
    // One sync at a time: the devices commit (and so roll out) in the order the poll names them.
    const d = await t.start((y) => y.replace('concurrency: 8', 'concurrency: 1'), { webhook: false });
    if (policy !== null) {
      writeFileSync(join(t.repo, 'policy.yaml'), policy);
      t.git('add', 'policy.yaml');
      t.git('commit', '-qm', 'policy: roll out one device at a time');
      await until('the rollout policy in force', () => d.policy.current().rollout !== undefined);
    }
    return d;
  };

  it('stops at the first failing device: the rest stay pending, reported, until a nudge resumes them', async () => {
    const d = await startWithPolicy('rollout:\n  batchSize: 1\n  stopOnFailure: true\n');
    const rollouts: DaemonEvent[] = [];
    t.events.onEvent((e) => void (e.type === 'rollout' && rollouts.push(e)));
    const before = edits('c9300-3');
    device('c9300-2').refuseEdits('configuration locked');
    changeEverywhere();
    await until('the rollout report', () => rollouts.length === 1);
    await d.idle();
    expect(rollouts[0]).toEqual({ type: 'rollout', device: '*', applied: ['c9300'], failed: ['c9300-2'], notAttempted: ['c9300-3'] });
    expect(description('c9300')).toBe('fleet change c9300 ##ticket:400##');
    expect(edits('c9300-3')).toBe(before);
    expect(description('c9300-3')).toBeNull();
    expect(await t.status('c9300-3')).toMatchObject({ state: 'pending', rolloutHeld: expect.stringContaining('stopped at c9300-2') });
    d.nudge('c9300-3', 'api');
    await d.idle();
    expect(description('c9300-3')).toBe('fleet change c9300-3 ##ticket:402##');
    expect(await t.status('c9300-3')).toMatchObject({ state: 'in-sync', rolloutHeld: null });
  });

  it('without rollout in policy.yaml applies every device as before', async () => {
    const d = await startWithPolicy(null);
    device('c9300-2').refuseEdits('configuration locked');
    changeEverywhere();
    await until('every device tried', () => description('c9300') !== null && description('c9300-3') !== null);
    await d.idle();
    expect(description('c9300-3')).toBe('fleet change c9300-3 ##ticket:402##');
  });
});

