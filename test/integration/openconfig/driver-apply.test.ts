import { afterAll, beforeAll, expect, it } from 'vitest';
import { OpenConfigDriver } from '../../../src/adapters/platforms/openconfig/driver.js';
import { buildEdit } from '../../../src/adapters/platforms/openconfig/codec.js';
import type { InterfaceIntent } from '../../../src/core/types.js';
import { describeNetconfd } from '../../harness/netconfd.js';
import { openOpenConfigFixture, planOpenConfig, recording, type OpenConfigFixture } from './fixture.js';

const OC_IF = 'http://openconfig.net/yang/interfaces';
const OC_LAG = 'http://openconfig.net/yang/interfaces/aggregate';
const OC_VLAN = 'http://openconfig.net/yang/vlan';
const OPTS = { confirmTimeoutSec: 30 };
const range = (lo: number, hi: number, step = 1): number[] => Array.from({ length: Math.floor((hi - lo) / step) + 1 }, (_, i) => lo + i * step);

for (const target of ['running', 'candidate'] as const) {
  describeNetconfd(`OpenConfigDriver against netconfd (${target} datastore)`, () => {
    let fx: OpenConfigFixture;
    const driver = new OpenConfigDriver();

    beforeAll(async () => {
      fx = await openOpenConfigFixture(target);
    });
    afterAll(async () => {
      await fx?.close();
    });

    async function planFor(...interfaces: InterfaceIntent[]) {
      return planOpenConfig('eos1', interfaces, await driver.read(fx.session, interfaces.map((i) => i.name)));
    }

    async function converge(...interfaces: InterfaceIntent[]) {
      const rec = recording(fx.session);
      const plan = await planFor(...interfaces);
      const result = await driver.apply(rec.session, plan, OPTS);
      return { plan, result, calls: rec.calls, after: await planFor(...interfaces) };
    }

    const state = async (name: string) => (await driver.read(fx.session, [name])).get(name);

    it('sets an access VLAN and a ticketed description on a bare port', async () => {
      const { plan, result, after } = await converge({ name: 'Ethernet9', description: 'Desk 9', ticket: 'CHG-9', mode: 'access', accessVlan: 30, enabled: true });
      expect(plan.changes.map((c) => `${c.op} ${c.leaf}`)).toEqual(['set description', 'set mode', 'set accessVlan']);
      expect(result).toMatchObject({ verified: true, datastore: target, confirmed: target === 'candidate', saved: false });
      expect(result.sent).toContain('<description>Desk 9 ##ticket:CHG-9##</description>');
      expect(result.sent).toContain('<interface-mode>ACCESS</interface-mode>');
      expect(after.changes).toEqual([]);
      expect(await state('Ethernet9')).toMatchObject({ mode: 'access', accessVlan: 30, description: 'Desk 9 ##ticket:CHG-9##' });
    });

    it('makes a trunk with a short allowed list and a native VLAN', async () => {
      const { after } = await converge({ name: 'Ethernet10', mode: 'trunk', allowedVlans: [10, 20, 40], nativeVlan: 20 });
      expect(after.changes).toEqual([]);
      expect(await state('Ethernet10')).toMatchObject({ mode: 'trunk', allowedVlans: [10, 20, 40], nativeVlan: 20 });
    });

    it('writes a 300-VLAN allowed list, then replaces it entry by entry', async () => {
      const spread = range(2, 600, 2);
      const first = await converge({ name: 'Ethernet11', mode: 'trunk', allowedVlans: spread });
      expect(first.after.changes).toEqual([]);
      expect((await state('Ethernet11'))?.allowedVlans).toEqual(spread);
      const dense = range(100, 399);
      const second = await converge({ name: 'Ethernet11', mode: 'trunk', allowedVlans: dense });
      expect(second.result.sent).toContain('<trunk-vlans>100..399</trunk-vlans>');
      expect(second.after.changes).toEqual([]);
      expect((await state('Ethernet11'))?.allowedVlans).toEqual(dense);
    });

    it('allows all VLANs as the 1..4094 range and reads it back as all', async () => {
      const { result, after } = await converge({ name: 'Ethernet12', mode: 'trunk', allowedVlans: 'all' });
      expect(result.sent).toContain('<trunk-vlans>1..4094</trunk-vlans>');
      expect(after.changes).toEqual([]);
      expect((await state('Ethernet12'))?.allowedVlans).toBe('all');
    });

    it('reads a LAG trunk from aggregation/switched-vlan, also when all VLANs are split over ranges, without churn', async () => {
      const intent: InterfaceIntent = { name: 'Port-Channel10', description: 'MLAG peer', mode: 'trunk', allowedVlans: 'all', nativeVlan: null };
      expect((await planFor(intent)).changes).toEqual([]);
      const other = await fx.second();
      const split = `<interfaces xmlns="${OC_IF}" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><interface><name>Port-Channel10</name>` +
        `<aggregation xmlns="${OC_LAG}"><switched-vlan xmlns="${OC_VLAN}"><config><trunk-vlans nc:operation="remove">1..4094</trunk-vlans>` +
        '<trunk-vlans>1..100</trunk-vlans><trunk-vlans>50..4000</trunk-vlans><trunk-vlans>4001..4094</trunk-vlans></config></switched-vlan></aggregation></interface></interfaces>';
      await other.editConfig({ target, config: split });
      if (target === 'candidate') await other.commit();
      expect((await state('Port-Channel10'))?.allowedVlans).toBe('all');
      expect((await planFor(intent)).changes).toEqual([]);
      const narrowed = await converge({ ...intent, allowedVlans: [10, 20] });
      expect(narrowed.after.changes).toEqual([]);
      expect((await state('Port-Channel10'))?.allowedVlans).toEqual([10, 20]);
    });

    it('changes only the native VLAN of a trunk', async () => {
      const { plan, result, after } = await converge({ name: 'Ethernet5', mode: 'trunk', nativeVlan: 20, allowedVlans: [10, 20, 30, 31, 32] });
      expect(plan.changes.map((c) => c.leaf)).toEqual(['nativeVlan']);
      expect(result.sent).toContain('<native-vlan>20</native-vlan>');
      expect(result.sent).not.toContain('trunk-vlans');
      expect(after.changes).toEqual([]);
    });

    it('moves a routed address and creates a Vlan and a Loopback interface with their iana types', async () => {
      const { result, after } = await converge(
        { name: 'Ethernet6', mode: 'routed', ipv4: '10.2.0.1/30' },
        { name: 'Vlan20', description: 'Printers', ipv4: '10.20.0.1/24' },
        { name: 'Loopback1', ipv4: '10.255.1.1/32' },
      );
      expect(result.sent).toContain('<address nc:operation="remove"><ip>10.1.0.1</ip></address>');
      expect(result.sent).toContain('ianaift:l3ipvlan');
      expect(result.sent).toContain('ianaift:softwareLoopback');
      expect(after.changes).toEqual([]);
      expect(await state('Ethernet6')).toMatchObject({ ipv4: '10.2.0.1/30', description: 'Routed uplink' });
      expect(await state('Vlan20')).toMatchObject({ exists: true, ipv4: '10.20.0.1/24', description: 'Printers' });
    });

    it('turns a trunk into an access port, removing its native VLAN and trunk VLANs', async () => {
      const { plan, after } = await converge({ name: 'Ethernet4', mode: 'trunk', allowedVlans: [20, 21, 22, 23], nativeVlan: 20 });
      expect(plan.changes.map((c) => `${c.op} ${c.leaf}`)).toEqual(['set mode', 'remove accessVlan', 'set nativeVlan', 'set allowedVlans']);
      expect(after.changes).toEqual([]);
      const back = await converge({ name: 'Ethernet4', mode: 'access', accessVlan: 10 });
      expect(back.plan.changes.map((c) => `${c.op} ${c.leaf}`)).toEqual(['set mode', 'set accessVlan', 'remove nativeVlan', 'remove allowedVlans']);
      expect(back.after.changes).toEqual([]);
      expect(await state('Ethernet4')).toMatchObject({ mode: 'access', accessVlan: 10, nativeVlan: null, allowedVlans: null });
    });

    it('turns an access port into a routed port with an address, removing the access VLAN', async () => {
      const { after } = await converge({ name: 'Ethernet3', mode: 'routed', ipv4: '10.3.0.1/31' });
      expect(after.changes).toEqual([]);
      expect(await state('Ethernet3')).toMatchObject({ mode: 'routed', accessVlan: null, ipv4: '10.3.0.1/31' });
    });

    it('sends nothing at all on a second reconcile', async () => {
      const intent: InterfaceIntent = { name: 'Ethernet2', description: 'Camera', ticket: '42', enabled: false, mtu: 9000, mode: 'access', accessVlan: 20 };
      const first = await converge(intent);
      expect(first.plan.changes.length).toBeGreaterThan(0);
      const again = await converge(intent);
      expect(again.plan.changes).toEqual([]);
      expect(again.result.sent).toBe('');
      expect(again.calls).toEqual([]);
    });

    it('never puts Management1 into an edit, even when intent asks', async () => {
      const plan = await planFor({ name: 'Management1', description: 'hijack', enabled: false }, { name: 'Ethernet7', description: 'Spare' });
      expect(plan.refused).toEqual([{ interface: 'Management1', reason: 'protected management interface', leaves: ['description', 'enabled'] }]);
      const result = await driver.apply(fx.session, plan, OPTS);
      expect(result.sent).not.toContain('Management1');
      expect(await state('Management1')).toMatchObject({ description: 'oob management', enabled: true, ipv4: '10.0.0.21/24' });
    });

    it('refuses an empty allowed-VLAN list before the device sees anything', async () => {
      const rec = recording(fx.session);
      const plan = await planFor({ name: 'Ethernet10', mode: 'trunk', allowedVlans: [] });
      expect(() => buildEdit(plan)).toThrow(/cannot express an empty allowed-VLAN list/);
      const err = await driver.apply(rec.session, plan, OPTS).catch((e: unknown) => e);
      expect(err).toMatchObject({ reason: 'ValidationFailed', retryable: false });
      expect(rec.calls).toEqual([]);
    });

    it('leaves the device as it was and unlocked when the device rejects the edit', async () => {
      const before = await state('Ethernet8');
      const plan = await planFor({ name: 'Ethernet8', description: 'should not stick', accessVlan: 10, mode: 'access' });
      const bad = { ...plan, changes: plan.changes.map((c) => (c.leaf === 'accessVlan' ? { ...c, after: 5000 } : c)) };
      const err = await driver.apply(fx.session, bad, OPTS).catch((e: unknown) => e);
      expect(err).toMatchObject({ reason: 'ApplyFailed', retryable: false, deviceReason: 'DeviceRejected' });
      expect(await state('Ethernet8')).toEqual(before);
      const other = await fx.second();
      await other.lock(target);
      await other.unlock(target);
    });
  });
}
