import { describe, expect, it } from 'vitest';
import { approvalReasons, isApprover, isIgnored, matches, maxLeavesOf, modeOf, windowsOf } from '../../../src/core/change-policy.js';
import type { LeafChange } from '../../../src/core/plan-types.js';
import { planHash } from '../../../src/core/plan-hash.js';
import { parsePolicyYaml, type Policy } from '../../../src/core/policy.js';
import type { DeviceIntent } from '../../../src/core/types.js';

const policy: Policy = parsePolicyYaml(`
defaults:
  mode: enforce
  maxLeavesPerApply: 10
rules:
  - devices: "dist-*"
    mode: report
  - devices: [c9300]
    interfaces: "GigabitEthernet1/0/4*"
    mode: report
  - devices: c9300
    maxLeavesPerApply: 3
    windows: [{ allow: true, cron: "0 22 * * *", duration: 2h, timezone: Europe/Zurich }]
ignore:
  - interfaces: "GigabitEthernet1/0/4?"
    leaves: [description]
approval:
  approvers: [alice, Bob@example.com]
  rules:
    - trunk: true
    - devices: "core-*"
`);

const change = (iface: string, leaf: LeafChange['leaf'] = 'description'): LeafChange => ({ interface: iface, leaf, op: 'set', before: null, after: 'x' });
const intent = (mode: 'access' | 'trunk'): DeviceIntent => ({ device: 'c9300', interfaces: [{ name: 'Gi1/0/5', mode }] }) as DeviceIntent;

describe('change policy evaluation', () => {
  it('matches names, globs and lists', () => {
    expect(matches(undefined, 'x')).toBe(true);
    expect(matches('GigabitEthernet1/0/4*', 'GigabitEthernet1/0/40')).toBe(true);
    expect(matches('GigabitEthernet1/0/4*', 'GigabitEthernet1/0/14')).toBe(false);
    expect(matches('Gi1/0/4?', 'Gi1/0/4')).toBe(false);
    expect(matches(['a', 'b.c'], 'bxc')).toBe(false);
  });

  it('resolves the mode per interface: interface rule, device rule, defaults, then the config', () => {
    expect(modeOf(policy, 'c9300', 'GigabitEthernet1/0/41', 'enforce')).toBe('report');
    expect(modeOf(policy, 'c9300', 'GigabitEthernet1/0/2', 'report')).toBe('enforce');
    expect(modeOf(policy, 'dist-1', 'Ethernet1', 'enforce')).toBe('report');
    expect(modeOf({}, 'c9300', 'GigabitEthernet1/0/2', 'report')).toBe('report');
  });

  it('takes windows and maxLeavesPerApply from the last device rule, else defaults', () => {
    expect(maxLeavesOf(policy, 'c9300')).toBe(3);
    expect(maxLeavesOf(policy, 'other')).toBe(10);
    expect(windowsOf(policy, 'c9300')).toEqual([{ kind: 'allow', cron: '0 22 * * *', duration: '2h', timezone: 'Europe/Zurich' }]);
    expect(windowsOf(policy, 'other')).toEqual([]);
  });

  it('ignores only the named leaves of the matching interfaces', () => {
    expect(isIgnored(policy, 'c9300', 'GigabitEthernet1/0/42', 'description')).toBe(true);
    expect(isIgnored(policy, 'c9300', 'GigabitEthernet1/0/42', 'mtu')).toBe(false);
    expect(isIgnored(policy, 'c9300', 'GigabitEthernet1/0/2', 'description')).toBe(false);
  });

  it('asks approval above maxLeavesPerApply, for a trunk port and for named devices', () => {
    expect(approvalReasons(policy, 'c9300', [change('a'), change('b'), change('c')], null)).toEqual([]);
    expect(approvalReasons(policy, 'c9300', [change('a'), change('b'), change('c'), change('d')], null)).toEqual(['4 leaf changes, more than maxLeavesPerApply 3']);
    expect(approvalReasons(policy, 'c9300', [change('Gi1/0/5')], intent('trunk'))).toEqual(['approval rule 1: a change on a trunk port']);
    expect(approvalReasons(policy, 'c9300', [change('Gi1/0/5')], intent('access'))).toEqual([]);
    expect(approvalReasons(policy, 'c9300', [change('Gi1/0/6', 'allowedVlans')], null)).toEqual(['approval rule 1: a change on a trunk port']);
    expect(approvalReasons(policy, 'core-1', [change('x')], null)).toEqual(['approval rule 2: device core-*']);
  });

  it('knows the approvers, case-insensitively; without a list anyone may approve', () => {
    expect(isApprover(policy, 'bob@example.com')).toBe(true);
    expect(isApprover(policy, 'mallory')).toBe(false);
    expect(isApprover({}, 'mallory')).toBe(true);
  });

  it('hashes the device, revision and leaf changes: any difference gives another hash', () => {
    const c = [change('a')];
    expect(planHash('c9300', 'r1', c)).toMatch(/^[0-9a-f]{64}$/);
    expect(planHash('c9300', 'r1', [{ ...c[0]! }])).toBe(planHash('c9300', 'r1', c));
    expect(planHash('c9300', 'r2', c)).not.toBe(planHash('c9300', 'r1', c));
    expect(planHash('c9300', 'r1', [{ ...c[0]!, after: 'y' }])).not.toBe(planHash('c9300', 'r1', c));
  });

  it('refuses a policy with a bad cron, zone, or a window on an interface rule', () => {
    expect(() => parsePolicyYaml('defaults:\n  windows: [{ allow: true, cron: "0 25 * * *", duration: 2h }]\n')).toThrow(/invalid policy/);
    try {
      parsePolicyYaml('rules:\n  - interfaces: "Gi*"\n    maxLeavesPerApply: 2\n  - windows: [{ deny: true, cron: "0 22 * * *", duration: 2h, timezone: Nowhere/City }]\n');
      expect.unreachable();
    } catch (err) {
      expect((err as { problems: string[] }).problems).toEqual([
        'policy.yaml: /rules/0: a rule with interfaces may only set mode (windows and maxLeavesPerApply are per device)',
        "policy.yaml: /rules/1/windows/0.timezone: 'Nowhere/City' is not an IANA time zone",
      ]);
    }
    expect(() => parsePolicyYaml('rules: [{ mode: sometimes }]\n')).toThrow(/invalid policy/);
  });
});
