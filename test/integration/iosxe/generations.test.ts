import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IosXeDriver } from '../../../src/adapters/platforms/iosxe/driver.js';
import { interfacesFilter } from '../../../src/adapters/platforms/iosxe/codec.js';
import { allowedVlanShape } from '../../../src/adapters/platforms/iosxe/codec-vlans.js';
import { intentProblems } from '../../../src/core/intent-checks.js';
import { planDevice } from '../../../src/core/planner.js';
import type { InterfaceIntent } from '../../../src/core/types.js';
import { describeNetconfd } from '../../harness/netconfd.js';
import { openDriverFixture, recording, type DriverFixture } from './device-fixture.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const SW = 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch';
const IA = 'http://cisco.com/yang/cisco-ia';
const OPTS = { confirmTimeoutSec: 30, saveConfig: false };
const VLANS_300 = Array.from({ length: 300 }, (_, i) => 2 * i + 2);

const GENERATIONS = [
  { generation: '17.9', revision: '2022-07-01', shape: 'legacy' },
  { generation: '17.15', revision: '2023-11-01', shape: 'vlan-v2' },
] as const;

for (const { generation, revision, shape } of GENERATIONS) {
  describeNetconfd(`IOS-XE ${generation} payloads against netconfd (Cisco-IOS-XE-switch ${revision})`, () => {
    let fx: DriverFixture;
    const driver = new IosXeDriver();

    beforeAll(async () => {
      fx = await openDriverFixture('running', generation);
    });
    afterAll(async () => {
      await fx?.close();
    });

    async function planFor(...interfaces: InterfaceIntent[]) {
      const observed = await driver.read(fx.session, interfaces.map((i) => i.name));
      return planDevice({ device: 'c9300', interfaces }, observed, { protectedInterfaces: ['GigabitEthernet1/0/1'], rules: IOSXE_RULES });
    }

    /** Plans and applies; then a second reconcile, whose calls must hold no write. */
    async function converge(o: { revertTimerMin?: number }, ...interfaces: InterfaceIntent[]) {
      const rec = recording(fx.session);
      const plan = await planFor(...interfaces);
      const result = await driver.apply(rec.session, plan, { ...OPTS, ...o });
      const again = recording(fx.session);
      const second = await driver.apply(again.session, await planFor(...interfaces), OPTS);
      return { plan, result, calls: rec.calls, secondCalls: again.calls, secondSent: second.sent };
    }

    const raw = async (name: string): Promise<string> => fx.session.getConfig({ source: 'running', filter: interfacesFilter([name]) });
    const state = async (name: string) => (await driver.read(fx.session, [name])).get(name);

    it(`is told the Cisco-IOS-XE-switch revision in the hello and writes the ${shape} shape`, () => {
      expect(fx.session.capabilities.modules.get('Cisco-IOS-XE-switch')?.revision).toBe(revision);
      expect(allowedVlanShape(fx.session.capabilities)).toBe(shape);
    });

    it('takes a description of exactly 200 characters with its ticket tag, and refuses 201 before the device', async () => {
      const name = 'GigabitEthernet1/0/14';
      const tag = ' ##ticket:CHG-200##';
      const text = 'd'.repeat(200 - tag.length);
      const { result, secondSent } = await converge({}, { name, description: text, ticket: 'CHG-200' });
      expect(result.verified).toBe(true);
      expect((await state(name))?.description).toHaveLength(200);
      expect(secondSent).toBe('');
      const tooLong = { device: 'c9300', interfaces: [{ name, description: `${text}d`, ticket: 'CHG-200' }] };
      expect(intentProblems(tooLong, 'devices/c9300.yaml', IOSXE_RULES)).toEqual([expect.stringContaining('201 characters; iosxe allows 200')]);
      // The model agrees: the device itself refuses 201 characters (netconfd checks Cisco's length 0..200).
      const err = await fx.session.editConfig({ target: 'running', config: `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/14</name><description>${'e'.repeat(201)}</description></GigabitEthernet></interface></native>` }).catch((e: unknown) => e);
      expect(err).toMatchObject({ reason: 'DeviceRejected' });
      expect((await state(name))?.description).toHaveLength(200);
    });

    it('sets an access port and its VLAN, and a second reconcile sends nothing', async () => {
      const name = 'GigabitEthernet1/0/11';
      const { plan, secondCalls, secondSent } = await converge({}, { name, mode: 'access', accessVlan: 300 });
      expect(plan.changes.map((c) => c.leaf)).toEqual(['accessVlan']);
      expect(await state(name)).toMatchObject({ mode: 'access', accessVlan: 300 });
      expect(secondSent).toBe('');
      expect(secondCalls).not.toContain('edit-config');
    });

    it('writes a short trunk list as ranges in the device shape and reads it back', async () => {
      const name = 'GigabitEthernet1/0/12';
      const { result, secondSent } = await converge({}, { name, mode: 'trunk', allowedVlans: [10, 11, 12, 13, 20], nativeVlan: 99 });
      expect(result.sent).toContain('<vlans>10-13,20</vlans>');
      expect(result.sent.includes('<vlan-v2')).toBe(shape === 'vlan-v2');
      expect(await state(name)).toMatchObject({ mode: 'trunk', allowedVlans: [10, 11, 12, 13, 20], nativeVlan: 99 });
      expect(await raw(name)).toContain(shape === 'vlan-v2' ? 'vlan-v2' : '<vlans>10-13,20</vlans>');
      expect(secondSent).toBe('');
    });

    it(`writes a 300-VLAN trunk list ${shape === 'vlan-v2' ? 'as a base line plus add-vlans entries' : 'in the legacy container'} and reads every VLAN back`, async () => {
      const name = 'GigabitEthernet1/0/13';
      const { result, secondSent } = await converge({}, { name, mode: 'trunk', allowedVlans: VLANS_300 });
      expect(result.sent.includes('<add-vlans>')).toBe(shape === 'vlan-v2');
      expect((await state(name))?.allowedVlans).toEqual(VLANS_300);
      const stored = await raw(name);
      expect(stored.includes('add-vlans')).toBe(shape === 'vlan-v2');
      expect(secondSent).toBe('');
    });

    it('turns a trunk with a list into a trunk carrying all VLANs (the default) without churn', async () => {
      const name = 'GigabitEthernet1/0/15';
      await converge({}, { name, mode: 'trunk', allowedVlans: [5, 6] });
      const { result, secondSent } = await converge({}, { name, mode: 'trunk', allowedVlans: 'all' });
      expect(result.sent).toMatch(/nc:operation="remove"/);
      expect((await state(name))?.allowedVlans).toBe('all');
      expect(await raw(name)).not.toMatch(/<(\w+:)?vlans>/);
      expect(secondSent).toBe('');
    });

    it('changes the native VLAN of a trunk', async () => {
      const name = 'GigabitEthernet1/0/10';
      const { plan, secondSent } = await converge({}, { name, mode: 'trunk', nativeVlan: 200 });
      expect(plan.changes.map((c) => `${c.leaf} ${String(c.before)}→${String(c.after)}`)).toEqual(['nativeVlan 100→200']);
      expect((await state(name))?.nativeVlan).toBe(200);
      expect(secondSent).toBe('');
    });

    it('makes a port routed with an IPv4 address, then an access port again, removing the old mode\'s leaves', async () => {
      const name = 'GigabitEthernet1/0/16';
      await converge({}, { name, mode: 'trunk', allowedVlans: VLANS_300, nativeVlan: 7 });
      const routed = await converge({}, { name, mode: 'routed', ipv4: '10.20.30.1/24' });
      expect(routed.plan.changes.map((c) => `${c.op} ${c.leaf}`)).toEqual(['set mode', 'remove nativeVlan', 'remove allowedVlans', 'set ipv4']);
      expect(await state(name)).toMatchObject({ mode: 'routed', ipv4: '10.20.30.1/24', nativeVlan: null, allowedVlans: null });
      expect(await raw(name)).not.toMatch(/vlan-v2|<(\w+:)?vlans>|vlan-id/);
      expect(routed.secondSent).toBe('');
      const access = await converge({}, { name, mode: 'access', accessVlan: 400 });
      expect(await state(name)).toMatchObject({ mode: 'access', accessVlan: 400, ipv4: null });
      expect(access.secondSent).toBe('');
    });

    const drift = shape === 'vlan-v2'
      ? [
        ['vlan-v2 base plus add lines', '<vlan-v2><vlans>10-12</vlans><add-vlans><add><vlans>20</vlans></add><add><vlans>4000-4001</vlans></add></add-vlans></vlan-v2>'],
        ['the deprecated container a 17.9 tool left', '<vlan><vlans>10-12,20,4000,4001</vlans></vlan>'],
      ]
      : [['the legacy container', '<vlan><vlans>10-12,20,4000-4001</vlans></vlan>']];
    it.each(drift)('reads a list written out of band as %s and plans nothing for the same intent', async (_what, allowed) => {
      const name = 'GigabitEthernet1/0/17';
      await fx.session.editConfig({
        target: 'running',
        config: `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/17</name><switchport-config><switchport>` +
          `<mode xmlns="${SW}"><trunk/></mode><trunk xmlns="${SW}"><allowed>${allowed}</allowed></trunk></switchport></switchport-config></GigabitEthernet></interface></native>`,
      });
      const plan = await planFor({ name, mode: 'trunk', allowedVlans: [10, 11, 12, 20, 4000, 4001] });
      expect(plan.changes).toEqual([]);
      await fx.session.editConfig({
        target: 'running',
        config: `<native xmlns="${NATIVE}" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"><interface><GigabitEthernet><name>1/0/17</name><switchport-config><switchport>` +
          `<trunk xmlns="${SW}" nc:operation="remove"/></switchport></switchport-config></GigabitEthernet></interface></native>`,
      });
    });

    it.each([['the union leaf native/vlan', '<vlan>33</vlan>'], ['native/vlan-config/vlan-id', '<vlan-config><vlan-id>33</vlan-id></vlan-config>']])(
      'reads the native VLAN from the older switchport container as %s and plans nothing for the same intent', async (_what, native) => {
        const name = 'GigabitEthernet1/0/19';
        await fx.session.editConfig({
          target: 'running',
          config: `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/19</name><switchport-config><switchport><mode xmlns="${SW}"><trunk/></mode></switchport></switchport-config>` +
            `<switchport><trunk xmlns="${SW}"><native>${native}</native></trunk></switchport></GigabitEthernet></interface></native>`,
        });
        expect((await planFor({ name, mode: 'trunk', nativeVlan: 33 })).changes).toEqual([]);
      });

    it('asks is-syncing before the write, and arms then ends a timed rollback around it (reconcile.revertTimerMin)', async () => {
      const name = 'GigabitEthernet1/0/18';
      const { calls, result } = await converge({ revertTimerMin: 2 }, { name, description: 'revert armed' });
      const arm = `call <rollback xmlns="${IA}"><target-url>system:running-config</target-url><revert-timer>2</revert-timer></rollback>`;
      const accept = `call <rollback xmlns="${IA}"><target-url>system:running-config</target-url></rollback>`;
      expect(calls).toEqual([`call <is-syncing xmlns="${IA}"/>`, 'lock running', arm, 'edit-config', 'get-config', accept, 'unlock running']);
      expect(result).toMatchObject({ verified: true, confirmed: true });
      expect((await state(name))?.description).toBe('revert armed');
    });
  });
}
