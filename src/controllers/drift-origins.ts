import { driftOrigin } from '../core/drift-origin.js';
import type { DevicePlan, LeafChange } from '../core/plan-types.js';

const keyOf = (c: LeafChange): string => `${c.interface}\u0000${c.leaf}\u0000${JSON.stringify(c.after)}`;

/**
 * Gives each planned leaf its drift origin (core/drift-origin.ts) and remembers, per device, the leaves
 * an edit sent that read back differently (device-side normalization). Such a leaf is sent once more;
 * when the device again stores it the same other way it becomes `noise`: moved from `changes` to
 * `noise` (reported, never sent) until intent for it or the device's value changes. In memory: after
 * a restart a normalizing leaf gets one more try.
 */
export class DriftOrigins {
  /** device → leaf key (interface, leaf, value sent) → what the device read back and how often. */
  private readonly normalized = new Map<string, Map<string, { observed: string; tries: number }>>();

  /** The re-read after an edit still shows these leaves differently (`before`: what the device holds). */
  unverified(device: string, remaining: LeafChange[]): void {
    const seen = this.normalized.get(device) ?? new Map<string, { observed: string; tries: number }>();
    for (const c of remaining) {
      const observed = JSON.stringify(c.before);
      const known = seen.get(keyOf(c));
      seen.set(keyOf(c), { observed, tries: known?.observed === observed ? known.tries + 1 : 1 });
    }
    this.normalized.set(device, seen);
  }

  /** These leaves were sent and verified: nothing to remember about them. */
  verified(device: string, changes: LeafChange[]): void {
    const seen = this.normalized.get(device);
    for (const c of changes) seen?.delete(keyOf(c));
    if (seen?.size === 0) this.normalized.delete(device);
  }

  /** The plan with an origin on each drifting leaf, normalization noise moved to `noise`, held leaves `waiting`. */
  annotate(device: string, plan: DevicePlan, facts: { verifiedAtRevision: boolean; failedAtRevision: boolean }): DevicePlan {
    const seen = this.normalized.get(device);
    const changes: LeafChange[] = [];
    const noise: LeafChange[] = [];
    for (const c of plan.changes) {
      const known = seen?.get(keyOf(c));
      const normalizedTries = known?.observed === JSON.stringify(c.before) ? known.tries : 0;
      const origin = driftOrigin({ ...facts, normalizedTries });
      if (origin === 'noise') noise.push({ ...c, origin });
      else changes.push(origin === null ? c : { ...c, origin });
    }
    const out: DevicePlan = { ...plan, changes };
    if (plan.pendingAdoption) out.pendingAdoption = plan.pendingAdoption.map((c) => ({ ...c, origin: 'waiting' }));
    if (noise.length > 0) out.noise = noise;
    return out;
  }
}
