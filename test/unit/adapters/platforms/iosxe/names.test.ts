import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../../src/core/errors.js';
import {
  canonicalName,
  fromNativeName,
  INTERFACE_SHORT_FORMS,
  INTERFACE_TYPES,
  normalizeInterfaceName,
  shortInterfaceName,
  toNativeName,
} from '../../../../../src/adapters/platforms/iosxe/names.js';

describe('IOS-XE interface names', () => {
  it.each([
    ['GigabitEthernet1/0/2', 'GigabitEthernet', '1/0/2'],
    ['TwentyFiveGigE1/0/1', 'TwentyFiveGigE', '1/0/1'],
    ['HundredGigE1/0/49', 'HundredGigE', '1/0/49'],
    ['Port-channel10', 'Port-channel', '10'],
    ['Loopback0', 'Loopback', '0'],
    ['Vlan100', 'Vlan', '100'],
    ['AppGigabitEthernet1/0/1', 'AppGigabitEthernet', '1/0/1'],
    ['TenGigabitEthernet1/1/1', 'TenGigabitEthernet', '1/1/1'],
    ['FortyGigabitEthernet1/1/2', 'FortyGigabitEthernet', '1/1/2'],
    ['FourHundredGigE1/0/1', 'FourHundredGigE', '1/0/1'],
    ['GigabitEthernet1/0/2.100', 'GigabitEthernet', '1/0/2.100'],
    ['TwoGigabitEthernet1/0/1', 'TwoGigabitEthernet', '1/0/1'],
    ['FiveGigabitEthernet1/0/3', 'FiveGigabitEthernet', '1/0/3'],
    ['Tunnel10', 'Tunnel', '10'],
    ['BDI20', 'BDI', '20'],
    ['GigabitEthernet0/1/0/0/10', 'GigabitEthernet', '0/1/0/0/10'],
    ['GigabitEthernet1/0/10', 'GigabitEthernet', '1/0/10'],
  ])('maps %s to list %s key %s and back', (name, type, key) => {
    expect(toNativeName(name)).toEqual({ type, key });
    expect(fromNativeName(type, key)).toBe(name);
  });

  it('expands short forms to the canonical long name', () => {
    expect(canonicalName('Gi1/0/2')).toBe('GigabitEthernet1/0/2');
    expect(toNativeName('po10')).toEqual({ type: 'Port-channel', key: '10' });
  });

  it.each(['Bogus1/0/1', 'GigabitEthernet', 'Loopback1/0', 'GigabitEthernet1//2', ''])('refuses %j', (name) => {
    expect(() => toNativeName(name)).toThrow(/interface name/);
  });

  it.each(['GigabitEthernet01/0/1', 'GigabitEthernet1/0/01', 'Gi1/00/1', 'Vlan0100', 'Loopback00'])('refuses %j: numbers have no leading zeros', (name) => {
    expect(() => toNativeName(name)).toThrow(/interface name/);
  });
});

describe('normalizeInterfaceName', () => {
  it.each([
    ['Gi1/0/2', 'GigabitEthernet1/0/2'],
    ['gi1/0/2', 'GigabitEthernet1/0/2'],
    ['GI 1/0/2', 'GigabitEthernet1/0/2'],
    ['GigabitEthernet1/0/2', 'GigabitEthernet1/0/2'],
    ['gigabitethernet1/0/2', 'GigabitEthernet1/0/2'],
    [' GigabitEthernet1/0/48 ', 'GigabitEthernet1/0/48'],
    ['\tgi1/0/48\n', 'GigabitEthernet1/0/48'],
    ['Gig1/0/2', 'GigabitEthernet1/0/2'],
    ['Tw1/0/1', 'TwoGigabitEthernet1/0/1'],
    ['Fi1/0/1', 'FiveGigabitEthernet1/0/1'],
    ['Te1/1/1', 'TenGigabitEthernet1/1/1'],
    ['Twe1/0/1', 'TwentyFiveGigE1/0/1'],
    ['Fo1/1/1', 'FortyGigabitEthernet1/1/1'],
    ['Fif1/0/49', 'FiftyGigabitEthernet1/0/49'],
    ['Hu1/0/49', 'HundredGigE1/0/49'],
    ['Ap1/0/1', 'AppGigabitEthernet1/0/1'],
    ['Lo0', 'Loopback0'],
    ['loopback0', 'Loopback0'],
    ['Vl100', 'Vlan100'],
    ['Po1', 'Port-channel1'],
    ['port-channel12', 'Port-channel12'],
    ['Port-Channel12', 'Port-channel12'],
    ['Tu10', 'Tunnel10'],
    ['Te1/1/1.100', 'TenGigabitEthernet1/1/1.100'],
  ])('turns %s into %s', (input, expected) => {
    expect(normalizeInterfaceName(input)).toBe(expected);
  });

  it.each(['FastEthernet0/1', 'Ethernet1', 'Xy1/0/1', 'T1/0/1', 'Gi', 'Gi1//2', '1/0/1', ''])(
    'rejects %j with a ValidationError',
    (input) => {
      expect(() => normalizeInterfaceName(input)).toThrow(ValidationError);
    },
  );
});

describe('interface type tables', () => {
  it('gives every known type a short form that parses back to it', () => {
    for (const t of INTERFACE_TYPES) expect(normalizeInterfaceName(`${INTERFACE_SHORT_FORMS[t]}1`)).toBe(`${t}1`);
  });

  it('leaves names of types without a short form unabbreviated', () => {
    expect(shortInterfaceName('FourHundredGigE1/0/1')).toBe('FourHundredGigE1/0/1');
    expect(shortInterfaceName('Vlan100')).toBe('Vl100');
  });
});
