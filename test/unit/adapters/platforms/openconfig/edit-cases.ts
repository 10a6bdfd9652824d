import type { DevicePlan, LeafChange } from '../../../../../src/core/plan-types.js';

const et = 'Ethernet3';

function plan(...changes: LeafChange[]): DevicePlan {
  return { device: 'eos1', changes, refused: [] };
}

/** Plans whose edit XML is pinned as a golden file in test/fixtures/openconfig/edit-<name>.xml. */
export const EDIT_CASES: Record<string, DevicePlan> = {
  'description-ticket': plan({ interface: et, leaf: 'description', op: 'set', before: 'old', after: 'Desk 3 ##ticket:CHG-42##' }),
  'description-remove': plan({ interface: et, leaf: 'description', op: 'remove', before: 'old', after: null }),
  'enabled-mtu': plan(
    { interface: et, leaf: 'enabled', op: 'set', before: true, after: false },
    { interface: et, leaf: 'mtu', op: 'set', before: null, after: 9214 },
  ),
  'access-vlan': plan(
    { interface: et, leaf: 'mode', op: 'set', before: 'routed', after: 'access' },
    { interface: et, leaf: 'accessVlan', op: 'set', before: null, after: 20 },
  ),
  'access-to-trunk': plan(
    { interface: et, leaf: 'mode', op: 'set', before: 'access', after: 'trunk' },
    { interface: et, leaf: 'accessVlan', op: 'remove', before: 20, after: null },
    { interface: et, leaf: 'nativeVlan', op: 'set', before: null, after: 10 },
    { interface: et, leaf: 'allowedVlans', op: 'set', before: null, after: [10, 20, 30, 31, 32, 33, 40, 41] },
  ),
  'trunk-all-on-lag': plan(
    { interface: 'Port-Channel10', leaf: 'mode', op: 'set', before: 'routed', after: 'trunk' },
    { interface: 'Port-Channel10', leaf: 'allowedVlans', op: 'set', before: null, after: 'all' },
  ),
  'trunk-to-routed': plan(
    { interface: et, leaf: 'mode', op: 'set', before: 'trunk', after: 'routed' },
    { interface: et, leaf: 'nativeVlan', op: 'remove', before: 10, after: null },
    { interface: et, leaf: 'allowedVlans', op: 'remove', before: [10, 20], after: null },
    { interface: et, leaf: 'ipv4', op: 'set', before: null, after: '10.3.0.1/31' },
  ),
  'ipv4-move-on-new-vlan': plan(
    { interface: 'Vlan20', leaf: 'description', op: 'set', before: null, after: 'Printers' },
    { interface: 'Vlan20', leaf: 'ipv4', op: 'set', before: '10.20.0.1/24', after: '10.20.1.1/23' },
  ),
  'ipv4-remove-on-loopback': plan({ interface: 'Loopback1', leaf: 'ipv4', op: 'remove', before: '10.255.1.1/32', after: null }),
};

/** What the device holds now, for the cases that change trunk-vlans (read under the lock by the driver). */
export const CURRENT_TRUNK_VLANS: ReadonlyMap<string, readonly string[]> = new Map([
  [et, ['10', '20']],
]);
