import type { DevicePlan, InterfaceState } from '../../../core/plan-types.js';
import type { DeviceApplyOutcome, DeviceHandle, DeviceApplyOptions } from '../../../core/ports.js';
import { PooledNetconfDeviceDriver, type PooledNetconfDeps } from '../pooled-netconf-device-driver.js';
import { IosXeDriver } from './driver.js';

export interface NetconfDeviceDriverDeps extends PooledNetconfDeps {
  driver?: IosXeDriver;
}

/**
 * IOS-XE over NETCONF as the DeviceDriver port (pooled sessions and settings: PooledNetconfDeviceDriver).
 * `syncFrom` asks cisco-ia to sync before a read; `reconcile.revertTimerMin` arms a timed rollback on
 * running-only devices.
 */
export class NetconfDeviceDriver extends PooledNetconfDeviceDriver<NetconfDeviceDriverDeps> {
  private readonly driver: IosXeDriver;

  constructor(deps: NetconfDeviceDriverDeps) {
    super(deps);
    this.driver = deps.driver ?? new IosXeDriver({ logger: deps.logger });
  }

  read(handle: DeviceHandle, interfaces: string[], o: { syncFrom: boolean }): Promise<Map<string, InterfaceState>> {
    return this.driver.read(this.sessionOf(handle), interfaces, o);
  }

  apply(handle: DeviceHandle, plan: DevicePlan, o: DeviceApplyOptions): Promise<DeviceApplyOutcome> {
    const { identity, ...rest } = o;
    const opts = { ...rest, revertTimerMin: this.deps.config.reconcile.revertTimerMin };
    return this.driver.apply(this.sessionOf(handle), plan, identity ? { ...opts, identity } : opts);
  }
}
