import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetconfRpcError } from '../../../src/adapters/netconf/errors.js';
import { saveConfigBody } from '../../../src/adapters/netconf/rpc.js';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { SimDevice } from '../../../src/lab/sim-device/index.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';

describe('SimDevice with the intentd NETCONF client', () => {
  let device: SimDevice;
  let session: NetconfSession;

  beforeAll(async () => {
    device = await SimDevice.start({ name: 'c9300', username: 'admin', password: 'pw', interfaces: 24 });
    session = await NetconfSession.connect({
      host: '127.0.0.1',
      port: device.port,
      username: 'admin',
      password: 'pw',
      hostKey: device.hostKeyFingerprint,
    });
  });
  afterAll(async () => {
    await session.close();
    await device.stop();
  });

  it('connects with the pinned host key, edits, reads back and saves', async () => {
    expect(session.capabilities.base11).toBe(true);
    expect(session.capabilities.writableRunning).toBe(true);
    expect(session.capabilities.rollbackOnError).toBe(true);
    expect(session.capabilities.candidate).toBe(false);
    await session.lock('running');
    await session.editConfig({
      target: 'running',
      errorOption: 'rollback-on-error',
      config: `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name><description>uplink &lt;a&gt;</description></GigabitEthernet></interface></native>`,
    });
    await session.unlock('running');
    const data = await session.getConfig({
      source: 'running',
      filter: `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name></GigabitEthernet></interface></native>`,
    });
    expect(data).toContain('<description>uplink &lt;a&gt;</description>');
    const saved = await session.call(saveConfigBody());
    expect(saved.failed).toBe(false);
    expect(saved.xml).toContain('Save running-config successful');
  });

  it('surfaces an out-of-range mtu as a NetconfRpcError the device rejected', async () => {
    const err = await session
      .editConfig({
        target: 'running',
        config: `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/3</name><mtu>63</mtu></GigabitEthernet></interface></native>`,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetconfRpcError);
    expect((err as NetconfRpcError).reason).toBe('DeviceRejected');
    expect((err as NetconfRpcError).errors[0]?.tag).toBe('invalid-value');
    expect((err as NetconfRpcError).errors[0]?.path).toContain("ios:GigabitEthernet[ios:name='1/0/3']/ios:mtu");
  });
});
