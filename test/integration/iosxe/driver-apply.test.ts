import { afterAll, beforeAll, expect, it } from 'vitest';
import { ApplyFailedError } from '../../../src/adapters/platforms/errors.js';
import { IosXeDriver } from '../../../src/adapters/platforms/iosxe/driver.js';
import { buildEdit } from '../../../src/adapters/platforms/iosxe/codec.js';
import { planDevice } from '../../../src/core/planner.js';
import type { InterfaceIntent } from '../../../src/core/types.js';
import { describeNetconfd } from '../../harness/netconfd.js';
import { openDriverFixture, recording, type DriverFixture } from './device-fixture.js';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const OPTS = { confirmTimeoutSec: 30, saveConfig: true };
const PROTECTED = ['GigabitEthernet1/0/1'];

for (const target of ['running', 'candidate'] as const) {
  describeNetconfd(`IosXeDriver against netconfd (${target} datastore)`, () => {
    let fx: DriverFixture;
    const driver = new IosXeDriver();

    beforeAll(async () => {
      fx = await openDriverFixture(target);
    });
    afterAll(async () => {
      await fx?.close();
    });

    async function planFor(...interfaces: InterfaceIntent[]) {
      const observed = await driver.read(fx.session, interfaces.map((i) => i.name));
      return planDevice({ device: 'c9300', interfaces }, observed, { protectedInterfaces: PROTECTED, rules: IOSXE_RULES });
    }

    /** Plans, applies and re-plans; returns what was sent and the plan after. */
    async function converge(...interfaces: InterfaceIntent[]) {
      const rec = recording(fx.session);
      const plan = await planFor(...interfaces);
      const result = await driver.apply(rec.session, plan, OPTS);
      return { plan, result, calls: rec.calls, after: await planFor(...interfaces) };
    }

    it('sends an edit with only the description for a description-only change', async () => {
      const { plan, result, after } = await converge({ name: 'GigabitEthernet1/0/2', description: 'Desk 12', ticket: '1234', mode: 'access', accessVlan: 100 });
      expect(plan.changes.map((c) => c.leaf)).toEqual(['description']);
      expect(result.sent).toBe(buildEdit(plan));
      expect(result.sent).toContain('<description>Desk 12 ##ticket:1234##</description>');
      expect(result.sent).not.toMatch(/mtu|shutdown|switchport|<ip>/);
      expect(result).toMatchObject({ verified: true, datastore: target, confirmed: target === 'candidate', saved: true });
      expect(after.changes).toEqual([]);
    });

    it('turns an access port into a trunk, removing its access VLAN', async () => {
      const intent: InterfaceIntent = { name: 'GigabitEthernet1/0/3', mode: 'trunk', allowedVlans: [300, 400, 500], nativeVlan: 100 };
      const { plan, after } = await converge(intent);
      expect(plan.changes.map((c) => `${c.op} ${c.leaf}`)).toEqual(['set mode', 'remove accessVlan', 'set nativeVlan', 'set allowedVlans']);
      expect(after.changes).toEqual([]);
      const state = (await driver.read(fx.session, [intent.name])).get(intent.name);
      expect(state).toMatchObject({ mode: 'trunk', accessVlan: null, nativeVlan: 100, allowedVlans: [300, 400, 500] });
    });

    it('turns a trunk into a routed port with an address, and back to access', async () => {
      const name = 'GigabitEthernet1/0/10';
      const routed = await converge({ name, mode: 'routed', ipv4: '10.9.9.1/24', mtu: null });
      expect(routed.after.changes).toEqual([]);
      expect((await driver.read(fx.session, [name])).get(name)).toMatchObject({ mode: 'routed', ipv4: '10.9.9.1/24', nativeVlan: null, allowedVlans: null, mtu: null });
      const access = await converge({ name, mode: 'access', accessVlan: 200 });
      expect(access.after.changes).toEqual([]);
      expect((await driver.read(fx.session, [name])).get(name)).toMatchObject({ mode: 'access', accessVlan: 200, ipv4: null });
    });

    it('sends no edit-config at all on a second apply', async () => {
      const intent: InterfaceIntent = { name: 'GigabitEthernet1/0/6', description: 'Printer', enabled: false, mtu: 9000 };
      await converge(intent);
      const again = await converge(intent);
      expect(again.plan.changes).toEqual([]);
      expect(again.result.sent).toBe('');
      expect(again.calls).not.toContain('edit-config');
      expect(again.calls).not.toContain(`lock ${target}`);
    });

    it('shows an out-of-band change in the plan and reverts it on apply', async () => {
      const intent: InterfaceIntent = { name: 'GigabitEthernet1/0/4', description: 'User port VLAN 200', mtu: null, enabled: true };
      expect((await planFor(intent)).changes).toEqual([]);
      const other = await fx.second();
      const oob = `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/4</name><description>hacked</description><mtu>1400</mtu><shutdown/></GigabitEthernet></interface></native>`;
      await other.editConfig({ target, config: oob });
      if (target === 'candidate') await other.commit();
      const drift = await planFor(intent);
      expect(drift.changes.map((c) => `${c.leaf}: ${String(c.before)} → ${String(c.after)}`)).toEqual([
        'description: hacked → User port VLAN 200', 'enabled: false → true', 'mtu: 1400 → null',
      ]);
      const { after } = await converge(intent);
      expect(after.changes).toEqual([]);
    });

    it('round-trips a description with XML metacharacters exactly', async () => {
      const text = `a<b & "c" 'd' ]]>]]> e`;
      const { after } = await converge({ name: 'GigabitEthernet1/0/7', description: text, ticket: '77' });
      expect(after.changes).toEqual([]);
      const state = (await driver.read(fx.session, ['GigabitEthernet1/0/7'])).get('GigabitEthernet1/0/7');
      expect(state?.description).toBe(`${text} ##ticket:77##`);
    });

    it('leaves the device as it was and unlocked when the device rejects the edit', async () => {
      const name = 'GigabitEthernet1/0/5';
      const before = (await driver.read(fx.session, [name])).get(name);
      // mtu 20000 is outside the model's 64..18000; intent validation would refuse it, the device must too.
      const plan = await planFor({ name, description: 'should not stick', mtu: 20000 });
      const err = await driver.apply(fx.session, plan, OPTS).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApplyFailedError);
      expect(err).toMatchObject({ reason: 'ApplyFailed', retryable: false, deviceReason: 'DeviceRejected' });
      expect((await driver.read(fx.session, [name])).get(name)).toEqual(before);
      const other = await fx.second();
      await other.lock(target);
      await other.unlock(target);
    });

    it('never puts a protected interface into an edit, even when intent asks', async () => {
      const plan = await planFor(
        { name: 'GigabitEthernet1/0/1', description: 'hijack', enabled: false },
        { name: 'GigabitEthernet1/0/8', description: 'Camera' },
      );
      expect(plan.refused).toEqual([{ interface: 'GigabitEthernet1/0/1', reason: 'protected management interface', leaves: ['description', 'enabled'] }]);
      const result = await driver.apply(fx.session, plan, OPTS);
      expect(result.sent).not.toContain('<name>1/0/1</name>');
      expect((await driver.read(fx.session, ['GigabitEthernet1/0/1'])).get('GigabitEthernet1/0/1')).toMatchObject({
        description: 'MGMT uplink - do not touch', enabled: true,
      });
    });
  });
}
