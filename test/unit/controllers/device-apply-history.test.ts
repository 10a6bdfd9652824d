import { describe, expect, it } from 'vitest';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';
import { parseConfig } from '../../../src/config/load.js';
import type { DevicePlan, InterfaceState } from '../../../src/core/plan-types.js';
import type { DeviceApplyOutcome, DeviceDriver, DeviceHandle, PlatformCatalog } from '../../../src/core/ports.js';
import type { DeviceIntent } from '../../../src/core/types.js';
import { deviceApplySetup } from '../../harness/device-apply-setup.js';
import { MemoryIntentStore } from '../../harness/memory-intent-store.js';

/** A device in memory: every interface exists with defaults; an apply lands every change. */
class MemoryDriver implements DeviceDriver {
  private readonly state = new Map<string, InterfaceState>();
  async connect(): Promise<DeviceHandle> {
    return { datastore: 'running' };
  }
  async read(_h: DeviceHandle, interfaces: string[]): Promise<Map<string, InterfaceState>> {
    return new Map(interfaces.map((name) => [name, this.state.get(name) ?? { name, exists: true, description: null, enabled: true, mtu: null, mode: 'access', accessVlan: null, nativeVlan: null, allowedVlans: null, ipv4: null }]));
  }
  async apply(h: DeviceHandle, plan: DevicePlan): Promise<DeviceApplyOutcome> {
    const now = await this.read(h, plan.changes.map((c) => c.interface));
    for (const c of plan.changes) this.state.set(c.interface, { ...(now.get(c.interface) as InterfaceState), [c.leaf]: c.after });
    return { sent: '<edit/>', plan, verified: true, datastore: 'running', confirmed: false, saved: false, durationMs: 1 };
  }
  async closeAll(): Promise<void> {}
}

/** Commits' trailers as the git store keeps them (Source included); counts history reads. */
class TrailerStore extends MemoryIntentStore {
  logReads = 0;
  override async log(o: { device?: string; max?: number } = {}) {
    this.logReads++;
    return super.log(o);
  }
  override async trailersOf(commit: string): Promise<Record<string, string>> {
    const c = this.commits.find((x) => x.commit === commit);
    return c === undefined ? {} : { Device: c.meta.device, Source: c.meta.source, ...(c.meta.trailers ?? {}) };
  }
}

const intent = (description: string): DeviceIntent => ({ device: 'sw1', interfaces: [{ name: 'GigabitEthernet1/0/2', description }] });

describe('device-apply history', () => {
  it("reads a new intent revision's Source from that commit, without reading the device's history again", async () => {
    const config = parseConfig('', 'test.yaml', { env: {} });
    const driver = new MemoryDriver();
    const platforms: PlatformCatalog = { platformOf: () => 'iosxe', rules: () => IOSXE_RULES, driver: () => driver };
    const store = new TrailerStore();
    const { reconciler } = deviceApplySetup({ config, store, platforms });
    await store.write(intent('one'), { subject: 'intent(sw1): one', device: 'sw1', source: 'netbox' }, null);
    expect((await reconciler.reconcile('sw1')).outcome).toBe('applied');
    const reads = store.logReads;
    await store.write(intent('two'), { subject: 'intent(sw1): two', device: 'sw1', source: 'netbox' }, null);
    const second = await reconciler.reconcile('sw1');
    expect(second).toMatchObject({ outcome: 'applied', cause: 'NetBox change' });
    expect(store.logReads).toBe(reads);
  });
});
