import type { Config } from '../../config/types.js';
import type { DevicePlan, InterfaceState } from '../../core/plan-types.js';
import type { DeviceApplyOutcome, DeviceDriver, DeviceHandle, DeviceApplyOptions } from '../../core/ports.js';
import type { Logger } from '../../log.js';
import { connectionFor, connectionWarnings } from '../netconf/connection.js';
import type { NetconfPool } from '../netconf/pool.js';
import type { NetconfSession, SessionOptions } from '../netconf/session.js';

/** A pooled NETCONF session behind the DeviceDriver port. */
class NetconfHandle implements DeviceHandle {
  constructor(readonly session: NetconfSession) {}

  get datastore(): string {
    return this.session.capabilities.candidate ? 'candidate' : 'running';
  }
}

/** What every NETCONF platform's DeviceDriver is built from. */
export interface PooledNetconfDeps {
  config: Config;
  logger: Logger;
  pool: NetconfPool;
  /** NETCONF settings of a device (default: `connectionFor` with the located host); tests may pass their own. */
  options?(device: string, host: string | null): SessionOptions;
}

/**
 * The DeviceDriver port over the shared NETCONF pool, for every NETCONF platform: sessions come from
 * the pool (one per device, reused), settings from `devices.defaults` ← `devices.overrides` with the
 * source's management address as the fallback host (ConfigError when neither names one). Connection
 * warnings are logged once per device. A platform adds `read` and `apply` over `sessionOf(handle)`.
 */
export abstract class PooledNetconfDeviceDriver<D extends PooledNetconfDeps = PooledNetconfDeps> implements DeviceDriver {
  private readonly warned = new Set<string>();

  /** `handleError`: the TypeError message for a handle this driver did not hand out. */
  constructor(protected readonly deps: D, private readonly handleError = 'not a NETCONF device handle') {}

  async connect(device: string, host: string | null): Promise<DeviceHandle> {
    const { config, logger } = this.deps;
    if (!this.warned.has(device)) {
      this.warned.add(device);
      for (const warning of connectionWarnings(config, device)) logger.warn({ device }, warning);
    }
    const options = this.deps.options?.(device, host) ?? { ...connectionFor(config, device, host ?? undefined), logger };
    return new NetconfHandle(await this.deps.pool.acquire(device, options));
  }

  abstract read(handle: DeviceHandle, interfaces: string[], o: { syncFrom: boolean }): Promise<Map<string, InterfaceState>>;

  abstract apply(handle: DeviceHandle, plan: DevicePlan, o: DeviceApplyOptions): Promise<DeviceApplyOutcome>;

  closeAll(): Promise<void> {
    return this.deps.pool.closeAll();
  }

  /** The session behind a handle from `connect`; TypeError for any other handle. */
  protected sessionOf(handle: DeviceHandle): NetconfSession {
    if (!(handle instanceof NetconfHandle)) throw new TypeError(this.handleError);
    return handle.session;
  }
}
