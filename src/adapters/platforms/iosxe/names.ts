import { ValidationError } from '../../../core/errors.js';
import {
  INTERFACE_TYPES,
  LOGICAL_INTERFACE_TYPES,
  NATIVE_ONLY_INTERFACE_TYPES,
  normalizeInterfaceName,
} from '../../../core/normalize.js';

/**
 * IOS-XE interface names. intentd uses the canonical long CLI name (`GigabitEthernet1/0/2`); the
 * Cisco-IOS-XE-native model keys the same interface as list `GigabitEthernet`, name `1/0/2`. The
 * lab splits with `^(\D+)(.*)$`; we split the same way but only accept list names the model has,
 * so a typo never becomes a new list on the device. Short forms (`Gi1/0/2`) are expanded with
 * core/normalize first; types it does not know (e.g. `FourHundredGigE`) must be given in long form.
 */
export interface NativeInterfaceName {
  /** The list under /native/interface, e.g. `GigabitEthernet`, `Port-channel`. */
  type: string;
  /** The list key, e.g. `1/0/2`, `10`. */
  key: string;
}

/** Every list under /native/interface intentd accepts (names only; see core/normalize). */
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
    // not a type core/normalize knows: checked against the native list names below
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
