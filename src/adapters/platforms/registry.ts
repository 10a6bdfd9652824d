import type { Config } from '../../config/types.js';
import { PlatformUnsupportedError, type PlatformChooser, type PlatformRules } from '../../core/platform-rules.js';
import type { DeviceDriver, SourceOfTruth } from '../../core/ports.js';
import type { Logger } from '../../log.js';
import type { NetconfPool } from '../netconf/pool.js';
import { IOSXE_PLATFORM } from './iosxe/platform.js';
import { OPENCONFIG_PLATFORM } from './openconfig/platform.js';
import type { PlatformModule } from './platform-module.js';

/**
 * Every platform intentd can drive, keyed by the name `devices.*.platform` and `netbox.platformMap`
 * use. Adding a platform is one folder under src/adapters/platforms/ (rules.ts, platform.ts, its
 * driver) plus one line here, and its name in the `platform` enum of schemas/config.schema.json.
 */
export const PLATFORMS: Readonly<Record<string, PlatformModule>> = {
  iosxe: IOSXE_PLATFORM,
  openconfig: OPENCONFIG_PLATFORM,
};

export interface PlatformRegistryDeps {
  config: Config;
  logger: Logger;
  /** Needed only to build drivers (`driver()`); validation and mapping use rules alone. */
  pool?: NetconfPool;
  /** The platforms on offer (default PLATFORMS); tests may pass their own. */
  modules?: Readonly<Record<string, PlatformModule>>;
}

/**
 * Chooses each device's platform (`devices.overrides.<d>.platform` ← the source's platform slug
 * through `netbox.platformMap` ← `devices.defaults.platform`) and hands out its rules and its one
 * DeviceDriver (built on first use, shared by all devices of that platform). A platform with no
 * registered module gives PlatformUnsupportedError (terminal).
 */
export class PlatformRegistry implements PlatformChooser {
  private readonly modules: Readonly<Record<string, PlatformModule>>;
  private readonly drivers = new Map<string, DeviceDriver>();

  constructor(private readonly deps: PlatformRegistryDeps) {
    this.modules = deps.modules ?? PLATFORMS;
  }

  platformOf(device: string, sourcePlatform: string | null): string {
    const { devices, netbox } = this.deps.config;
    const override = devices.overrides[device]?.platform;
    if (override !== undefined) return override;
    const mapped = sourcePlatform === null ? undefined : netbox.platformMap[sourcePlatform];
    return mapped ?? devices.defaults.platform;
  }

  rules(platform: string): PlatformRules {
    return this.module(platform).rules;
  }

  /** The platform's driver; throws PlatformUnsupportedError, or TypeError when built without a pool. */
  driver(platform: string): DeviceDriver {
    const known = this.drivers.get(platform);
    if (known) return known;
    const module = this.module(platform);
    const { config, logger, pool } = this.deps;
    if (!pool) throw new TypeError('PlatformRegistry was built without a NETCONF pool');
    const driver = module.createDriver({ config, logger, pool });
    this.drivers.set(platform, driver);
    return driver;
  }

  /** Closes every driver built (their sessions). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.drivers.values()].map((d) => d.closeAll()));
  }

  private module(platform: string): PlatformModule {
    const module = Object.hasOwn(this.modules, platform) ? this.modules[platform] : undefined;
    if (!module) throw new PlatformUnsupportedError(platform, Object.keys(this.modules));
    return module;
  }
}

/**
 * The device's rules when its platform is known without I/O — set by `devices.overrides`, or the
 * source has been read (its cached location), or there is no source — else null, as for a platform
 * with no driver: the caller then checks only what holds on every platform (device-apply checks
 * the rest before the device). For the intent watch, which must not reject a valid file by guessing.
 */
export async function knownRules(platforms: PlatformChooser, config: Config, source: SourceOfTruth | null, device: string): Promise<PlatformRules | null> {
  let sourcePlatform: string | null = null;
  if (source && config.devices.overrides[device]?.platform === undefined) {
    const cached = await source.locate(device, { cached: true });
    if (cached.platform === undefined) return null;
    sourcePlatform = cached.platform;
  }
  try {
    return platforms.rules(platforms.platformOf(device, sourcePlatform));
  } catch {
    return null;
  }
}
