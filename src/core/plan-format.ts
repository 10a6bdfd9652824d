import { compressVlanRanges } from './normalize.js';
import type { DevicePlan, LeafChange, LeafValue } from './plan-types.js';

/** How formatLeafValue prints the cases its callers differ on. */
export interface LeafValueFormat {
  /** What an empty list prints as (default `[]`). */
  emptyList?: string;
  /** Print runs of 3+ consecutive VLANs as `a-b` (default: every VLAN). */
  ranges?: boolean;
  /** Applied to a string before it is quoted, e.g. to cut it short. */
  clip?: (text: string) => string;
}

/** A leaf value for people: null `(none)`, strings quoted, lists comma-separated, the rest as is. */
export function formatLeafValue(v: LeafValue, o: LeafValueFormat = {}): string {
  if (v === null) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? (o.emptyList ?? '[]') : (o.ranges === true ? compressVlanRanges(v) : v).join(',');
  return typeof v === 'string' ? JSON.stringify(o.clip ? o.clip(v) : v) : String(v);
}

function line(c: LeafChange): string {
  const sign = c.op === 'remove' ? '-' : c.before === null ? '+' : '~';
  return `  ${sign} ${c.interface} ${c.leaf}: ${formatLeafValue(c.before)} → ${formatLeafValue(c.after)}${c.origin ? ` [${c.origin}]` : ''}`;
}

/**
 * A plan for people, like `terraform plan`: one line per leaf (`~` change, `+` set from nothing,
 * `-` remove), then one line per refusal (`!`), then a summary.
 */
export function formatPlan(plan: DevicePlan): string {
  const lines = [`device ${plan.device}:`];
  lines.push(...plan.changes.map(line));
  for (const r of plan.refused) lines.push(`  ! ${r.interface} refused (${r.reason}): ${r.leaves.join(', ')}`);
  const held = plan.pendingAdoption ?? [];
  if (held.length > 0) lines.push('  pending-adoption (held back until a ticket: intentd apply --device D --ticket T):', ...held.map(line));
  const noise = plan.noise ?? [];
  if (noise.length > 0) lines.push('  noise (the device stores these differently from what was sent, even after a retry; not sent again):', ...noise.map(line));
  const ignored = plan.ignored ?? [];
  if (ignored.length > 0) lines.push('  ignored (policy.yaml ignore: never sent, never reported):', ...ignored.map(line));
  const n = plan.changes.length;
  const summary = n === 0 ? (held.length > 0 ? 'nothing to send' : 'in sync') : `${n} leaf change${n === 1 ? '' : 's'}`;
  lines.push(`  ${summary}${plan.refused.length > 0 ? `, ${plan.refused.length} refused` : ''}${held.length > 0 ? `, ${held.length} pending adoption` : ''}`);
  return lines.join('\n');
}
