// Startup configuration of a simulated Catalyst 9300-48 for the netconfd test device, in the real IOS-XE 17.x
// Cisco-IOS-XE-native / Cisco-IOS-XE-switch shape (see test/harness/yang/ and yang-17.9/).

import { labSerial } from '../../src/lab/netbox-emulator-data.js';

const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const NATIVE_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const SWITCH_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch';

/** Access VLAN by port number for the few ports that carry one (the lab's VLANs 100..500). */
const ACCESS_PORTS: ReadonlyMap<number, number> = new Map([
  [2, 100], [3, 100], [4, 200], [5, 100], [6, 300], [7, 400], [8, 500],
]);
const TRUNK_PORT = 10;
const MANAGEMENT_PORT = 1;
const SHUTDOWN_PORTS: ReadonlySet<number> = new Set([47, 48]);

/**
 * The IOS-XE generation a test device models: '17.9' (Cisco-IOS-XE-switch 2022-07-01, trunk allowed
 * VLANs only in the legacy `allowed/vlan` container) or '17.15' (2023-11-01: `allowed/vlan-v2`, the
 * legacy container deprecated), the default.
 */
export type IosXeGeneration = '17.9' | '17.15';

function switchport(inner: string): string {
  return (
    '<switchport-conf><switchport>true</switchport></switchport-conf>' +
    `<switchport-config><switchport>${inner}</switchport></switchport-config>`
  );
}

function accessPort(vlan: number): string {
  return switchport(
    `<mode xmlns="${SWITCH_NS}"><access/></mode>` +
      `<access xmlns="${SWITCH_NS}"><vlan><vlan>${vlan}</vlan></vlan></access>`,
  );
}

function trunkPort(allowed: string, nativeVlan: number, generation: IosXeGeneration): string {
  const shape = generation === '17.9' ? 'vlan' : 'vlan-v2';
  return switchport(
    `<mode xmlns="${SWITCH_NS}"><trunk/></mode>` +
      `<trunk xmlns="${SWITCH_NS}"><allowed><${shape}><vlans>${allowed}</vlans></${shape}></allowed>` +
      `<native><vlan><vlan-id>${nativeVlan}</vlan-id></vlan></native></trunk>`,
  );
}

function gigabitPort(port: number, generation: IosXeGeneration): string {
  const parts = [`<name>1/0/${port}</name>`];
  const vlan = ACCESS_PORTS.get(port);
  if (port === MANAGEMENT_PORT) {
    parts.push('<description>MGMT uplink - do not touch</description>', trunkPort('1,100', 1, generation));
  } else if (port === TRUNK_PORT) {
    parts.push('<description>Trunk to access-sw-02</description>', '<mtu>2000</mtu>', trunkPort('300,400,500', 100, generation));
  } else if (vlan !== undefined) {
    parts.push(`<description>User port VLAN ${vlan}</description>`, accessPort(vlan));
  } else {
    parts.push(switchport(''));
  }
  if (SHUTDOWN_PORTS.has(port)) parts.push('<shutdown/>');
  return `<GigabitEthernet>${parts.join('')}</GigabitEthernet>`;
}

/** The test device's hostname: the device name the tests use (intentd checks it before writing). */
export const C9300_HOSTNAME = 'c9300';
/** Its chassis serial, as `license udi pid C9300-48P sn …` in the running config; the lab NetBox's c9300 has the same. */
export const C9300_SERIAL = labSerial(C9300_HOSTNAME);

/**
 * The <config> document of a 48-port Catalyst 9300 (GigabitEthernet1/0/1..N, TenGigabitEthernet1/1/1..4,
 * Vlan1, Loopback0). Gi1/0/1 is the management uplink; Gi1/0/2..8 are access ports; Gi1/0/10 is a trunk;
 * Gi1/0/47..48 are shut. `ports` (default 48) changes the number of GigabitEthernet ports; the trunks'
 * allowed VLANs are in the shape of `generation` (default 17.15: vlan-v2).
 */
export function c9300StartupXml(o: { ports?: number; hostname?: string | null; serial?: string | null; generation?: IosXeGeneration } = {}): string {
  const ports = o.ports ?? 48;
  const hostname = o.hostname === undefined ? C9300_HOSTNAME : o.hostname;
  const serial = o.serial === undefined ? C9300_SERIAL : o.serial;
  const identity = (hostname === null ? '' : `<hostname>${hostname}</hostname>`) +
    (serial === null ? '' : `<license><udi><pid>C9300-48P</pid><sn>${serial}</sn></udi></license>`);
  const interfaces: string[] = [];
  for (let port = 1; port <= ports; port++) interfaces.push(gigabitPort(port, o.generation ?? '17.15'));
  for (let port = 1; port <= 4; port++) {
    interfaces.push(`<TenGigabitEthernet><name>1/1/${port}</name>${switchport('')}</TenGigabitEthernet>`);
  }
  interfaces.push('<Loopback><name>0</name><description>Router ID</description>' +
    '<ip><address><primary><address>10.255.0.1</address><mask>255.255.255.255</mask></primary></address></ip>' +
    '</Loopback>');
  interfaces.push('<Vlan><name>1</name><description>Management SVI</description>' +
    '<ip><address><primary><address>10.0.0.11</address><mask>255.255.255.0</mask></primary></address></ip>' +
    '</Vlan>');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<config xmlns="${NETCONF_NS}">` +
    `<native xmlns="${NATIVE_NS}">${identity}<interface>${interfaces.join('\n')}</interface></native></config>\n`;
}
