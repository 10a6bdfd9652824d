import { ValidationError } from './errors.js';
import type { AllowedVlans } from './types.js';

/** A name split into runs of digits (as numbers) and runs of anything else (as text). */
function segments(name: string): Array<string | number> {
  return (name.match(/[0-9]+|[^0-9]+/g) ?? []).map((s) => (/^[0-9]/.test(s) ? Number(s) : s.toLowerCase()));
}

/**
 * Natural order of interface names on any platform: text compared case-insensitively, each run of
 * digits as a number (`1/0/2` before `1/0/10`, `Ethernet2` before `Ethernet10`), a name before the
 * longer names it starts (a sub-interface right after its parent). Zero only for equal names. Pure.
 */
export function compareInterfaceNames(a: string, b: string): number {
  const sa = segments(a);
  const sb = segments(b);
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const x = sa[i] as string | number;
    const y = sb[i] as string | number;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    if (typeof x !== typeof y) return typeof x === 'number' ? -1 : 1;
    return x < y ? -1 : 1;
  }
  if (sa.length !== sb.length) return sa.length - sb.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Allowed VLANs sorted ascending and de-duplicated; 'all' and null pass through. */
export function normalizeAllowedVlans<T extends AllowedVlans | null | undefined>(v: T): T {
  if (!Array.isArray(v)) return v;
  return [...new Set(v)].sort((x, y) => x - y) as T;
}

/** Expands `[10, "20-22"]` to `[10, 20, 21, 22]`; throws ValidationError on a reversed or out-of-range range. */
export function expandVlanRanges(items: Array<number | string>, where: string): number[] {
  const out: number[] = [];
  for (const item of items) {
    if (typeof item === 'number') {
      out.push(item);
      continue;
    }
    const [lo = NaN, hi = NaN] = item.split('-').map(Number);
    if (!(lo >= 1 && hi <= 4094 && lo <= hi)) {
      throw new ValidationError(`bad VLAN range '${item}'`, [`${where}: bad VLAN range '${item}' (need a-b with 1 <= a <= b <= 4094)`]);
    }
    for (let v = lo; v <= hi; v++) out.push(v);
  }
  return out;
}

/** Compresses a sorted VLAN list for display: runs of 3+ become `"a-b"`. */
export function compressVlanRanges(vlans: number[]): Array<number | string> {
  const out: Array<number | string> = [];
  for (let i = 0; i < vlans.length; ) {
    let j = i;
    while (j + 1 < vlans.length && vlans[j + 1] === (vlans[j] as number) + 1) j++;
    if (j - i >= 2) out.push(`${vlans[i]}-${vlans[j]}`);
    else for (let k = i; k <= j; k++) out.push(vlans[k] as number);
    i = j + 1;
  }
  return out;
}
