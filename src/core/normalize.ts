import { ValidationError } from './errors.js';
import type { AllowedVlans } from './types.js';

/**
 * IOS-XE interface types intentd knows, in the fixed order intent files list them
 * (physical ports by speed, then logical interfaces).
 */
export const INTERFACE_TYPES = [
  'GigabitEthernet',
  'TwoGigabitEthernet',
  'FiveGigabitEthernet',
  'TenGigabitEthernet',
  'TwentyFiveGigE',
  'FortyGigabitEthernet',
  'FiftyGigabitEthernet',
  'HundredGigE',
  'AppGigabitEthernet',
  'Port-channel',
  'Vlan',
  'Loopback',
  'Tunnel',
] as const;

export type InterfaceType = (typeof INTERFACE_TYPES)[number];

/**
 * Lists of the Cisco-IOS-XE-native model beyond INTERFACE_TYPES: valid on a device, but intentd only
 * accepts them in long form and has no short form or intent-file order for them.
 */
export const NATIVE_ONLY_INTERFACE_TYPES = ['TwoHundredGigE', 'FourHundredGigE', 'BDI'] as const;

/** Logical interfaces: keyed by a plain number (`Vlan100`) rather than a slot/port path. */
export const LOGICAL_INTERFACE_TYPES: readonly string[] = ['Port-channel', 'Vlan', 'Loopback', 'Tunnel', 'BDI'];

/** The IOS-XE short form of each type (`Gi1/0/2`); parsing also accepts other unambiguous prefixes of a long form. */
export const INTERFACE_SHORT_FORMS: Readonly<Record<InterfaceType, string>> = {
  GigabitEthernet: 'Gi',
  TwoGigabitEthernet: 'Tw',
  FiveGigabitEthernet: 'Fi',
  TenGigabitEthernet: 'Te',
  TwentyFiveGigE: 'Twe',
  FortyGigabitEthernet: 'Fo',
  FiftyGigabitEthernet: 'Fif',
  HundredGigE: 'Hu',
  AppGigabitEthernet: 'Ap',
  'Port-channel': 'Po',
  Vlan: 'Vl',
  Loopback: 'Lo',
  Tunnel: 'Tu',
};

const SHORT_FORMS = new Map(INTERFACE_TYPES.map((t) => [INTERFACE_SHORT_FORMS[t].toLowerCase(), t]));

const NAME_RE = /^([A-Za-z][A-Za-z-]*?)\s*([0-9]{1,5}(?:\/[0-9]{1,5}){0,3}(?:\.[0-9]{1,10})?)$/;

function resolveType(word: string): InterfaceType | undefined {
  const w = word.toLowerCase();
  const short = SHORT_FORMS.get(w);
  if (short) return short;
  const exact = INTERFACE_TYPES.find((t) => t.toLowerCase() === w);
  if (exact) return exact;
  const prefixed = INTERFACE_TYPES.filter((t) => t.toLowerCase().startsWith(w));
  return w.length >= 2 && prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * The canonical long IOS-XE name: `Gi1/0/2`, `gi 1/0/2`, `GigabitEthernet1/0/2` → `GigabitEthernet1/0/2`.
 * Throws ValidationError for a type intentd does not know or a malformed number.
 */
export function normalizeInterfaceName(name: string): string {
  const m = NAME_RE.exec(name.trim());
  const type = m?.[1] === undefined ? undefined : resolveType(m[1]);
  if (!m || !type) {
    throw new ValidationError(`unknown interface name '${name}'`, [
      `${name}: not an IOS-XE interface name intentd knows (e.g. GigabitEthernet1/0/2, Gi1/0/2, Loopback0)`,
    ]);
  }
  return `${type}${m[2] ?? ''}`;
}

/** `GigabitEthernet1/0/2` → `Gi1/0/2` (the IOS short form, for commit subjects); other names unchanged. */
export function shortInterfaceName(name: string): string {
  const type = INTERFACE_TYPES.find((t) => name.startsWith(t));
  return type === undefined ? name : `${INTERFACE_SHORT_FORMS[type]}${name.slice(type.length)}`;
}

interface NameKey {
  typeIndex: number;
  type: string;
  ports: number[];
  sub: number;
}

function nameKey(name: string): NameKey {
  const m = NAME_RE.exec(name);
  const type = m?.[1] ?? name;
  const idx = INTERFACE_TYPES.indexOf(type as InterfaceType);
  const [ports = '', sub] = (m?.[2] ?? '').split('.');
  return {
    typeIndex: idx < 0 ? INTERFACE_TYPES.length : idx,
    type,
    ports: ports === '' ? [] : ports.split('/').map(Number),
    sub: sub === undefined ? -1 : Number(sub),
  };
}

/**
 * Natural order of canonical names: by type (INTERFACE_TYPES order, unknown types last), then each
 * number numerically (`1/0/2` before `1/0/10`), a sub-interface right after its parent.
 */
export function compareInterfaceNames(a: string, b: string): number {
  const ka = nameKey(a);
  const kb = nameKey(b);
  if (ka.typeIndex !== kb.typeIndex) return ka.typeIndex - kb.typeIndex;
  if (ka.type !== kb.type) return ka.type < kb.type ? -1 : 1;
  for (let i = 0; i < Math.max(ka.ports.length, kb.ports.length); i++) {
    const d = (ka.ports[i] ?? -1) - (kb.ports[i] ?? -1);
    if (d !== 0) return d;
  }
  if (ka.sub !== kb.sub) return ka.sub - kb.sub;
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
