import xml2js from 'xml2js';
import { OFF_LOOP_MIN_CHARS, xmlParsePool } from './parse-pool.js';

/**
 * intentd's one XML tree, for the NETCONF client, the IOS-XE codec, `intentd show` and the simulated
 * switch. Parsing is namespace-aware (xml2js/sax `xmlns` mode): prefixes are resolved and dropped, so
 * `nc:rpc-reply`, `<rpc-reply xmlns=…>` and a default namespace inherited from an ancestor all read the
 * same. An unbound prefix is malformed XML. Pure apart from xml2js' async API.
 */
export interface XNode {
  /** Local name (no prefix). */
  name: string;
  /** Namespace URI, '' when none. */
  ns: string;
  /** Attributes keyed by `uri|local` (unprefixed attributes: `|local`); namespace declarations are left out. */
  attrs: Map<string, string>;
  /** Text content as sent, not trimmed (yuma indents multi-line text); '' when only whitespace. */
  text: string;
  children: XNode[];
}

interface RawAttr { value: string; local: string; uri: string; prefix: string }
interface RawNode { '#name': string; $ns?: { uri: string; local: string }; $?: Record<string, RawAttr>; _?: string; $$?: RawNode[] }

const XMLNS_URI = 'http://www.w3.org/2000/xmlns/';

export function el(name: string, ns: string, children: XNode[] = [], text = ''): XNode {
  return { name, ns, attrs: new Map(), text, children };
}

export function clone(node: XNode): XNode {
  return { name: node.name, ns: node.ns, attrs: new Map(node.attrs), text: node.text, children: node.children.map(clone) };
}

function convert(raw: RawNode): XNode {
  const node = el(raw.$ns?.local ?? raw['#name'], raw.$ns?.uri ?? '');
  for (const a of Object.values(raw.$ ?? {})) {
    if (a.prefix === 'xmlns' || a.local === 'xmlns' || a.uri === XMLNS_URI) continue;
    node.attrs.set(`${a.uri}|${a.local}`, a.value);
  }
  node.text = raw._ ?? '';
  node.children = (raw.$$ ?? []).map(convert);
  return node;
}

/**
 * The root element, or undefined when the document has none (blank input). Rejects on malformed XML.
 * A big document is parsed by the parse worker (parse-pool.ts) when it runs, so the event loop stays free.
 */
async function parseDocument(xml: string): Promise<XNode | undefined> {
  return (xml.length >= OFF_LOOP_MIN_CHARS ? xmlParsePool.parse(xml) : null) ?? parseDocumentHere(xml);
}

/** parseDocument in this thread (the worker's own entry point). */
export async function parseDocumentHere(xml: string): Promise<XNode | undefined> {
  const parser = new xml2js.Parser({ xmlns: true, explicitChildren: true, preserveChildrenOrder: true, explicitRoot: false });
  const raw = (await parser.parseStringPromise(xml)) as RawNode | null;
  return raw && typeof raw === 'object' ? convert(raw) : undefined;
}

/**
 * Parses one XML document into its root element. Rejects with xml2js' error on malformed XML and with
 * `Error('empty XML document')` when there is no element.
 */
export async function parseXml(xml: string): Promise<XNode> {
  const root = await parseDocument(xml);
  if (!root) throw new Error('empty XML document');
  return root;
}

/** The root element when its local name is `name` (any namespace); undefined for another root or none. */
export async function parseRootNamed(xml: string, name: string): Promise<XNode | undefined> {
  const root = await parseDocument(xml);
  return root?.name === name ? root : undefined;
}

const matches = (c: XNode, name: string, ns: string | undefined): boolean => c.name === name && (ns === undefined || c.ns === ns);

/** First child with this local name (and namespace, when given). */
export function child(node: XNode | undefined, name: string, ns?: string): XNode | undefined {
  return node?.children.find((c) => matches(c, name, ns));
}

/** All children with this local name (and namespace, when given), in document order. */
export function children(node: XNode | undefined, name: string, ns?: string): XNode[] {
  return (node?.children ?? []).filter((c) => matches(c, name, ns));
}

/** Follows a path of local names, in any namespace. */
export function path(node: XNode | undefined, ...names: string[]): XNode | undefined {
  let cur = node;
  for (const n of names) cur = child(cur, n);
  return cur;
}

/** The distinct local names of the children, in order of first appearance. */
export function childNames(node: XNode): string[] {
  return [...new Set(node.children.map((c) => c.name))];
}

/** Trimmed text of the first child named `name`, or undefined when there is none. */
export function childText(node: XNode | undefined, name: string): string | undefined {
  return child(node, name)?.text.trim();
}

/** The attribute `local` in namespace `uri` ('' for an unprefixed attribute). */
export function attr(node: XNode, uri: string, local: string): string | undefined {
  return node.attrs.get(`${uri}|${local}`);
}

/** The attribute with this local name in any namespace (the last one when several). */
export function attrAnyNs(node: XNode, local: string): string | undefined {
  let value: string | undefined;
  for (const [key, v] of node.attrs) if (key.slice(key.lastIndexOf('|') + 1) === local) value = v;
  return value;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for use in element content or attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Escapes element text only: quotes stay as they are, as real servers send them. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/** Serializes an element; `xmlns` is written wherever the namespace changes from the parent's. Attributes are not written. */
export function serialize(node: XNode, parentNs = ''): string {
  const ns = node.ns !== parentNs ? ` xmlns="${escapeXml(node.ns)}"` : '';
  if (node.children.length === 0 && node.text === '') return `<${node.name}${ns}/>`;
  const inner = node.children.length > 0 ? node.children.map((c) => serialize(c, node.ns)).join('') : escapeText(node.text);
  return `<${node.name}${ns}>${inner}</${node.name}>`;
}
