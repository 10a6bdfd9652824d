import { describe, expect, it } from 'vitest';
import { formatPlan, planDevice, residualPlan } from '../../../src/core/planner.js';
import type { InterfaceState, LeafChange } from '../../../src/core/plan-types.js';
import type { InterfaceIntent } from '../../../src/core/types.js';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';

const GI2 = 'GigabitEthernet1/0/2';

function state(over: Partial<InterfaceState> = {}): InterfaceState {
  return {
    name: GI2, exists: true, description: null, enabled: true, mtu: null, mode: 'access',
    accessVlan: 100, nativeVlan: null, allowedVlans: null, ipv4: null, ...over,
  };
}

function plan(intent: Omit<InterfaceIntent, 'name'> & { name?: string }, observed: InterfaceState | null, protectedInterfaces: string[] = []) {
  const name = intent.name ?? GI2;
  const map = new Map<string, InterfaceState>(observed ? [[name, { ...observed, name }]] : []);
  return planDevice({ device: 'c9300', interfaces: [{ ...intent, name }] }, map, { protectedInterfaces, rules: IOSXE_RULES });
}

type Row = [string, Omit<InterfaceIntent, 'name'>, InterfaceState | null, Array<Omit<LeafChange, 'interface'>>];

const ROWS: Row[] = [
  ['is empty when every managed leaf matches', { description: 'User', ticket: '1', mode: 'access', accessVlan: 100 }, state({ description: 'User ##ticket:1##' }), []],
  ['leaves unmanaged (absent) fields untouched', {}, state({ mtu: 9000, description: 'x', enabled: false }), []],
  ['compares the description in rendered form with the ticket tag', { description: 'a', ticket: '1234' }, state({ description: 'a' }),
    [{ leaf: 'description', op: 'set', before: 'a', after: 'a ##ticket:1234##' }]],
  ['removes a description intent sets to null', { description: null }, state({ description: 'old' }),
    [{ leaf: 'description', op: 'remove', before: 'old', after: null }]],
  ['shuts an interface intent disables', { enabled: false }, state(), [{ leaf: 'enabled', op: 'set', before: true, after: false }]],
  ['removes mtu when intent wants the default', { mtu: null }, state({ mtu: 9000 }), [{ leaf: 'mtu', op: 'remove', before: 9000, after: null }]],
  ['sets mtu', { mtu: 9000 }, state(), [{ leaf: 'mtu', op: 'set', before: null, after: 9000 }]],
  ['removes the access VLAN on access→trunk even when intent does not manage it', { mode: 'trunk', allowedVlans: [500, 300, 400], nativeVlan: 100 }, state(), [
    { leaf: 'mode', op: 'set', before: 'access', after: 'trunk' },
    { leaf: 'accessVlan', op: 'remove', before: 100, after: null },
    { leaf: 'nativeVlan', op: 'set', before: null, after: 100 },
    { leaf: 'allowedVlans', op: 'set', before: null, after: [300, 400, 500] },
  ]],
  ['removes the trunk leaves on trunk→access', { mode: 'access', accessVlan: 200 }, state({ mode: 'trunk', accessVlan: null, nativeVlan: 100, allowedVlans: 'all' }), [
    { leaf: 'mode', op: 'set', before: 'trunk', after: 'access' },
    { leaf: 'accessVlan', op: 'set', before: null, after: 200 },
    { leaf: 'nativeVlan', op: 'remove', before: 100, after: null },
    { leaf: 'allowedVlans', op: 'remove', before: 'all', after: null },
  ]],
  ['sets the IP and removes the L2 leaves on access→routed', { mode: 'routed', ipv4: '10.1.2.3/24' }, state(), [
    { leaf: 'mode', op: 'set', before: 'access', after: 'routed' },
    { leaf: 'accessVlan', op: 'remove', before: 100, after: null },
    { leaf: 'ipv4', op: 'set', before: null, after: '10.1.2.3/24' },
  ]],
  ['removes the IP on routed→access', { mode: 'access' }, state({ mode: 'routed', accessVlan: null, ipv4: '10.1.2.3/24' }), [
    { leaf: 'mode', op: 'set', before: 'routed', after: 'access' },
    { leaf: 'ipv4', op: 'remove', before: '10.1.2.3/24', after: null },
  ]],
  ['treats allowed VLAN lists as sets', { allowedVlans: [400, 300] }, state({ mode: 'trunk', accessVlan: null, allowedVlans: [300, 400] }), []],
  ['plans against defaults for an interface the device does not have', { description: 'new' }, null,
    [{ leaf: 'description', op: 'set', before: null, after: 'new' }]],
  ['removes a stale trunk leaf intent sets to null without a mode change', { mode: 'access', nativeVlan: null }, state({ nativeVlan: 99 }),
    [{ leaf: 'nativeVlan', op: 'remove', before: 99, after: null }]],
];

