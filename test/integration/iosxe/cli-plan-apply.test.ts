import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import type { Config } from '../../../src/config/types.js';
import { applyCommand } from '../../../src/cli/apply.js';
import { planCommand } from '../../../src/cli/plan.js';
import { silentLogger } from '../../../src/log.js';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';

const INTENT = `device: c9300
interfaces:
  GigabitEthernet1/0/1:
    description: hijack
  GigabitEthernet1/0/2:
    description: Desk 12
    ticket: "4711"
    mode: access
    access_vlan: 100
  GigabitEthernet1/0/10:
    mode: trunk
    allowed_vlans: [300, 400]
    native_vlan: 100
`;

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

describeNetconfd('intentd plan / apply against a netconfd device', () => {
  let device: TestDevice;
  let dir: string;
  let config: Config;
  const deps = { logger: silentLogger() };
  /** Captures what a command writes to stdout and stderr. */
  const capture = () => {
    const c = { out: '', err: '', io: { out: (s: string) => void (c.out += s), err: (s: string) => void (c.err += s) } };
    return c;
  };

  beforeAll(async () => {
    device = await startTestDevice({ target: 'candidate' });
    dir = mkdtempSync(join(tmpdir(), 'intentd-cli-'));
    const repo = join(dir, 'intent');
    mkdirSync(join(repo, 'devices'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'devices', 'c9300.yaml'), INTENT);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'intent');
    writeFileSync(join(dir, 'client.key'), device.privateKey, { mode: 0o600 });
    config = parseConfig(
      [
        `intent: { repo: ${JSON.stringify(repo)} }`,
        'devices:',
        `  defaults: { username: ${device.username}, privateKeyFile: ${JSON.stringify(join(dir, 'client.key'))} }`,
        `  overrides: { c9300: { host: 127.0.0.1, port: ${device.port}, hostKey: ${JSON.stringify(device.hostKeyFingerprint)} } }`,
        '  protectedInterfaces: [GigabitEthernet1/0/1]',
        'reconcile: { confirmTimeoutSec: 30 }',
      ].join('\n'),
      'test.yaml',
      { env: {} },
    );
  });
  afterAll(async () => {
    await device?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('plans with exit 2 on drift, applies, then plans with exit 0', async () => {
    const plan = capture();
    expect(await planCommand(config, {}, deps, plan.io)).toBe(2);
    const out = plan.out;
    expect(out).toContain('~ GigabitEthernet1/0/2 description: "User port VLAN 100" → "Desk 12 ##ticket:4711##"');
    expect(out).toContain('~ GigabitEthernet1/0/10 allowedVlans: 300,400,500 → 300,400');
    expect(out).toContain('! GigabitEthernet1/0/1 refused (protected management interface): description');

    const applied = capture();
    expect(await applyCommand(config, { ticket: '4711', json: true }, deps, applied.io)).toBe(0);
    const report = JSON.parse(applied.out) as { ticket: string; devices: Array<{ device: string; result: { sent: string; verified: boolean } }> };
    expect(report.ticket).toBe('4711');
    expect(report.devices[0]?.result.verified).toBe(true);
    expect(report.devices[0]?.result.sent).not.toContain('<name>1/0/1</name>');
    // The device write is in the change log: an audit commit tagged with the ticket.
    const repo = join(dir, 'intent');
    const audit = execFileSync('git', ['log', '-1', '--format=%s%n%b'], { cwd: repo, encoding: 'utf8' });
    expect(audit).toMatch(/^apply\(c9300\): Gi1\/0\/2 description; /);
    expect(audit).toContain('Change-Ticket: 4711');
    expect(audit).toContain('Reason: manual apply');
    expect(execFileSync('git', ['tag', '-l', 'ticket/4711*'], { cwd: repo, encoding: 'utf8' }).trim()).toBe('ticket/4711');

    const after = capture();
    expect(await planCommand(config, { json: true }, deps, after.io)).toBe(0);
    expect((JSON.parse(after.out) as { devices: Array<{ plan: { changes: unknown[] } }> }).devices[0]?.plan.changes).toEqual([]);
  });

  it('sends nothing on a dry run', async () => {
    const c = capture();
    expect(await applyCommand(config, { dryRun: true }, deps, c.io)).toBe(0);
    expect(c.out).toContain('in sync');
    expect(c.out).toContain('dry run: nothing sent');
  });

  it('exits 1 for a device without intent', async () => {
    const c = capture();
    expect(await planCommand(config, { device: 'nope' }, deps, c.io)).toBe(1);
    expect(c.err).toMatch(/device nope: IntentStoreFailed: no intent for nope/);
  });

  it('exits 1 for a device without a host', async () => {
    const repoConfig = { ...config, devices: { ...config.devices, overrides: {} } };
    const c = capture();
    expect(await planCommand(repoConfig, {}, deps, c.io)).toBe(1);
    expect(c.err).toMatch(/no NETCONF host for device c9300/);
  });
});
