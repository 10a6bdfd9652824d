import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectionFor, connectionWarnings, identityCheckEnabled } from '../../../../src/adapters/netconf/connection.js';
import { defaultConfig } from '../../../../src/config/defaults.js';
import type { Config, DeviceConnection } from '../../../../src/config/types.js';
import { ConfigError } from '../../../../src/core/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'intentd-connection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(defaults: Partial<DeviceConnection>, overrides: Config['devices']['overrides']): Config {
  const c = defaultConfig();
  c.devices.defaults = { ...c.devices.defaults, ...defaults };
  c.devices.overrides = overrides;
  return c;
}

describe('connectionFor', () => {
  it('merges the device override over the defaults', () => {
    const c = config({ username: 'netops', password: 'pw', hostKey: 'SHA256:default', timeoutMs: 5000 },
      { c9300: { host: '192.0.2.10', port: 2830, hostKey: 'SHA256:pinned' } });
    expect(connectionFor(c, 'c9300')).toEqual({
      host: '192.0.2.10', port: 2830, username: 'netops', password: 'pw', hostKey: 'SHA256:pinned',
      connectTimeoutMs: 5000, rpcTimeoutMs: 5000, maxReplyBytes: 67_108_864, readyProbe: 'auto',
    });
  });

  it('reads the private key file and passes known-hosts and insecure settings through', () => {
    const keyFile = join(dir, 'id');
    writeFileSync(keyFile, 'PEM');
    const c = config({ privateKeyFile: keyFile, knownHostsFile: '/etc/intentd/known_hosts', insecureSkipHostKeyCheck: true },
      { lab: { host: 'sw1.lab' } });
    const o = connectionFor(c, 'lab');
    expect(o.privateKey?.toString()).toBe('PEM');
    expect(o.knownHostsFile).toBe('/etc/intentd/known_hosts');
    expect(o.insecureSkipHostKeyCheck).toBe(true);
    expect(o).not.toHaveProperty('password');
  });

  it('uses the fallback host only when the override has none', () => {
    expect(connectionFor(config({}, {}), 'c9300', '10.0.0.11').host).toBe('10.0.0.11');
    expect(connectionFor(config({}, { c9300: { host: '10.9.9.9' } }), 'c9300', '10.0.0.11').host).toBe('10.9.9.9');
  });

  it('refuses a device without a host with a ConfigError naming the override', () => {
    expect(() => connectionFor(config({}, {}), 'c9300')).toThrow(ConfigError);
    try {
      connectionFor(config({}, { other: { host: 'x' } }), 'c9300');
    } catch (err) {
      expect((err as ConfigError).problems.join('\n')).toContain('devices.overrides.c9300.host');
    }
  });

  it('reports an unreadable key file as a ConfigError', () => {
    const c = config({ privateKeyFile: join(dir, 'missing') }, { c9300: { host: 'h' } });
    expect(() => connectionFor(c, 'c9300')).toThrow(/private key of device c9300/);
  });

  it('warns per device when the host key or the identity check is switched off, and not otherwise', () => {
    const c = config({ insecureSkipHostKeyCheck: true }, { pinned: { hostKey: 'SHA256:x' }, loose: { checkIdentity: false } });
    expect(connectionWarnings(c, 'sw1')).toEqual([expect.stringMatching(/insecureSkipHostKeyCheck/)]);
    expect(connectionWarnings(c, 'pinned')).toEqual([]);
    expect(connectionWarnings(c, 'loose')).toEqual([expect.stringMatching(/insecureSkipHostKeyCheck/), expect.stringMatching(/checkIdentity is off/)]);
    expect([identityCheckEnabled(c, 'sw1'), identityCheckEnabled(c, 'loose')]).toEqual([true, false]);
  });
});