describe('planDevice', () => {
  it.each(ROWS)('%s', (_title, intent, observed, expected) => {
    const p = plan(intent, observed);
    expect(p.changes).toEqual(expected.map((c) => ({ interface: GI2, ...c })));
    expect(p.refused).toEqual([]);
  });

  it('refuses leaves of another mode that intent sets, and still plans the rest', () => {
    const p = plan({ mode: 'access', accessVlan: 100, nativeVlan: 5, ipv4: '10.0.0.1/24', mtu: 9000 }, state());
    expect(p.changes).toEqual([{ interface: GI2, leaf: 'mtu', op: 'set', before: null, after: 9000 }]);
    expect(p.refused).toEqual([
      { interface: GI2, reason: 'nativeVlan is only valid in mode trunk, intent mode is access', leaves: ['nativeVlan'] },
      { interface: GI2, reason: 'ipv4 is only valid in mode routed, intent mode is access', leaves: ['ipv4'] },
    ]);
  });

  it('judges mode-specific leaves against the device mode when intent leaves mode unmanaged', () => {
    const p = plan({ accessVlan: 200 }, state({ mode: 'trunk', accessVlan: null }));
    expect(p.changes).toEqual([]);
    expect(p.refused).toEqual([{ interface: GI2, reason: 'accessVlan is only valid in mode access, device mode is trunk', leaves: ['accessVlan'] }]);
  });

  it('never sends a description that is too long with its ticket tag', () => {
    const p = plan({ description: 'x'.repeat(200), ticket: 'T'.repeat(64), mtu: 9000 }, state());
    expect(p.changes).toEqual([{ interface: GI2, leaf: 'mtu', op: 'set', before: null, after: 9000 }]);
    expect(p.refused).toEqual([{ interface: GI2, reason: 'description with its ticket tag is 276 characters, more than 200', leaves: ['description'] }]);
  });

  it('refuses a switchport mode on an interface that cannot be a switchport', () => {
    const p = plan({ name: 'Loopback0', mode: 'access' }, state({ mode: 'routed', accessVlan: null }));
    expect(p.changes).toEqual([]);
    expect(p.refused).toEqual([{ interface: 'Loopback0', reason: 'mode access needs a switchport interface', leaves: ['mode'] }]);
  });

  it('sends nothing for a protected interface from the config list, only a refusal', () => {
    const p = plan({ description: 'hijack', enabled: false }, state(), [GI2]);
    expect(p.changes).toEqual([]);
    expect(p.refused).toEqual([{ interface: GI2, reason: 'protected management interface', leaves: ['description', 'enabled'] }]);
  });

  it('sends nothing for an interface NetBox marks mgmt_only', () => {
    const p = plan({ mtu: 9000, source: { mgmtOnly: true } }, state());
    expect(p.changes).toEqual([]);
    expect(p.refused).toEqual([{ interface: GI2, reason: 'protected management interface', leaves: ['mtu'] }]);
  });

  it('does not report a protected interface that is already in sync', () => {
    expect(plan({ mtu: null }, state(), [GI2])).toEqual({ device: 'c9300', changes: [], refused: [] });
  });

  it('is JSON-serializable as is', () => {
    const p = plan({ mode: 'trunk', allowedVlans: 'all' }, state());
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });
});

