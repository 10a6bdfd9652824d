import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runValidate } from '../../../src/cli/validate.js';
import { git, openStore, tempDir, trunk } from './helpers.js';

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

function capture(): { out: string[]; err: string[]; io: { out: (l: string) => void; err: (l: string) => void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l) => out.push(l), err: (l) => err.push(l) } };
}

async function fixture(): Promise<{ dir: string; repo: string; config: string }> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const repo = join(t.dir, 'intent');
  const store = await openStore(repo);
  await store.write(trunk('sw1', 'fine'), { subject: 'seed', device: 'sw1', source: 'cli' }, null);
  const config = join(t.dir, 'intentd.yaml');
  writeFileSync(config, `intent:\n  repo: ${JSON.stringify(repo)}\n`);
  return { dir: t.dir, repo, config };
}

describe('intentd validate', () => {
  it('prints ok for the config and every intent file at HEAD and exits 0', async () => {
    const { repo, config } = await fixture();
    const c = capture();
    expect(await runValidate({ config }, [], c.io)).toBe(0);
    expect(c.out).toEqual([`ok ${config}`, `ok ${join(repo, 'devices/sw1.yaml')}`]);
    expect(c.err).toEqual([]);
  });

  it('validates policy.yaml at HEAD against its schema: a bad one exits 1 with path and reason', async () => {
    const { repo, config } = await fixture();
    writeFileSync(join(repo, 'policy.yaml'), 'suspended:\n  fleet: { reason: freeze, by: bob, at: "2026-01-01T00:00:00Z" }\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'freeze');
    const good = capture();
    expect(await runValidate({ config }, [], good.io)).toBe(0);
    expect(good.out).toContain(`ok ${join(repo, 'policy.yaml')}`);
    writeFileSync(join(repo, 'policy.yaml'), 'suspended:\n  fleet: { reason: freeze }\n');
    git(repo, 'commit', '-q', '-am', 'broken');
    const bad = capture();
    expect(await runValidate({ config }, [], bad.io)).toBe(1);
    expect(bad.err).toEqual([`${join(repo, 'policy.yaml')}: /suspended/fleet: must have required property 'by'`, `${join(repo, 'policy.yaml')}: /suspended/fleet: must have required property 'at'`]);
  });

  it('checks the change policy of policy.yaml: a bad cron expression or time zone exits 1 with its path', async () => {
    const { repo, config } = await fixture();
    writeFileSync(join(repo, 'policy.yaml'), 'rules:\n  - devices: "sw*"\n    windows: [{ allow: true, cron: "0 22 * * *", duration: 2h, timezone: Europe/Zurich }]\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'windows');
    const good = capture();
    expect(await runValidate({ config }, [], good.io)).toBe(0);
    writeFileSync(join(repo, 'policy.yaml'), 'rules:\n  - windows: [{ allow: true, cron: "0 24 * * *", duration: 2h, timezone: Europe/Zurch }]\n');
    git(repo, 'commit', '-q', '-am', 'typo');
    const bad = capture();
    expect(await runValidate({ config }, [], bad.io)).toBe(1);
    expect(bad.err).toEqual([
      `${join(repo, 'policy.yaml')}: /rules/0/windows/0.timezone: 'Europe/Zurch' is not an IANA time zone`,
      expect.stringMatching(/policy\.yaml: \/rules\/0\/windows\/0\.cron: '0 24 \* \* \*': .*24/),
    ]);
  });

  it('exits 1 and names file, field and reason for a bad committed file', async () => {
    const { repo, config } = await fixture();
    writeFileSync(join(repo, 'devices', 'sw2.yaml'), 'device: sw2\ninterfaces:\n  Vlan10: { mode: trunk }\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'bad');
    const c = capture();
    expect(await runValidate({ config }, [], c.io)).toBe(1);
    expect(c.err).toEqual([`${join(repo, 'devices/sw2.yaml')}: interfaces.Vlan10.mode: Vlan interfaces cannot be in trunk mode on iosxe (use routed)`]);
    expect(c.out).toContain(`ok ${join(repo, 'devices/sw1.yaml')}`);
  });

  it('validates files given on the command line, checking a devices/ file against its name', async () => {
    const { dir, config } = await fixture();
    mkdirSync(join(dir, 'devices'));
    const good = join(dir, 'devices', 'sw9.yaml');
    const misnamed = join(dir, 'devices', 'sw8.yaml');
    const bad = join(dir, 'loose.yaml');
    writeFileSync(good, 'device: sw9\ninterfaces: {}\n');
    writeFileSync(misnamed, 'device: sw9\ninterfaces: {}\n');
    writeFileSync(bad, 'device: x\ninterfaces:\n  Gi1/0/1: {}\n');
    const c = capture();
    expect(await runValidate({ config }, [good, misnamed, bad, join(dir, 'missing.yaml')], c.io)).toBe(1);
    expect(c.out).toEqual([`ok ${config}`, `ok ${good}`]);
    expect(c.err).toEqual([
      `${misnamed}: device: 'sw9' does not match the file name (expected 'sw8')`,
      `${bad}: interfaces.Gi1/0/1: not the canonical iosxe name (write GigabitEthernet1/0/1)`,
      expect.stringMatching(/missing\.yaml: \(root\): cannot read: ENOENT/),
    ]);
  });

  it('walks a directory given on the command line, listing each invalid file, and exits 1', async () => {
    const { repo, config } = await fixture();
    writeFileSync(join(repo, 'devices', 'sw2.yaml'), 'device: sw2\ninterfaces:\n  Vlan10: { mode: trunk }\n');
    writeFileSync(join(repo, 'devices', 'sw3.yaml'), 'device: sw4\ninterfaces: {}\n');
    writeFileSync(join(repo, 'devices', 'notes.txt'), 'not intent');
    const c = capture();
    expect(await runValidate({ config }, [repo], c.io)).toBe(1);
    expect(c.out).toEqual([`ok ${config}`, `ok ${join(repo, 'devices/sw1.yaml')}`]);
    expect(c.err).toEqual([
      `${join(repo, 'devices/sw2.yaml')}: interfaces.Vlan10.mode: Vlan interfaces cannot be in trunk mode on iosxe (use routed)`,
      `${join(repo, 'devices/sw3.yaml')}: device: 'sw4' does not match the file name (expected 'sw3')`,
    ]);
  });

  it('exits 0 for a directory of valid intent files', async () => {
    const { repo, config } = await fixture();
    const c = capture();
    expect(await runValidate({ config }, [join(repo, 'devices')], c.io)).toBe(0);
    expect(c.out).toEqual([`ok ${config}`, `ok ${join(repo, 'devices/sw1.yaml')}`]);
    expect(c.err).toEqual([]);
  });

  it('fails for --repo that is not a git repository', async () => {
    const { dir, config } = await fixture();
    const c = capture();
    expect(await runValidate({ config, repo: dir }, [], c.io)).toBe(1);
    expect(c.err[0]).toContain('is not a git repository');
  });

  it('accepts the demo intent shipped in intent/devices', async () => {
    const { config } = await fixture();
    const c = capture();
    const file = new URL('../../../intent/devices/c9300.yaml', import.meta.url).pathname;
    expect(await runValidate({ config }, [file], c.io)).toBe(0);
  });
});
