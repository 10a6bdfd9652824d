import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import type { ExpectedIdentity } from '../../../src/adapters/platforms/session-identity-check.js';
import { parseConfig } from '../../../src/config/load.js';
import { NetconfDeviceDriver } from '../../../src/adapters/platforms/iosxe/netconf-device-driver.js';
import { iosxeWith } from '../../harness/platforms.js';
import { silentLogger } from '../../../src/log.js';
import { C9300_SERIAL, c9300StartupXml } from '../../harness/iosxe-startup.js';
import { deviceApplySetup, rpcRecordingPool, testDeviceOptions } from '../../harness/device-apply-setup.js';
import { MemoryIntentStore } from '../../harness/memory-intent-store.js';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { interfaceLeaf, nativeInterface } from '../../harness/iosxe-xml.js';

const GI5 = 'GigabitEthernet1/0/5';

/** A device-apply reconciler for device `c9300` on `device`, recording every RPC sent to it. */
function reconcilerFor(device: TestDevice, expected: () => ExpectedIdentity | null, description: string) {
  const rpcs: string[] = [];
  const pool = rpcRecordingPool(rpcs);
  const store = new MemoryIntentStore([{ device: 'c9300', interfaces: [{ name: GI5, description }] }]);
  const config = parseConfig('', 'defaults', { env: {} });
  const driver = new NetconfDeviceDriver({ config, logger: silentLogger(), pool, options: () => testDeviceOptions(device) });
  const t = deviceApplySetup({ config, store, platforms: iosxeWith(config, driver), expectedIdentity: () => expected() });
  return { ...t, rpcs, pool, store };
}

async function description(device: TestDevice): Promise<string | undefined> {
  const s = await NetconfSession.connect(testDeviceOptions(device));
  try {
    return await interfaceLeaf(await s.getConfig({ source: 'running', filter: nativeInterface('GigabitEthernet', '1/0/5') }), 'GigabitEthernet', '1/0/5', ['description']);
  } finally {
    await s.close();
  }
}

describeNetconfd('device identity before the first write (netconfd)', () => {
  describe('a device whose hostname is not the device name', () => {
    let device: TestDevice;
    beforeAll(async () => {
      device = await startTestDevice({ target: 'candidate', startupXml: c9300StartupXml({ hostname: 'closet-sw-9' }) });
    });
    afterAll(async () => {
      await device?.stop();
    });

    it('fails terminally with DeviceIdentityMismatch, alerts, and sends no lock and no edit', async () => {
      const before = await description(device);
      const t = reconcilerFor(device, () => ({ name: 'c9300', serial: C9300_SERIAL }), 'must not land');
      try {
        const err = await t.reconciler.reconcile('c9300').then(() => undefined, (e: unknown) => e);
        expect(err).toMatchObject({ reason: 'DeviceIdentityMismatch', retryable: false });
        expect((err as Error).message).toMatch(/hostname is "closet-sw-9", expected "c9300"/);
        expect(t.rpcs.some((b) => /<(lock|edit-config|commit|discard-changes)\b/.test(b))).toBe(false);
        expect(t.status.get('c9300')).toMatchObject({ state: 'failed', lastError: { reason: 'DeviceIdentityMismatch' } });
        expect(t.notifier.sent).toEqual([expect.objectContaining({ kind: 'failed', device: 'c9300', reason: 'DeviceIdentityMismatch' })]);
        expect(t.store.commits).toEqual([]);
        expect(await description(device)).toBe(before);
      } finally {
        await t.pool.closeAll();
      }
    });
  });

  describe('the intended device', () => {
    let device: TestDevice;
    beforeAll(async () => {
      device = await startTestDevice({ target: 'running' });
    });
    afterAll(async () => {
      await device?.stop();
    });

    it('refuses a serial that differs from the one in NetBox, writing nothing', async () => {
      const t = reconcilerFor(device, () => ({ name: 'c9300.example.net', serial: 'FOC0000X999' }), 'must not land either');
      try {
        const err = await t.reconciler.reconcile('c9300').then(() => undefined, (e: unknown) => e);
        expect(err).toMatchObject({ reason: 'DeviceIdentityMismatch', retryable: false });
        expect((err as Error).message).toMatch(/serial is "FOC2331X001", NetBox expects "FOC0000X999"/);
        expect((err as Error).message).not.toMatch(/hostname/);
        expect(t.rpcs.some((b) => /<lock\b/.test(b))).toBe(false);
      } finally {
        await t.pool.closeAll();
      }
    });

    it('writes when hostname (case-insensitive) and serial match, and checks only once per session', async () => {
      let text = 'identity checked';
      const t = reconcilerFor(device, () => ({ name: 'C9300', serial: C9300_SERIAL.toLowerCase() }), text);
      try {
        expect((await t.reconciler.reconcile('c9300')).outcome).toBe('applied');
        expect(await description(device)).toBe(text);
        text = 'second change, same session';
        await t.store.write({ device: 'c9300', interfaces: [{ name: GI5, description: text }] }, { subject: 'edit', device: 'c9300', source: 'git' }, null);
        expect((await t.reconciler.reconcile('c9300')).outcome).toBe('applied');
        expect(await description(device)).toBe(text);
        expect(t.rpcs.filter((b) => b.includes('<hostname/>'))).toHaveLength(1);
        expect(t.pool.stats().connects).toBe(1);
      } finally {
        await t.pool.closeAll();
      }
    });
  });
});
