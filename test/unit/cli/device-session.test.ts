import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { sessionOptionsFor } from '../../../src/cli/device-session.js';
import { silentLogger } from '../../../src/log.js';

const dir = mkdtempSync(join(tmpdir(), 'intentd-devsess-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function config(devices: string) {
  return parseConfig(`devices:\n${devices}`, 'test.yaml', { env: {} });
}

describe('sessionOptionsFor', () => {
  it('layers the device override over the defaults and reads the key file', () => {
    const key = join(dir, 'id');
    writeFileSync(key, 'PEM');
    const c = config(
      `  defaults: { username: netops, privateKeyFile: ${JSON.stringify(key)}, timeoutMs: 5000 }\n` +
        `  overrides: { sw1: { host: 10.0.0.1, port: 2830, hostKey: "SHA256:abc" } }\n`,
    );
    const o = sessionOptionsFor(c, 'sw1', silentLogger());
    expect(o).toMatchObject({ host: '10.0.0.1', port: 2830, username: 'netops', hostKey: 'SHA256:abc', connectTimeoutMs: 5000, rpcTimeoutMs: 5000 });
    expect(o.privateKey?.toString()).toBe('PEM');
    expect(o.insecureSkipHostKeyCheck).toBeUndefined();
  });

  it('refuses a device without a host as a configuration error', () => {
    expect(() => sessionOptionsFor(config('  overrides: {}\n'), 'sw2', silentLogger())).toThrow(/no host for device sw2/);
  });

  it('reports an unreadable key file as a configuration error', () => {
    const c = config(`  overrides: { sw3: { host: h, privateKeyFile: ${JSON.stringify(join(dir, 'missing'))} } }\n`);
    expect(() => sessionOptionsFor(c, 'sw3', silentLogger())).toThrow(/cannot read private key/);
  });
});
