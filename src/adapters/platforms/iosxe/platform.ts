import type { PlatformModule } from '../platform-module.js';
import { NetconfDeviceDriver } from './netconf-device-driver.js';
import { IOSXE_RULES } from './rules.js';

/** Cisco IOS-XE over NETCONF (Cisco-IOS-XE-native + Cisco-IOS-XE-switch). */
export const IOSXE_PLATFORM: PlatformModule = {
  rules: IOSXE_RULES,
  createDriver: (deps) => new NetconfDeviceDriver(deps),
};
