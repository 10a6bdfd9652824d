import { NATIVE_NS, SWITCH_NS } from '../adapters/platforms/iosxe/namespaces.js';
import type { XNode } from '../adapters/xml/tree.js';
import { LOGICAL_INTERFACE_TYPES } from '../adapters/platforms/iosxe/names.js';

/**
 * RESTCONF-style JSON (RFC 7951) of IOS-XE native interface entries read over NETCONF, so `intentd show`
 * prints what the lab's show_interface_config.py printed from RESTCONF. There is no YANG at run time,
 * so the leaf types intentd knows are listed here by path suffix; anything else is a string.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

type Kind = 'string' | 'number' | 'boolean' | 'empty' | 'presence';

/** Module names of the namespaces the IOS-XE interface subtree uses (the hello may add others). */
export const IOSXE_MODULES: ReadonlyMap<string, string> = new Map([
  [NATIVE_NS, 'Cisco-IOS-XE-native'],
  [SWITCH_NS, 'Cisco-IOS-XE-switch'],
]);

/** Leaf kinds by local-name path suffix below a list entry (first match wins). */
const KINDS: Array<[string[], Kind]> = [
  [['shutdown'], 'empty'],
  [['mtu'], 'number'],
  [['switchport-conf', 'switchport'], 'boolean'],
  [['mode', 'access'], 'presence'],
  [['mode', 'trunk'], 'presence'],
  [['mode', 'dot1q-tunnel'], 'presence'],
  [['access', 'vlan', 'vlan'], 'number'],
  [['native', 'vlan', 'vlan-id'], 'number'],
];

/** Lists keyed by a number (uint16/uint32 `name`), which RFC 7951 prints as a JSON number. */
const NUMERIC_KEY_LISTS: ReadonlySet<string> = new Set(LOGICAL_INTERFACE_TYPES);

function kindOf(list: string, path: string[]): Kind {
  if (path.length === 1 && path[0] === 'name') return NUMERIC_KEY_LISTS.has(list) ? 'number' : 'string';
  for (const [suffix, kind] of KINDS) {
    if (suffix.length <= path.length && suffix.every((s, i) => path[path.length - suffix.length + i] === s)) return kind;
  }
  return 'string';
}

function leafValue(kind: Kind, text: string): JsonValue {
  const t = text.trim();
  switch (kind) {
    case 'empty': return [null];
    case 'presence': return {};
    case 'number': return /^-?[0-9]+$/.test(t) ? Number(t) : text;
    case 'boolean': return t === 'true' ? true : t === 'false' ? false : text;
    default: return text;
  }
}

function qualified(node: XNode, parentNs: string, modules: ReadonlyMap<string, string>): string {
  if (node.ns === parentNs || node.ns === '') return node.name;
  return `${modules.get(node.ns) ?? node.ns}:${node.name}`;
}

function objectOf(node: XNode, list: string, path: string[], modules: ReadonlyMap<string, string>): JsonObject {
  const out: JsonObject = {};
  const counts = new Map<string, number>();
  for (const c of node.children) {
    const name = qualified(c, node.ns, modules);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const c of node.children) {
    const name = qualified(c, node.ns, modules);
    const p = [...path, c.name];
    const value = c.children.length > 0 ? objectOf(c, list, p, modules) : leafValue(kindOf(list, p), c.text);
    // Repeated siblings are list entries (or leaf-list items): RFC 7951 prints them as one array.
    if ((counts.get(name) ?? 0) > 1) {
      const arr = (out[name] ??= []) as JsonValue[];
      arr.push(value);
    } else {
      out[name] = value;
    }
  }
  return out;
}

/**
 * `{"Cisco-IOS-XE-native:<List>": [ {entry}, … ]}` for list entries of one list under
 * /native/interface. `modules` maps namespaces to module names (defaults to IOSXE_MODULES); a
 * namespace it does not know is printed as the URI.
 */
export function interfaceEntriesToJson(list: string, entries: XNode[], modules: ReadonlyMap<string, string> = IOSXE_MODULES): JsonObject {
  const top = `${modules.get(NATIVE_NS) ?? NATIVE_NS}:${list}`;
  return { [top]: entries.map((e) => objectOf(e, list, [], modules)) };
}
