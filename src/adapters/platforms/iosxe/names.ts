import { ValidationError } from '../../../core/errors.js';

/**
 * IOS-XE interface types intentd knows by short form (physical ports by speed, then logical
 * interfaces). The order is this platform's listing order; intent files use core's neutral sort.
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
 * accepts them in long form and has no short form for them.
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
 * The long IOS-XE name of a short or long form: `Gi1/0/2`, `gi 1/0/2`, `GigabitEthernet1/0/2` →
 * `GigabitEthernet1/0/2`. Throws ValidationError for a type of INTERFACE_TYPES it cannot resolve or a
 * malformed number (canonicalName below also takes NATIVE_ONLY_INTERFACE_TYPES in long form).
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

/**
 * IOS-XE interface names. intentd uses the canonical long CLI name (`GigabitEthernet1/0/2`); the
 * Cisco-IOS-XE-native model keys the same interface as list `GigabitEthernet`, name `1/0/2`. The
 * lab splits with `^(\D+)(.*)$`; we split the same way but only accept list names the model has,
 * so a typo never becomes a new list on the device. Short forms (`Gi1/0/2`) are expanded with
 * normalizeInterfaceName above first; types without a short form (e.g. `FourHundredGigE`) must be given in long form.
 */
export interface NativeInterfaceName {
  /** The list under /native/interface, e.g. `GigabitEthernet`, `Port-channel`. */
  type: string;
  /** The list key, e.g. `1/0/2`, `10`. */
  key: string;
}

/** Every list under /native/interface intentd accepts (names only). */
export const IOSXE_INTERFACE_TYPES: readonly string[] = [...INTERFACE_TYPES, ...NATIVE_ONLY_INTERFACE_TYPES];

const BY_LOWER = new Map(IOSXE_INTERFACE_TYPES.map((t) => [t.toLowerCase(), t]));
/** Logical lists are keyed by a plain number; physical ones by a slot/port path, optionally with a subinterface. */
const LOGICAL_SET = new Set<string>(LOGICAL_INTERFACE_TYPES);
const PHYSICAL_KEY = /^(0|[1-9][0-9]*)(\/(0|[1-9][0-9]*))*(\.[0-9]+)?$/;
const LOGICAL_KEY = /^(0|[1-9][0-9]*)$/;

/** Splits a long name into native list + key; throws ValidationError for anything else. */
export function toNativeName(name: string): NativeInterfaceName {
  let long = name;
  try {
    long = normalizeInterfaceName(name);
  } catch {
    // no short form of a known type: checked against the native list names below
  }
  const m = /^([A-Za-z][A-Za-z-]*?)([0-9].*)$/.exec(long);
  const type = m ? BY_LOWER.get((m[1] as string).toLowerCase()) : undefined;
  const key = m?.[2] ?? '';
  if (!type || !(LOGICAL_SET.has(type) ? LOGICAL_KEY : PHYSICAL_KEY).test(key)) {
    throw new ValidationError(`not an IOS-XE interface name: ${JSON.stringify(name)}`, [
      `${name}: expected an IOS-XE name such as GigabitEthernet1/0/2, Gi1/0/2, Port-channel10 or Vlan100 (numbers without leading zeros)`,
    ]);
  }
  return { type, key };
}

/** The canonical long name of a native list entry: `GigabitEthernet` + `1/0/2`. */
export function fromNativeName(type: string, key: string): string {
  return `${type}${key}`;
}

/** The canonical spelling of `name` (type part case-fixed), or throws like toNativeName. */
export function canonicalName(name: string): string {
  const { type, key } = toNativeName(name);
  return fromNativeName(type, key);
}
