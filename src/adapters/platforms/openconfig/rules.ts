import type { Leaf, LeafValue } from '../../../core/plan-types.js';
import { compareEosNames, eosTypeOf, normalizeEosName, shortEosName } from './names.js';

/**
 * Longest description intentd sends to an OpenConfig device, the `##ticket:N##` tag included. The
 * OpenConfig model sets no limit; EOS takes 240 characters on an interface description line.
 */
export const OPENCONFIG_MAX_DESCRIPTION = 240;

/**
 * What an OpenConfig (EOS-style) device allows, in the shape of core's PlatformRules: name rules,
 * which types can be switchports, limits. Also: the interfaces protected by default (the management
 * port) and a check of values the model cannot express (an empty allowed-VLAN list).
 */
export const openconfigRules = {
  platform: 'openconfig',
  maxDescription: OPENCONFIG_MAX_DESCRIPTION,
  normalizeName: normalizeEosName,
  shortName: shortEosName,
  /** Ethernet ports and Port-Channels carry switched-vlan; Vlan, Loopback and Management do not. */
  canSwitchport(name: string): boolean {
    return eosTypeOf(name)?.switched != null;
  },
  compareNames: compareEosNames,
  /** Never changed unless configured otherwise (`Management1`, the out-of-band port). */
  defaultProtected: ['Management1'] as readonly string[],
  /** Why a leaf value cannot be expressed on the platform, or null. */
  valueProblem(leaf: Leaf, value: LeafValue): string | null {
    if (leaf === 'allowedVlans' && Array.isArray(value) && value.length === 0) {
      return 'OpenConfig cannot express an empty allowed-VLAN list (trunk-vlans has no "none")';
    }
    if (leaf === 'description' && typeof value === 'string' && value.length > OPENCONFIG_MAX_DESCRIPTION) {
      return `description with its ticket tag is ${value.length} characters, more than ${OPENCONFIG_MAX_DESCRIPTION}`;
    }
    return null;
  },
} as const;
