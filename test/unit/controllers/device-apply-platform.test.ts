import { describe, expect, it } from 'vitest';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';
import { PlatformRegistry } from '../../../src/adapters/platforms/registry.js';
import { parseConfig } from '../../../src/config/load.js';
import type { DeviceDriver, DeviceHandle } from '../../../src/core/ports.js';
import type { InterfaceIntent } from '../../../src/core/types.js';
import { silentLogger } from '../../../src/log.js';
import { deviceApplySetup } from '../../harness/device-apply-setup.js';
import { MemoryIntentStore } from '../../harness/memory-intent-store.js';

/** A driver that records that it was asked anything: these tests must never reach a device. */
class UntouchedDriver implements DeviceDriver {
  readonly calls: string[] = [];
  async connect(device: string): Promise<DeviceHandle> {
    this.calls.push(`connect ${device}`);
    throw new Error('no device in this test');
  }
  async read(): Promise<never> {
    this.calls.push('read');
    throw new Error('no device in this test');
  }
  async apply(): Promise<never> {
    this.calls.push('apply');
    throw new Error('no device in this test');
  }
  async closeAll(): Promise<void> {}
}

function reconcilerFor(yaml: string, interfaces: InterfaceIntent[]) {
  const config = parseConfig(yaml, 'test.yaml', { env: {} });
  const driver = new UntouchedDriver();
  const platforms = new PlatformRegistry({ config, logger: silentLogger(), modules: { iosxe: { rules: IOSXE_RULES, createDriver: () => driver } } });
  const { reconciler, status } = deviceApplySetup({ config, store: new MemoryIntentStore([{ device: 'sw1', interfaces }]), platforms });
  return { reconciler, driver, status };
}

describe('device-apply and the device platform', () => {
  it('fails terminally, before any session, for a device whose platform has no registered driver', async () => {
    const t = reconcilerFor('devices:\n  overrides:\n    sw1: { platform: openconfig }\n', [{ name: 'Ethernet1', description: 'x' }]);
    const err = await t.reconciler.reconcile('sw1').catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'PlatformUnsupported', retryable: false });
    expect(t.driver.calls).toEqual([]);
    expect(t.status.get('sw1').lastError).toMatchObject({ reason: 'PlatformUnsupported' });
  });

  it.each<[string, InterfaceIntent, string]>([
    ['a description of 201 characters with its ticket tag', { name: 'GigabitEthernet1/0/2', description: 'x'.repeat(188), ticket: '1' }, 'it is 201 characters; iosxe allows 200'],
    ['a trunk on a FiftyGigabitEthernet port', { name: 'FiftyGigabitEthernet1/1/1', mode: 'trunk', allowedVlans: 'all' }, 'FiftyGigabitEthernet interfaces cannot be in trunk mode on iosxe'],
    ['a name with a leading zero', { name: 'GigabitEthernet1/0/02', enabled: true }, 'not an interface name on iosxe'],
    ['a name the platform spells otherwise', { name: 'Ethernet1', enabled: true }, 'not an interface name on iosxe'],
  ])('refuses %s as invalid intent before the device', async (_case, iface, problem) => {
    const t = reconcilerFor('', [iface]);
    const err = await t.reconciler.reconcile('sw1').catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'ValidationFailed', retryable: false, message: 'devices/sw1.yaml: invalid intent for platform iosxe' });
    expect((err as { problems: string[] }).problems.join('\n')).toContain(problem);
    expect(t.driver.calls).toEqual([]);
  });
});
