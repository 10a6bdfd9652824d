import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/core/errors.js';
import { choiceValue, mapInterface, normalizeTimestamp, ticketOf } from '../../../../src/adapters/netbox/mapping.js';
import type { NbInterface, NbIpAddress } from '../../../../src/adapters/netbox/types.js';
import { IOSXE_RULES } from '../../../../src/adapters/platforms/iosxe/rules.js';
import { netboxFixture } from '../../../harness/netbox-fixtures.js';

const TF = 'change_ticket_number';
const data = (file: string): NbInterface => netboxFixture<{ data: NbInterface }>(file).data;
const trunk = (): NbInterface => netboxFixture<NbInterface>('netbox-v3.5-interface-data-trunk.json');

describe('mapInterface over the real sample payloads', () => {
  it.each<[string, NbInterface, Record<string, unknown>]>([
    [
      '3.5 trunk with native VLAN and tagged VLANs, shut down',
      data('netbox-v3.5-webhook-interface-updated.json'),
      { name: 'GigabitEthernet1/0/10', description: 'Big new thing', enabled: false, mtu: 2000, mode: 'trunk', accessVlan: null, nativeVlan: 100, allowedVlans: [300, 400, 500], ipv4: null, ticket: '73003' },
    ],
    [
      '3.5 port without 802.1Q mode, with a ticket (mode null)',
      data('netbox-v3.5-webhook-interface-with-ticket.json'),
      { name: 'GigabitEthernet1/0/2', description: 'Webhook function completed!', enabled: true, mtu: null, ticket: '1234' },
    ],
    [
      '3.5 echo after the ticket was cleared',
      data('netbox-v3.5-webhook-interface-ticket-cleared.json'),
      { name: 'GigabitEthernet1/0/2', ticket: null },
    ],
    [
      '3.5 description-only change without ticket',
      data('netbox-v3.5-webhook-interface-description-updated.json'),
      { description: 'Testing the description for Webhook!', ticket: null },
    ],
    [
      '3.5 interface data with MTU 8972',
      trunk(),
      { name: 'GigabitEthernet1/0/2', mtu: 8972, mode: 'trunk', nativeVlan: 100, allowedVlans: [300, 400, 500], description: null, ticket: '15003' },
    ],
    [
      '4.6 shape with primary_mac_address and nested descriptions',
      data('netbox-v4.6-webhook-interface-updated.DERIVED.json'),
      { name: 'GigabitEthernet1/0/2', mtu: 9000, mode: 'trunk', nativeVlan: 100, allowedVlans: [300, 400, 500], ticket: '1234' },
    ],
  ])('maps %s', (_label, iface, expected) => {
    expect(mapInterface(iface, [], TF, IOSXE_RULES)).toMatchObject(expected);
  });

  it('leaves layer 2/3 unmanaged on a port with no 802.1Q mode and no address, as the lab did', () => {
    const intent = mapInterface(data('netbox-v3.5-webhook-interface-with-ticket.json'), [], TF, IOSXE_RULES);
    expect(Object.keys(intent).sort()).toEqual(['description', 'enabled', 'mtu', 'name', 'source', 'ticket']);
  });

  it('maps a port with no 802.1Q mode and an IPv4 address to routed', () => {
    const iface = data('netbox-v3.5-webhook-interface-with-ticket.json');
    const ip = { id: 9, address: '10.1.1.1/24', assigned_object_type: 'dcim.interface', assigned_object_id: iface.id };
    expect(mapInterface(iface, [ip], TF, IOSXE_RULES)).toMatchObject({ mode: 'routed', ipv4: '10.1.1.1/24', accessVlan: null, allowedVlans: null });
  });

  it('fills every managed field and the provenance', () => {
    const intent = mapInterface(trunk(), [], TF, IOSXE_RULES);
    expect(Object.keys(intent).sort()).toEqual(
      ['accessVlan', 'allowedVlans', 'description', 'enabled', 'ipv4', 'mode', 'mtu', 'name', 'nativeVlan', 'source', 'ticket'].sort(),
    );
    expect(intent.source).toEqual({ netboxId: 3, lastUpdated: '2023-05-28T18:39:14.591927Z' });
  });
});

