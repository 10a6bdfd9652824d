import type { DevicePlan, LeafChange } from '../../../../../src/core/plan-types.js';

const gi2 = 'GigabitEthernet1/0/2';

function plan(...changes: LeafChange[]): DevicePlan {
  return { device: 'c9300', changes, refused: [] };
}

/** Plans whose edit XML is pinned as a golden file in test/fixtures/iosxe/edit-<name>.xml (legacy
 * allowed-VLAN shape) and, for those in V2_CASES, edit-v2-<name>.xml (17.13+ vlan-v2 shape). */
export const EDIT_CASES: Record<string, DevicePlan> = {
  'description-only': plan({ interface: gi2, leaf: 'description', op: 'set', before: 'old', after: 'Uplink ##ticket:1234##' }),
  'access-to-trunk': plan(
    { interface: gi2, leaf: 'mode', op: 'set', before: 'access', after: 'trunk' },
    { interface: gi2, leaf: 'accessVlan', op: 'remove', before: 100, after: null },
    { interface: gi2, leaf: 'nativeVlan', op: 'set', before: null, after: 100 },
    { interface: gi2, leaf: 'allowedVlans', op: 'set', before: null, after: [300, 400, 500] },
  ),
  'trunk-to-access': plan(
    { interface: gi2, leaf: 'mode', op: 'set', before: 'trunk', after: 'access' },
    { interface: gi2, leaf: 'accessVlan', op: 'set', before: null, after: 200 },
    { interface: gi2, leaf: 'nativeVlan', op: 'remove', before: 100, after: null },
    { interface: gi2, leaf: 'allowedVlans', op: 'remove', before: 'all', after: null },
  ),
  'access-to-routed': plan(
    { interface: gi2, leaf: 'mode', op: 'set', before: 'access', after: 'routed' },
    { interface: gi2, leaf: 'accessVlan', op: 'remove', before: 100, after: null },
    { interface: gi2, leaf: 'ipv4', op: 'set', before: null, after: '10.1.2.3/24' },
  ),
  'routed-to-trunk-all': plan(
    { interface: gi2, leaf: 'mode', op: 'set', before: 'routed', after: 'trunk' },
    { interface: gi2, leaf: 'allowedVlans', op: 'set', before: null, after: 'all' },
    { interface: gi2, leaf: 'ipv4', op: 'remove', before: '10.1.2.3/24', after: null },
  ),
  'trunk-300-vlans': plan(
    { interface: gi2, leaf: 'allowedVlans', op: 'set', before: 'all', after: Array.from({ length: 300 }, (_, i) => 2 * i + 2) },
  ),
  'trunk-ranges': plan({ interface: gi2, leaf: 'allowedVlans', op: 'set', before: [5], after: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 31] }),
  'trunk-none': plan({ interface: gi2, leaf: 'allowedVlans', op: 'set', before: 'all', after: [] }),
  'trunk-back-to-all': plan({ interface: gi2, leaf: 'allowedVlans', op: 'set', before: [10], after: 'all' }),
  'remove-mtu': plan({ interface: gi2, leaf: 'mtu', op: 'remove', before: 9000, after: null }),
  shutdown: plan({ interface: gi2, leaf: 'enabled', op: 'set', before: true, after: false }),
  'no-shutdown': plan({ interface: gi2, leaf: 'enabled', op: 'set', before: false, after: true }),
  metacharacters: plan({
    interface: gi2,
    leaf: 'description',
    op: 'set',
    before: null,
    after: `a<b & "c" 'd' ]]>]]> e ##ticket:7##`,
  }),
  'two-interfaces': plan(
    { interface: 'Port-channel10', leaf: 'description', op: 'remove', before: 'x', after: null },
    { interface: 'TwentyFiveGigE1/0/1', leaf: 'mtu', op: 'set', before: null, after: 9100 },
    { interface: 'Port-channel10', leaf: 'mtu', op: 'set', before: 1500, after: 9000 },
  ),
};

/** The cases that carry allowed VLANs, whose payload differs between the two IOS-XE generations. */
export const V2_CASES = Object.keys(EDIT_CASES).filter((k) => EDIT_CASES[k]?.changes.some((c) => c.leaf === 'allowedVlans'));
