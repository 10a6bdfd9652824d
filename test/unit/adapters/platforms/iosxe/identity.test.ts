import { describe, expect, it } from 'vitest';
import { parseIdentity, parseInventorySerials } from '../../../../../src/adapters/platforms/iosxe/identity.js';
import { hostnameMatches, identityProblems } from '../../../../../src/adapters/platforms/session-identity-check.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';

describe('device identity', () => {
  it.each([
    ['c9300', 'c9300', true],
    ['C9300', 'c9300', true],
    ['c9300.example.net', 'c9300', true],
    ['c9300.example.net', 'C9300.EXAMPLE.NET', true],
    ['c9300', 'c9300-2', false],
    ['c9300', 'c9300.example.net', false],
    ['c9300.example.net', 'example', false],
    ['c9300', null, false],
  ])('NetBox name %j against hostname %j: %j', (name, hostname, ok) => {
    expect(hostnameMatches(name, hostname)).toBe(ok);
  });

  it('reads hostname and the UDI serial from the native model', async () => {
    const xml = `<native xmlns="${NATIVE}"><hostname>c9300</hostname><license><udi><pid>C9300-48P</pid><sn>FOC1</sn></udi></license></native>`;
    expect(await parseIdentity(xml)).toEqual({ hostname: 'c9300', serials: ['FOC1'] });
    expect(await parseIdentity('')).toEqual({ hostname: null, serials: [] });
  });

  it('reads every serial of the operational inventory', async () => {
    const xml = `<device-hardware-data xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-device-hardware-oper"><device-hardware>
      <device-inventory><serial-number>FOC1</serial-number></device-inventory><device-inventory><serial-number/></device-inventory>
      <device-inventory><serial-number>PSU9</serial-number></device-inventory></device-hardware></device-hardware-data>`;
    expect(await parseInventorySerials(xml)).toEqual(['FOC1', 'PSU9']);
  });

  it('checks the serial only where NetBox has one, ignoring case', () => {
    expect(identityProblems({ name: 'c9300' }, { hostname: 'c9300', serials: [] })).toEqual([]);
    expect(identityProblems({ name: 'c9300', serial: '' }, { hostname: 'c9300', serials: [] })).toEqual([]);
    expect(identityProblems({ name: 'c9300', serial: 'foc1' }, { hostname: 'c9300', serials: ['PSU9', 'FOC1'] })).toEqual([]);
    expect(identityProblems({ name: 'c9300', serial: 'FOC1' }, { hostname: 'c9300', serials: [] })).toEqual(['device reports no serial number, NetBox expects "FOC1"']);
    expect(identityProblems({ name: 'c9300', serial: 'FOC1' }, { hostname: 'other', serials: ['FOC2'] })).toHaveLength(2);
  });
});
