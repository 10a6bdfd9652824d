import type { InterfaceIntent } from '../core/types.js';
import { shortNameOf, type ShortNames } from './summary.js';

/** Intent fields compared by the sync; `ticket` and provenance are not among them (`mgmtOnly` is). */
export const SYNC_FIELDS = ['description', 'enabled', 'mtu', 'mode', 'accessVlan', 'nativeVlan', 'allowedVlans', 'ipv4'] as const;
export type SyncField = (typeof SYNC_FIELDS)[number] | 'mgmtOnly';

export interface FieldChange {
  field: SyncField;
  before: unknown;
  after: unknown;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** The fields where NetBox (`next`) differs from the current intent, in canonical order. Pure. */
export function changedFields(current: InterfaceIntent, next: InterfaceIntent): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of SYNC_FIELDS) if (!same(current[f], next[f])) out.push({ field: f, before: current[f], after: next[f] });
  const was = current.source?.mgmtOnly ?? false;
  const now = next.source?.mgmtOnly ?? false;
  if (was !== now) out.push({ field: 'mgmtOnly', before: was, after: now });
  return out;
}

const show = (v: unknown): string => (v === undefined ? '(unmanaged)' : JSON.stringify(v));

export interface SubjectPart {
  interface: string;
  fields: string[];
}

/**
 * `intent(c9300): Gi1/0/2 description, mtu` for the taken changes, `import N interfaces` for a
 * baseline; long lists are summarised to keep the subject short. Names in the short form of the
 * device's platform (`rules`; null: as is). Pure.
 */
export function syncSubject(device: string, taken: SubjectPart[], imported: string[], rules: ShortNames): string {
  const short = (name: string): string => shortNameOf(rules, name);
  const parts: string[] = [];
  if (taken.length > 0 && taken.length <= 3) {
    parts.push(taken.map((t) => `${short(t.interface)} ${t.fields.join(', ')}`).join('; '));
  } else if (taken.length > 3) {
    parts.push(`${taken.length} interfaces (${taken.slice(0, 2).map((t) => short(t.interface)).join(', ')}, …)`);
  }
  if (imported.length === 1) parts.push(`import ${short(imported[0] as string)}`);
  else if (imported.length > 1) parts.push(`import ${imported.length} interfaces`);
  return `intent(${device}): ${parts.join('; ')}`;
}

/** Commit body: one `interface field: before → after` line per change, then the tickets. Pure. */
export function syncBody(
  taken: { interface: string; ticket: string | null; changes: FieldChange[] }[],
  imported: string[],
): string {
  const lines: string[] = [];
  for (const t of taken) {
    for (const c of t.changes) lines.push(`${t.interface} ${c.field}: ${show(c.before)} → ${show(c.after)}`);
  }
  if (imported.length > 0) lines.push(`Imported from NetBox as baseline: ${imported.join(', ')}`);
  const tickets = [...new Set(taken.map((t) => t.ticket).filter((t): t is string => t !== null))];
  if (tickets.length > 0) lines.push('', `Tickets: ${tickets.join(', ')}`);
  return lines.join('\n');
}
