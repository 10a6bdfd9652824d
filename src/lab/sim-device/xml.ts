import xml2js from 'xml2js';

/**
 * The simulator's own small XML tree: element name + namespace, attributes keyed by `uri|local`,
 * text, children. xml2js does the namespace-aware parsing; everything else works on XNode.
 */
export interface XNode {
  name: string;
  ns: string;
  attrs: Map<string, string>;
  text: string;
  children: XNode[];
}

export const NC_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const NATIVE_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
export const SWITCH_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch';
export const IA_NS = 'http://cisco.com/yang/cisco-ia';

interface RawAttr { value: string; local: string; uri: string; prefix: string }
interface RawNode { '#name': string; $ns?: { uri: string; local: string }; $?: Record<string, RawAttr>; _?: string; $$?: RawNode[] }

export function el(name: string, ns: string, children: XNode[] = [], text = ''): XNode {
  return { name, ns, attrs: new Map(), text, children };
}

export function attr(node: XNode, uri: string, local: string): string | undefined {
  return node.attrs.get(`${uri}|${local}`);
}

export function child(node: XNode, name: string, ns?: string): XNode | undefined {
  return node.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));
}

export function clone(node: XNode): XNode {
  return { name: node.name, ns: node.ns, attrs: new Map(node.attrs), text: node.text, children: node.children.map(clone) };
}

function convert(raw: RawNode): XNode {
  const node = el(raw.$ns?.local ?? raw['#name'], raw.$ns?.uri ?? '');
  for (const a of Object.values(raw.$ ?? {})) {
    if (a.prefix === 'xmlns' || a.local === 'xmlns' || a.uri === 'http://www.w3.org/2000/xmlns/') continue;
    node.attrs.set(`${a.uri}|${a.local}`, a.value);
  }
  node.text = raw._ ?? '';
  node.children = (raw.$$ ?? []).map(convert);
  return node;
}

/** Parses one XML document (namespace-aware). Rejects on malformed XML. */
export async function parseXml(xml: string): Promise<XNode> {
  const parser = new xml2js.Parser({ xmlns: true, explicitChildren: true, preserveChildrenOrder: true, explicitRoot: false });
  const raw = (await parser.parseStringPromise(xml)) as RawNode | null;
  if (!raw || typeof raw !== 'object') throw new Error('empty XML document');
  return convert(raw);
}

/** Escapes element text (quotes stay as they are, as real servers send them). */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
}

/** Escapes attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Serializes a data node; `xmlns` is written wherever the namespace changes from the parent's. */
export function serialize(node: XNode, parentNs = ''): string {
  const ns = node.ns !== parentNs ? ` xmlns="${escapeXml(node.ns)}"` : '';
  if (node.children.length === 0 && node.text === '') return `<${node.name}${ns}/>`;
  const inner = node.children.length > 0 ? node.children.map((c) => serialize(c, node.ns)).join('') : escapeText(node.text);
  return `<${node.name}${ns}>${inner}</${node.name}>`;
}
