import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const CLI = resolve('dist/src/cli.js');

describe('the CLI with a bad protected interface', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'intentd-cfg-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 78 and names the entry when a protected interface is not an interface name', () => {
    const file = join(dir, 'intentd.yaml');
    writeFileSync(file, 'devices: { protectedInterfaces: [ "Gi1/0/1", "uplink" ] }\n');
    const r = spawnSync(process.execPath, [CLI, 'plan', '-c', file], { encoding: 'utf8', env: { ...process.env, INTENTD_CONFIG: '' }, timeout: 30_000 });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('/devices/protectedInterfaces/1: "uplink" is not an interface name');
  });

  it('exits 78 naming the key when a device platform is not one intentd knows', () => {
    const file = join(dir, 'intentd.yaml');
    writeFileSync(file, 'devices: { overrides: { sw1: { platform: junos } } }\n');
    const r = spawnSync(process.execPath, [CLI, 'validate', '-c', file], { encoding: 'utf8', env: { ...process.env, INTENTD_CONFIG: '' }, timeout: 30_000 });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('/devices/overrides/sw1/platform');
  });
});
