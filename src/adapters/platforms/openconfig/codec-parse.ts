import { ValidationError } from '../../../core/errors.js';
import type { InterfaceState } from '../../../core/plan-types.js';
import type { InterfaceMode } from '../../../core/types.js';
import { NETCONF_NS } from '../../netconf/rpc.js';
import { child, children, parseXml, path, type XNode } from '../../xml/tree.js';
import { DeviceDataError } from '../errors.js';
import { normalizeEosName } from './names.js';
import { OC_IF_NS } from './namespaces.js';
import { parseTrunkVlans } from './vlans.js';

/** The state of an interface with no entry in the running config. */
export function absentState(name: string): InterfaceState {
  return { name, exists: false, description: null, enabled: true, mtu: null, mode: 'routed', accessVlan: null, nativeVlan: null, allowedVlans: null, ipv4: null };
}

function text(node: XNode | undefined): string | null {
  const t = node?.text.trim() ?? '';
  return t === '' ? null : t;
}

function ranged(node: XNode | undefined, what: string, min: number, max: number): number | null {
  const t = text(node);
  if (t === null) return null;
  const n = /^[0-9]{1,9}$/.test(t) ? Number(t) : NaN;
  if (!(n >= min && n <= max)) throw new DeviceDataError(`device reported ${what} ${JSON.stringify(t.slice(0, 40))}, outside ${min}-${max}`);
  return n;
}

/** switched-vlan/config of an Ethernet port or a LAG, or undefined. */
function switchedConfig(iface: XNode): XNode | undefined {
  return path(iface, 'ethernet', 'switched-vlan', 'config') ?? path(iface, 'aggregation', 'switched-vlan', 'config');
}

/** The raw trunk-vlans entries of an interface list entry (as the device wrote them). */
function trunkEntries(iface: XNode): string[] {
  return children(switchedConfig(iface), 'trunk-vlans').map((n) => n.text.trim()).filter((t) => t !== '');
}

function modeOf(sw: XNode | undefined): InterfaceMode {
  const mode = text(child(sw, 'interface-mode'));
  return mode === 'TRUNK' ? 'trunk' : mode === 'ACCESS' ? 'access' : 'routed';
}

/** The first IPv4 address of subinterface 0 as `ip/len`, or null. */
function ipv4Of(iface: XNode): string | null {
  const sub = children(child(iface, 'subinterfaces'), 'subinterface').find((s) => text(child(s, 'index')) === '0');
  const address = child(path(sub, 'ipv4', 'addresses'), 'address');
  if (!address) return null;
  const ip = text(path(address, 'config', 'ip')) ?? text(child(address, 'ip'));
  const len = ranged(path(address, 'config', 'prefix-length'), 'IPv4 prefix length', 0, 32);
  return ip !== null && len !== null ? `${ip}/${len}` : null;
}

function stateOf(name: string, iface: XNode): InterfaceState {
  const config = child(iface, 'config');
  const sw = switchedConfig(iface);
  const entries = trunkEntries(iface);
  return {
    name,
    exists: true,
    description: text(child(config, 'description')),
    enabled: text(child(config, 'enabled')) !== 'false',
    mtu: ranged(child(config, 'mtu'), `${name} mtu`, 1, 65535),
    mode: modeOf(sw),
    accessVlan: ranged(child(sw, 'access-vlan'), `${name} access VLAN`, 1, 4094),
    nativeVlan: ranged(child(sw, 'native-vlan'), `${name} native VLAN`, 1, 4094),
    allowedVlans: entries.length === 0 ? null : parseTrunkVlans(entries),
    ipv4: ipv4Of(iface),
  };
}

async function interfaceEntries(dataXml: string): Promise<Array<[string, XNode]>> {
  const body = dataXml.replace(/^\s*<\?xml[^>]*\?>/, '');
  let root: XNode;
  try {
    root = await parseXml(`<data xmlns="${NETCONF_NS}" xmlns:nc="${NETCONF_NS}">${body}</data>`);
  } catch (err) {
    throw new ValidationError(`device reply is not well-formed XML: ${(err as Error).message}`, [], { cause: err });
  }
  const out: Array<[string, XNode]> = [];
  const visit = (node: XNode): void => {
    if (node.name !== 'interfaces' || node.ns !== OC_IF_NS) return node.children.forEach(visit);
    for (const iface of children(node, 'interface', OC_IF_NS)) {
      const key = text(child(iface, 'name'));
      try {
        if (key !== null) out.push([normalizeEosName(key), iface]);
      } catch {
        // an interface intentd cannot name is not one it manages
      }
    }
  };
  visit(root);
  return out;
}

/**
 * Reads the managed leaves of `names` (canonical names) from get-config `<data>` content (or a whole
 * rpc-reply). Every requested name is in the result; one not in the reply is `exists: false`.
 * Throws ValidationError on malformed XML, DeviceDataError on values outside the model.
 */
export async function parseInterfaces(dataXml: string, names: string[]): Promise<Map<string, InterfaceState>> {
  const result = new Map<string, InterfaceState>(names.map((n) => [n, absentState(n)]));
  for (const [name, iface] of await interfaceEntries(dataXml)) if (result.has(name)) result.set(name, stateOf(name, iface));
  return result;
}

/** The trunk-vlans entries of each named interface exactly as the device holds them (absent: none). */
export async function parseTrunkEntries(dataXml: string, names: string[]): Promise<Map<string, string[]>> {
  const wanted = new Set(names);
  const out = new Map<string, string[]>();
  for (const [name, iface] of await interfaceEntries(dataXml)) if (wanted.has(name)) out.set(name, trunkEntries(iface));
  return out;
}
