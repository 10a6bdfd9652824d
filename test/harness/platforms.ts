import { IOSXE_RULES } from '../../src/adapters/platforms/iosxe/rules.js';
import { NetconfPool } from '../../src/adapters/netconf/pool.js';
import { PlatformRegistry } from '../../src/adapters/platforms/registry.js';
import type { Config } from '../../src/config/types.js';
import type { PlatformRules } from '../../src/core/platform-rules.js';
import type { DeviceDriver } from '../../src/core/ports.js';
import { silentLogger } from '../../src/log.js';

/** The registered platforms, for rules only (no driver can be built: there is no pool). */
export function rulesOnly(config: Config): PlatformRegistry {
  return new PlatformRegistry({ config, logger: silentLogger() });
}

/** IOS-XE rules with the given driver, for tests that build their own driver (the pool is unused). */
export function iosxeWith(config: Config, driver: DeviceDriver): PlatformRegistry {
  return platformWith(config, 'iosxe', IOSXE_RULES, driver);
}

/** One platform's rules with the given driver (the pool is unused). */
export function platformWith(config: Config, platform: string, rules: PlatformRules, driver: DeviceDriver): PlatformRegistry {
  return new PlatformRegistry({ config, logger: silentLogger(), pool: new NetconfPool({ logger: silentLogger() }), modules: { [platform]: { rules, createDriver: () => driver } } });
}
