import { PolicyError } from '../../../core/errors.js';
import type { DevicePlan, InterfaceState } from '../../../core/plan-types.js';
import type { DeviceApplyOutcome, DeviceHandle, DeviceApplyOptions } from '../../../core/ports.js';
import { PooledNetconfDeviceDriver, type PooledNetconfDeps } from '../pooled-netconf-device-driver.js';
import { OpenConfigDriver } from './driver.js';
import { openconfigRules } from './rules.js';

export interface OpenConfigDeviceDriverDeps extends PooledNetconfDeps {
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
 * OpenConfig over NETCONF (`platform: openconfig`) as the DeviceDriver port (pooled sessions and
 * settings: PooledNetconfDeviceDriver). `syncFrom` has no
 * OpenConfig equivalent and is ignored; so is `saveConfig` (OpenConfig has no save RPC). A given
 * identity is checked against openconfig-system's hostname (and component serials) before writing.
 * A plan that changes the management port (`Management1`) is refused whole (PolicyError).
 */
export class OpenConfigDeviceDriver extends PooledNetconfDeviceDriver<OpenConfigDeviceDriverDeps> {
  private readonly driver: OpenConfigDriver;
  private readonly protectedNames: ReadonlySet<string>;

  constructor(deps: OpenConfigDeviceDriverDeps) {
    super(deps, 'not an OpenConfig NETCONF device handle');
    this.driver = deps.driver ?? new OpenConfigDriver({ logger: deps.logger });
    this.protectedNames = new Set(deps.protectedByDefault ?? openconfigRules.defaultProtected);
  }

  read(handle: DeviceHandle, interfaces: string[]): Promise<Map<string, InterfaceState>> {
    return this.driver.read(this.sessionOf(handle), interfaces);
  }

  apply(handle: DeviceHandle, plan: DevicePlan, o: DeviceApplyOptions): Promise<DeviceApplyOutcome> {
    const { confirmTimeoutSec, identity, ready } = o;
    try {
      assertNoProtected(plan, this.protectedNames);
    } catch (err) {
      return Promise.reject(err);
    }
    const opts = { confirmTimeoutSec, ...(ready ? { ready } : {}) };
    return this.driver.apply(this.sessionOf(handle), plan, identity ? { ...opts, identity } : opts);
  }
}
