import type { Config } from '../../../config/types.js';
import { PolicyError } from '../../../core/errors.js';
import type { DevicePlan, InterfaceState } from '../../../core/plan-types.js';
import type { DeviceApplyOutcome, DeviceDriver, DeviceHandle, DeviceIdentity } from '../../../core/ports.js';
import type { Logger } from '../../../log.js';
import { connectionFor, connectionWarnings } from '../../netconf/connection.js';
import type { NetconfPool } from '../../netconf/pool.js';
import type { SessionOptions } from '../../netconf/session.js';
import { OpenConfigDriver, type OpenConfigSession } from './driver.js';
import { openconfigRules } from './rules.js';

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
  /** Interfaces never written, whatever the plan says (default: openconfigRules.defaultProtected, `Management1`). */
  protectedByDefault?: readonly string[];
}

/**
 * Throws PolicyError (terminal, nothing sent) when the plan changes a protected interface. The
 * planner refuses these when its policy lists them (wire `openconfigRules.defaultProtected` into the
 * protected list); this is the last guard, so no audit can ever claim the management port changed.
 */
export function assertNoProtected(plan: DevicePlan, protectedNames: ReadonlySet<string>): void {
  const held = [...new Set(plan.changes.filter((c) => protectedNames.has(c.interface)).map((c) => c.interface))];
  if (held.length > 0) {
    throw new PolicyError('ProtectedInterface', `${plan.device}: ${held.join(', ')} ${held.length === 1 ? 'is a' : 'are'} protected management interface${held.length === 1 ? '' : 's'} on OpenConfig devices; nothing was written`);
  }
}

/**
 * OpenConfig over NETCONF (`platform: openconfig`) as the DeviceDriver port: pooled sessions (one per
 * device, reused), settings from `devices.defaults` ← `devices.overrides`. `syncFrom` has no
 * OpenConfig equivalent and is ignored; so is `saveConfig` (OpenConfig has no save RPC). A given
 * identity is checked against openconfig-system's hostname (and component serials) before writing.
 * A plan that changes the management port (`Management1`) is refused whole (PolicyError).
 */
export class OpenConfigDeviceDriver implements DeviceDriver {
  private readonly driver: OpenConfigDriver;
  private readonly warned = new Set<string>();
  private readonly protectedNames: ReadonlySet<string>;

  constructor(private readonly deps: OpenConfigDeviceDriverDeps) {
    this.driver = deps.driver ?? new OpenConfigDriver({ logger: deps.logger });
    this.protectedNames = new Set(deps.protectedByDefault ?? openconfigRules.defaultProtected);
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
    try {
      assertNoProtected(plan, this.protectedNames);
    } catch (err) {
      return Promise.reject(err);
    }
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