describe('residualPlan', () => {
  it('is empty when the device reads back as planned', () => {
    const p = plan({ mode: 'trunk', allowedVlans: [300] }, state());
    const after = new Map([[GI2, state({ mode: 'trunk', accessVlan: null, allowedVlans: [300] })]]);
    expect(residualPlan(p, after).changes).toEqual([]);
  });

  it('keeps the leaves that did not take, with the value read now as before', () => {
    const p = plan({ mtu: 9000, description: 'x' }, state());
    const after = new Map([[GI2, state({ mtu: 1500, description: 'x' })]]);
    expect(residualPlan(p, after).changes).toEqual([{ interface: GI2, leaf: 'mtu', op: 'set', before: 1500, after: 9000 }]);
  });
});

describe('formatPlan', () => {
  it('prints one line per leaf like terraform plan', () => {
    const p = plan({ description: 'b', ticket: '1234', mtu: null, accessVlan: 200 }, state({ description: 'a', mtu: 9000 }), []);
    expect(formatPlan(p)).toBe(
      [
        'device c9300:',
        '  ~ GigabitEthernet1/0/2 description: "a" → "b ##ticket:1234##"',
        '  - GigabitEthernet1/0/2 mtu: 9000 → (none)',
        '  ~ GigabitEthernet1/0/2 accessVlan: 100 → 200',
        '  3 leaf changes',
      ].join('\n'),
    );
  });

  it('says in sync and lists refusals', () => {
    const p = plan({ description: 'x' }, state(), [GI2]);
    expect(formatPlan(p)).toBe(
      ['device c9300:', '  ! GigabitEthernet1/0/2 refused (protected management interface): description', '  in sync, 1 refused'].join('\n'),
    );
  });
});

describe('planDevice with adopted interfaces', () => {
  const adopted: InterfaceIntent = { name: GI2, description: 'from netbox', source: { adopted: true } };
  const observed = new Map([[GI2, state()]]);

  it('holds back changes on an adopted interface as pending adoption when asked to', () => {
    const p = planDevice({ device: 'c9300', interfaces: [adopted] }, observed, { protectedInterfaces: [], holdAdopted: true, rules: IOSXE_RULES });
    expect(p.changes).toEqual([]);
    expect(p.pendingAdoption).toEqual([{ interface: GI2, leaf: 'description', op: 'set', before: null, after: 'from netbox' }]);
    expect(formatPlan(p)).toContain('pending-adoption');
  });

  it('plans them like any change otherwise, and never sends a protected adopted interface', () => {
    expect(planDevice({ device: 'c9300', interfaces: [adopted] }, observed, { protectedInterfaces: [], rules: IOSXE_RULES }).changes).toHaveLength(1);
    const p = planDevice({ device: 'c9300', interfaces: [adopted] }, observed, { protectedInterfaces: [GI2], holdAdopted: true, rules: IOSXE_RULES });
    expect(p).toMatchObject({ changes: [], refused: [{ interface: GI2, reason: 'protected management interface' }] });
    expect(p.pendingAdoption).toBeUndefined();
  });
  it('takes a trunk without an allowed list (intent null) and a device reporting all VLANs as the same state', () => {
    expect(plan({ mode: 'trunk', allowedVlans: null }, state({ mode: 'trunk', accessVlan: null, allowedVlans: 'all' })).changes).toEqual([]);
    expect(plan({ mode: 'trunk', allowedVlans: 'all' }, state({ mode: 'trunk', accessVlan: null, allowedVlans: null })).changes).toEqual([]);
    expect(plan({ mode: 'trunk', allowedVlans: null }, state({ mode: 'trunk', accessVlan: null, allowedVlans: [10] })).changes.map((c) => c.op)).toEqual(['remove']);
  });
});
