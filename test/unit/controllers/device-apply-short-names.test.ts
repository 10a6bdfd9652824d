import { describe, expect, it } from 'vitest';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';
import { openconfigRules } from '../../../src/adapters/platforms/openconfig/rules.js';
import { parseConfig } from '../../../src/config/load.js';
import type { DevicePlan, InterfaceState } from '../../../src/core/plan-types.js';
import type { PlatformRules } from '../../../src/core/platform-rules.js';
import type { DeviceApplyOutcome, DeviceDriver, DeviceHandle, PlatformCatalog } from '../../../src/core/ports.js';
import type { InterfaceIntent } from '../../../src/core/types.js';
import { deviceApplySetup } from '../../harness/device-apply-setup.js';
import { MemoryIntentStore } from '../../harness/memory-intent-store.js';

/** A device in memory: every interface exists with defaults; an apply lands every change. */
class MemoryDriver implements DeviceDriver {
  private readonly state = new Map<string, InterfaceState>();
  async connect(): Promise<DeviceHandle> {
    return { datastore: 'running' };
  }
  async read(_h: DeviceHandle, interfaces: string[]): Promise<Map<string, InterfaceState>> {
    return new Map(interfaces.map((name) => [name, this.state.get(name) ?? this.blank(name)]));
  }
  async apply(_h: DeviceHandle, plan: DevicePlan): Promise<DeviceApplyOutcome> {
    for (const c of plan.changes) {
      const s = this.state.get(c.interface) ?? this.blank(c.interface);
      this.state.set(c.interface, { ...s, [c.leaf]: c.after });
    }
    return { sent: '<edit/>', plan, verified: true, datastore: 'running', confirmed: false, saved: false, durationMs: 1 };
  }
  async closeAll(): Promise<void> {}
  private blank(name: string): InterfaceState {
    return { name, exists: true, description: null, enabled: true, mtu: null, mode: 'access', accessVlan: null, nativeVlan: null, allowedVlans: null, ipv4: null };
  }
}

async function applyOn(platform: string, interfaces: InterfaceIntent[]) {
  const config = parseConfig('', 'test.yaml', { env: {} });
  const driver = new MemoryDriver();
  const rules: Record<string, PlatformRules> = { iosxe: IOSXE_RULES, openconfig: openconfigRules };
  const platforms: PlatformCatalog = { platformOf: () => platform, rules: (p) => rules[p] as PlatformRules, driver: () => driver };
  const store = new MemoryIntentStore([{ device: 'sw1', interfaces }]);
  const { reconciler, status } = deviceApplySetup({ config, store, platforms });
  const result = await reconciler.reconcile('sw1');
  return { result, subject: store.commits.at(-1)?.meta.subject, message: status.get('sw1').conditions.apply?.message };
}

describe("device-apply names interfaces in the device's platform's short form", () => {
  it('writes IOS-XE short names in the audit subject and status', async () => {
    const t = await applyOn('iosxe', [{ name: 'GigabitEthernet1/0/2', mtu: 9000 }, { name: 'Port-channel10', description: 'uplink' }]);
    expect(t.result.outcome).toBe('applied');
    expect(t.subject).toMatch(/^apply\(sw1\): Gi1\/0\/2 mtu; Po10 description\b/);
    expect(t.message).toBe('applied Gi1/0/2 mtu; Po10 description and verified');
  });

  it('writes EOS short names for an OpenConfig device', async () => {
    const t = await applyOn('openconfig', [{ name: 'Ethernet1/1', mtu: 9000 }, { name: 'Port-Channel10', description: 'uplink' }]);
    expect(t.result.outcome).toBe('applied');
    expect(t.subject).toMatch(/^apply\(sw1\): Et1\/1 mtu; Po10 description\b/);
    expect(t.message).toBe('applied Et1/1 mtu; Po10 description and verified');
  });
});
