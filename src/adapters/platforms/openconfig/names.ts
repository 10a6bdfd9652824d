import { ValidationError } from '../../../core/errors.js';

/**
 * EOS-style interface names as OpenConfig keys them (`interfaces/interface[name]`): the full name is
 * the key (`Ethernet1`, `Ethernet49/1`, `Port-Channel10`, `Vlan10`, `Loopback0`, `Management1`).
 * Short forms (`Et1`, `Po10`) and other case or an unambiguous prefix (`eth1`, `port-channel10`) are
 * accepted and canonicalized; numbers have no leading zeros.
 */
export interface EosType {
  /** Canonical type word. */
  type: string;
  short: string;
  /** iana-if-type identity of `config/type`. */
  ianaType: 'ethernetCsmacd' | 'ieee8023adLag' | 'l3ipvlan' | 'softwareLoopback';
  /** Where switched-vlan lives (`ethernet` or `aggregation`), or null: not a switchport type. */
  switched: 'ethernet' | 'aggregation' | null;
  /** Pattern of the number part. */
  number: RegExp;
  /** Inclusive range of a plain (logical) number. */
  range?: { min: number; max: number };
}

const NUM = '(?:0|[1-9][0-9]*)';
const PORT = '[1-9][0-9]*';
const PHYSICAL = new RegExp(`^${PORT}(?:/${PORT}){0,2}$`);
const LOGICAL = new RegExp(`^${NUM}$`);

/** The interface types intentd manages on OpenConfig devices, in intent-file order. */
export const EOS_TYPES: readonly EosType[] = [
  { type: 'Ethernet', short: 'Et', ianaType: 'ethernetCsmacd', switched: 'ethernet', number: PHYSICAL },
  { type: 'Port-Channel', short: 'Po', ianaType: 'ieee8023adLag', switched: 'aggregation', number: LOGICAL, range: { min: 1, max: 2000 } },
  { type: 'Vlan', short: 'Vl', ianaType: 'l3ipvlan', switched: null, number: LOGICAL, range: { min: 1, max: 4094 } },
  { type: 'Loopback', short: 'Lo', ianaType: 'softwareLoopback', switched: null, number: LOGICAL, range: { min: 0, max: 8191 } },
  { type: 'Management', short: 'Ma', ianaType: 'ethernetCsmacd', switched: null, number: PHYSICAL },
];

const NAME_RE = /^([A-Za-z][A-Za-z-]*?)\s*([0-9][0-9/]*)$/;

function resolveType(word: string): EosType | undefined {
  const w = word.toLowerCase();
  const exact = EOS_TYPES.find((t) => t.type.toLowerCase() === w || t.short.toLowerCase() === w);
  if (exact) return exact;
  const prefixed = EOS_TYPES.filter((t) => t.type.toLowerCase().startsWith(w));
  return w.length >= 2 && prefixed.length === 1 ? prefixed[0] : undefined;
}

/** Splits and checks a name; throws ValidationError naming the EOS forms. */
export function parseEosName(name: string): { type: EosType; number: string } {
  const m = NAME_RE.exec(name.trim());
  const type = m?.[1] === undefined ? undefined : resolveType(m[1]);
  const number = m?.[2] ?? '';
  const inRange = type?.range === undefined || (Number(number) >= type.range.min && Number(number) <= type.range.max);
  if (!type || !type.number.test(number) || !inRange) {
    const why = type && type.number.test(number) && type.range ? ` (${type.type} ${type.range.min}-${type.range.max})` : '';
    throw new ValidationError(`not an OpenConfig (EOS) interface name: ${JSON.stringify(name)}${why}`, [
      `${name}: expected e.g. Ethernet1, Ethernet49/1, Port-Channel10, Vlan10, Loopback0 or Management1 (no leading zeros)`,
    ]);
  }
  return { type, number };
}

/** The canonical name: `et1` → `Ethernet1`, `Port-channel10` → `Port-Channel10`. */
export function normalizeEosName(name: string): string {
  const { type, number } = parseEosName(name);
  return `${type.type}${number}`;
}

/** `Ethernet49/1` → `Et49/1`; a name of another platform comes back unchanged. */
export function shortEosName(name: string): string {
  const t = EOS_TYPES.find((x) => name.startsWith(x.type) && /^[0-9]/.test(name.slice(x.type.length)));
  return t === undefined ? name : `${t.short}${name.slice(t.type.length)}`;
}

/** The type of a canonical name, or undefined when it is not one. */
export function eosTypeOf(name: string): EosType | undefined {
  try {
    return parseEosName(name).type;
  } catch {
    return undefined;
  }
}

/** Natural order: by type (EOS_TYPES order), then each number numerically. */
export function compareEosNames(a: string, b: string): number {
  const key = (n: string): [number, number[]] => {
    const t = eosTypeOf(n);
    return [t === undefined ? EOS_TYPES.length : EOS_TYPES.indexOf(t), (/[0-9].*$/.exec(n)?.[0] ?? '').split('/').map(Number)];
  };
  const [ta, na] = key(a);
  const [tb, nb] = key(b);
  if (ta !== tb) return ta - tb;
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (na[i] ?? -1) - (nb[i] ?? -1);
    if (d !== 0) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
