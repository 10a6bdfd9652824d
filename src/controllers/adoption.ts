import type { DevicePlan } from '../core/plan-types.js';
import type { DeviceIntent } from '../core/types.js';
import { shortNameOf, type ShortNames } from './summary.js';

/**
 * Adoption (first import without a ticket, `reconcile.adopt: report`): interfaces carry
 * `source.adopted` until a ticket approves them. These helpers are pure.
 */

/** Adopted interfaces that the plan leaves alone: the device already matches them, so the mark can go. */
export function adoptedInSync(intent: DeviceIntent, plan: DevicePlan): string[] {
  const busy = new Set([...plan.changes, ...(plan.pendingAdoption ?? [])].map((c) => c.interface));
  return intent.interfaces.filter((i) => i.source?.adopted === true && !busy.has(i.name)).map((i) => i.name);
}

/** The intent with the adoption mark removed from `names` (every adopted interface when omitted). */
export function clearAdopted(intent: DeviceIntent, names?: readonly string[]): { intent: DeviceIntent; cleared: string[] } {
  const want = names === undefined ? null : new Set(names);
  const cleared: string[] = [];
  const interfaces = intent.interfaces.map((i) => {
    if (i.source?.adopted !== true || (want !== null && !want.has(i.name))) return i;
    cleared.push(i.name);
    const { adopted: _dropped, ...source } = i.source;
    return { ...i, source };
  });
  return { intent: { device: intent.device, interfaces }, cleared };
}

/** `adopt(c9300): Gi1/0/5, Lo0` or `adopt(c9300): 51 interfaces`, and the reason (short names per `rules`). */
export function adoptSubject(device: string, cleared: readonly string[], why: string, rules: ShortNames): string {
  const what = cleared.length <= 3 ? cleared.map((n) => shortNameOf(rules, n)).join(', ') : `${cleared.length} interfaces`;
  return `adopt(${device}): ${what} ${why}`;
}
