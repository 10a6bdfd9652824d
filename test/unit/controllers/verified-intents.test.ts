import { describe, expect, it } from 'vitest';
import { VerifiedIntents } from '../../../src/controllers/verified-intents.js';
import type { DeviceIntent } from '../../../src/core/types.js';

const intent = (desc2: string, extra: DeviceIntent['interfaces'] = []): DeviceIntent => ({
  device: 'sw1',
  interfaces: [
    { name: 'Gi1', description: 'one', source: { netboxId: 1, lastUpdated: 'a' } },
    { name: 'Gi2', description: desc2, allowedVlans: [30, 10, 20] },
    ...extra,
  ],
});

describe('VerifiedIntents (which interfaces an intent commit changed since the last full verify)', () => {
  it('names the interfaces whose managed content changed or that are new, ignoring provenance and VLAN order', () => {
    const v = new VerifiedIntents();
    v.record('sw1', 'r1', intent('two'));
    const next = intent('TWO', [{ name: 'Gi3', enabled: false }]);
    next.interfaces[0] = { name: 'Gi1', description: 'one', source: { netboxId: 1, lastUpdated: 'b' } };
    (next.interfaces[1] as { allowedVlans: number[] }).allowedVlans = [10, 20, 30];
    expect(v.changedSince('sw1', 'r1', next)).toEqual(['Gi2', 'Gi3']);
  });

  it('knows nothing for another revision, a removed interface, no change, or after forget', () => {
    const v = new VerifiedIntents();
    v.record('sw1', 'r1', intent('two'));
    expect(v.changedSince('sw1', 'r0', intent('TWO'))).toBeNull();
    expect(v.changedSince('sw1', 'r1', { device: 'sw1', interfaces: [{ name: 'Gi2', description: 'TWO' }] })).toBeNull();
    expect(v.changedSince('sw1', 'r1', intent('two'))).toBeNull();
    v.forget('sw1');
    expect(v.changedSince('sw1', 'r1', intent('TWO'))).toBeNull();
  });

  it('counts a change of mgmt_only or the adoption mark as a change', () => {
    const v = new VerifiedIntents();
    v.record('sw1', 'r1', intent('two'));
    const next = intent('two');
    next.interfaces[0] = { ...next.interfaces[0], name: 'Gi1', source: { netboxId: 1, mgmtOnly: true } } as DeviceIntent['interfaces'][number];
    expect(v.changedSince('sw1', 'r1', next)).toEqual(['Gi1']);
  });
});
