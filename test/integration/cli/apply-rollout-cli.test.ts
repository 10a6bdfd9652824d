import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, useCliLab } from './cli-lab.js';
import { applyCommand } from '../../../src/cli/apply.js';
import { silentLogger } from '../../../src/log.js';

const DEVICES = ['c9300', 'c9300-2', 'c9300-3', 'c9300-4'];

describe('intentd apply over many devices (a fleet rollout)', () => {
  const t = useCliLab('apply-rollout', { devices: 4 });

  const commitIntents = (policy?: string): void => {
    for (const d of DEVICES) writeFileSync(join(t.repo, 'devices', `${d}.yaml`), `device: ${d}\ninterfaces:\n  GigabitEthernet1/0/2:\n    description: rolled out\n`);
    if (policy !== undefined) writeFileSync(join(t.repo, 'policy.yaml'), policy);
    git(t.repo, 'add', '.');
    git(t.repo, 'commit', '-qm', 'operator: intent for the fleet');
  };
  const edits = (d: string): number => (t.lab.devices.get(d)?.requests ?? []).filter((r) => r.operation === 'edit-config').length;
  const run = async (flags: Parameters<typeof applyCommand>[1]): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const code = await applyCommand(t.lab.config({ repo: t.repo }), flags, { logger: silentLogger() }, { out: (s) => void (out += s), err: (s) => void (err += s) });
    return { code, out, err };
  };

  it('stops at the first failing device and reports what was applied, what failed and what was not attempted', async () => {
    commitIntents();
    t.lab.devices.get('c9300-2')?.refuseEdits('configuration locked by policy');
    const r = await run({});
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/device c9300-2: ApplyFailed: .*access-denied: configuration locked by policy/);
    expect(r.out).toContain('rollout: applied: c9300\n');
    expect(r.out).toContain('rollout: failed: c9300-2\n');
    expect(r.out).toContain('rollout: not attempted: c9300-3, c9300-4\n');
    expect(DEVICES.map(edits)).toEqual([1, 1, 0, 0]);
    expect(t.lab.devices.get('c9300-3')?.requests).toEqual([]);
  });

  it('applies in batches of policy.yaml rollout.batchSize, finishing the batch of the failure', async () => {
    commitIntents('rollout:\n  batchSize: 2\n');
    t.lab.devices.get('c9300')?.refuseEdits('no');
    const r = await run({});
    expect(r.code).toBe(1);
    expect(r.out).toContain('rollout: applied: c9300-2\n');
    expect(r.out).toContain('rollout: failed: c9300\n');
    expect(r.out).toContain('rollout: not attempted: c9300-3, c9300-4\n');
    expect(DEVICES.map(edits)).toEqual([1, 1, 0, 0]);
  });

  it('goes on past a failed device with --no-stop-on-failure, over the devices named by --devices', async () => {
    commitIntents();
    t.lab.devices.get('c9300-3')?.refuseEdits('no');
    const r = await run({ devices: ['c9300-3', 'c9300-4', 'c9300'], stopOnFailure: false, batchSize: 1 });
    expect(r.code).toBe(1);
    expect(r.out).toContain('rollout: applied: c9300-4, c9300\n');
    expect(r.out).toContain('rollout: failed: c9300-3\n');
    expect(r.out).toContain('rollout: not attempted: (none)\n');
    expect(DEVICES.map(edits)).toEqual([1, 0, 1, 1]);
  });
});
