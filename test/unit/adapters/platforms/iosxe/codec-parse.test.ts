import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DeviceDataError } from '../../../../../src/adapters/platforms/errors.js';
import { parseDescription, parseInterfaces, parseVlanList, renderDescription } from '../../../../../src/adapters/platforms/iosxe/codec.js';

const derived = readFileSync(new URL('../../../../fixtures/iosxe/get-config-reply-derived.xml', import.meta.url), 'utf8');

/** A reply shaped like yuma123 netconfd's: prefixes, extra attributes and namespaces, indented text. */
const yumaData = `
  <ios:native xmlns:ios="http://cisco.com/ns/yang/Cisco-IOS-XE-native" xmlns:ncx="http://netconfcentral.org/ns/yuma-ncx">
    <ios:interface>
      <ios:GigabitEthernet ncx:extra="1">
        <ios:name>1/0/10</ios:name>
        <ios:description>Trunk to access-sw-02</ios:description>
        <ios:mtu>
          2000
        </ios:mtu>
        <ios:shutdown/>
        <ios:switchport-conf><ios:switchport>true</ios:switchport></ios:switchport-conf>
        <ios:switchport-config>
          <ios:switchport>
            <sw:mode xmlns:sw="http://cisco.com/ns/yang/Cisco-IOS-XE-switch"><sw:trunk/></sw:mode>
            <sw:trunk xmlns:sw="http://cisco.com/ns/yang/Cisco-IOS-XE-switch">
              <sw:allowed><sw:vlan><sw:vlans>300,400-402,500</sw:vlans></sw:vlan></sw:allowed>
              <sw:native><sw:vlan><sw:vlan-id>100</sw:vlan-id></sw:vlan></sw:native>
            </sw:trunk>
          </ios:switchport>
        </ios:switchport-config>
      </ios:GigabitEthernet>
      <ios:Loopback>
        <ios:name>0</ios:name>
        <ios:ip><ios:address><ios:primary><ios:address>10.255.0.1</ios:address><ios:mask>255.255.255.255</ios:mask></ios:primary></ios:address></ios:ip>
      </ios:Loopback>
      <ios:GigabitEthernet>
        <ios:name>1/0/3</ios:name>
        <ios:switchport-conf><ios:switchport>true</ios:switchport></ios:switchport-conf>
      </ios:GigabitEthernet>
      <ios:GigabitEthernet>
        <ios:name>1/0/4</ios:name>
        <ios:description>a&lt;b &amp; "c" ]]&gt;]]&gt;</ios:description>
        <ios:switchport-conf><ios:switchport>false</ios:switchport></ios:switchport-conf>
        <ios:switchport-config><ios:switchport><mode xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-switch"><access/></mode></ios:switchport></ios:switchport-config>
      </ios:GigabitEthernet>
    </ios:interface>
  </ios:native>`;

describe('parseInterfaces', () => {
  it('reads the access port of the derived C9300 reply, including the obsolete switchport copy', async () => {
    const state = await parseInterfaces(derived, ['GigabitEthernet1/0/5']);
    expect(state.get('GigabitEthernet1/0/5')).toEqual({
      name: 'GigabitEthernet1/0/5',
      exists: true,
      description: 'Configured from the ticket system! ##ticket:15016##',
      enabled: true,
      mtu: 2000,
      mode: 'access',
      accessVlan: 100,
      nativeVlan: null,
      allowedVlans: null,
      ipv4: null,
    });
  });

  it('reads a yuma-style reply matching on local names and namespaces, not prefixes', async () => {
    const state = await parseInterfaces(yumaData, ['GigabitEthernet1/0/10', 'Loopback0', 'GigabitEthernet1/0/3', 'GigabitEthernet1/0/4']);
    expect(state.get('GigabitEthernet1/0/10')).toMatchObject({
      exists: true, enabled: false, mtu: 2000, mode: 'trunk', nativeVlan: 100, allowedVlans: [300, 400, 401, 402, 500], accessVlan: null,
    });
    expect(state.get('Loopback0')).toMatchObject({ exists: true, mode: 'routed', ipv4: '10.255.0.1/32', description: null });
    expect(state.get('GigabitEthernet1/0/3')).toMatchObject({ mode: 'access', accessVlan: null });
    expect(state.get('GigabitEthernet1/0/4')).toMatchObject({ mode: 'routed', description: 'a<b & "c" ]]>]]>' });
  });

  it('reports a requested interface missing from the reply as absent with defaults', async () => {
    const state = await parseInterfaces('', ['Vlan200']);
    expect(state.get('Vlan200')).toEqual({
      name: 'Vlan200', exists: false, description: null, enabled: true, mtu: null, mode: 'routed',
      accessVlan: null, nativeVlan: null, allowedVlans: null, ipv4: null,
    });
  });

  it('ignores interfaces that were not asked for', async () => {
    const state = await parseInterfaces(yumaData, ['Loopback0']);
    expect([...state.keys()]).toEqual(['Loopback0']);
  });

  it('ignores elements of other namespaces that look like the native tree', async () => {
    const other = '<native xmlns="urn:example:other"><interface><Loopback><name>0</name></Loopback></interface></native>';
    expect((await parseInterfaces(other, ['Loopback0'])).get('Loopback0')?.exists).toBe(false);
  });

  it('fails with a ValidationError on malformed XML', async () => {
    await expect(parseInterfaces('<native', ['Loopback0'])).rejects.toThrow(/well-formed/);
  });
});

