import { describe, expect, it } from 'vitest';
import { compareEosNames, normalizeEosName, shortEosName } from '../../../../../src/adapters/platforms/openconfig/names.js';
import { openconfigRules } from '../../../../../src/adapters/platforms/openconfig/rules.js';
import { ValidationError } from '../../../../../src/core/errors.js';

describe('EOS interface names', () => {
  it.each([
    ['Ethernet1', 'Ethernet1'], ['et1', 'Ethernet1'], ['Et49/1', 'Ethernet49/1'], ['ethernet 3/1/1', 'Ethernet3/1/1'],
    ['Port-channel10', 'Port-Channel10'], ['Po10', 'Port-Channel10'], ['vlan10', 'Vlan10'], ['Lo0', 'Loopback0'], ['Ma1', 'Management1'],
  ])('canonicalizes %s to %s', (name, want) => {
    expect(normalizeEosName(name)).toBe(want);
  });

  it.each(['Ethernet01', 'Ethernet0', 'Ethernet1.100', 'GigabitEthernet1/0/1', 'Vlan4095', 'Port-Channel0', 'Loopback01', 'Tunnel1', 'E1'])('refuses %s', (name) => {
    expect(() => normalizeEosName(name)).toThrow(ValidationError);
  });

  it('shortens names for commit subjects and leaves other platforms\' names alone', () => {
    expect(shortEosName('Ethernet49/1')).toBe('Et49/1');
    expect(shortEosName('Port-Channel10')).toBe('Po10');
    expect(shortEosName('GigabitEthernet1/0/1')).toBe('GigabitEthernet1/0/1');
  });

  it('orders by type, then numerically', () => {
    const names = ['Vlan10', 'Ethernet10', 'Management1', 'Ethernet2', 'Port-Channel10', 'Ethernet2/1', 'Loopback0'];
    expect([...names].sort(compareEosNames)).toEqual(['Ethernet2', 'Ethernet2/1', 'Ethernet10', 'Port-Channel10', 'Vlan10', 'Loopback0', 'Management1']);
  });
});

describe('openconfigRules', () => {
  it('lets Ethernet ports and Port-Channels be switchports, not Vlan, Loopback or Management', () => {
    expect(['Ethernet1', 'Ethernet49/1', 'Port-Channel10', 'Vlan10', 'Loopback0', 'Management1'].map((n) => openconfigRules.canSwitchport(n)))
      .toEqual([true, true, true, false, false, false]);
  });

  it('protects Management1 by default and refuses an empty allowed-VLAN list', () => {
    expect(openconfigRules.defaultProtected).toEqual(['Management1']);
    expect(openconfigRules.valueProblem('allowedVlans', [])).toMatch(/empty allowed-VLAN list/);
    expect(openconfigRules.valueProblem('allowedVlans', 'all')).toBeNull();
  });
});
