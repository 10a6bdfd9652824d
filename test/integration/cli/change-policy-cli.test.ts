import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, useCliLab } from './cli-lab.js';
import { applyCommand } from '../../../src/cli/apply.js';
import { approveCommand } from '../../../src/cli/approve.js';
import { planCommand } from '../../../src/cli/plan.js';
import { silentLogger } from '../../../src/log.js';

const GI2 = 'GigabitEthernet1/0/2';
/** An allow window that opens on 29 February only: closed whenever this test runs (but on that day). */
const CLOSED = 'rules:\n  - devices: c9300\n    windows: [{ allow: true, cron: "0 0 29 2 *", duration: 1m, timezone: Europe/Zurich }]\n';

describe('change policy from the CLI against the simulated switch', () => {
  const t = useCliLab('change-policy');
  const capture = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
  };
  const commitPolicy = (yaml: string) => {
    writeFileSync(join(t.repo, 'policy.yaml'), yaml);
    git(t.repo, 'add', 'policy.yaml');
    git(t.repo, 'commit', '-qm', 'operator: policy');
  };
  const description = () => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(GI2))?.[1] ?? null;

  it('plan shows the window reason and the plan hash (exit 2); apply waits; --outside-window applies now and the audit says so', async () => {
    commitPolicy(CLOSED);
    const config = t.lab.config({ repo: t.repo });
    const plan = capture();
    expect(await planCommand(config, { device: 'c9300' }, { logger: silentLogger() }, plan.io)).toBe(2);
    expect(plan.out.join('')).toMatch(/plan hash: [0-9a-f]{64}/);
    expect(plan.out.join('')).toMatch(/pending-window: outside the allow window '0 0 29 2 \*'/);

    const held = capture();
    expect(await applyCommand(config, { device: 'c9300', ticket: 'CHG-7' }, { logger: silentLogger() }, held.io)).toBe(1);
    expect(held.err.join('')).toMatch(/PendingWindow: outside the allow window.*--outside-window/);
    expect(description()).toBeNull();

    expect(await applyCommand(config, { device: 'c9300', ticket: 'CHG-7', outsideWindow: true }, { logger: silentLogger() }, capture().io)).toBe(0);
    expect(description()).toBe('from the CLI');
    expect(git(t.repo, 'log', '-1', '--format=%(trailers:key=Outside-Window,valueonly)')).toBe('yes');
    expect(git(t.repo, 'log', '-1', '--format=%b')).toContain('Applied outside the change window by an explicit override (--outside-window).');
  });

  it('plan lists ignored leaves, which apply never sends', async () => {
    commitPolicy('ignore:\n  - interfaces: "GigabitEthernet1/0/*"\n    leaves: [description]\n');
    const config = t.lab.config({ repo: t.repo });
    const plan = capture();
    expect(await planCommand(config, { device: 'c9300' }, { logger: silentLogger() }, plan.io)).toBe(0);
    expect(plan.out.join('')).toContain(`ignored (policy.yaml ignore: never sent, never reported):\n  + ${GI2} description: (none) → "from the CLI"`);
    expect(await applyCommand(config, { device: 'c9300' }, { logger: silentLogger() }, capture().io)).toBe(0);
    expect(t.lab.c9300.requests.filter((r) => r.operation === 'edit-config')).toEqual([]);
  });

  it('apply holds a plan needing approval; approve refuses a stale hash and takes the current one, which apply then sends', async () => {
    commitPolicy('approval:\n  rules:\n    - devices: c9300\n');
    const config = t.lab.config({ repo: t.repo });
    const held = capture();
    expect(await applyCommand(config, { device: 'c9300' }, { logger: silentLogger() }, held.io)).toBe(1);
    const hash = /plan ([0-9a-f]{64}) needs approval/.exec(held.err.join(''))?.[1] ?? '';
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(approveCommand(config, true, { device: 'c9300', plan: '0'.repeat(64), by: 'alice' }, silentLogger(), capture().io)).rejects.toMatchObject({ reason: 'StalePlan' });
    expect(await approveCommand(config, true, { device: 'c9300', plan: hash, by: 'alice' }, silentLogger(), capture().io)).toBe(0);
    expect(await applyCommand(config, { device: 'c9300' }, { logger: silentLogger() }, capture().io)).toBe(0);
    expect(description()).toBe('from the CLI');
    expect(git(t.repo, 'log', '-1', '--format=%(trailers:key=Plan-Hash,valueonly)')).toBe(hash);
  });
});
