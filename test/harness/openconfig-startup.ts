// Startup configuration of a simulated EOS-style switch for the netconfd test device, in the OpenConfig
// shape (openconfig-interfaces + openconfig-vlan + openconfig-if-ip; see test/harness/yang-openconfig/).

const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const OC_IF = 'http://openconfig.net/yang/interfaces';
const OC_ETH = 'http://openconfig.net/yang/interfaces/ethernet';
const OC_LAG = 'http://openconfig.net/yang/interfaces/aggregate';
const OC_VLAN = 'http://openconfig.net/yang/vlan';
const OC_IP = 'http://openconfig.net/yang/interfaces/ip';
const IANAIFT = 'urn:ietf:params:xml:ns:yang:iana-if-type';
const OC_SYS = 'http://openconfig.net/yang/system';

/** The test device's hostname (also the device name the OpenConfig tests use). */
export const EOS_HOSTNAME = 'eos1';

function config(name: string, type: string, extra = ''): string {
  return `<config><name>${name}</name><type xmlns:ianaift="${IANAIFT}">ianaift:${type}</type>${extra}</config>`;
}

function switched(container: 'ethernet' | 'aggregation', inner: string): string {
  const ns = container === 'ethernet' ? OC_ETH : OC_LAG;
  return `<${container} xmlns="${ns}"><switched-vlan xmlns="${OC_VLAN}"><config>${inner}</config></switched-vlan></${container}>`;
}

function ipv4(ip: string, len: number): string {
  return '<subinterfaces><subinterface><index>0</index><config><index>0</index></config>' +
    `<ipv4 xmlns="${OC_IP}"><addresses><address><ip>${ip}</ip><config><ip>${ip}</ip><prefix-length>${len}</prefix-length></config>` +
    '</address></addresses></ipv4></subinterface></subinterfaces>';
}

function iface(name: string, body: string): string {
  return `<interface><name>${name}</name>${body}</interface>`;
}

function ethernet(port: number): string {
  const name = `Ethernet${port}`;
  if (port <= 4) {
    const vlan = port <= 2 ? 10 : 20;
    return iface(name, config(name, 'ethernetCsmacd', `<description>User port VLAN ${vlan}</description>`) +
      switched('ethernet', `<interface-mode>ACCESS</interface-mode><access-vlan>${vlan}</access-vlan>`));
  }
  if (port === 5) {
    return iface(name, config(name, 'ethernetCsmacd', '<mtu>9214</mtu><description>Trunk to leaf2</description>') +
      switched('ethernet', '<interface-mode>TRUNK</interface-mode><native-vlan>10</native-vlan>' +
        '<trunk-vlans>10</trunk-vlans><trunk-vlans>20</trunk-vlans><trunk-vlans>30..32</trunk-vlans>'));
  }
  if (port === 6) return iface(name, config(name, 'ethernetCsmacd', '<description>Routed uplink</description>') + ipv4('10.1.0.1', 31));
  if (port >= 7 && port <= 8) return iface(name, config(name, 'ethernetCsmacd', '<enabled>false</enabled>'));
  return iface(name, config(name, 'ethernetCsmacd'));
}

/**
 * The <config> document of a 12-port EOS-style switch: Management1 (routed, 10.0.0.21/24),
 * Ethernet1..2 access VLAN 10, Ethernet3..4 access VLAN 20, Ethernet5 a trunk (native 10, 10,20,30..32),
 * Ethernet6 routed (10.1.0.1/31), Ethernet7..8 shut, Ethernet9..12 bare, Ethernet49/1 (a breakout lane),
 * Port-Channel10 a trunk (all VLANs as 1..4094), Vlan10 with 10.10.0.1/24 and Loopback0 10.255.0.21/32;
 * hostname `eos1` (`hostname: null` leaves it out).
 */
export function eosStartupXml(o: { hostname?: string | null } = {}): string {
  const hostname = o.hostname === undefined ? EOS_HOSTNAME : o.hostname;
  const system = hostname === null ? '' : `<system xmlns="${OC_SYS}"><config><hostname>${hostname}</hostname></config></system>`;
  const interfaces = [iface('Management1', config('Management1', 'ethernetCsmacd', '<description>oob management</description>') + ipv4('10.0.0.21', 24))];
  for (let port = 1; port <= 12; port++) interfaces.push(ethernet(port));
  interfaces.push(iface('Ethernet49/1', config('Ethernet49/1', 'ethernetCsmacd')));
  interfaces.push(iface('Port-Channel10', config('Port-Channel10', 'ieee8023adLag', '<description>MLAG peer</description>') +
    switched('aggregation', '<interface-mode>TRUNK</interface-mode><trunk-vlans>1..4094</trunk-vlans>')));
  interfaces.push(iface('Vlan10', config('Vlan10', 'l3ipvlan', '<description>Users</description>') + ipv4('10.10.0.1', 24)));
  interfaces.push(iface('Loopback0', config('Loopback0', 'softwareLoopback', '<description>Router ID</description>') + ipv4('10.255.0.21', 32)));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<config xmlns="${NETCONF_NS}">` +
    `${system}<interfaces xmlns="${OC_IF}">${interfaces.join('\n')}</interfaces></config>\n`;
}
