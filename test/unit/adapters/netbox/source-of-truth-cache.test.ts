import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NetboxClient } from '../../../../src/adapters/netbox/client.js';
import { NetboxSourceOfTruth } from '../../../../src/adapters/netbox/source-of-truth.js';
import { defaultConfig } from '../../../../src/config/defaults.js';
import type { Config } from '../../../../src/config/types.js';
import { DeviceNotInScopeError } from '../../../../src/core/errors.js';
import { silentLogger } from '../../../../src/log.js';
import { NetboxEmulator } from '../../../../src/lab/netbox-emulator.js';
import { rulesOnly } from '../../../harness/platforms.js';

/** The NetBox resources asked for since `mark`, by path (e.g. `/api/dcim/devices/`). */
const pathsSince = (nb: NetboxEmulator, mark: number): string[] => nb.requests.slice(mark).map((r) => r.path).sort();
const ONE_READ = ['/api/dcim/interfaces/', '/api/ipam/ip-addresses/'];

describe('NetboxSourceOfTruth: one round trip per device read', () => {
  let nb: NetboxEmulator;
  let config: Config;
  let clock: number;
  let source: NetboxSourceOfTruth;

  beforeEach(async () => {
    nb = new NetboxEmulator();
    nb.seedLab();
    await nb.start();
    config = defaultConfig();
    config.netbox = { ...config.netbox, url: nb.url, token: nb.tokenV2, deviceCacheMs: 60_000 };
    clock = 1_000_000;
    const client = NetboxClient.fromConfig(config.netbox, silentLogger());
    source = new NetboxSourceOfTruth({ client, config, logger: silentLogger(), platforms: rulesOnly(config), now: () => clock });
  });
  afterEach(async () => {
    await nb.stop();
  });

  it('reads the device record once, then only its interfaces and addresses', async () => {
    await source.readDevice('c9300');
    const mark = nb.requests.length;
    const again = await source.readDevice('c9300');
    expect(pathsSince(nb, mark)).toEqual(ONE_READ);
    expect(again.interfaces.length).toBeGreaterThan(0);
  });

  it('a scope listing (the poll) provides the records, so the first read needs no device request', async () => {
    await source.listDevices();
    const mark = nb.requests.length;
    await source.readDevice('c9300');
    expect(pathsSince(nb, mark)).toEqual(ONE_READ);
  });

  it('asks for the record again after forget (a device webhook) and once it is older than netbox.deviceCacheMs', async () => {
    await source.readDevice('c9300');
    source.forget('c9300');
    let mark = nb.requests.length;
    await source.readDevice('c9300');
    expect(pathsSince(nb, mark)).toEqual(['/api/dcim/devices/', ...ONE_READ]);
    clock += 60_000;
    mark = nb.requests.length;
    await source.readDevice('c9300');
    expect(pathsSince(nb, mark)).toEqual(['/api/dcim/devices/', ...ONE_READ]);
  });

  it('a device that left the scope is out of scope at the first read after the listing that no longer has it', async () => {
    await source.readDevice('c9300');
    const device = nb.data.db.devices.find((d) => d.name === 'c9300');
    if (!device) throw new Error('lab has no c9300');
    device.tags = [];
    expect(await source.listDevices()).not.toContain('c9300');
    await expect(source.readDevice('c9300')).rejects.toBeInstanceOf(DeviceNotInScopeError);
  });
});
