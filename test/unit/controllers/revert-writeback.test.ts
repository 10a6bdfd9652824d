import { describe, expect, it } from 'vitest';
import { RevertWriteback } from '../../../src/controllers/revert-writeback.js';
import type { IntentStorePort, SourceOfTruth, WritableFields } from '../../../src/core/ports.js';
import type { DeviceIntent } from '../../../src/core/types.js';
import { silentLogger } from '../../../src/log.js';
import { StatusBook } from '../../../src/runtime/status.js';

const GI2 = 'GigabitEthernet1/0/2';
const intent = (description: string | null): DeviceIntent => ({ device: 'c9300', interfaces: [{ name: GI2, description }] });

/** The store's answers for: base (old) ← netbox change (new) ← revert (old again). */
const store = {
  commitOf: (c: string) => Promise.resolve(c === 'def56789' ? { message: 'Revert "intent(c9300)"\n\nThis reverts commit 0abc1234.\n', author: 'Op <op@example.com>', parents: ['0abc1234'] } : { message: 'x', author: 'intentd', parents: [] }),
  trailersOf: (c: string) => Promise.resolve(c === '0abc1234' ? { Source: 'netbox' } : {}),
  readAt: (_d: string, c: string) => Promise.resolve(intent(c === '0abc1234' ? 'from NetBox' : 'before')),
} as unknown as IntentStorePort;

describe('RevertWriteback', () => {
  it('retries a failed write-back with backoff, showing the divergence and its error until it succeeds', async () => {
    const writes: WritableFields[] = [];
    let failures = 1;
    const source = {
      readDevice: () => Promise.resolve({ device: 'c9300', mgmtAddress: null, serial: null, platform: null, interfaces: [{ id: 3, name: GI2, mgmtOnly: false, intent: { name: GI2, description: writes.length > 0 ? 'before' : 'from NetBox' }, error: null }] }),
      writeInterface: (_id: number, f: WritableFields) => (failures-- > 0 ? Promise.reject(new Error('NetBox down')) : (writes.push(f), Promise.resolve())),
      journal: () => Promise.resolve(true),
    } as unknown as SourceOfTruth;
    const status = new StatusBook();
    const w = new RevertWriteback({ store, source, status, logger: silentLogger(), writeBack: true, backoff: { baseMs: 20, maxMs: 40 } });
    await w.afterVerified('c9300', 'def56789');
    expect(status.get('c9300').divergedFromNetbox).toMatchObject({ revert: 'def56789', author: 'Op <op@example.com>', reverts: '0abc1234', lastError: expect.stringContaining('NetBox down') });
    for (let i = 0; i < 200 && writes.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(writes).toEqual([{ description: 'before' }]);
    expect(status.get('c9300').divergedFromNetbox).toBeNull();
    await w.afterVerified('c9300', 'def56789');
    expect(writes).toHaveLength(1);
    w.stop();
  });

  it('leaves a revision that reverts no NetBox change alone', async () => {
    const source = { readDevice: () => Promise.reject(new Error('not asked')) } as unknown as SourceOfTruth;
    const status = new StatusBook();
    await new RevertWriteback({ store, source, status, logger: silentLogger(), writeBack: true }).afterVerified('c9300', '0abc1234');
    expect(status.get('c9300').divergedFromNetbox).toBeNull();
  });
});
