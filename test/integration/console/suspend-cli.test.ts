import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { suspendCommand } from '../../../src/cli/suspend.js';
import { silentLogger } from '../../../src/log.js';
import { until, useLabDaemon } from '../daemon/lab-daemon.js';

const GI2 = 'GigabitEthernet1/0/2';

describe('intentd suspend / resume', () => {
  const t = useLabDaemon('intentd-suspend-cli-');
  const description = () => /<description>([^<]*)<\/description>/.exec(t.lab.c9300.runningXml(GI2))?.[1] ?? null;

  it('commits to the repo directly; the running daemon picks the commit up, holds writes, and reconciles on resume', async () => {
    const d = await t.start();
    const out: string[] = [];
    const io = { out: (s: string) => void out.push(s), err: () => undefined };
    await expect(suspendCommand(t.config, true, { reason: ' ' }, silentLogger(), io)).rejects.toThrow(ValidationError);
    expect(await suspendCommand(t.config, true, { reason: 'change freeze', by: 'bob' }, silentLogger(), io)).toBe(0);
    expect(out.join('')).toMatch(/^suspended the fleet: commit [0-9a-f]{40}/);
    expect(t.git('log', '-1', '--format=%s%n%(trailers:key=Actor,valueonly)%(trailers:key=Source,valueonly)')).toBe('policy: suspend fleet (change freeze)\nbob\ncli');
    await until('the daemon to see the suspension', () => d.policy.suspensionOf('c9300')?.reason === 'change freeze');
    t.lab.c9300.setLeaf(GI2, 'description', 'by hand');
    d.nudge('c9300', 'resync');
    await d.idle();
    expect(description()).toBe('by hand');
    expect((await t.status()).state).toBe('suspended');
    expect(await suspendCommand(t.config, false, {}, silentLogger(), io)).toBe(0);
    await until('the revert after resume', () => description() === null);
    expect(await suspendCommand(t.config, false, {}, silentLogger(), io)).toBe(0);
    expect(out.at(-1)).toBe('the fleet: already not suspended; nothing committed\n');
    expect(t.git('status', '--porcelain')).toBe('');
  });
});
