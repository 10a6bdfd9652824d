import { ValidationError } from '../../../core/errors.js';
import type { AllowedVlans } from '../../../core/types.js';
import type { DevicePlan, Leaf, LeafChange } from '../../../core/plan-types.js';
import { escapeXml, NETCONF_NS } from '../../netconf/rpc.js';
import { splitVlanLines, vlanRangeText, type AllowedVlanShape } from './codec-vlans.js';
import { toNativeName } from './names.js';
import { NATIVE_NS, SWITCH_NS } from './namespaces.js';

/** A small element tree, rendered with two-space indentation (whitespace between elements is
 * insignificant to NETCONF servers and keeps the audit copy of the edit readable). */
interface El {
  name: string;
  attrs: string;
  text?: string;
  children: El[];
}

const REMOVE = ' nc:operation="remove"';
const SW = ` xmlns="${SWITCH_NS}"`;

function el(name: string, attrs = '', text?: string): El {
  return text === undefined ? { name, attrs, children: [] } : { name, attrs, text, children: [] };
}

/** The child `name` of `parent` (created on first use), so containers are shared by leaves. */
function ensure(parent: El, name: string, attrs = ''): El {
  let c = parent.children.find((x) => x.name === name && x.attrs === attrs && x.text === undefined);
  if (!c) parent.children.push((c = el(name, attrs)));
  return c;
}

/** Puts a leaf (or removal) at `containers…/leaf` below `parent`; containers may carry attributes. */
function put(parent: El, containers: Array<string | [string, string]>, leaf: El): void {
  reach(parent, containers).children.push(leaf);
}

/** The element at `containers…` below `parent`, created on first use. */
function reach(parent: El, containers: Array<string | [string, string]>): El {
  let cur = parent;
  for (const c of containers) cur = typeof c === 'string' ? ensure(cur, c) : ensure(cur, c[0], c[1]);
  return cur;
}

function render(e: El, indent: string): string {
  if (e.text !== undefined) return `${indent}<${e.name}${e.attrs}>${escapeXml(e.text)}</${e.name}>`;
  if (e.children.length === 0) return `${indent}<${e.name}${e.attrs}/>`;
  const inner = e.children.map((c) => render(c, `${indent}  `)).join('\n');
  return `${indent}<${e.name}${e.attrs}>\n${inner}\n${indent}</${e.name}>`;
}

/** `10.0.0.1/24` → address + dotted mask. */
export function splitIpv4(cidr: string): { address: string; mask: string } {
  const m = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
  const len = m ? Number(m[2]) : NaN;
  if (!m || len > 32) throw new ValidationError(`not an IPv4 address/prefix length: ${JSON.stringify(cidr)}`);
  const bits = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const mask = [24, 16, 8, 0].map((s) => (bits >>> s) & 0xff).join('.');
  return { address: m[1] as string, mask };
}

/** A VLAN list as the device writes it: `all`, or ranges (`1-10,20`). */
export function renderVlanList(v: AllowedVlans): string {
  return v === 'all' ? 'all' : vlanRangeText(v);
}

const REPLACE = ' nc:operation="replace"';

/**
 * The allowed-VLAN change in the device's shape. "all" is the trunk default, so it (like a removal)
 * clears the list; vlan-v2 is replaced whole (base line plus `add` lines, so no stale `add` entry
 * survives) and the deprecated container cleared, so the two never disagree.
 */
function allowedChange(allowed: El, after: AllowedVlans | null, shape: AllowedVlanShape): void {
  const list = after === null || after === 'all' ? null : after;
  if (shape === 'legacy') {
    if (list === null) return void allowed.children.push(el('vlan', REMOVE));
    return put(allowed, ['vlan'], list.length === 0 ? el('none') : el('vlans', '', vlanRangeText(list)));
  }
  if (list === null) allowed.children.push(el('vlan-v2', REMOVE));
  else {
    const v2 = el('vlan-v2', REPLACE);
    const { base, adds } = splitVlanLines(list);
    if (list.length === 0) v2.children.push(el('none'));
    else v2.children.push(el('vlans', '', base));
    if (adds.length > 0) {
      const addVlans = ensure(v2, 'add-vlans');
      for (const line of adds) put(addVlans, [], { ...el('add'), children: [el('vlans', '', line)] });
    }
    allowed.children.push(v2);
  }
  allowed.children.push(el('vlan', REMOVE));
}

