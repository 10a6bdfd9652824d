// Test-side helpers for IOS-XE native interface XML: subtree filters, edit payloads and reading leaves back
// out of <data> (via xml2js, so entities and namespace prefixes are handled like a real parser would).
import { parseStringPromise, processors } from 'xml2js';

export const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const NATIVE_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
export const SWITCH_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch';

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** `<native><interface><Type><name>..</name>{inner}</Type></interface></native>`; inner is raw XML. */
export function nativeInterface(type: string, name: string, inner = ''): string {
  return `<native xmlns="${NATIVE_NS}"><interface><${type}><name>${escape(name)}</name>${inner}</${type}></interface></native>`;
}

/** A leaf with nc:operation (declares the nc prefix on the element itself). */
export function ncOp(leaf: string, operation: 'remove' | 'delete' | 'create' | 'replace' | 'merge', inner?: string): string {
  const attrs = `xmlns:nc="${NETCONF_NS}" nc:operation="${operation}"`;
  return inner === undefined ? `<${leaf} ${attrs}/>` : `<${leaf} ${attrs}>${inner}</${leaf}>`;
}

export const descriptionLeaf = (text: string): string => `<description>${escape(text)}</description>`;

type Tree = { [key: string]: Tree[] | string | undefined; _?: string };

/** All interfaces of `type` in a get-config <data> fragment, keyed by name. */
export async function interfacesIn(data: string, type: string): Promise<Map<string, Tree>> {
  const doc = (await parseStringPromise(`<data>${data}</data>`, {
    tagNameProcessors: [processors.stripPrefix],
    explicitArray: true,
    explicitCharkey: false,
  })) as { data: Tree | string };
  const out = new Map<string, Tree>();
  if (typeof doc.data === 'string') return out;
  const list = at(doc.data, ['native', 'interface', type]);
  for (const entry of list) {
    const name = text(entry, ['name']);
    if (name !== undefined) out.set(name, entry);
  }
  return out;
}

function at(node: Tree, path: string[]): Tree[] {
  let nodes: Tree[] = [node];
  for (const step of path) {
    nodes = nodes.flatMap((n) => {
      const v = n[step];
      return Array.isArray(v) ? v.map((c) => (typeof c === 'string' ? ({ _: c } as Tree) : c)) : [];
    });
  }
  return nodes;
}

/** Text of the first node at `path` below `node` ('' for an empty leaf), or undefined when absent. */
export function text(node: Tree, path: string[]): string | undefined {
  const found = at(node, path)[0];
  if (found === undefined) return undefined;
  return typeof found._ === 'string' ? found._ : '';
}

/** Reads one leaf of one interface out of a get-config <data> fragment. */
export async function interfaceLeaf(data: string, type: string, name: string, path: string[]): Promise<string | undefined> {
  const entry = (await interfacesIn(data, type)).get(name);
  return entry === undefined ? undefined : text(entry, path);
}
