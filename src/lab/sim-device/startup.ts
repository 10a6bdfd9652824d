import { NETCONF_NS } from '../../adapters/netconf/rpc.js';
import { NATIVE_NS } from '../../adapters/platforms/iosxe/namespaces.js';
import { el, parseXml, type XNode } from '../../adapters/xml/tree.js';
import { applyEdit } from './edit.js';

const leaf = (name: string, text: string, ns = NATIVE_NS): XNode => el(name, ns, [], text);

function accessPort(type: string, name: string, description?: string): XNode {
  const children = [leaf('name', name)];
  if (description !== undefined) children.push(leaf('description', description));
  children.push(el('switchport-conf', NATIVE_NS, [leaf('switchport', 'true')]));
  return el(type, NATIVE_NS, children);
}

/**
 * A factory-fresh Catalyst 9300-48 (C9300-NM-8X uplinks) as IOS-XE 17.12 reports it with
 * `basic-mode=explicit`: every port is a switchport, nothing else is configured. Gi1/0/1 carries the
 * lab connectivity, as in LTRCRT-2005.
 */
export function defaultStartup(hostname: string, ports = 48, serial?: string): XNode {
  const ifaces: XNode[] = [];
  for (let i = 1; i <= ports; i++) {
    ifaces.push(accessPort('GigabitEthernet', `1/0/${i}`, i === 1 ? 'Lab connectivity - do not touch' : undefined));
  }
  for (let i = 1; i <= 8; i++) ifaces.push(accessPort('TenGigabitEthernet', `1/1/${i}`));
  const udi = serial === undefined ? [] : [el('license', NATIVE_NS, [el('udi', NATIVE_NS, [leaf('pid', 'C9300-48P'), leaf('sn', serial)])])];
  const native = el('native', NATIVE_NS, [leaf('version', '17.12'), leaf('hostname', hostname), ...udi, el('interface', NATIVE_NS, ifaces)]);
  return el('data', '', [native]);
}

/**
 * Builds the datastore from the default startup, then merges `overlay` (the inner XML of a
 * `<config>`, e.g. `<native xmlns=…><interface>…`) on top. Throws when the overlay is invalid.
 */
export async function buildStartup(hostname: string, ports: number, overlay?: string, serial?: string): Promise<XNode> {
  const root = defaultStartup(hostname, ports, serial);
  if (overlay === undefined) return root;
  const config = await parseXml(`<config xmlns="${NETCONF_NS}">${overlay}</config>`);
  const errors = applyEdit(root, config, 'merge');
  if (errors.length > 0) throw new Error(`invalid startup overlay: ${errors.map((e) => `${e.tag} ${e.path ?? ''} ${e.message}`).join('; ')}`);
  return root;
}
