import type { DevicePlan, LeafChange, LeafValue } from './plan-types.js';

function show(v: LeafValue): string {
  if (v === null) return '(none)';
  if (Array.isArray(v)) return v.length === 0 ? '[]' : v.join(',');
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function line(c: LeafChange): string {
  const sign = c.op === 'remove' ? '-' : c.before === null ? '+' : '~';
  return `  ${sign} ${c.interface} ${c.leaf}: ${show(c.before)} → ${show(c.after)}`;
}

/**
 * A plan for people, like `terraform plan`: one line per leaf (`~` change, `+` set from nothing,
 * `-` remove), then one line per refusal (`!`), then a summary.
 */
export function formatPlan(plan: DevicePlan): string {
  const lines = [`device ${plan.device}:`];
  lines.push(...plan.changes.map(line));
  for (const r of plan.refused) lines.push(`  ! ${r.interface} refused (${r.reason}): ${r.leaves.join(', ')}`);
  const n = plan.changes.length;
  const summary = n === 0 ? 'in sync' : `${n} leaf change${n === 1 ? '' : 's'}`;
  lines.push(`  ${summary}${plan.refused.length > 0 ? `, ${plan.refused.length} refused` : ''}`);
  return lines.join('\n');
}
