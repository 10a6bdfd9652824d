import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildEdit, interfacesFilter, splitCidr } from '../../../../../src/adapters/platforms/openconfig/codec.js';
import { ValidationError } from '../../../../../src/core/errors.js';
import type { DevicePlan } from '../../../../../src/core/plan-types.js';
import { CURRENT_TRUNK_VLANS, EDIT_CASES } from './edit-cases.js';

const golden = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/openconfig/edit-${name}.xml`, import.meta.url), 'utf8').replace(/\n$/, '');

function plan(name: string): DevicePlan {
  const p = EDIT_CASES[name];
  if (!p) throw new Error(`no edit case ${name}`);
  return p;
}

describe('OpenConfig buildEdit', () => {
  it.each(Object.keys(EDIT_CASES))('renders the %s plan exactly as its golden XML', (name) => {
    expect(buildEdit(plan(name), CURRENT_TRUNK_VLANS)).toBe(golden(name));
  });

  it('names every touched interface with its iana-if-type, so a new one is created whole', () => {
    expect(buildEdit(plan('trunk-all-on-lag'))).toContain('<type xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type">ianaift:ieee8023adLag</type>');
    expect(buildEdit(plan('ipv4-move-on-new-vlan'))).toContain('ianaift:l3ipvlan');
  });

  it('collapses runs of three or more VLANs into a..b ranges and keeps the entries the device already has', () => {
    const xml = buildEdit(plan('access-to-trunk'), CURRENT_TRUNK_VLANS);
    expect(xml).toContain('<trunk-vlans>30..33</trunk-vlans><trunk-vlans>40</trunk-vlans><trunk-vlans>41</trunk-vlans>');
    expect(xml).not.toContain('<trunk-vlans>10</trunk-vlans>');
  });

  it('removes the entries of the old list the new one lacks', () => {
    const p: DevicePlan = { device: 'eos1', refused: [], changes: [{ interface: 'Ethernet3', leaf: 'allowedVlans', op: 'set', before: [10, 20], after: [20, 30] }] };
    const xml = buildEdit(p, CURRENT_TRUNK_VLANS);
    expect(xml).toContain('<trunk-vlans nc:operation="remove">10</trunk-vlans><trunk-vlans>30</trunk-vlans>');
  });

  it('escapes XML metacharacters in a description', () => {
    const p: DevicePlan = { device: 'eos1', refused: [], changes: [{ interface: 'Ethernet1', leaf: 'description', op: 'set', before: null, after: `a<b & "c" ]]>]]>` }] };
    const xml = buildEdit(p);
    expect(xml).not.toContain(']]>]]>');
    expect(xml).toContain('a&lt;b &amp; &quot;c&quot; ]]&gt;]]&gt;');
  });

  it('declares the nc prefix only when the edit removes something', () => {
    expect(buildEdit(plan('description-ticket'))).not.toContain('xmlns:nc');
    expect(buildEdit(plan('description-remove'))).toContain('xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0"');
  });

  it('refuses what OpenConfig cannot express: an empty allowed list, switching on a Vlan, a non-EOS name', () => {
    const one = (change: DevicePlan['changes'][number]): DevicePlan => ({ device: 'eos1', refused: [], changes: [change] });
    expect(() => buildEdit(one({ interface: 'Ethernet1', leaf: 'allowedVlans', op: 'set', before: [10], after: [] }))).toThrow(ValidationError);
    expect(() => buildEdit(one({ interface: 'Vlan10', leaf: 'accessVlan', op: 'set', before: null, after: 10 }))).toThrow(/Vlan interfaces have no switched-vlan/);
    expect(() => buildEdit(one({ interface: 'GigabitEthernet1/0/1', leaf: 'mtu', op: 'set', before: null, after: 1500 }))).toThrow(/not an OpenConfig \(EOS\) interface name/);
  });

  it('takes a description of exactly 240 characters with its ticket tag and refuses 241', () => {
    const tag = ' ##ticket:CHG-1##';
    const desc = (n: number): DevicePlan => ({ device: 'eos1', refused: [], changes: [{ interface: 'Ethernet1', leaf: 'description', op: 'set', before: null, after: `${'x'.repeat(n - tag.length)}${tag}` }] });
    expect(buildEdit(desc(240))).toContain(`${'x'.repeat(240 - tag.length)}${tag}</description>`);
    expect(() => buildEdit(desc(241))).toThrow(/241 characters, more than 240/);
  });

  it('returns nothing for an empty plan', () => {
    expect(buildEdit({ device: 'eos1', changes: [], refused: [] })).toBe('');
  });
});

describe('OpenConfig interfacesFilter', () => {
  it('selects exactly the named interfaces by key', () => {
    expect(interfacesFilter(['Ethernet1', 'Port-Channel10'])).toBe(
      '<interfaces xmlns="http://openconfig.net/yang/interfaces"><interface><name>Ethernet1</name></interface><interface><name>Port-Channel10</name></interface></interfaces>',
    );
  });
});

describe('splitCidr', () => {
  it('splits an address and prefix length and refuses anything else', () => {
    expect(splitCidr('10.0.0.1/31')).toEqual({ ip: '10.0.0.1', length: 31 });
    expect(() => splitCidr('10.0.0.1/33')).toThrow(ValidationError);
    expect(() => splitCidr('10.0.0.1')).toThrow(ValidationError);
  });
});
