import { afterAll, beforeAll, expect, it } from 'vitest';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import type { ExpectedIdentity } from '../../../src/adapters/platforms/session-identity-check.js';
import { OpenConfigDeviceDriver } from '../../../src/adapters/platforms/openconfig/netconf-device-driver.js';
import { OpenConfigDriver } from '../../../src/adapters/platforms/openconfig/driver.js';
import { parseConfig } from '../../../src/config/load.js';
import type { InterfaceIntent } from '../../../src/core/types.js';
import { silentLogger } from '../../../src/log.js';
import { deviceApplySetup, rpcRecordingPool, testDeviceOptions } from '../../harness/device-apply-setup.js';
import { MemoryIntentStore } from '../../harness/memory-intent-store.js';
import { platformWith } from '../../harness/platforms.js';
import { openconfigRules } from '../../../src/adapters/platforms/openconfig/rules.js';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';

const INTENT: InterfaceIntent[] = [
  { name: 'Ethernet9', description: 'Desk 9', ticket: 'CHG-7', enabled: true, mtu: 9000 },
  { name: 'Vlan30', description: 'Voice', mode: 'routed', ipv4: '10.30.0.1/24' },
];

/** The daemon's device-apply reconciler for device `eos1`, through the OpenConfig DeviceDriver port. */
function reconcilerFor(device: TestDevice, expected: ExpectedIdentity | null) {
  const rpcs: string[] = [];
  const pool = rpcRecordingPool(rpcs);
  const store = new MemoryIntentStore([{ device: 'eos1', interfaces: INTENT }]);
  const config = parseConfig('devices:\n  defaults:\n    platform: openconfig\n', 'test', { env: {} });
  const driver = new OpenConfigDeviceDriver({ config, logger: silentLogger(), pool, options: () => testDeviceOptions(device) });
  const t = deviceApplySetup({ config, store, platforms: platformWith(config, 'openconfig', openconfigRules, driver), expectedIdentity: () => expected });
  return { ...t, rpcs, pool, store };
}

describeNetconfd('device-apply on an OpenConfig device (netconfd, candidate)', () => {
  let device: TestDevice;
  beforeAll(async () => {
    device = await startTestDevice({ target: 'candidate', platform: 'openconfig' });
  });
  afterAll(async () => {
    await device?.stop();
  });

  async function observed() {
    const s = await NetconfSession.connect(testDeviceOptions(device));
    try {
      return await new OpenConfigDriver().read(s, INTENT.map((i) => i.name));
    } finally {
      await s.close();
    }
  }

  it('refuses to write to a device whose hostname is not the device name, sending no lock and no edit', async () => {
    const t = reconcilerFor(device, { name: 'eos9' });
    try {
      const err = await t.reconciler.reconcile('eos1').then(() => undefined, (e: unknown) => e);
      expect(err).toMatchObject({ reason: 'DeviceIdentityMismatch', retryable: false });
      expect((err as Error).message).toMatch(/hostname is "eos1", expected "eos9"/);
      expect(t.rpcs.some((b) => /<(lock|edit-config|commit|discard-changes)\b/.test(b))).toBe(false);
      expect(t.store.commits).toEqual([]);
      expect((await observed()).get('Vlan30')).toMatchObject({ exists: false });
    } finally {
      await t.pool.closeAll();
    }
  });

  it('applies intent with a confirmed commit, verifies it, records the audit, and sends nothing on the next reconcile', async () => {
    const t = reconcilerFor(device, { name: 'EOS1' });
    try {
      const first = await t.reconciler.reconcile('eos1');
      expect(first.outcome).toBe('applied');
      expect(first.apply).toMatchObject({ verified: true, datastore: 'candidate', confirmed: true });
      expect(t.store.commits.at(-1)?.meta.tickets).toEqual(['CHG-7']);
      expect((await observed()).get('Ethernet9')).toMatchObject({ description: 'Desk 9 ##ticket:CHG-7##', mtu: 9000 });
      expect((await observed()).get('Vlan30')).toMatchObject({ exists: true, description: 'Voice', ipv4: '10.30.0.1/24' });
      const sentBefore = t.rpcs.length;
      const second = await t.reconciler.reconcile('eos1');
      expect(second.outcome).toBe('in-sync');
      expect(t.rpcs.slice(sentBefore).some((b) => /<(lock|edit-config|commit)\b/.test(b))).toBe(false);
    } finally {
      await t.pool.closeAll();
    }
  });
});

describeNetconfd('the OpenConfig management port (netconfd, running)', () => {
  let device: TestDevice;
  beforeAll(async () => {
    device = await startTestDevice({ target: 'running', platform: 'openconfig' });
  });
  afterAll(async () => {
    await device?.stop();
  });

  it('is never written, even when intent and the configured protected list leave it open: the platform protects it', async () => {
    const t = reconcilerFor(device, null);
    await t.store.write({ device: 'eos1', interfaces: [{ name: 'Management1', description: 'hijack', enabled: false }, { name: 'Ethernet10', description: 'Spare' }] },
      { subject: 'edit', device: 'eos1', source: 'git' }, null);
    try {
      const sentBefore = t.rpcs.length;
      const result = await t.reconciler.reconcile('eos1');
      expect(result.plan.refused).toEqual([expect.objectContaining({ interface: 'Management1', leaves: ['description', 'enabled'] })]);
      const edits = t.rpcs.slice(sentBefore).filter((b) => /<edit-config\b/.test(b));
      expect(edits.length).toBe(1);
      expect(edits[0]).not.toContain('Management1');
      const s = await NetconfSession.connect(testDeviceOptions(device));
      try {
        const state = await new OpenConfigDriver().read(s, ['Management1', 'Ethernet10']);
        expect(state.get('Management1')).toMatchObject({ description: 'oob management', enabled: true });
        expect(state.get('Ethernet10')?.description).toBe('Spare');
      } finally {
        await s.close();
      }
    } finally {
      await t.pool.closeAll();
    }
  });
});
