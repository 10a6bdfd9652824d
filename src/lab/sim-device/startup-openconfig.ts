import { NETCONF_NS } from '../../adapters/netconf/rpc.js';
import { IANA_IF_TYPE_NS, OC_IF_NS, OC_IP_NS, OC_SYSTEM_NS } from '../../adapters/platforms/openconfig/namespaces.js';
import { el, parseXml, type XNode } from '../../adapters/xml/tree.js';
import { applyEdit } from './edit.js';
import { OPENCONFIG_ROOT } from './schema-openconfig.js';

const leaf = (name: string, text: string, ns = OC_IF_NS): XNode => el(name, ns, [], text);

function iface(name: string, type: string, extra: XNode[] = [], rest: XNode[] = []): XNode {
  return el('interface', OC_IF_NS, [leaf('name', name), el('config', OC_IF_NS, [leaf('name', name), leaf('type', `ianaift:${type}`), ...extra]), ...rest]);
}

/**
 * A factory-fresh EOS-style switch in OpenConfig: the hostname, Management1 (the lab connectivity,
 * 10.0.0.1/24 on subinterface 0) and Ethernet1..N with nothing configured (EOS has no default
 * switchport mode in OpenConfig until one is set; intentd reads that as routed).
 */
export function defaultOpenConfigStartup(hostname: string, ports = 48): XNode {
  const mgmtIp = el('subinterfaces', OC_IF_NS, [el('subinterface', OC_IF_NS, [leaf('index', '0'), el('config', OC_IF_NS, [leaf('index', '0')]),
    el('ipv4', OC_IP_NS, [el('addresses', OC_IP_NS, [el('address', OC_IP_NS, [leaf('ip', '10.0.0.1', OC_IP_NS),
      el('config', OC_IP_NS, [leaf('ip', '10.0.0.1', OC_IP_NS), leaf('prefix-length', '24', OC_IP_NS)])])])])])]);
  const ifaces = [iface('Management1', 'ethernetCsmacd', [leaf('description', 'Lab connectivity - do not touch')], [mgmtIp])];
  for (let i = 1; i <= ports; i++) ifaces.push(iface(`Ethernet${i}`, 'ethernetCsmacd'));
  const system = el('system', OC_SYSTEM_NS, [el('config', OC_SYSTEM_NS, [leaf('hostname', hostname, OC_SYSTEM_NS)])]);
  return el('data', '', [system, el('interfaces', OC_IF_NS, ifaces)]);
}

/** The default startup with `overlay` (inner XML of a `<config>`) merged on top; throws when it is invalid. */
export async function buildOpenConfigStartup(hostname: string, ports: number, overlay?: string): Promise<XNode> {
  const root = defaultOpenConfigStartup(hostname, ports);
  if (overlay === undefined) return root;
  const config = await parseXml(`<config xmlns="${NETCONF_NS}" xmlns:ianaift="${IANA_IF_TYPE_NS}">${overlay}</config>`);
  const errors = applyEdit(root, config, 'merge', OPENCONFIG_ROOT);
  if (errors.length > 0) throw new Error(`invalid startup overlay: ${errors.map((e) => `${e.tag} ${e.path ?? ''} ${e.message}`).join('; ')}`);
  return root;
}
