import type { LeafChange, LeafValue } from '../core/plan-types.js';

/** `Gi1/0/2 description, mtu; Gi1/0/3 enabled` — the what-changed part of a commit subject. */
export function summarizeChanges(changes: LeafChange[]): string {
  const byItf = new Map<string, string[]>();
  for (const c of changes) {
    const leaves = byItf.get(c.interface) ?? [];
    if (!leaves.includes(c.leaf)) leaves.push(c.leaf);
    byItf.set(c.interface, leaves);
  }
  const parts = [...byItf].map(([itf, leaves]) => `${shortName(itf)} ${leaves.join(', ')}`);
  const text = parts.join('; ');
  return text.length > 120 ? `${parts.length} interfaces, ${changes.length} leaves` : text;
}

/** One `- <interface> <leaf>: <before> → <after>` line per change. */
export function changeLines(changes: LeafChange[]): string[] {
  return changes.map((c) => `- ${c.interface} ${c.leaf}: ${show(c.before)} → ${c.op === 'remove' ? '(removed)' : show(c.after)}`);
}

export function show(v: LeafValue): string {
  if (v === null) return '(none)';
  if (Array.isArray(v)) return v.join(',');
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

const SHORT: Array<[RegExp, string]> = [
  [/^GigabitEthernet/, 'Gi'],
  [/^TwoGigabitEthernet/, 'Tw'],
  [/^FiveGigabitEthernet/, 'Fi'],
  [/^TenGigabitEthernet/, 'Te'],
  [/^TwentyFiveGigE/, 'Twe'],
  [/^FortyGigabitEthernet/, 'Fo'],
  [/^HundredGigE/, 'Hu'],
  [/^AppGigabitEthernet/, 'Ap'],
  [/^Port-channel/, 'Po'],
  [/^Loopback/, 'Lo'],
];

export function shortName(name: string): string {
  for (const [re, s] of SHORT) if (re.test(name)) return name.replace(re, s);
  return name;
}
