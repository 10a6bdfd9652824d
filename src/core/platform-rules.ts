import { IntentdError } from './errors.js';

/**
 * What a platform allows, as the pure core needs it: interface-name rules, which interface types can
 * be switchports, and field limits. Each platform's adapter folder owns its rules
 * (src/adapters/platforms/<name>/rules.ts); `core` knows none of them, it only receives them.
 */
export interface PlatformRules {
  /** The registry key, e.g. `iosxe`. */
  readonly platform: string;
  /** Longest description the device takes, the `##ticket:N##` tag included. */
  readonly maxDescription: number;
  /**
   * The canonical name of an interface (e.g. a short form expanded to the long one). Throws
   * ValidationError for a name the platform cannot express (unknown type, leading zeros, …).
   */
  normalizeName(name: string): string;
  /** The short form for commit subjects and logs; a name without one comes back unchanged. */
  shortName(name: string): string;
  /** Whether the interface (canonical name) can carry access/trunk (switchport) configuration. */
  canSwitchport(name: string): boolean;
  /** Interfaces the platform's management path runs through (e.g. EOS `Management1`): always protected. */
  readonly defaultProtected?: readonly string[];
}

/** Chooses each device's platform and hands out its rules. */
export interface PlatformChooser {
  /**
   * The device's platform: `devices.overrides.<d>.platform`, else the source's platform (e.g. a
   * NetBox platform slug) through the configured map, else `devices.defaults.platform`. No I/O.
   */
  platformOf(device: string, sourcePlatform: string | null): string;
  /** The platform's rules; throws PlatformUnsupportedError (terminal) when no driver is registered for it. */
  rules(platform: string): PlatformRules;
}

/** A device whose platform has no registered driver: terminal, reported; nothing is sent. */
export class PlatformUnsupportedError extends IntentdError {
  constructor(readonly platform: string, known: readonly string[]) {
    super('PlatformUnsupported', `platform '${platform}' has no registered driver (registered: ${known.join(', ') || 'none'})`);
  }
}
