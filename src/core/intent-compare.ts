import { normalizeAllowedVlans } from './normalize.js';
import type { DeviceIntent, InterfaceIntent } from './types.js';
import { MANAGED_FIELDS } from './types.js';

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const x = normalizeAllowedVlans(a as number[]);
    const y = normalizeAllowedVlans(b as number[]);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  return a === b;
}

function sameInterface(a: InterfaceIntent, b: InterfaceIntent): boolean {
  if (!MANAGED_FIELDS.every((f) => sameValue(a[f], b[f]))) return false;
  // mgmtOnly lives in `source` but decides what intentd may touch, so it is content, not provenance.
  // So does `adopted`: it holds back what intentd sends until a ticket approves it.
  return (a.source?.mgmtOnly ?? false) === (b.source?.mgmtOnly ?? false) && (a.source?.adopted ?? false) === (b.source?.adopted ?? false);
}

/**
 * True when both intents manage the same interfaces with the same values. Provenance (`source`:
 * NetBox id, last_updated) is ignored, except `mgmtOnly`. Absent (unmanaged) and null differ.
 * Interface order does not matter. Pure.
 */
export function sameManagedContent(a: DeviceIntent, b: DeviceIntent): boolean {
  if (a.device !== b.device || a.interfaces.length !== b.interfaces.length) return false;
  const byName = new Map(b.interfaces.map((i) => [i.name, i]));
  if (byName.size !== b.interfaces.length || new Set(a.interfaces.map((i) => i.name)).size !== byName.size) return false;
  return a.interfaces.every((i) => {
    const other = byName.get(i.name);
    return other !== undefined && sameInterface(i, other);
  });
}

/** What of one interface's intent decides what is sent (managed fields, mgmtOnly, adopted), as a comparable string. */
export function interfaceFingerprint(i: InterfaceIntent): string {
  const values = MANAGED_FIELDS.map((f) => {
    const v = i[f];
    return Array.isArray(v) ? normalizeAllowedVlans(v as number[]) : v;
  });
  return JSON.stringify([values, i.source?.mgmtOnly ?? false, i.source?.adopted ?? false]);
}