describe('mapInterface field rules', () => {
  const base = (over: Partial<NbInterface>): NbInterface => ({ ...trunk(), ...over });

  it('maps access mode with the untagged VLAN as access VLAN', () => {
    const i = mapInterface(base({ mode: { value: 'access', label: 'Access' }, tagged_vlans: [] }), [], TF, IOSXE_RULES);
    expect(i).toMatchObject({ mode: 'access', accessVlan: 100, nativeVlan: null, allowedVlans: null });
  });

  it('maps tagged-all to a trunk allowing all VLANs', () => {
    expect(mapInterface(base({ mode: 'tagged-all' }), [], TF, IOSXE_RULES)).toMatchObject({ mode: 'trunk', allowedVlans: 'all' });
  });

  it('sorts and de-duplicates tagged VLANs', () => {
    const vl = (vid: number) => ({ id: vid, vid });
    const i = mapInterface(base({ tagged_vlans: [vl(500), vl(300), vl(500)] }), [], TF, IOSXE_RULES);
    expect(i.allowedVlans).toEqual([300, 500]);
  });

  it("treats mode '' (snapshot form) as routed and takes the interface's IPv4 address", () => {
    const ips: NbIpAddress[] = [
      { id: 9, address: '10.9.9.9/24', assigned_object_type: 'dcim.interface', assigned_object_id: 3 },
      { id: 7, address: '10.0.0.1/24', assigned_object_type: 'dcim.interface', assigned_object_id: 3 },
      { id: 8, address: '10.1.1.1/24', assigned_object_type: 'dcim.interface', assigned_object_id: 4 },
    ];
    expect(mapInterface(base({ mode: '' }), ips, TF, IOSXE_RULES)).toMatchObject({ mode: 'routed', ipv4: '10.0.0.1/24', nativeVlan: null });
  });

  it('normalizes short interface names to the long form', () => {
    expect(mapInterface(base({ name: 'Te1/1/1' }), [], TF, IOSXE_RULES).name).toBe('TenGigabitEthernet1/1/1');
  });

  it('rejects an interface name intentd does not know', () => {
    expect(() => mapInterface(base({ name: 'Wibble1' }), [], TF, IOSXE_RULES)).toThrow(ValidationError);
  });

  it('refuses tagged mode without tagged VLANs rather than widening the trunk', () => {
    expect(() => mapInterface(base({ tagged_vlans: [] }), [], TF, IOSXE_RULES)).toThrow(/tagged-all/);
  });

  it('rejects q-in-q mode', () => {
    expect(() => mapInterface(base({ mode: { value: 'q-in-q', label: 'Q-in-Q' } }), [], TF, IOSXE_RULES)).toThrow(/q-in-q/);
  });

  it.each(['access', 'tagged', 'tagged-all'])('refuses 802.1Q mode %s on a FiftyGigabitEthernet port (no switchport on IOS-XE)', (mode) => {
    const fifty = base({ name: 'FiftyGigabitEthernet1/1/1', mode: { value: mode, label: mode } });
    expect(() => mapInterface(fifty, [], TF, IOSXE_RULES)).toThrow(/802\.1Q mode '.+' needs a switchport, and FiftyGigabitEthernet1\/1\/1 cannot be one on iosxe/);
  });

  it('maps a FiftyGigabitEthernet port without an 802.1Q mode, and switchports on TwoGigabitEthernet', () => {
    expect(mapInterface(base({ name: 'Fif1/1/1', mode: null, tagged_vlans: [] }), [], TF, IOSXE_RULES).name).toBe('FiftyGigabitEthernet1/1/1');
    expect(mapInterface(base({ name: 'TwoGigabitEthernet1/0/1', mode: { value: 'access', label: 'Access' } }), [], TF, IOSXE_RULES).mode).toBe('access');
  });

  it.each(['GigabitEthernet1/0/01', 'Gi01/0/1', 'Vlan010'])('refuses the name %s (leading zero)', (name) => {
    expect(() => mapInterface(base({ name }), [], TF, IOSXE_RULES)).toThrow(ValidationError);
  });

  it('marks management-only interfaces in the provenance', () => {
    expect(mapInterface(base({ mgmt_only: true }), [], TF, IOSXE_RULES).source?.mgmtOnly).toBe(true);
  });

  it('strips a ticket tag typed into the NetBox description', () => {
    expect(mapInterface(base({ description: 'uplink ##ticket:99##' }), [], TF, IOSXE_RULES).description).toBe('uplink');
  });

  it('ignores unknown extra fields', () => {
    expect(() => mapInterface(base({ some_future_field: { x: 1 } }), [], TF, IOSXE_RULES)).not.toThrow();
  });
});

describe('ticketOf', () => {
  it.each<[unknown, string | null]>([
    ['73003', '73003'],
    [15016, '15016'],
    ['', null],
    [null, null],
    [undefined, null],
  ])('reads %j as %j', (raw, expected) => {
    expect(ticketOf({ name: 'Gi1/0/2', custom_fields: { [TF]: raw } }, TF)).toBe(expected);
  });

  it('rejects a ticket that cannot be a git tag', () => {
    expect(() => ticketOf({ name: 'x', custom_fields: { [TF]: '../evil' } }, TF)).toThrow(ValidationError);
  });

  it.each([['12.', 'must not end with "."'], ['1..2', 'must not contain ".."'], ['x.lock', 'must not end with ".lock"'], [-5, 'must start with a letter or digit']])(
    'rejects %j, a value git refuses in ticket/<id>, with the reason',
    (raw, reason) => {
      expect(() => ticketOf({ name: 'GigabitEthernet1/0/2', custom_fields: { [TF]: raw } }, TF)).toThrow(`interface GigabitEthernet1/0/2: ticket '${String(raw)}' ${reason}`);
    },
  );

  it.each(['43', 'INC0012345', 'CHG-42', 'a.b-c_d'])('takes %j', (raw) => {
    expect(ticketOf({ name: 'x', custom_fields: { [TF]: ` ${raw} ` } }, TF)).toBe(raw);
  });
});

describe('choiceValue and normalizeTimestamp', () => {
  it.each<[unknown, string | null]>([
    [{ value: 'tagged', label: 'Tagged' }, 'tagged'],
    ['access', 'access'],
    [null, null],
    [{ value: null, label: '' }, null],
  ])('reads the choice %j as %j', (choice, expected) => {
    expect(choiceValue(choice as never)).toBe(expected);
  });

  it('turns the NetBox 3.5 space timestamp into ISO form and keeps ISO as is', () => {
    expect(normalizeTimestamp('2023-05-25 19:56:18.518640+00:00')).toBe('2023-05-25T19:56:18.518640+00:00');
    expect(normalizeTimestamp('2023-05-30T12:06:26.073235+00:00')).toBe('2023-05-30T12:06:26.073235+00:00');
  });
});
