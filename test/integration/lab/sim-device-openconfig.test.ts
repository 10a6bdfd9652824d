import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { OpenConfigDriver } from '../../../src/adapters/platforms/openconfig/driver.js';
import { SimDevice } from '../../../src/lab/sim-device/index.js';
import type { InterfaceIntent } from '../../../src/core/types.js';
import { planOpenConfig, recording } from '../openconfig/fixture.js';

const creds = { username: 'admin', password: 'arista123' };

describe('SimDevice as an EOS-style OpenConfig switch, driven by the OpenConfig driver', () => {
  let device: SimDevice;
  let session: NetconfSession;
  const driver = new OpenConfigDriver();

  beforeAll(async () => {
    device = await SimDevice.start({ name: 'eos-lab1', platform: 'openconfig', interfaces: 8, ...creds });
    session = await NetconfSession.connect({ host: '127.0.0.1', port: device.port, ...creds, hostKey: device.hostKeyFingerprint });
  });
  afterAll(async () => {
    await session?.close();
    await device?.stop();
  });

  async function converge(...interfaces: InterfaceIntent[]) {
    const rec = recording(session);
    const observed = await driver.read(session, interfaces.map((i) => i.name));
    const plan = planOpenConfig('eos-lab1', interfaces, observed);
    const result = await driver.apply(rec.session, plan, { confirmTimeoutSec: 30, identity: { name: 'eos-lab1' } });
    const after = planOpenConfig('eos-lab1', interfaces, await driver.read(session, interfaces.map((i) => i.name)));
    return { plan, result, calls: rec.calls, after };
  }

  it('advertises the OpenConfig modules and only the running datastore', () => {
    expect(session.capabilities.modules.has('openconfig-interfaces')).toBe(true);
    expect(session.capabilities.modules.has('openconfig-vlan')).toBe(true);
    expect(session.capabilities.modules.has('Cisco-IOS-XE-native')).toBe(false);
    expect(session.capabilities.candidate).toBe(false);
  });

  it('reads the factory state: Management1 routed with its address, Ethernet ports bare', async () => {
    const state = await driver.read(session, ['Management1', 'Ethernet1', 'Ethernet99']);
    expect(state.get('Management1')).toMatchObject({ exists: true, ipv4: '10.0.0.1/24', description: 'Lab connectivity - do not touch' });
    expect(state.get('Ethernet1')).toMatchObject({ exists: true, mode: 'routed', description: null });
    expect(state.get('Ethernet99')).toMatchObject({ exists: false });
  });

  it('applies access, trunk (ranges) and routed intent, verifies, and sends nothing the second time', async () => {
    const intent: InterfaceIntent[] = [
      { name: 'Ethernet1', description: 'Desk 1', ticket: '7', mode: 'access', accessVlan: 10 },
      { name: 'Ethernet2', mode: 'trunk', allowedVlans: [10, 20, 21, 22, 23], nativeVlan: 10 },
      { name: 'Vlan10', description: 'Users', ipv4: '10.10.0.1/24' },
    ];
    const first = await converge(...intent);
    expect(first.result).toMatchObject({ verified: true, datastore: 'running', confirmed: false });
    expect(first.result.sent).toContain('<trunk-vlans>20..23</trunk-vlans>');
    expect(first.after.changes).toEqual([]);
    const again = await converge(...intent);
    expect(again.plan.changes).toEqual([]);
    expect(again.calls).toEqual([]);
  });

  it('replaces a trunk list entry by entry and turns the trunk back into an access port', async () => {
    const trunk = await converge({ name: 'Ethernet3', mode: 'trunk', allowedVlans: [100, 101, 102, 200] });
    expect(trunk.after.changes).toEqual([]);
    const narrowed = await converge({ name: 'Ethernet3', mode: 'trunk', allowedVlans: [200, 300] });
    expect(narrowed.result.sent).toContain('<trunk-vlans nc:operation="remove">100..102</trunk-vlans>');
    expect(narrowed.after.changes).toEqual([]);
    const access = await converge({ name: 'Ethernet3', mode: 'access', accessVlan: 20 });
    expect(access.after.changes).toEqual([]);
    expect((await driver.read(session, ['Ethernet3'])).get('Ethernet3')).toMatchObject({ mode: 'access', accessVlan: 20, allowedVlans: null });
  });

  it('sees an out-of-band change as drift and reverts it', async () => {
    const intent: InterfaceIntent = { name: 'Ethernet4', description: 'Printer', enabled: true };
    await converge(intent);
    await device.oobEdit('<interfaces xmlns="http://openconfig.net/yang/interfaces"><interface><name>Ethernet4</name><config><name>Ethernet4</name><description>hacked</description><enabled>false</enabled></config></interface></interfaces>');
    const drift = await converge(intent);
    expect(drift.plan.changes.map((c) => `${c.leaf}: ${String(c.before)} → ${String(c.after)}`)).toEqual(['description: hacked → Printer', 'enabled: false → true']);
    expect(drift.after.changes).toEqual([]);
  });

  it('rejects values outside the model, leaving the device as it was', async () => {
    const before = (await driver.read(session, ['Ethernet5'])).get('Ethernet5');
    const plan = { device: 'eos-lab1', refused: [], changes: [{ interface: 'Ethernet5', leaf: 'mtu' as const, op: 'set' as const, before: null, after: 99999 }] };
    await expect(driver.apply(session, plan, { confirmTimeoutSec: 30 })).rejects.toMatchObject({ reason: 'ApplyFailed', retryable: false });
    expect((await driver.read(session, ['Ethernet5'])).get('Ethernet5')).toEqual(before);
  });
});
