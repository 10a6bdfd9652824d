import { clone, type XNode } from '../../adapters/xml/tree.js';

/**
 * RFC 6241 §6 subtree filtering over the simulator's data tree: containment nodes narrow, content
 * match nodes (leaves with text) select siblings whose leaf equals the text, selection nodes (empty
 * leaves) select whole subtrees. Returns the matching top-level nodes (copies).
 */
export function subtreeFilter(roots: XNode[], filter: XNode): XNode[] {
  const out: XNode[] = [];
  for (const f of filter.children) {
    for (const d of roots) {
      if (!same(d, f)) continue;
      const m = matchNode(d, f);
      if (m) out.push(m);
    }
  }
  return out;
}

function same(d: XNode, f: XNode): boolean {
  return d.name === f.name && (f.ns === '' || d.ns === f.ns);
}

function matchNode(data: XNode, filter: XNode): XNode | null {
  if (filter.children.length === 0) {
    if (filter.text.trim() === '') return clone(data);
    return data.text.trim() === filter.text.trim() ? clone(data) : null;
  }
  const contentMatches = filter.children.filter((c) => c.children.length === 0 && c.text.trim() !== '');
  for (const cm of contentMatches) {
    if (!data.children.some((d) => same(d, cm) && d.text.trim() === cm.text.trim())) return null;
  }
  const others = filter.children.filter((c) => !contentMatches.includes(c));
  if (others.length === 0) return clone(data);
  const result: XNode = { ...clone(data), children: [] };
  for (const d of data.children) {
    if (contentMatches.some((cm) => same(d, cm))) {
      result.children.push(clone(d));
      continue;
    }
    for (const f of others) {
      if (!same(d, f)) continue;
      const m = matchNode(d, f);
      if (m) {
        result.children.push(m);
        break;
      }
    }
  }
  // A containment node that selected nothing below it drops out of the reply.
  return result.children.length > contentMatches.length || (contentMatches.length > 0 && others.length === 0) ? result : null;
}
