import { shortInterfaceName } from '../core/normalize.js';
import { formatLeafValue } from '../core/plan-format.js';
import type { LeafChange, LeafValue } from '../core/plan-types.js';

/** An empty list prints as nothing here (the plan prints `[]`). */
const show = (v: LeafValue): string => formatLeafValue(v, { emptyList: '' });

/** `Gi1/0/2 description, mtu; Gi1/0/3 enabled` — the what-changed part of a commit subject. */
export function summarizeChanges(changes: LeafChange[]): string {
  const byItf = new Map<string, string[]>();
  for (const c of changes) {
    const leaves = byItf.get(c.interface) ?? [];
    if (!leaves.includes(c.leaf)) leaves.push(c.leaf);
    byItf.set(c.interface, leaves);
  }
  const parts = [...byItf].map(([itf, leaves]) => `${shortInterfaceName(itf)} ${leaves.join(', ')}`);
  const text = parts.join('; ');
  return text.length > 120 ? `${parts.length} interfaces, ${changes.length} leaves` : text;
}

/** One `- <interface> <leaf>: <before> → <after>` line per change. */
export function changeLines(changes: LeafChange[]): string[] {
  return changes.map((c) => `- ${c.interface} ${c.leaf}: ${show(c.before)} → ${c.op === 'remove' ? '(removed)' : show(c.after)}`);
}
