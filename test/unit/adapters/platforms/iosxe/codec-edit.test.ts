import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildEdit, interfacesFilter, splitIpv4 } from '../../../../../src/adapters/platforms/iosxe/codec.js';
import { allowedVlanShape, splitVlanLines, vlanRangeText } from '../../../../../src/adapters/platforms/iosxe/codec-vlans.js';
import { EDIT_CASES, V2_CASES } from './edit-cases.js';

const golden = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/iosxe/edit-${name}.xml`, import.meta.url), 'utf8').replace(/\n$/, '');

function plan(name: string) {
  const p = EDIT_CASES[name];
  if (!p) throw new Error(`no edit case ${name}`);
  return p;
}

describe('buildEdit', () => {
  it.each(Object.keys(EDIT_CASES))('renders the %s plan exactly as its golden XML', (name) => {
    expect(buildEdit(plan(name))).toBe(golden(name));
  });

  it.each(V2_CASES)('renders the %s plan in the vlan-v2 shape exactly as its golden XML', (name) => {
    expect(buildEdit(plan(name), { shape: 'vlan-v2' })).toBe(golden(`v2-${name}`));
  });

  it.each(Object.keys(EDIT_CASES).filter((k) => !V2_CASES.includes(k)))('renders the %s plan alike for both generations', (name) => {
    expect(buildEdit(plan(name), { shape: 'vlan-v2' })).toBe(buildEdit(plan(name)));
  });

  it('writes VLAN lists as ranges', () => {
    expect(buildEdit(plan('trunk-ranges'))).toContain('<vlans>1-10,20,30,31</vlans>');
    expect(buildEdit(plan('trunk-ranges'), { shape: 'vlan-v2' })).toContain('<vlans>1-10,20,30,31</vlans>');
  });

  it('splits a long vlan-v2 list into a base line of at most 224 characters and add lines of at most 219', () => {
    const xml = buildEdit(plan('trunk-300-vlans'), { shape: 'vlan-v2' });
    const lines = [...xml.matchAll(/<vlans>([^<]*)<\/vlans>/g)].map((m) => m[1] as string);
    expect(lines.length).toBeGreaterThan(1);
    expect((lines[0] as string).length).toBeLessThanOrEqual(224);
    for (const l of lines.slice(1)) expect(l.length).toBeLessThanOrEqual(219);
    expect(lines.join(',').split(',').map(Number)).toEqual(Array.from({ length: 300 }, (_, i) => 2 * i + 2));
    expect(xml).toMatch(/<add-vlans>\s*<add>/);
  });

  it('clears the allowed list for "all", the trunk default, instead of writing a value', () => {
    expect(buildEdit(plan('trunk-back-to-all'))).toMatch(/<allowed>\s*<vlan nc:operation="remove"\/>\s*<\/allowed>/);
    expect(buildEdit(plan('trunk-back-to-all'), { shape: 'vlan-v2' })).toMatch(/<vlan-v2 nc:operation="remove"\/>\s*<vlan nc:operation="remove"\/>/);
  });

  it('sends only the description leaf for a description-only change', () => {
    const xml = buildEdit(plan('description-only'));
    expect(xml).toContain('<description>Uplink ##ticket:1234##</description>');
    expect(xml).not.toMatch(/mtu|shutdown|switchport|<ip>/);
  });

  it('removes the access leaves and sets the trunk ones on access→trunk', () => {
    const xml = buildEdit(plan('access-to-trunk'));
    expect(xml).toMatch(/<access [^>]*>\s*<vlan nc:operation="remove"\/>/);
    expect(xml).toContain('<vlans>300,400,500</vlans>');
    expect(xml).toContain('<vlan-id>100</vlan-id>');
    expect(xml).not.toContain('<switchport-conf>');
  });

  it('sets switchport false with the IP address when the port becomes routed', () => {
    const xml = buildEdit(plan('access-to-routed'));
    expect(xml).toMatch(/<switchport-conf>\s*<switchport>false<\/switchport>/);
    expect(xml).toContain('<mask>255.255.255.0</mask>');
  });

  it('escapes XML metacharacters so a description cannot end the message or the element', () => {
    const xml = buildEdit(plan('metacharacters'));
    expect(xml).not.toContain(']]>]]>');
    expect(xml).toContain('a&lt;b &amp; &quot;c&quot; &apos;d&apos; ]]&gt;]]&gt; e');
  });

  it('declares the nc prefix only when the edit removes something', () => {
    expect(buildEdit(plan('shutdown'))).not.toContain('xmlns:nc');
    expect(buildEdit(plan('no-shutdown'))).toContain('xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"');
  });

  it('returns an empty string for a plan without changes', () => {
    expect(buildEdit({ device: 'd', changes: [], refused: [] })).toBe('');
  });

  it('rejects an interface name the native model has no list for', () => {
    const bad = { device: 'd', refused: [], changes: [{ interface: 'Bogus1/0/1', leaf: 'mtu' as const, op: 'set' as const, before: null, after: 1500 }] };
    expect(() => buildEdit(bad)).toThrow(/not an IOS-XE interface name/);
  });
});

describe('interfacesFilter', () => {
  it('selects only the named list entries by key', () => {
    expect(interfacesFilter(['GigabitEthernet1/0/2', 'Port-channel10', 'GigabitEthernet1/0/3'])).toBe(
      '<native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><interface>' +
        '<GigabitEthernet><name>1/0/2</name></GigabitEthernet><Port-channel><name>10</name></Port-channel>' +
        '<GigabitEthernet><name>1/0/3</name></GigabitEthernet></interface></native>',
    );
  });
});

describe('splitIpv4', () => {
  it.each([
    ['10.1.2.3/24', '255.255.255.0'],
    ['10.0.0.1/32', '255.255.255.255'],
    ['10.0.0.1/0', '0.0.0.0'],
    ['172.16.0.1/20', '255.255.240.0'],
  ])('turns %s into mask %s', (cidr, mask) => {
    expect(splitIpv4(cidr).mask).toBe(mask);
  });

  it('rejects a malformed address', () => {
    expect(() => splitIpv4('10.0.0.1')).toThrow(/IPv4/);
  });
});

describe('allowed-VLAN shape and lines', () => {
  const caps = (revision?: string) => ({ modules: new Map(revision === undefined ? [] : [['Cisco-IOS-XE-switch', { namespace: 'x', revision }]]) });

  it('picks vlan-v2 from Cisco-IOS-XE-switch revision 2023-11-01 on and legacy before or without one', () => {
    expect(allowedVlanShape(caps('2023-11-01'))).toBe('vlan-v2');
    expect(allowedVlanShape(caps('2024-07-01'))).toBe('vlan-v2');
    expect(allowedVlanShape(caps('2023-07-01'))).toBe('legacy');
    expect(allowedVlanShape(caps())).toBe('legacy');
  });

  it('collapses runs of three or more into ranges and keeps a short list on one line', () => {
    expect(vlanRangeText([20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])).toBe('1-12,20');
    expect(splitVlanLines([100, 101, 102, 200])).toEqual({ base: '100-102,200', adds: [] });
    expect(splitVlanLines([])).toEqual({ base: '', adds: [] });
  });
});
