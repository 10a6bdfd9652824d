import { afterAll, beforeAll, expect, it } from 'vitest';
import { measureFloor, measureSeedStyle, type FloorSplit } from '../../../bench/change-latency.js';
import { measureSeedNcclient } from '../../../bench/seed-ncclient.js';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { interfaceLeaf, nativeInterface } from '../../harness/iosxe-xml.js';

describeNetconfd('change-latency baselines on a netconfd device', () => {
  let device: TestDevice;
  beforeAll(async () => {
    device = await startTestDevice({ target: 'running' });
  });
  afterAll(async () => {
    await device?.stop();
  });

  async function description(): Promise<string | undefined> {
    const s = await NetconfSession.connect({ host: device.host, port: device.port, username: device.username, privateKey: device.privateKey, hostKey: device.hostKeyFingerprint });
    try {
      const data = await s.getConfig({ source: 'running', filter: nativeInterface('GigabitEthernet', '1/0/5') });
      return await interfaceLeaf(data, 'GigabitEthernet', '1/0/5', ['description']);
    } finally {
      await s.close();
    }
  }

  it('times floor changes that really change the description, and splits NETCONF from git', async () => {
    const split: FloorSplit = { netconf: [], git: [] };
    const samples = await measureFloor(device, 3, split);
    expect(samples).toHaveLength(3);
    expect(split.netconf).toHaveLength(3);
    expect(split.git).toHaveLength(3);
    for (const [i, t] of samples.entries()) expect(t).toBeGreaterThanOrEqual((split.netconf[i] ?? 0) + (split.git[i] ?? 0) - 1);
    expect(await description()).toBe('floor change 2 ##ticket:10002##');
  });

  it('times seed-style changes that the device accepts end to end', async () => {
    const samples = await measureSeedStyle(device, 2);
    expect(samples).toHaveLength(2);
    expect(samples.every((t) => t > 0)).toBe(true);
    expect(await description()).toBe('seed change 1 ##ticket:20001##');
  });

  it('times the lab flow with the real ncclient client (python3-ncclient from .ci/deps)', async () => {
    const samples = await measureSeedNcclient(device, 2, { type: 'GigabitEthernet', id: '1/0/5', warmup: 0 });
    expect(samples).toHaveLength(2);
    // ncclient's 0.1 s poll tick per RPC: the lab's flow cannot be faster than a few hundred ms.
    expect(samples.every((t) => t > 100)).toBe(true);
    expect(await description()).toMatch(/^seed-ncclient change 1 ##ticket:\d+##$/);
  });
});
