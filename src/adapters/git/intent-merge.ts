import { sameManagedContent } from '../../core/intent-compare.js';
import type { DeviceIntent, InterfaceIntent } from '../../core/types.js';

const same = (device: string, a: InterfaceIntent, b: InterfaceIntent): boolean =>
  sameManagedContent({ device, interfaces: [a] }, { device, interfaces: [b] });

/**
 * Three-way merge of a device's intent per interface, for a write prepared from `base` while the
 * file moved on to `theirs` (e.g. an operator's hand edit). An interface `ours` left as it was in
 * `base` (managed content) takes `theirs` (changed, added or removed there); one `ours` changed or
 * added wins over `theirs` (it is the newer NetBox state). Order: `theirs`, then interfaces new in
 * `ours`. A null base or theirs means no file. Pure.
 */
export function mergeIntent(base: DeviceIntent | null, theirs: DeviceIntent | null, ours: DeviceIntent): DeviceIntent {
  const device = ours.device;
  const baseBy = new Map((base?.interfaces ?? []).map((i) => [i.name, i]));
  const oursBy = new Map(ours.interfaces.map((i) => [i.name, i]));
  const untouched = (name: string): boolean => {
    const b = baseBy.get(name);
    const o = oursBy.get(name);
    if (b === undefined || o === undefined) return b === o;
    return same(device, b, o);
  };
  const out: InterfaceIntent[] = [];
  const seen = new Set<string>();
  for (const t of theirs?.interfaces ?? []) {
    seen.add(t.name);
    const o = oursBy.get(t.name);
    if (untouched(t.name) || o === undefined) out.push(t);
    else out.push(o);
  }
  for (const o of ours.interfaces) {
    if (seen.has(o.name)) continue;
    // Absent in theirs: keep ours unless theirs removed an interface we did not change.
    if (baseBy.has(o.name) && untouched(o.name)) continue;
    out.push(o);
  }
  return { device, interfaces: out };
}
