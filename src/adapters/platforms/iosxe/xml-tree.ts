import { parseStringPromise } from 'xml2js';
import { ValidationError } from '../../../core/errors.js';

/**
 * A namespace-resolved XML element: prefixes are gone, so `ios:mtu`, `<mtu xmlns=…>` and a default
 * namespace inherited from an ancestor all read the same. Extra attributes are kept but ignored by
 * the codec.
 */
export interface XNode {
  local: string;
  ns: string;
  /** Text content as sent (not trimmed; yuma indents multi-line text). */
  text: string;
  children: XNode[];
}

interface RawNode {
  $ns?: { local: string; uri: string };
  '#name'?: string;
  _?: string;
  $$?: RawNode[];
}

function convert(raw: RawNode): XNode {
  const local = raw.$ns?.local ?? raw['#name'] ?? '';
  return {
    local,
    ns: raw.$ns?.uri ?? '',
    text: typeof raw._ === 'string' ? raw._ : '',
    children: (raw.$$ ?? []).filter((c) => typeof c === 'object' && c !== null).map(convert),
  };
}

/** Parses an XML document (one root element) into an XNode tree; throws ValidationError on bad XML. */
export async function parseXmlTree(xml: string): Promise<XNode> {
  let parsed: Record<string, RawNode>;
  try {
    parsed = (await parseStringPromise(xml, {
      xmlns: true,
      explicitChildren: true,
      preserveChildrenOrder: true,
      explicitArray: true,
      trim: false,
      normalize: false,
    })) as Record<string, RawNode>;
  } catch (err) {
    throw new ValidationError(`device reply is not well-formed XML: ${(err as Error).message}`, [], { cause: err });
  }
  const root = parsed ? Object.values(parsed)[0] : undefined;
  if (!root) throw new ValidationError('device reply has no XML element');
  return convert(root);
}

/** First child with this local name (and namespace, when given). */
export function child(node: XNode | undefined, local: string, ns?: string): XNode | undefined {
  return node?.children.find((c) => c.local === local && (ns === undefined || c.ns === ns));
}

/** Follows a path of local names (namespace-agnostic below the native root). */
export function path(node: XNode | undefined, ...locals: string[]): XNode | undefined {
  let cur = node;
  for (const l of locals) cur = child(cur, l);
  return cur;
}

/** All children with this local name (and namespace, when given). */
export function childrenNamed(node: XNode | undefined, local: string, ns?: string): XNode[] {
  return (node?.children ?? []).filter((c) => c.local === local && (ns === undefined || c.ns === ns));
}
