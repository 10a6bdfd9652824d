import { describe, expect, it } from 'vitest';
import { parseInterfaces, parseTrunkEntries } from '../../../../../src/adapters/platforms/openconfig/codec.js';
import { DeviceDataError } from '../../../../../src/adapters/platforms/errors.js';
import { eosStartupXml } from '../../../../harness/openconfig-startup.js';

const DATA = eosStartupXml().replace(/^[\s\S]*?<config[^>]*>/, '').replace(/<\/config>\s*$/, '');
const OC = 'http://openconfig.net/yang/interfaces';

describe('OpenConfig parseInterfaces', () => {
  it('reads access, trunk, LAG, routed and logical interfaces into the observed model', async () => {
    const names = ['Ethernet1', 'Ethernet5', 'Ethernet6', 'Ethernet7', 'Port-Channel10', 'Vlan10', 'Loopback0', 'Management1'];
    const got = await parseInterfaces(DATA, names);
    expect(got.get('Ethernet1')).toEqual({ name: 'Ethernet1', exists: true, description: 'User port VLAN 10', enabled: true, mtu: null, mode: 'access', accessVlan: 10, nativeVlan: null, allowedVlans: null, ipv4: null });
    expect(got.get('Ethernet5')).toMatchObject({ mode: 'trunk', mtu: 9214, nativeVlan: 10, allowedVlans: [10, 20, 30, 31, 32] });
    expect(got.get('Ethernet6')).toMatchObject({ mode: 'routed', ipv4: '10.1.0.1/31' });
    expect(got.get('Ethernet7')).toMatchObject({ enabled: false });
    expect(got.get('Port-Channel10')).toMatchObject({ mode: 'trunk', allowedVlans: 'all', description: 'MLAG peer' });
    expect(got.get('Vlan10')).toMatchObject({ mode: 'routed', ipv4: '10.10.0.1/24' });
    expect(got.get('Loopback0')).toMatchObject({ ipv4: '10.255.0.21/32' });
    expect(got.get('Management1')).toMatchObject({ ipv4: '10.0.0.21/24' });
  });

  it('gives every requested name a state, absent ones with defaults', async () => {
    const got = await parseInterfaces(DATA, ['Ethernet99']);
    expect(got.get('Ethernet99')).toMatchObject({ exists: false, mode: 'routed', enabled: true, description: null });
  });

  it('matches device names in another case or short form to the canonical name', async () => {
    const xml = `<interfaces xmlns="${OC}"><interface><name>ethernet2</name><config><name>ethernet2</name><description>x</description></config></interface></interfaces>`;
    expect((await parseInterfaces(xml, ['Ethernet2'])).get('Ethernet2')).toMatchObject({ exists: true, description: 'x' });
  });

  it('refuses VLAN values outside the model instead of expanding them', async () => {
    const hostile = DATA.replace('<trunk-vlans>30..32</trunk-vlans>', '<trunk-vlans>1..10000000</trunk-vlans>');
    await expect(parseInterfaces(hostile, ['Ethernet5'])).rejects.toThrow(DeviceDataError);
    const backwards = DATA.replace('<trunk-vlans>30..32</trunk-vlans>', '<trunk-vlans>32..30</trunk-vlans>');
    await expect(parseInterfaces(backwards, ['Ethernet5'])).rejects.toThrow(/runs backwards/);
  });

  it('returns the trunk-vlans entries exactly as the device holds them', async () => {
    expect(await parseTrunkEntries(DATA, ['Ethernet5', 'Ethernet1'])).toEqual(new Map([['Ethernet5', ['10', '20', '30..32']], ['Ethernet1', []]]));
  });
});
