import { describe, expect, it } from 'vitest';
import { interfaceEntriesToJson } from '../../../src/cli/restconf-json.js';
import { parseXml, type XNode } from '../../../src/adapters/xml/tree.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const SWITCH = 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch';

/** The list entries of `type` in a <native> fragment. */
async function entries(type: string, inner: string): Promise<XNode[]> {
  const root = await parseXml(`<native xmlns="${NATIVE}"><interface>${inner}</interface></native>`);
  return (root.children[0]?.children ?? []).filter((c) => c.name === type);
}

describe('interfaceEntriesToJson', () => {
  it('prints an access port like the lab\'s RESTCONF output of a C9300', async () => {
    // The reply of reference/samples/iosxe-get-config-interface-reply.DERIVED.xml (lab_guide/4.md).
    const xml = `<GigabitEthernet><name>1/0/5</name>
      <description>Configured from the ticket system! ##ticket:15016##</description>
      <switchport-conf><switchport>true</switchport></switchport-conf>
      <switchport-config><switchport>
        <access xmlns="${SWITCH}"><vlan><vlan>100</vlan></vlan></access>
        <mode xmlns="${SWITCH}"><access/></mode>
      </switchport></switchport-config>
      <switchport><access xmlns="${SWITCH}"><vlan><vlan>100</vlan></vlan></access></switchport>
      <mtu>2000</mtu></GigabitEthernet>`;
    expect(interfaceEntriesToJson('GigabitEthernet', await entries('GigabitEthernet', xml))).toEqual({
      'Cisco-IOS-XE-native:GigabitEthernet': [{
        name: '1/0/5',
        description: 'Configured from the ticket system! ##ticket:15016##',
        'switchport-conf': { switchport: true },
        'switchport-config': { switchport: {
          'Cisco-IOS-XE-switch:access': { vlan: { vlan: 100 } },
          'Cisco-IOS-XE-switch:mode': { access: {} },
        } },
        switchport: { 'Cisco-IOS-XE-switch:access': { vlan: { vlan: 100 } } },
        mtu: 2000,
      }],
    });
  });

  it('prints a shut trunk with its empty leaf as [null] and VLAN lists as strings', async () => {
    const xml = `<GigabitEthernet><name>1/0/10</name><shutdown/><switchport-config><switchport>
      <mode xmlns="${SWITCH}"><trunk/></mode><trunk xmlns="${SWITCH}"><allowed><vlan><vlans>300,400</vlans></vlan></allowed>
      <native><vlan><vlan-id>100</vlan-id></vlan></native></trunk></switchport></switchport-config></GigabitEthernet>`;
    const [entry] = interfaceEntriesToJson('GigabitEthernet', await entries('GigabitEthernet', xml))['Cisco-IOS-XE-native:GigabitEthernet'] as unknown[];
    expect(entry).toEqual({
      name: '1/0/10',
      shutdown: [null],
      'switchport-config': { switchport: {
        'Cisco-IOS-XE-switch:mode': { trunk: {} },
        'Cisco-IOS-XE-switch:trunk': { allowed: { vlan: { vlans: '300,400' } }, native: { vlan: { 'vlan-id': 100 } } },
      } },
    });
  });

  it('prints numeric list keys of logical interfaces as numbers and keeps digit-only descriptions as strings', async () => {
    const xml = `<Loopback><name>0</name><description>1234</description>
      <ip><address><primary><address>10.255.0.1</address><mask>255.255.255.255</mask></primary></address></ip></Loopback>`;
    expect(interfaceEntriesToJson('Loopback', await entries('Loopback', xml))).toEqual({
      'Cisco-IOS-XE-native:Loopback': [{
        name: 0,
        description: '1234',
        ip: { address: { primary: { address: '10.255.0.1', mask: '255.255.255.255' } } },
      }],
    });
  });

  it('keeps description text exactly, including markup characters and surrounding spaces', async () => {
    const xml = '<GigabitEthernet><name>1/0/2</name><description> a &lt;b&gt; &amp; "c" ]]&gt;]]&gt; </description></GigabitEthernet>';
    const json = interfaceEntriesToJson('GigabitEthernet', await entries('GigabitEthernet', xml));
    expect(json['Cisco-IOS-XE-native:GigabitEthernet']).toEqual([{ name: '1/0/2', description: ' a <b> & "c" ]]>]]> ' }]);
  });

  it('qualifies nodes of an unknown namespace with the module name it is given, else with the namespace', async () => {
    const xml = '<GigabitEthernet><name>1/0/2</name><x xmlns="urn:example:x"><y>1</y></x><z xmlns="urn:example:z">q</z></GigabitEthernet>';
    const modules = new Map([[NATIVE, 'Cisco-IOS-XE-native'], ['urn:example:x', 'example-x']]);
    expect(interfaceEntriesToJson('GigabitEthernet', await entries('GigabitEthernet', xml), modules)).toEqual({
      'Cisco-IOS-XE-native:GigabitEthernet': [{ name: '1/0/2', 'example-x:x': { y: '1' }, 'urn:example:z:z': 'q' }],
    });
  });

  it('prints repeated siblings as one array', async () => {
    const xml = '<GigabitEthernet><name>1/0/2</name><ip><address><secondary><address>10.0.0.1</address></secondary>' +
      '<secondary><address>10.0.0.2</address></secondary></address></ip></GigabitEthernet>';
    const [entry] = interfaceEntriesToJson('GigabitEthernet', await entries('GigabitEthernet', xml))['Cisco-IOS-XE-native:GigabitEthernet'] as unknown[];
    expect(entry).toEqual({ name: '1/0/2', ip: { address: { secondary: [{ address: '10.0.0.1' }, { address: '10.0.0.2' }] } } });
  });
});
