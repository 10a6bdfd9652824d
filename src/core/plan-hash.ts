import { createHash } from 'node:crypto';
import type { LeafChange } from './plan-types.js';

/** JSON with object keys sorted at every level, so equal content always gives equal text. Pure. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/**
 * The content hash of a plan held for approval: sha256 (hex) of the canonical JSON of the device,
 * the intent revision and the leaf changes (interface, leaf, op, before, after, in plan order). Any
 * other plan — a newer intent revision, another device value — has another hash. Pure.
 */
export function planHash(device: string, revision: string | null, changes: readonly LeafChange[]): string {
  const leaves = changes.map((c) => ({ interface: c.interface, leaf: c.leaf, op: c.op, before: c.before, after: c.after }));
  return createHash('sha256').update(canonicalJson({ device, revision, changes: leaves })).digest('hex');
}
