import { describe, expect, it } from 'vitest';
import { seedAccessConfig } from '../../../bench/seed-template.js';

// reference/samples/iosxe-edit-config-access.rendered-from-ltrcrt2005-template.xml, inside <config>, whitespace removed.
const LAB_RENDERED = '<native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><interface><GigabitEthernet>' +
  '<name>1/0/5</name><description>Configured from the ticket system! ##ticket:15016##</description>' +
  '<shutdown xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="remove"/><mtu>2000</mtu>' +
  '<ip><address xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="remove"/></ip>' +
  '<switchport-conf><switchport>true</switchport></switchport-conf><switchport-config><switchport>' +
  '<mode xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-switch"><access/></mode>' +
  '<access xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-switch"><vlan><vlan>100</vlan></vlan></access>' +
  '<trunk xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-switch"><allowed>' +
  '<vlan xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="remove"/></allowed>' +
  '<native><vlan xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="remove"/></native></trunk>' +
  '</switchport></switchport-config></GigabitEthernet></interface></native>';

describe('seedAccessConfig', () => {
  it('renders the lab template exactly as the lab rendered it for an access port', () => {
    expect(seedAccessConfig({
      type: 'GigabitEthernet', id: '1/0/5', description: 'Configured from the ticket system! ##ticket:15016##',
      enabled: true, mtu: 2000, vlan: 100,
    })).toBe(LAB_RENDERED);
  });

  it('removes description and mtu and shuts the port the lab\'s way', () => {
    const xml = seedAccessConfig({ type: 'GigabitEthernet', id: '1/0/5', description: '', enabled: false, mtu: null, vlan: 100 });
    expect(xml).toContain('<description xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="remove"/><shutdown/>' +
      '<mtu xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0" nc:operation="remove"/>');
  });
});
