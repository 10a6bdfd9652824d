import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { compareInterfaceNames, compressVlanRanges, expandVlanRanges, normalizeAllowedVlans } from '../../../src/core/normalize.js';

describe('compareInterfaceNames', () => {
  it('orders names of any platform naturally: text, then each number numerically, a sub-interface after its parent', () => {
    const names = [
      'Vlan100',
      'GigabitEthernet1/0/10',
      'Ethernet49/1',
      'Port-Channel10',
      'GigabitEthernet1/0/2',
      'Ethernet10',
      'GigabitEthernet2/0/1',
      'Port-Channel2',
      'GigabitEthernet1/0/2.100',
      'Ethernet2',
      'Loopback0',
      'GigabitEthernet1/0/1',
      'Vlan20',
    ];
    expect([...names].sort(compareInterfaceNames)).toEqual([
      'Ethernet2',
      'Ethernet10',
      'Ethernet49/1',
      'GigabitEthernet1/0/1',
      'GigabitEthernet1/0/2',
      'GigabitEthernet1/0/2.100',
      'GigabitEthernet1/0/10',
      'GigabitEthernet2/0/1',
      'Loopback0',
      'Port-Channel2',
      'Port-Channel10',
      'Vlan20',
      'Vlan100',
    ]);
  });

  it('compares text case-insensitively and is zero only for equal names', () => {
    expect(compareInterfaceNames('Vlan1', 'Vlan1')).toBe(0);
    expect(compareInterfaceNames('Vlan1', 'Vlan10')).toBeLessThan(0);
    expect(compareInterfaceNames('port-channel1', 'Port-Channel2')).toBeLessThan(0);
    expect(compareInterfaceNames('Port-channel1', 'Port-Channel1')).not.toBe(0);
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
