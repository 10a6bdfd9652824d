import type { Config } from '../../config/types.js';
import type { PlatformRules } from '../../core/platform-rules.js';
import type { DeviceDriver } from '../../core/ports.js';
import type { Logger } from '../../log.js';
import type { NetconfPool } from '../netconf/pool.js';

/** What a platform driver is built from: the config, the logger and the shared NETCONF session pool. */
export interface PlatformDriverDeps {
  config: Config;
  logger: Logger;
  pool: NetconfPool;
}

/**
 * One platform, as its folder under src/adapters/platforms/ exports it (`platform.ts`): its rules
 * (names, switchport types, limits) and how to build its DeviceDriver.
 */
export interface PlatformModule {
  rules: PlatformRules;
  createDriver(deps: PlatformDriverDeps): DeviceDriver;
}
