import type { AllowedVlans } from '../../../core/types.js';
import { DeviceDataError } from '../errors.js';

/** OpenConfig writes "all VLANs" as the one range covering every VLAN id. */
export const ALL_VLANS_RANGE = '1..4094';

/**
 * trunk-vlans entries for an allowed-VLAN list: runs of three or more ids become `a..b`, others stay
 * single ids; 'all' is `1..4094`. The list must be sorted and de-duplicated (intent's form).
 */
export function renderTrunkVlans(v: AllowedVlans): string[] {
  if (v === 'all') return [ALL_VLANS_RANGE];
  const out: string[] = [];
  for (let i = 0; i < v.length; ) {
    let j = i;
    while (j + 1 < v.length && v[j + 1] === (v[j] as number) + 1) j++;
    if (j - i >= 2) out.push(`${v[i]}..${v[j]}`);
    else for (let k = i; k <= j; k++) out.push(String(v[k]));
    i = j + 1;
  }
  return out;
}

function vlanId(t: string): number {
  const n = /^[0-9]{1,4}$/.test(t) ? Number(t) : NaN;
  if (!(n >= 1 && n <= 4094)) throw new DeviceDataError(`device reported trunk VLAN ${JSON.stringify(t.slice(0, 40))}, outside 1-4094`);
  return n;
}

/**
 * trunk-vlans entries as read (ids and `a..b` ranges, any order, overlapping) → 'all' when they cover
 * 1–4094, else the sorted id list. Bounds are checked before expanding, so a hostile range is a
 * DeviceDataError, never a long loop.
 */
export function parseTrunkVlans(entries: string[]): AllowedVlans {
  const out = new Set<number>();
  for (const raw of entries) {
    const e = raw.trim();
    const m = /^([^.]+)\.\.(.+)$/.exec(e);
    const lo = vlanId(m ? (m[1] as string) : e);
    const hi = m ? vlanId(m[2] as string) : lo;
    if (hi < lo) throw new DeviceDataError(`device reported trunk VLAN range ${JSON.stringify(e)} that runs backwards`);
    for (let v = lo; v <= hi; v++) out.add(v);
  }
  if (out.size === 4094) return 'all';
  return [...out].sort((a, b) => a - b);
}
