import { describe, expect, it } from 'vitest';
import { sameManagedContent } from '../../../src/core/intent-compare.js';
import type { DeviceIntent, InterfaceIntent } from '../../../src/core/types.js';

const base: InterfaceIntent = {
  name: 'GigabitEthernet1/0/2',
  description: 'uplink',
  mode: 'trunk',
  allowedVlans: [300, 400],
  source: { netboxId: 3, lastUpdated: '2023-05-30T12:06:26Z' },
};
const dev = (...interfaces: InterfaceIntent[]): DeviceIntent => ({ device: 'sw1', interfaces });

describe('sameManagedContent', () => {
  it.each<[string, InterfaceIntent[], boolean]>([
    ['identical', [base], true],
    ['only provenance differs', [{ ...base, source: { netboxId: 9, lastUpdated: '2024-01-01T00:00:00Z' } }], true],
    ['provenance missing', [{ ...base, source: {} }], true],
    ['allowed VLANs in another order', [{ ...base, allowedVlans: [400, 300, 300] }], true],
    ['a managed value differs', [{ ...base, description: 'other' }], false],
    ['null instead of absent', [{ ...base, mtu: null }], false],
    ['a field no longer managed', [{ ...base, description: undefined } as unknown as InterfaceIntent], false],
    ['mgmtOnly flipped', [{ ...base, source: { netboxId: 3, mgmtOnly: true } }], false],
    ['an extra interface', [base, { name: 'Vlan1' }], false],
    ['no interfaces', [], false],
  ])('%s → %s', (_name, other, expected) => {
    expect(sameManagedContent(dev(base), dev(...other))).toBe(expected);
  });

  it('ignores interface order and compares the device name', () => {
    const a = dev(base, { name: 'Vlan1' });
    expect(sameManagedContent(a, dev({ name: 'Vlan1' }, base))).toBe(true);
    expect(sameManagedContent(a, { ...a, device: 'sw2' })).toBe(false);
  });
});
