import type { PlatformRules } from '../../../core/platform-rules.js';
import { canonicalName, INTERFACE_TYPES, shortInterfaceName, toNativeName } from './names.js';

/**
 * Lists of Cisco-IOS-XE-native that carry the Cisco-IOS-XE-switch `switchport-config/switchport`
 * augment (checked against the published 17.15.1 models): every physical port list except
 * FiftyGigabitEthernet, TwoHundredGigE and FourHundredGigE, plus Port-channel. Vlan, Loopback,
 * Tunnel and BDI are layer 3 only.
 */
const NO_SWITCHPORT = new Set(['Vlan', 'Loopback', 'Tunnel', 'BDI', 'FiftyGigabitEthernet', 'TwoHundredGigE', 'FourHundredGigE']);
export const IOSXE_SWITCHPORT_TYPES: ReadonlySet<string> = new Set(INTERFACE_TYPES.filter((t) => !NO_SWITCHPORT.has(t)));

/** `description` is `length 0..200` on every interface list since 17.6.1; the ticket tag counts. */
export const IOSXE_MAX_DESCRIPTION = 200;

/** IOS-XE's interface names, switchport types and limits (see names.ts for the name grammar). */
export const IOSXE_RULES: PlatformRules = {
  platform: 'iosxe',
  maxDescription: IOSXE_MAX_DESCRIPTION,
  normalizeName: canonicalName,
  shortName: shortInterfaceName,
  canSwitchport(name: string): boolean {
    try {
      return IOSXE_SWITCHPORT_TYPES.has(toNativeName(name).type);
    } catch {
      return false;
    }
  },
};
