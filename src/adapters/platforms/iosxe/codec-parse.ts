import { ValidationError } from '../../../core/errors.js';
import { DeviceDataError } from '../errors.js';
import type { AllowedVlans, InterfaceMode } from '../../../core/types.js';
import type { InterfaceState } from '../../../core/plan-types.js';
import { NETCONF_NS } from '../../netconf/rpc.js';
import { child, children, parseXml, path, type XNode } from '../../xml/tree.js';
import { allowedVlanText } from './codec-vlans.js';
import { fromNativeName, canonicalName } from './names.js';
import { NATIVE_NS } from './namespaces.js';

/** The state of an interface that has no entry in the running config. */
export function absentState(name: string): InterfaceState {
  return {
    name,
    exists: false,
    description: null,
    enabled: true,
    mtu: null,
    mode: 'routed',
    accessVlan: null,
    nativeVlan: null,
    allowedVlans: null,
    ipv4: null,
  };
}

function text(node: XNode | undefined): string | null {
  if (!node) return null;
  const t = node.text.trim();
  return t === '' ? null : t;
}

/** Cisco-IOS-XE-native ranges of the numeric leaves intentd reads. */
export const VLAN_RANGE = { min: 1, max: 4094 } as const;
export const MTU_RANGE = { min: 64, max: 18000 } as const;

/** A whole number within `range`, or null when absent; anything else throws DeviceDataError. */
function ranged(node: XNode | undefined, what: string, range: { min: number; max: number }): number | null {
  const t = text(node);
  if (t === null) return null;
  return checkedNumber(t, what, range);
}

function checkedNumber(t: string, what: string, range: { min: number; max: number }): number {
  const n = /^[0-9]{1,9}$/.test(t) ? Number(t) : NaN;
  if (!(n >= range.min && n <= range.max)) {
    throw new DeviceDataError(`device reported ${what} ${JSON.stringify(t.slice(0, 40))}, outside ${range.min}-${range.max}`);
  }
  return n;
}

/**
 * `"all"` → 'all'; `"10,20-22"` → [10, 20, 21, 22] (sorted, de-duplicated); `""`/`"none"` → [].
 * Every id and range end must be a VLAN id (1–4094) and a range must not run backwards, so a
 * hostile value such as `1-10000000` is a DeviceDataError, never a long loop.
 */