describe('parseVlanList', () => {
  it.each([
    ['all', 'all'],
    ['300,400,500', [300, 400, 500]],
    ['10-12,5,11', [5, 10, 11, 12]],
    ['none', []],
    ['1-4094', Array.from({ length: 4094 }, (_, i) => i + 1)],
  ])('parses %j', (raw, expected) => {
    expect(parseVlanList(raw)).toEqual(expected);
  });

  it.each([['1-10000000'], ['0'], ['4095'], ['10-5'], ['1-99999999999999999999'], ['abc'], ['1--5'], ['-5'], ['1e3']])(
    'rejects %j with a typed ProtocolError, at once',
    (raw) => {
      const started = performance.now();
      const err = (() => {
        try {
          parseVlanList(raw);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(err).toBeInstanceOf(DeviceDataError);
      expect(err).toMatchObject({ reason: 'ProtocolError', retryable: true });
      expect(performance.now() - started).toBeLessThan(50);
    },
  );
});

describe('range checks on values read from the device', () => {
  const trunk = (vlans: string): string => `<native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><interface><GigabitEthernet><name>1/0/1</name>
    <switchport-config><switchport><trunk xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-switch"><allowed><vlan><vlans>${vlans}</vlans></vlan></allowed></trunk></switchport></switchport-config>
    </GigabitEthernet></interface></native>`;
  const leaf = (xml: string): string => `<native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><interface><GigabitEthernet><name>1/0/1</name>${xml}</GigabitEthernet></interface></native>`;

  it('fails within milliseconds with a typed ProtocolError when a device reports allowed VLANs 1-10000000', async () => {
    const started = performance.now();
    await expect(parseInterfaces(trunk('1-10000000'), ['GigabitEthernet1/0/1'])).rejects.toMatchObject({ reason: 'ProtocolError', retryable: true });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it.each([
    ['an MTU above 18000', '<mtu>99999</mtu>'],
    ['an MTU below 64', '<mtu>10</mtu>'],
    ['a non-numeric MTU', '<mtu>big</mtu>'],
    ['an access VLAN of 0', '<switchport-config><switchport><access xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-switch"><vlan><vlan>0</vlan></vlan></access></switchport></switchport-config>'],
    ['a native VLAN of 4095', '<switchport-config><switchport><trunk xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-switch"><native><vlan><vlan-id>4095</vlan-id></vlan></native></trunk></switchport></switchport-config>'],
  ])('refuses %s as DeviceDataError', async (_name, xml) => {
    await expect(parseInterfaces(leaf(xml), ['GigabitEthernet1/0/1'])).rejects.toBeInstanceOf(DeviceDataError);
  });

  it('accepts the limits themselves', async () => {
    const state = (await parseInterfaces(leaf('<mtu>18000</mtu>'), ['GigabitEthernet1/0/1'])).get('GigabitEthernet1/0/1');
    expect(state?.mtu).toBe(18000);
  });
});

describe('descriptions with a ticket tag', () => {
  it.each([
    ['Uplink', '1234', 'Uplink ##ticket:1234##'],
    ['Uplink', null, 'Uplink'],
    ['  Uplink  ', '5', 'Uplink ##ticket:5##'],
    ['   ', '5', null],
    ['', '1234', null],
    [null, '1234', null],
    [null, null, null],
  ])('renders %j with ticket %j as %j', (text, ticket, rendered) => {
    expect(renderDescription(text, ticket)).toBe(rendered);
  });

  it.each([
    ['Webhook function completed! ##ticket:1234##', 'Webhook function completed!', '1234'],
    ['plain text', 'plain text', null],
    ['##ticket:9##', null, '9'],
    [null, null, null],
  ])('parses %j', (raw, description, ticket) => {
    expect(parseDescription(raw)).toEqual({ description, ticket });
  });
});

describe('allowed VLANs in either Cisco-IOS-XE-switch shape', () => {
  const SW = 'http://cisco.com/ns/yang/Cisco-IOS-XE-switch';
  const gi = (inner: string, container = 'switchport-config><switchport'): string => {
    const close = container.split('><').reverse().map((n) => `</${n}>`).join('');
    return `<native xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-native"><interface><GigabitEthernet><name>1/0/1</name>
      <${container}><mode xmlns="${SW}"><trunk/></mode>${inner}${close}</GigabitEthernet></interface></native>`;
  };
  const read = async (xml: string) => (await parseInterfaces(xml, ['GigabitEthernet1/0/1'])).get('GigabitEthernet1/0/1');
  const v2 = (inner: string) => gi(`<trunk xmlns="${SW}"><allowed><vlan-v2>${inner}</vlan-v2></allowed></trunk>`);

  it('reads the vlan-v2 base line together with every add line, so no VLAN after the first line is lost', async () => {
    const xml = v2('<vlans>1-3,10</vlans><add-vlans><add><vlans>20,21</vlans></add><add><vlans>4000-4002</vlans></add></add-vlans>');
    expect((await read(xml))?.allowedVlans).toEqual([1, 2, 3, 10, 20, 21, 4000, 4001, 4002]);
  });

  it('reads vlan-v2 none as no VLANs and all (or an empty vlan-v2) as all', async () => {
    expect((await read(v2('<none/>')))?.allowedVlans).toEqual([]);
    expect((await read(v2('<all>true</all>')))?.allowedVlans).toBe('all');
    expect((await read(v2('')))?.allowedVlans).toBe('all');
  });

  it('reads a trunk without any allowed list as all VLANs, the IOS-XE default', async () => {
    expect((await read(gi('')))?.allowedVlans).toBe('all');
  });

  it('reads the legacy container, ranges included, and its none', async () => {
    expect((await read(gi(`<trunk xmlns="${SW}"><allowed><vlan><vlans>5-7</vlans></vlan></allowed></trunk>`)))?.allowedVlans).toEqual([5, 6, 7]);
    expect((await read(gi(`<trunk xmlns="${SW}"><allowed><vlan><none/></vlan></allowed></trunk>`)))?.allowedVlans).toEqual([]);
  });

  it('prefers vlan-v2 when a device returns both shapes', async () => {
    const both = gi(`<trunk xmlns="${SW}"><allowed><vlan><vlans>5</vlans></vlan><vlan-v2><vlans>6</vlans></vlan-v2></allowed></trunk>`);
    expect((await read(both))?.allowedVlans).toEqual([6]);
  });

  it('reads the native VLAN of the older switchport container as a union leaf or vlan-config/vlan-id', async () => {
    const old = (inner: string) => gi(`<trunk><native>${inner}</native></trunk>`, 'switchport');
    expect((await read(old('<vlan>30</vlan>')))?.nativeVlan).toBe(30);
    expect((await read(old('<vlan-config><vlan-id>31</vlan-id></vlan-config>')))?.nativeVlan).toBe(31);
    expect((await read(old('<vlan>tag</vlan>')))?.nativeVlan).toBeNull();
  });

  it('reads a dynamic access VLAN as no VLAN instead of failing', async () => {
    const xml = gi(`<access xmlns="${SW}"><vlan><vlan>dynamic</vlan></vlan></access>`).replace('<trunk/>', '<access/>');
    expect(await read(xml)).toMatchObject({ mode: 'access', accessVlan: null });
  });
});