const SWP = ['switchport-config', 'switchport'];
const L2 = new Set(['access', 'trunk']);

/** Adds one leaf change to the interface element, in the 17.x native/switch model shape. */
function addChange(iface: El, c: LeafChange, shape: AllowedVlanShape): void {
  const remove = c.op === 'remove';
  const value = String(c.after);
  switch (c.leaf) {
    case 'description':
      put(iface, [], remove ? el('description', REMOVE) : el('description', '', value));
      return;
    case 'enabled':
      put(iface, [], c.after === false ? el('shutdown') : el('shutdown', REMOVE));
      return;
    case 'mtu':
      put(iface, [], remove ? el('mtu', REMOVE) : el('mtu', '', value));
      return;
    case 'ipv4': {
      if (remove) return put(iface, ['ip', 'address'], el('primary', REMOVE));
      const { address, mask } = splitIpv4(value);
      put(iface, ['ip', 'address', 'primary'], el('address', '', address));
      return put(iface, ['ip', 'address', 'primary'], el('mask', '', mask));
    }
    case 'mode': {
      const toL2 = L2.has(value);
      if (toL2 !== L2.has(String(c.before))) put(iface, ['switchport-conf'], el('switchport', '', String(toL2)));
      if (toL2) return put(iface, [...SWP, ['mode', SW]], el(value));
      return put(iface, SWP, el('mode', `${SW}${REMOVE}`));
    }
    case 'accessVlan':
      // Removal targets the `access/vlan` container: the leaf is a union (1..4094 | dynamic), and an
      // empty union leaf is not a value some servers accept even with operation="remove".
      if (remove) return put(iface, [...SWP, ['access', SW]], el('vlan', REMOVE));
      return put(iface, [...SWP, ['access', SW], 'vlan'], el('vlan', '', value));
    case 'allowedVlans': {
      const allowed = reach(iface, [...SWP, ['trunk', SW], 'allowed']);
      return allowedChange(allowed, remove ? null : (c.after as AllowedVlans), shape);
    }
    case 'nativeVlan':
      return put(iface, [...SWP, ['trunk', SW], 'native', 'vlan'], remove ? el('vlan-id', REMOVE) : el('vlan-id', '', value));
  }
}

/** Element order inside an interface, as the LTRCRT-2005 templates send it. */
const EDIT_ORDER: Leaf[] = ['description', 'enabled', 'mtu', 'ipv4', 'mode', 'accessVlan', 'allowedVlans', 'nativeVlan'];

/**
 * The `<native>` element for `<config>` carrying exactly the plan's changes (refused intent is not
 * sent): set leaves are merged, removed leaves carry `nc:operation="remove"` (idempotent: removing an
 * absent leaf is not an error). Allowed VLANs go in `shape` (default legacy: every 17.x device still
 * has that container). Returns '' for a plan without changes.
 */
export function buildEdit(plan: DevicePlan, o: { shape?: AllowedVlanShape } = {}): string {
  if (plan.changes.length === 0) return '';
  const order = (c: LeafChange): number => EDIT_ORDER.indexOf(c.leaf);
  const iface = el('interface');
  const byName = new Map<string, El>();
  for (const c of [...plan.changes].sort((a, b) => order(a) - order(b))) {
    let entry = byName.get(c.interface);
    if (!entry) {
      const { type, key } = toNativeName(c.interface);
      entry = el(type);
      entry.children.push(el('name', '', key));
      byName.set(c.interface, entry);
    }
    addChange(entry, c, o.shape ?? 'legacy');
  }
  // Interfaces in plan order (first appearance), not in leaf order.
  for (const name of new Set(plan.changes.map((c) => c.interface))) iface.children.push(byName.get(name) as El);
  const ncDecl = render(iface, '').includes('nc:operation') ? ` xmlns:nc="${NETCONF_NS}"` : '';
  return render({ name: 'native', attrs: ` xmlns="${NATIVE_NS}"${ncDecl}`, children: [iface] }, '');
}

/**
 * Subtree filter selecting only the named interfaces (one list entry per name, keyed by `name`), so
 * a read never pulls the whole configuration.
 */
export function interfacesFilter(names: string[]): string {
  const entries = names.map((n) => {
    const { type, key } = toNativeName(n);
    return `<${type}><name>${escapeXml(key)}</name></${type}>`;
  });
  return `<native xmlns="${NATIVE_NS}"><interface>${entries.join('')}</interface></native>`;
}
