/**
 * Namespace-tolerant XML reading on top of xml2js. Prefixes are stripped from element names, every
 * child is an array and every element an object (`_` text, `$` attributes), so servers that add
 * attributes, namespace declarations or prefixes (yuma's `nc:`, `last-modified`) read the same.
 */
import { parseStringPromise, processors } from 'xml2js';

export interface XmlNode {
  _?: string;
  $?: Record<string, string>;
  [child: string]: XmlNode[] | string | Record<string, string> | undefined;
}

/** Parses a document into `{ rootName: XmlNode }`. Throws xml2js errors on malformed XML. */
export async function parseXml(xml: string): Promise<Record<string, XmlNode>> {
  const doc = (await parseStringPromise(xml, {
    explicitArray: true,
    explicitCharkey: true,
    emptyTag: () => ({}),
    tagNameProcessors: [processors.stripPrefix],
    attrNameProcessors: [processors.stripPrefix],
  })) as Record<string, XmlNode> | null;
  return doc ?? {};
}

/** Child elements named `name` (local name). */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const value = node?.[name];
  return Array.isArray(value) ? value : [];
}

/** Names of the child elements of `node`, in no guaranteed order. */
export function childNames(node: XmlNode): string[] {
  return Object.keys(node).filter((k) => k !== '_' && k !== '$');
}

/** Trimmed text of the first child named `name`, or undefined when absent. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const first = children(node, name)[0];
  return first === undefined ? undefined : (first._ ?? '').trim();
}
