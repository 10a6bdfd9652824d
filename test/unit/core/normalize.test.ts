import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import {
  compareInterfaceNames,
  compressVlanRanges,
  expandVlanRanges,
  INTERFACE_SHORT_FORMS,
  INTERFACE_TYPES,
  normalizeAllowedVlans,
  normalizeInterfaceName,
  shortInterfaceName,
} from '../../../src/core/normalize.js';

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

describe('compareInterfaceNames', () => {
  it('orders port numbers naturally and groups by type in a fixed order', () => {
    const names = [
      'Loopback0',
      'GigabitEthernet1/0/10',
      'Vlan100',
      'TenGigabitEthernet1/1/1',
      'GigabitEthernet1/0/2',
      'GigabitEthernet2/0/1',
      'Port-channel1',
      'GigabitEthernet1/0/2.100',
      'Tunnel1',
      'GigabitEthernet1/0/1',
    ];
    expect([...names].sort(compareInterfaceNames)).toEqual([
      'GigabitEthernet1/0/1',
      'GigabitEthernet1/0/2',
      'GigabitEthernet1/0/2.100',
      'GigabitEthernet1/0/10',
      'GigabitEthernet2/0/1',
      'TenGigabitEthernet1/1/1',
      'Port-channel1',
      'Vlan100',
      'Loopback0',
      'Tunnel1',
    ]);
  });

  it('is zero only for equal names', () => {
    expect(compareInterfaceNames('Vlan1', 'Vlan1')).toBe(0);
    expect(compareInterfaceNames('Vlan1', 'Vlan10')).toBeLessThan(0);
  });
});

describe('VLAN lists', () => {
  it.each([
    [[500, 300, 400, 400], [300, 400, 500]],
    [[1], [1]],
    ['all', 'all'],
    [null, null],
  ] as const)('normalizes %j to %j', (input, expected) => {
    expect(normalizeAllowedVlans(input as never)).toEqual(expected);
  });

  it('expands ranges and compresses runs of three or more', () => {
    expect(expandVlanRanges([10, '20-22'], 'x')).toEqual([10, 20, 21, 22]);
    expect(compressVlanRanges([1, 2, 5, 6, 7, 9])).toEqual([1, 2, '5-7', 9]);
  });

  it('rejects a reversed range', () => {
    expect(() => expandVlanRanges(['30-20'], 'x')).toThrow(ValidationError);
  });
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
