import { NATIVE_NS, SWITCH_NS } from '../../adapters/platforms/iosxe/namespaces.js';
import { INTERFACE_TYPES as KNOWN_INTERFACE_TYPES, LOGICAL_INTERFACE_TYPES } from '../../adapters/platforms/iosxe/names.js';

/**
 * The small slice of the IOS-XE YANG tree the simulator knows (Cisco-IOS-XE-native 17.12 shapes).
 * Anything else in an edit is an `unknown-element`. A check returns a problem text or null.
 */
export type Check = (value: string) => string | null;

export type SchemaNode =
  | { kind: 'container'; ns: string; children: Record<string, SchemaNode>; choice?: readonly string[] }
  | { kind: 'list'; ns: string; key: string; keyCheck: Check; fixed: boolean; children: Record<string, SchemaNode> }
  | { kind: 'leaf'; ns: string; check: Check }
  | { kind: 'leaf-list'; ns: string; check: Check }
  | { kind: 'empty'; ns: string };

export const range = (what: string, lo: number, hi: number): Check => (v) => {
  const t = v.trim();
  return /^[0-9]+$/.test(t) && Number(t) >= lo && Number(t) <= hi ? null : `"${v}" is an invalid value for ${what}: must be in range ${lo}..${hi}`;
};

const vlanList: Check = (v) => {
  const t = v.trim();
  if (t === 'all' || t === 'none') return null;
  if (!/^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$/.test(t)) return `"${v}" is an invalid value for vlans`;
  const bad = t.split(/[,-]/).map(Number).find((n) => n < 1 || n > 4094);
  return bad === undefined ? null : `"${v}" is an invalid value for vlans: VLAN ${bad} is not in range 1..4094`;
};

export const ipv4: Check = (v) => {
  const parts = v.trim().split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]{1,3}$/.test(p) && Number(p) <= 255) ? null : `"${v}" is an invalid value for an IPv4 address`;
};

export const maxLength = (what: string, max: number): Check => (v) =>
  v.length <= max ? null : `"${what}" length ${v.length} exceeds the maximum length ${max}`;

export const boolean: Check = (v) => (v.trim() === 'true' || v.trim() === 'false' ? null : `"${v}" is an invalid value for a boolean`);

export const anyText: Check = () => null;

const PHYSICAL_NAME = /^(0|[1-9][0-9]*)(\/(0|[1-9][0-9]*))*(\.[0-9]*)?$/;
const physicalName: Check = (v) => (PHYSICAL_NAME.test(v) ? null : `"${v}" is an invalid value for an interface name`);

export const leaf = (ns: string, check: Check): SchemaNode => ({ kind: 'leaf', ns, check });
export const container = (ns: string, children: Record<string, SchemaNode>, choice?: readonly string[]): SchemaNode =>
  choice ? { kind: 'container', ns, children, choice } : { kind: 'container', ns, children };

// Child order follows what IOS-XE returns (see samples/iosxe-get-config-interface-reply.DERIVED.xml).
const switchport: SchemaNode = container(NATIVE_NS, {
  access: container(SWITCH_NS, { vlan: container(SWITCH_NS, { vlan: leaf(SWITCH_NS, range('vlan', 1, 4094)) }) }),
  mode: container(SWITCH_NS, { access: { kind: 'empty', ns: SWITCH_NS }, trunk: { kind: 'empty', ns: SWITCH_NS } }, ['access', 'trunk']),
  trunk: container(SWITCH_NS, {
    allowed: container(SWITCH_NS, { vlan: container(SWITCH_NS, { vlans: leaf(SWITCH_NS, vlanList) }) }),
    native: container(SWITCH_NS, { vlan: container(SWITCH_NS, { 'vlan-id': leaf(SWITCH_NS, range('vlan-id', 1, 4094)) }) }),
  }),
});

/**
 * An interface list. Physical ports are `fixed` (they exist or not; an edit cannot create them);
 * logical ones (Loopback, Vlan, Port-channel) are created by an edit, as on IOS-XE. Only switchport
 * types carry the switchport containers.
 */
function interfaceList(keyCheck: Check, o: { fixed: boolean; switchport: boolean }): SchemaNode {
  return {
    kind: 'list',
    ns: NATIVE_NS,
    key: 'name',
    keyCheck,
    fixed: o.fixed,
    children: {
      name: leaf(NATIVE_NS, keyCheck),
      description: leaf(NATIVE_NS, maxLength('description', 200)),
      ...(o.switchport
        ? {
            'switchport-conf': container(NATIVE_NS, { switchport: leaf(NATIVE_NS, boolean) }),
            'switchport-config': container(NATIVE_NS, { switchport }),
          }
        : {}),
      shutdown: { kind: 'empty', ns: NATIVE_NS },
      mtu: leaf(NATIVE_NS, range('mtu', 64, 18000)),
      ip: container(NATIVE_NS, {
        address: container(NATIVE_NS, {
          primary: container(NATIVE_NS, { address: leaf(NATIVE_NS, ipv4), mask: leaf(NATIVE_NS, ipv4) }),
        }),
      }),
    },
  };
}

/**
 * Physical interface list names the simulator knows (IOS-XE list names, not CLI abbreviations): the
 * physical IOS-XE types intentd knows by short form except FiftyGigabitEthernet and AppGigabitEthernet, which the
 * simulated switch has no ports of (an edit to them is an unknown-element).
 */
export const INTERFACE_TYPES = KNOWN_INTERFACE_TYPES.filter(
  (t) => !LOGICAL_INTERFACE_TYPES.includes(t) && t !== 'FiftyGigabitEthernet' && t !== 'AppGigabitEthernet',
);

/** Top-level schema: the children allowed under `<config>` / `<data>`. */
export const ROOT: Record<string, SchemaNode> = {
  native: container(NATIVE_NS, {
    version: leaf(NATIVE_NS, anyText),
    hostname: leaf(NATIVE_NS, anyText),
    license: container(NATIVE_NS, { udi: container(NATIVE_NS, { pid: leaf(NATIVE_NS, anyText), sn: leaf(NATIVE_NS, anyText) }) }),
    interface: container(NATIVE_NS, {
      ...Object.fromEntries(INTERFACE_TYPES.map((t) => [t, interfaceList(physicalName, { fixed: true, switchport: true })])),
      Loopback: interfaceList(range('Loopback', 0, 2147483647), { fixed: false, switchport: false }),
      Vlan: interfaceList(range('Vlan', 1, 4094), { fixed: false, switchport: false }),
      'Port-channel': interfaceList(range('Port-channel', 1, 512), { fixed: false, switchport: true }),
    }),
  }),
};

/** ConfD-style prefix for error-path segments. */
export function prefixOf(ns: string): string {
  if (ns === NATIVE_NS) return 'ios';
  if (ns === SWITCH_NS) return 'ios-sw';
  return 'nc';
}
