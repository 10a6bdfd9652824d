import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';

const CLI = resolve('dist/src/cli.js');
const run = promisify(execFile);

/** Runs the built CLI; resolves with exit code and output whatever the code. */
async function intentd(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  try {
    const r = await run(process.execPath, [CLI, ...args], { env: { ...process.env, INTENTD_CONFIG: '' }, timeout: 30_000 });
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, out: err.stdout ?? '', err: err.stderr ?? '' };
  }
}

describeNetconfd('intentd show against a netconfd device (built CLI)', () => {
  let device: TestDevice;
  let dir: string;
  let configFile: string;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first with npx tsc -p tsconfig.json (npm test does)`);
    device = await startTestDevice({ target: 'running' });
    dir = mkdtempSync(join(tmpdir(), 'intentd-show-'));
    const key = join(dir, 'client.key');
    writeFileSync(key, device.privateKey, { mode: 0o600 });
    configFile = join(dir, 'intentd.yaml');
    writeFileSync(configFile, [
      'devices:',
      `  defaults: { username: ${device.username}, privateKeyFile: ${JSON.stringify(key)} }`,
      `  overrides: { c9300: { host: 127.0.0.1, port: ${device.port}, hostKey: ${JSON.stringify(device.hostKeyFingerprint)} } }`,
      '',
    ].join('\n'));
  });
  afterAll(async () => {
    await device?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('prints an access port as RESTCONF-style JSON, given its short name', async () => {
    const r = await intentd('show', '-c', configFile, '--device', 'c9300', '--interface', 'Gi1/0/2');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      'Cisco-IOS-XE-native:GigabitEthernet': [{
        name: '1/0/2',
        description: 'User port VLAN 100',
        'switchport-conf': { switchport: true },
        'switchport-config': { switchport: {
          'Cisco-IOS-XE-switch:mode': { access: {} },
          'Cisco-IOS-XE-switch:access': { vlan: { vlan: 100 } },
        } },
      }],
    });
  });

  it('prints a shut port with shutdown as [null] and a trunk with numeric VLAN ids, same output with --json', async () => {
    const shut = await intentd('show', '-c', configFile, '--device', 'c9300', '--interface', 'GigabitEthernet1/0/48', '--json');
    expect(shut.code).toBe(0);
    expect(JSON.parse(shut.out)['Cisco-IOS-XE-native:GigabitEthernet'][0]).toMatchObject({ name: '1/0/48', shutdown: [null] });
    const trunk = await intentd('show', '-c', configFile, '--device', 'c9300', '--interface', 'gi1/0/10');
    expect(JSON.parse(trunk.out)['Cisco-IOS-XE-native:GigabitEthernet'][0]).toMatchObject({
      name: '1/0/10',
      mtu: 2000,
      'switchport-config': { switchport: { 'Cisco-IOS-XE-switch:trunk': {
        allowed: { 'vlan-v2': { vlans: '300,400,500' } }, native: { vlan: { 'vlan-id': 100 } },
      } } },
    });
  });

  it('prints a logical interface with its numeric key', async () => {
    const r = await intentd('show', '-c', configFile, '--device', 'c9300', '--interface', 'Lo0');
    expect(JSON.parse(r.out)).toEqual({ 'Cisco-IOS-XE-native:Loopback': [{
      name: 0, description: 'Router ID', ip: { address: { primary: { address: '10.255.0.1', mask: '255.255.255.255' } } },
    }] });
  });

  it('exits 1 with a clear message for an interface the device does not have', async () => {
    const r = await intentd('show', '-c', configFile, '--device', 'c9300', '--interface', 'Gi1/0/49');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe('intentd show: InterfaceNotFound: GigabitEthernet1/0/49 is not in the running config of c9300\n');
  });

  it('exits 1 for a name that is not an interface', async () => {
    const r = await intentd('show', '-c', configFile, '--device', 'c9300', '--interface', 'Gi-one');
    expect(r.code).toBe(1);
    expect(r.err).toContain('not an IOS-XE interface name');
  });

  it('exits 78 for a device without a configured host', async () => {
    const r = await intentd('show', '-c', configFile, '--device', 'c9500', '--interface', 'Gi1/0/2');
    expect(r.code).toBe(78);
    expect(r.err).toContain('devices.overrides.c9500.host');
  });
});
