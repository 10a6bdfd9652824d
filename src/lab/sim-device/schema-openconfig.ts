import { normalizeEosName } from '../../adapters/platforms/openconfig/names.js';
import {
  OC_ETH_NS, OC_IF_NS, OC_IP_NS, OC_LAG_NS, OC_SYSTEM_NS, OC_VLAN_NS,
} from '../../adapters/platforms/openconfig/namespaces.js';
import { anyText, boolean, container, ipv4, leaf, maxLength, range, type Check, type SchemaNode } from './schema.js';

/**
 * The slice of OpenConfig an EOS-style simulated switch knows: openconfig-interfaces (config,
 * subinterfaces), openconfig-vlan switched-vlan on Ethernet and LAG interfaces, openconfig-if-ip
 * IPv4 addresses, openconfig-system hostname. Anything else in an edit is an `unknown-element`.
 * Interfaces are one list keyed by name, so any valid EOS name can be created.
 */
const IANA_TYPES = new Set(['ethernetCsmacd', 'ieee8023adLag', 'l3ipvlan', 'softwareLoopback']);

/** An iana-if-type identity as `prefix:name` (the prefix is not resolved: the simulator keeps text). */
const ianaType: Check = (v) => {
  const m = /^[A-Za-z_][\w.-]*:([A-Za-z0-9]+)$/.exec(v.trim());
  return m && IANA_TYPES.has(m[1] as string) ? null : `"${v}" is an invalid value for type: not an iana-if-type identity the device knows`;
};

const eosName: Check = (v) => {
  try {
    return normalizeEosName(v) === v ? null : `"${v}" is an invalid value for name`;
  } catch {
    return `"${v}" is an invalid value for name`;
  }
};

const mode: Check = (v) => (v.trim() === 'ACCESS' || v.trim() === 'TRUNK' ? null : `"${v}" is an invalid value for interface-mode`);

const vlanId = range('vlan', 1, 4094);

const trunkVlan: Check = (v) => {
  const m = /^([0-9]+)\.\.([0-9]+)$/.exec(v.trim());
  if (!m) return vlanId(v);
  return vlanId(m[1] as string) ?? vlanId(m[2] as string) ?? (Number(m[1]) <= Number(m[2]) ? null : `"${v}" is an invalid value for trunk-vlans: range runs backwards`);
};

const switchedVlan = (): SchemaNode => container(OC_VLAN_NS, {
  config: container(OC_VLAN_NS, {
    'interface-mode': leaf(OC_VLAN_NS, mode),
    'native-vlan': leaf(OC_VLAN_NS, vlanId),
    'access-vlan': leaf(OC_VLAN_NS, vlanId),
    'trunk-vlans': { kind: 'leaf-list', ns: OC_VLAN_NS, check: trunkVlan },
  }),
});

const address: SchemaNode = {
  kind: 'list', ns: OC_IP_NS, key: 'ip', keyCheck: ipv4, fixed: false,
  children: {
    ip: leaf(OC_IP_NS, ipv4),
    config: container(OC_IP_NS, { ip: leaf(OC_IP_NS, ipv4), 'prefix-length': leaf(OC_IP_NS, range('prefix-length', 0, 32)) }),
  },
};

const subinterface: SchemaNode = {
  kind: 'list', ns: OC_IF_NS, key: 'index', keyCheck: range('index', 0, 4094), fixed: false,
  children: {
    index: leaf(OC_IF_NS, range('index', 0, 4094)),
    config: container(OC_IF_NS, { index: leaf(OC_IF_NS, range('index', 0, 4094)) }),
    ipv4: container(OC_IP_NS, { addresses: container(OC_IP_NS, { address }) }),
  },
};

const iface: SchemaNode = {
  kind: 'list', ns: OC_IF_NS, key: 'name', keyCheck: eosName, fixed: false,
  children: {
    name: leaf(OC_IF_NS, eosName),
    config: container(OC_IF_NS, {
      name: leaf(OC_IF_NS, eosName),
      type: leaf(OC_IF_NS, ianaType),
      mtu: leaf(OC_IF_NS, range('mtu', 68, 9214)),
      description: leaf(OC_IF_NS, maxLength('description', 240)),
      enabled: leaf(OC_IF_NS, boolean),
    }),
    ethernet: container(OC_ETH_NS, { 'switched-vlan': switchedVlan() }),
    aggregation: container(OC_LAG_NS, { 'switched-vlan': switchedVlan() }),
    subinterfaces: container(OC_IF_NS, { subinterface }),
  },
};

/** Top-level schema of the OpenConfig simulated switch: the children allowed under `<config>` / `<data>`. */
export const OPENCONFIG_ROOT: Record<string, SchemaNode> = {
  system: container(OC_SYSTEM_NS, { config: container(OC_SYSTEM_NS, { hostname: leaf(OC_SYSTEM_NS, anyText) }) }),
  interfaces: container(OC_IF_NS, { interface: iface }),
};
