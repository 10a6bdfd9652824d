// The LTRCRT-2005 lab's per-change NETCONF payload: its Jinja2 templates (header.j2, interface_common_rpc.j2,
// interface_access_rpc.j2) rendered for an access port, as in
// reference/samples/iosxe-edit-config-access.rendered-from-ltrcrt2005-template.xml. The lab sends every leaf
// on every change, removals included, whatever actually changed.
import { escapeXml } from '../src/adapters/netconf/rpc.js';

const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const NATIVE_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const SWITCH_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch';
const NC = `xmlns:nc="${NETCONF_NS}"`;

export interface SeedAccessChange {
  /** Native list, e.g. GigabitEthernet. */
  type: string;
  /** List key, e.g. 1/0/5. */
  id: string;
  description: string;
  enabled: boolean;
  mtu: number | null;
  vlan: number;
}

/** Inner XML of `<config>` for the lab's access template (edit-config default-operation merge). */
export function seedAccessConfig(c: SeedAccessChange): string {
  return [
    `<native xmlns="${NATIVE_NS}"><interface><${c.type}><name>${escapeXml(c.id)}</name>`,
    c.description === '' ? `<description ${NC} nc:operation="remove"/>` : `<description>${escapeXml(c.description)}</description>`,
    c.enabled ? `<shutdown ${NC} nc:operation="remove"/>` : '<shutdown/>',
    c.mtu === null ? `<mtu ${NC} nc:operation="remove"/>` : `<mtu>${c.mtu}</mtu>`,
    `<ip><address ${NC} nc:operation="remove"/></ip>`,
    '<switchport-conf><switchport>true</switchport></switchport-conf>',
    '<switchport-config><switchport>',
    `<mode xmlns="${SWITCH_NS}"><access/></mode>`,
    `<access xmlns="${SWITCH_NS}"><vlan><vlan>${c.vlan}</vlan></vlan></access>`,
    `<trunk xmlns="${SWITCH_NS}"><allowed><vlan ${NC} nc:operation="remove"/></allowed>`,
    `<native><vlan ${NC} nc:operation="remove"/></native></trunk>`,
    '</switchport></switchport-config>',
    `</${c.type}></interface></native>`,
  ].join('');
}
