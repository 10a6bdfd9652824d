import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetconfPool } from '../../../src/adapters/netconf/pool.js';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';
import { PlatformRegistry } from '../../../src/adapters/platforms/registry.js';
import { parseConfig } from '../../../src/config/load.js';
import { DeviceApplyReconciler } from '../../../src/controllers/device-apply.js';
import type { DevicePlan, InterfaceState } from '../../../src/core/plan-types.js';
import type { DeviceApplyOptions, DeviceApplyOutcome, DeviceDriver, DeviceHandle } from '../../../src/core/ports.js';
import { silentLogger } from '../../../src/log.js';
import { Metrics } from '../../../src/observability/metrics.js';
import { ApplyJournal } from '../../../src/runtime/apply-journal.js';
import { StatusBook } from '../../../src/runtime/status.js';
import { RecordingNotifier } from '../../harness/device-apply-setup.js';
import { MemoryIntentStore } from '../../harness/memory-intent-store.js';
import { useTempDirs } from '../../integration/git/helpers.js';

const GI2 = 'GigabitEthernet1/0/2';

/** A switch whose Gi1/0/2 says 'old'; `apply` notes whether the journal record existed when it may write. */
class JournalCheckingDriver implements DeviceDriver {
  readonly seen: Array<{ ready: boolean; recordBeforeReady: boolean; recordWhenReady: boolean }> = [];
  constructor(private readonly record: string) {}
  async connect(): Promise<DeviceHandle> {
    return { datastore: 'running' };
  }
  async read(): Promise<Map<string, InterfaceState>> {
    return new Map([[GI2, { name: GI2, exists: true, description: 'old', enabled: true, mtu: null, mode: 'access', accessVlan: null, nativeVlan: null, allowedVlans: null, ipv4: null }]]);
  }
  async apply(_h: DeviceHandle, plan: DevicePlan, o: DeviceApplyOptions): Promise<DeviceApplyOutcome> {
    const recordBeforeReady = existsSync(this.record);
    await o.ready;
    this.seen.push({ ready: o.ready !== undefined, recordBeforeReady, recordWhenReady: existsSync(this.record) });
    return { sent: '<x/>', plan, verified: true, datastore: 'running', confirmed: false, saved: false, durationMs: 1 };
  }
  async closeAll(): Promise<void> {}
}

describe('device-apply and its write-ahead journal', () => {
  const tempDir = useTempDirs();

  it('hands the driver the journal write as `ready`, so the record is durable before the device is written, and clears it after the audit', async () => {
    const dir = tempDir();
    const journalDir = join(dir, 'pending');
    const config = parseConfig('', 'test.yaml', { env: {} });
    const driver = new JournalCheckingDriver(join(journalDir, 'sw1.json'));
    const platforms = new PlatformRegistry({ config, logger: silentLogger(), pool: new NetconfPool({ logger: silentLogger() }), modules: { iosxe: { rules: IOSXE_RULES, createDriver: () => driver } } });
    const reconciler = new DeviceApplyReconciler({
      config, platforms, store: new MemoryIntentStore([{ device: 'sw1', interfaces: [{ name: GI2, description: 'new', ticket: '7' }] }]),
      notifier: new RecordingNotifier(), status: new StatusBook(), metrics: new Metrics(), logger: silentLogger(), journal: new ApplyJournal(journalDir),
    });
    const result = await reconciler.reconcile('sw1');
    expect(result.outcome).toBe('applied');
    expect(driver.seen).toEqual([{ ready: true, recordBeforeReady: false, recordWhenReady: true }]);
    expect(existsSync(join(journalDir, 'sw1.json'))).toBe(false);
  });
});
