import type { Config } from '../../../config/types.js';
import type { Logger } from '../../../log.js';
import type { NetconfPool } from '../../netconf/pool.js';
import { OpenConfigDeviceDriver } from './netconf-device-driver.js';
import type { PlatformModule } from '../platform-module.js';
import { openconfigRules } from './rules.js';

/**
 * OpenConfig over NETCONF (openconfig-interfaces + openconfig-vlan + openconfig-if-ip; Arista EOS and
 * others): its rules and how to build its DeviceDriver, in the shape the platform registry takes.
 */
export const OPENCONFIG_PLATFORM: PlatformModule = {
  rules: openconfigRules,
  createDriver: (deps: { config: Config; logger: Logger; pool: NetconfPool }) => new OpenConfigDeviceDriver(deps),
};
