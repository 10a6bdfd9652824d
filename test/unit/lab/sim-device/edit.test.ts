import { describe, expect, it } from 'vitest';
import { applyEdit } from '../../../../src/lab/sim-device/edit.js';
import { subtreeFilter } from '../../../../src/lab/sim-device/filter.js';
import { buildStartup, defaultStartup } from '../../../../src/lab/sim-device/startup.js';
import { parseXml, serialize, type XNode } from '../../../../src/adapters/xml/tree.js';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const SW = 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch';

const config = (iface: string): Promise<XNode> =>
  parseXml(`<config xmlns="${NC}" xmlns:nc="${NC}"><native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name>${iface}</GigabitEthernet></interface></native></config>`);

async function gi2(root: XNode): Promise<string> {
  const filter = await parseXml(`<filter><native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name></GigabitEthernet></interface></native></filter>`);
  return subtreeFilter(root.children, filter).map((n) => serialize(n)).join('');
}

describe('applyEdit', () => {
  it.each([
    ['merges a description', '<description>uplink</description>', '<description>uplink</description>'],
    ['creates an empty shutdown leaf', '<shutdown/>', '<shutdown/>'],
    ['stores numbers canonically', '<mtu> 9000 </mtu>', '<mtu>9000</mtu>'],
    ['sets a trunk', `<switchport-config><switchport><mode xmlns="${SW}"><trunk/></mode><trunk xmlns="${SW}"><allowed><vlan><vlans>all</vlans></vlan></allowed></trunk></switchport></switchport-config>`, `<mode xmlns="${SW}"><trunk/></mode><trunk xmlns="${SW}"><allowed><vlan><vlans>all</vlans></vlan></allowed></trunk>`],
  ])('%s', async (_what, edit, expected) => {
    const root = defaultStartup('sw', 4);
    expect(applyEdit(root, await config(edit), 'merge')).toEqual([]);
    expect(await gi2(root)).toContain(expected);
  });

  it.each([
    ['mtu below 64', '<mtu>63</mtu>', 'invalid-value', '/ios:mtu'],
    ['vlan list with 4095', `<switchport-config><switchport><trunk xmlns="${SW}"><allowed><vlan><vlans>10,4095</vlans></vlan></allowed></trunk></switchport></switchport-config>`, 'invalid-value', '/ios-sw:vlans'],
    ['a malformed vlan list', `<switchport-config><switchport><trunk xmlns="${SW}"><allowed><vlan><vlans>1,,2</vlans></vlan></allowed></trunk></switchport></switchport-config>`, 'invalid-value', '/ios-sw:vlans'],
    ['a non-boolean switchport', '<switchport-conf><switchport>yes</switchport></switchport-conf>', 'invalid-value', '/ios:switchport'],
    ['create of an existing leaf', '<switchport-conf><switchport nc:operation="create">true</switchport></switchport-conf>', 'data-exists', '/ios:switchport'],
    ['an unknown operation', '<mtu nc:operation="upsert">1500</mtu>', 'bad-attribute', '/ios:mtu'],
  ])('rejects %s', async (_what, edit, tag, pathEnd) => {
    const root = defaultStartup('sw', 4);
    const errors = applyEdit(root, await config(edit), 'merge');
    expect(errors.map((e) => e.tag)).toEqual([tag]);
    expect(errors[0]?.path?.endsWith(pathEnd)).toBe(true);
  });

  it('reports every bad leaf of one edit, not just the first', async () => {
    const errors = applyEdit(defaultStartup('sw', 4), await config('<mtu>1</mtu><description>ok</description><bogus/>'), 'merge');
    expect(errors.map((e) => e.tag)).toEqual(['invalid-value', 'unknown-element']);
  });

  it('replaces an interface entry but keeps its key', async () => {
    const root = defaultStartup('sw', 4);
    applyEdit(root, await config('<description>a</description><mtu>9000</mtu>'), 'merge');
    const replace = await parseXml(`<config xmlns="${NC}" xmlns:nc="${NC}"><native xmlns="${NATIVE}"><interface><GigabitEthernet nc:operation="replace"><name>1/0/2</name><mtu>1600</mtu></GigabitEthernet></interface></native></config>`);
    expect(applyEdit(root, replace, 'merge')).toEqual([]);
    expect(await gi2(root)).toBe(`<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name><mtu>1600</mtu></GigabitEthernet></interface></native>`);
  });
});

describe('buildStartup', () => {
  it('merges a startup overlay over the factory 48-port config', async () => {
    const root = await buildStartup('sw1', 48, `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name><description>pre-set</description></GigabitEthernet></interface></native>`);
    expect(await gi2(root)).toContain('<description>pre-set</description>');
    expect(serialize(root.children[0] as XNode).match(/<GigabitEthernet>/g)).toHaveLength(48);
  });

  it('refuses an overlay the device would reject', async () => {
    await expect(buildStartup('sw1', 4, `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name><mtu>1</mtu></GigabitEthernet></interface></native>`)).rejects.toThrow(/invalid-value/);
  });
});
