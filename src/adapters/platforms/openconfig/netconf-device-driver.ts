import type { Config } from '../../../config/types.js';
import type { DevicePlan, InterfaceState } from '../../../core/plan-types.js';
import type { DeviceApplyOutcome, DeviceDriver, DeviceHandle, DeviceIdentity } from '../../../core/ports.js';
import type { Logger } from '../../../log.js';
import { connectionFor, connectionWarnings } from '../../netconf/connection.js';
import type { NetconfPool } from '../../netconf/pool.js';
import type { SessionOptions } from '../../netconf/session.js';
import { OpenConfigDriver, type OpenConfigSession } from './driver.js';

class OpenConfigHandle implements DeviceHandle {
  constructor(readonly session: OpenConfigSession) {}

  get datastore(): string {
    return this.session.capabilities.candidate ? 'candidate' : 'running';
  }
}

export interface OpenConfigDeviceDriverDeps {
  config: Config;
  logger: Logger;
  pool: NetconfPool;
  /** NETCONF settings of a device (default: `connectionFor` with the located host); tests may pass their own. */
  options?(device: string, host: string | null): SessionOptions;
  driver?: OpenConfigDriver;
}

/**
 * OpenConfig over NETCONF (`platform: openconfig`) as the DeviceDriver port: pooled sessions (one per
 * device, reused), settings from `devices.defaults` ← `devices.overrides`. `syncFrom` has no
 * OpenConfig equivalent and is ignored; so is `saveConfig` (OpenConfig has no save RPC). A given
 * identity is checked against openconfig-system's hostname (and component serials) before writing.
 */
export class OpenConfigDeviceDriver implements DeviceDriver {
  private readonly driver: OpenConfigDriver;
  private readonly warned = new Set<string>();

  constructor(private readonly deps: OpenConfigDeviceDriverDeps) {
    this.driver = deps.driver ?? new OpenConfigDriver({ logger: deps.logger });
  }

  async connect(device: string, host: string | null): Promise<DeviceHandle> {
    const { config, logger } = this.deps;
    if (!this.warned.has(device)) {
      this.warned.add(device);
      for (const warning of connectionWarnings(config, device)) logger.warn({ device }, warning);
    }
    const options = this.deps.options?.(device, host) ?? { ...connectionFor(config, device, host ?? undefined), logger };
    return new OpenConfigHandle(await this.deps.pool.acquire(device, options));
  }

  read(handle: DeviceHandle, interfaces: string[]): Promise<Map<string, InterfaceState>> {
    return this.driver.read(sessionOf(handle), interfaces);
  }

  apply(handle: DeviceHandle, plan: DevicePlan, o: { confirmTimeoutSec: number; saveConfig: boolean; identity: DeviceIdentity | null }): Promise<DeviceApplyOutcome> {
    const { confirmTimeoutSec, identity } = o;
    return this.driver.apply(sessionOf(handle), plan, identity ? { confirmTimeoutSec, identity } : { confirmTimeoutSec });
  }

  closeAll(): Promise<void> {
    return this.deps.pool.closeAll();
  }
}

function sessionOf(handle: DeviceHandle): OpenConfigSession {
  if (!(handle instanceof OpenConfigHandle)) throw new TypeError('not an OpenConfig NETCONF device handle');
  return handle.session;
}