export function parseVlanList(raw: string): AllowedVlans {
  const t = raw.trim();
  if (t.toLowerCase() === 'all') return 'all';
  const out = new Set<number>();
  for (const part of t.split(',').map((p) => p.trim())) {
    if (part === '' || part.toLowerCase() === 'none') continue;
    const m = /^([^-]+)(?:-(.+))?$/.exec(part);
    const lo = checkedNumber(m?.[1]?.trim() ?? part, 'VLAN id', VLAN_RANGE);
    const hi = m?.[2] === undefined ? lo : checkedNumber(m[2].trim(), 'VLAN id', VLAN_RANGE);
    if (hi < lo) throw new DeviceDataError(`device reported VLAN range ${JSON.stringify(part)} that runs backwards`);
    for (let v = lo; v <= hi; v++) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function maskLength(mask: string): number | null {
  const octets = mask.split('.').map(Number);
  if (octets.length !== 4 || octets.some((o) => !(o >= 0 && o <= 255))) return null;
  const bits = octets.map((o) => o.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? bits.indexOf('0') === -1 ? 32 : bits.indexOf('0') : null;
}

/**
 * Mode: an explicit `switchport-conf/switchport false` is routed; otherwise the switch model's
 * `mode` case (access | trunk) decides; `switchport true` without a mode is access (IOS-XE's access
 * VLAN applies); no switchport leaf at all is routed (the default of a list entry we know nothing of).
 */
function modeOf(iface: XNode, sw: XNode | undefined): InterfaceMode {
  const swConf = text(path(iface, 'switchport-conf', 'switchport'));
  if (swConf === 'false') return 'routed';
  const mode = child(sw, 'mode') ?? child(child(iface, 'switchport'), 'mode');
  if (child(mode, 'trunk')) return 'trunk';
  if (child(mode, 'access')) return 'access';
  return swConf === 'true' ? 'access' : 'routed';
}

/** The access VLAN: a union of 1..4094 and `dynamic` (VMPS-assigned), which intentd reads as no VLAN. */
function accessVlanOf(node: XNode | undefined, name: string): number | null {
  return text(node) === 'dynamic' ? null : ranged(node, `${name} access VLAN`, VLAN_RANGE);
}

/**
 * The trunk native VLAN: `trunk/native/vlan/vlan-id` in `switchport-config/switchport`; in the older
 * `switchport` container it is `trunk/native/vlan` (a union leaf) or `trunk/native/vlan-config/vlan-id`.
 */
function nativeVlanNode(sw: XNode | undefined, legacy: XNode | undefined): XNode | undefined {
  const current = path(sw, 'trunk', 'native', 'vlan', 'vlan-id');
  if (current) return current;
  const leaf = path(legacy, 'trunk', 'native', 'vlan');
  const id = leaf && leaf.children.length === 0 && /^[0-9]+$/.test(leaf.text.trim());
  return id ? leaf : path(legacy, 'trunk', 'native', 'vlan-config', 'vlan-id');
}

/** One list entry → its managed leaves. Prefers the 17.x `switchport-config/switchport` shape and
 * falls back per leaf to the obsolete `switchport` container older devices also return. A trunk
 * without an allowed list carries all VLANs (IOS-XE's default). */
function stateOf(name: string, iface: XNode): InterfaceState {
  const sw = path(iface, 'switchport-config', 'switchport');
  const legacy = child(iface, 'switchport');
  const pick = (...p: string[]): XNode | undefined => path(sw, ...p) ?? path(legacy, ...p);
  const mode = modeOf(iface, sw);
  const vlans = allowedVlanText(child(sw, 'trunk')) ?? allowedVlanText(child(legacy, 'trunk')) ?? (mode === 'trunk' ? 'all' : null);
  const addr = text(path(iface, 'ip', 'address', 'primary', 'address'));
  const mask = text(path(iface, 'ip', 'address', 'primary', 'mask'));
  const len = mask === null ? null : maskLength(mask);
  return {
    name,
    exists: true,
    description: text(child(iface, 'description')),
    enabled: child(iface, 'shutdown') === undefined,
    mtu: ranged(child(iface, 'mtu'), `${name} mtu`, MTU_RANGE),
    mode,
    accessVlan: accessVlanOf(pick('access', 'vlan', 'vlan'), name),
    nativeVlan: ranged(nativeVlanNode(sw, legacy), `${name} native VLAN`, VLAN_RANGE),
    allowedVlans: vlans === null ? null : parseVlanList(vlans),
    ipv4: addr !== null && len !== null ? `${addr}/${len}` : null,
  };
}

/**
 * Parses get-config `<data>` content (or a whole rpc-reply; an XML declaration is dropped) as the
 * children of a `<data>` root in the base namespace, which also binds the `nc` prefix. Throws
 * ValidationError when the device sent malformed XML.
 */
export async function parseDataTree(dataXml: string): Promise<XNode> {
  const body = dataXml.replace(/^\s*<\?xml[^>]*\?>/, '');
  try {
    return await parseXml(`<data xmlns="${NETCONF_NS}" xmlns:nc="${NETCONF_NS}">${body}</data>`);
  } catch (err) {
    throw new ValidationError(`device reply is not well-formed XML: ${(err as Error).message}`, [], { cause: err });
  }
}

function findNative(node: XNode, out: XNode[]): XNode[] {
  if (node.name === 'native' && node.ns === NATIVE_NS) out.push(node);
  else for (const c of node.children) findNative(c, out);
  return out;
}

/**
 * Reads the managed leaves of `names` (canonical long names) from a get-config `<data>` content
 * (or a whole rpc-reply). Matches on local names under the native namespace, so prefixes, extra
 * attributes and namespace declarations do not matter. Every requested name is in the result; one
 * not in the reply is `exists: false` with defaults.
 */
export async function parseInterfaces(dataXml: string, names: string[]): Promise<Map<string, InterfaceState>> {
  const wanted = new Map(names.map((n) => [canonicalName(n), n]));
  const result = new Map<string, InterfaceState>(names.map((n) => [n, absentState(n)]));
  const root = await parseDataTree(dataXml);
  for (const native of findNative(root, [])) {
    for (const list of children(native, 'interface').flatMap((i) => i.children)) {
      const key = text(child(list, 'name'));
      const name = key === null ? undefined : wanted.get(fromNativeName(list.name, key));
      if (name !== undefined) result.set(name, stateOf(name, list));
    }
  }
  return result;
}
