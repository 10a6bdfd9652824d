import { describe, expect, it } from 'vitest';
import { changedFields, syncBody, syncSubject } from '../../../src/controllers/intent-sync-changes.js';
import { shortInterfaceName } from '../../../src/adapters/platforms/iosxe/names.js';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';
import { openconfigRules } from '../../../src/adapters/platforms/openconfig/rules.js';
import type { InterfaceIntent } from '../../../src/core/types.js';

const gi2: InterfaceIntent = {
  name: 'GigabitEthernet1/0/2',
  description: 'old',
  enabled: true,
  mtu: null,
  mode: 'trunk',
  accessVlan: null,
  nativeVlan: 100,
  allowedVlans: [300, 400],
  ipv4: null,
  ticket: '1',
  source: { netboxId: 3, lastUpdated: 'a' },
};

describe('changedFields', () => {
  it('ignores ticket and provenance', () => {
    expect(changedFields(gi2, { ...gi2, ticket: '2', source: { netboxId: 3, lastUpdated: 'b' } })).toEqual([]);
  });

  it('lists changed fields in canonical order with before and after', () => {
    expect(changedFields(gi2, { ...gi2, mtu: 9000, description: 'new', allowedVlans: [300] })).toEqual([
      { field: 'description', before: 'old', after: 'new' },
      { field: 'mtu', before: null, after: 9000 },
      { field: 'allowedVlans', before: [300, 400], after: [300] },
    ]);
  });

  it('counts a management-only flip as a change', () => {
    expect(changedFields(gi2, { ...gi2, source: { mgmtOnly: true } }).map((c) => c.field)).toEqual(['mgmtOnly']);
  });
});

describe('commit subject and body', () => {
  it.each([
    ['GigabitEthernet1/0/2', 'Gi1/0/2'],
    ['TenGigabitEthernet1/1/4', 'Te1/1/4'],
    ['TwentyFiveGigE1/1/1', 'Twe1/1/1'],
    ['Port-channel10', 'Po10'],
  ])('abbreviates %s as %s', (long, short) => {
    expect(shortInterfaceName(long)).toBe(short);
  });

  it('names the interfaces and fields taken', () => {
    expect(syncSubject('c9300', [{ interface: 'GigabitEthernet1/0/2', fields: ['description', 'mtu'] }], [], IOSXE_RULES)).toBe(
      'intent(c9300): Gi1/0/2 description, mtu',
    );
  });

  it("uses the short names of the device's platform, or the names as they are without one", () => {
    const taken = [{ interface: 'Ethernet1/1', fields: ['mtu'] }];
    expect(syncSubject('eos1', taken, ['Port-Channel10'], openconfigRules)).toBe('intent(eos1): Et1/1 mtu; import Po10');
    expect(syncSubject('c9300', [{ interface: 'GigabitEthernet1/0/2', fields: ['mtu'] }], [], null)).toBe('intent(c9300): GigabitEthernet1/0/2 mtu');
  });

  it('summarises many interfaces and baseline imports', () => {
    const many = ['1', '2', '3', '4'].map((n) => ({ interface: `GigabitEthernet1/0/${n}`, fields: ['mtu'] }));
    expect(syncSubject('c9300', many, [], IOSXE_RULES)).toBe('intent(c9300): 4 interfaces (Gi1/0/1, Gi1/0/2, …)');
    expect(syncSubject('c9300', [], ['a', 'b'], IOSXE_RULES)).toBe('intent(c9300): import 2 interfaces');
  });

  it('lists each field before → after and every ticket in the body', () => {
    const body = syncBody(
      [
        { interface: 'GigabitEthernet1/0/2', ticket: '1234', changes: [{ field: 'mtu', before: null, after: 9000 }] },
        { interface: 'GigabitEthernet1/0/3', ticket: '5678', changes: [{ field: 'enabled', before: true, after: false }] },
      ],
      [],
    );
    expect(body).toBe(
      'GigabitEthernet1/0/2 mtu: null → 9000\nGigabitEthernet1/0/3 enabled: true → false\n\nTickets: 1234, 5678',
    );
  });
});
