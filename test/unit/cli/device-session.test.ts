import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load.js';
import { sessionOptionsFor } from '../../../src/cli/device-session.js';
import { NetboxEmulator } from '../../../src/lab/netbox-emulator.js';
import { silentLogger } from '../../../src/log.js';

const nb = new NetboxEmulator();
beforeAll(async () => {
  await nb.start();
  nb.seedLab({ primaryIp4: '192.0.2.10/32' });
});
afterAll(async () => {
  await nb.stop();
});

function config(extra: string) {
  return parseConfig(`netbox: { url: "${nb.url}", token: "${nb.tokenV2}" }\n${extra}`, 'test.yaml', { env: {} });
}

describe('sessionOptionsFor (one-shot commands)', () => {
  it('takes the host from NetBox primary_ip4 when no override names one', async () => {
    const o = await sessionOptionsFor(config('devices: { defaults: { username: u, password: p } }'), 'c9300', silentLogger());
    expect(o).toMatchObject({ host: '192.0.2.10', port: 830, username: 'u', password: 'p' });
  });

  it('prefers the override and does not ask NetBox', async () => {
    const before = nb.requests.length;
    const o = await sessionOptionsFor(config('devices: { overrides: { c9300: { host: 127.0.0.1, port: 8830 } } }'), 'c9300', silentLogger());
    expect(o).toMatchObject({ host: '127.0.0.1', port: 8830 });
    expect(nb.requests.length).toBe(before);
  });

  it('names the missing host when NetBox does not know the device', async () => {
    await expect(sessionOptionsFor(config(''), 'nosuch', silentLogger())).rejects.toThrow(/no NETCONF host for device nosuch/);
  });
});
