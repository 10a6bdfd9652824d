import type { Config } from '../../../config/types.js';
import type { DevicePlan, InterfaceState } from '../../../core/plan-types.js';
import type { DeviceApplyOutcome, DeviceDriver, DeviceHandle, DeviceIdentity } from '../../../core/ports.js';
import type { Logger } from '../../../log.js';
import { connectionFor, connectionWarnings } from '../../netconf/connection.js';
import type { NetconfPool } from '../../netconf/pool.js';
import type { SessionOptions } from '../../netconf/session.js';
import { IosXeDriver, type DriverSession } from './driver.js';

/** A pooled NETCONF session behind the DeviceDriver port. */
class NetconfHandle implements DeviceHandle {
  constructor(readonly session: DriverSession) {}

  get datastore(): string {
    return this.session.capabilities.candidate ? 'candidate' : 'running';
  }
}

export interface NetconfDeviceDriverDeps {
  config: Config;
  logger: Logger;
  pool: NetconfPool;
  /** NETCONF settings of a device (default: `connectionFor` with the located host); tests may pass their own. */
  options?(device: string, host: string | null): SessionOptions;
  driver?: IosXeDriver;
}

/**
 * IOS-XE over NETCONF as the DeviceDriver port: sessions come from the pool (one per device, reused),
 * settings from `devices.defaults` ← `devices.overrides` with the source's management address as the
 * fallback host (ConfigError when neither names one). Connection warnings are logged once per device.
 */
export class NetconfDeviceDriver implements DeviceDriver {
  private readonly driver: IosXeDriver;
  private readonly warned = new Set<string>();

  constructor(private readonly deps: NetconfDeviceDriverDeps) {
    this.driver = deps.driver ?? new IosXeDriver({ logger: deps.logger });
  }

  async connect(device: string, host: string | null): Promise<DeviceHandle> {
    const { config, logger } = this.deps;
    if (!this.warned.has(device)) {
      this.warned.add(device);
      for (const warning of connectionWarnings(config, device)) logger.warn({ device }, warning);
    }
    const options = this.deps.options?.(device, host) ?? { ...connectionFor(config, device, host ?? undefined), logger };
    return new NetconfHandle(await this.deps.pool.acquire(device, options));
  }

  read(handle: DeviceHandle, interfaces: string[], o: { syncFrom: boolean }): Promise<Map<string, InterfaceState>> {
    return this.driver.read(sessionOf(handle), interfaces, o);
  }

  apply(handle: DeviceHandle, plan: DevicePlan, o: { confirmTimeoutSec: number; saveConfig: boolean; identity: DeviceIdentity | null }): Promise<DeviceApplyOutcome> {
    const { identity, ...rest } = o;
    const opts = { ...rest, revertTimerMin: this.deps.config.reconcile.revertTimerMin };
    return this.driver.apply(sessionOf(handle), plan, identity ? { ...opts, identity } : opts);
  }

  closeAll(): Promise<void> {
    return this.deps.pool.closeAll();
  }
}

function sessionOf(handle: DeviceHandle): DriverSession {
  if (!(handle instanceof NetconfHandle)) throw new TypeError('not a NETCONF device handle');
  return handle.session;
}
