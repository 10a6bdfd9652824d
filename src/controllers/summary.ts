import { formatLeafValue } from '../core/plan-format.js';
import type { LeafChange, LeafValue } from '../core/plan-types.js';
import type { PlatformRules } from '../core/platform-rules.js';

/** Whose short interface names a summary uses: the device's platform rules, or null (names as is). */
export type ShortNames = Pick<PlatformRules, 'shortName'> | null;

/** `name` in the platform's short form, or as is without rules. */
export const shortNameOf = (rules: ShortNames, name: string): string => (rules ? rules.shortName(name) : name);

/** An empty list prints as nothing here (the plan prints `[]`). */
const show = (v: LeafValue): string => formatLeafValue(v, { emptyList: '' });

/**
 * `Gi1/0/2 description, mtu; Gi1/0/3 enabled` — the what-changed part of a commit subject, with
 * the short names of the device's platform (`rules`; null: names as is).
 */
export function summarizeChanges(changes: LeafChange[], rules: ShortNames): string {
  const byItf = new Map<string, string[]>();
  for (const c of changes) {
    const leaves = byItf.get(c.interface) ?? [];
    if (!leaves.includes(c.leaf)) leaves.push(c.leaf);
    byItf.set(c.interface, leaves);
  }
  const parts = [...byItf].map(([itf, leaves]) => `${shortNameOf(rules, itf)} ${leaves.join(', ')}`);
  const text = parts.join('; ');
  return text.length > 120 ? `${parts.length} interfaces, ${changes.length} leaves` : text;
}

/** One `- <interface> <leaf>: <before> → <after>` line per change. */
export function changeLines(changes: LeafChange[]): string[] {
  return changes.map((c) => `- ${c.interface} ${c.leaf}: ${show(c.before)} → ${c.op === 'remove' ? '(removed)' : show(c.after)}`);
}
