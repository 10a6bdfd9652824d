import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { parsePolicyYaml, serializePolicy, suspensionOf, withSuspension } from '../../../src/core/policy.js';

const s = { reason: 'incident', by: 'alice', at: '2026-01-01T00:00:00Z' };

describe('policy.yaml', () => {
  it('suspends and resumes a device and the fleet, and an unknown section is refused (typos never pass)', () => {
    expect(() => parsePolicyYaml('suspend: {}\n')).toThrow(ValidationError);
    let p = parsePolicyYaml('');
    p = withSuspension(p, 'c9300', s);
    expect(suspensionOf(p, 'c9300')).toEqual(s);
    expect(suspensionOf(p, 'other')).toBeNull();
    p = withSuspension(p, null, { ...s, reason: 'freeze' });
    expect(suspensionOf(p, 'other')?.reason).toBe('freeze');
    p = withSuspension(withSuspension(p, null, null), 'c9300', null);
    expect(p).toEqual({});
    expect(parsePolicyYaml(serializePolicy(withSuspension(p, 'c9300', s)))).toEqual(withSuspension(p, 'c9300', s));
  });

  it('rejects a policy that breaks the schema with path and reason', () => {
    expect(() => parsePolicyYaml('suspended:\n  devices:\n    c9300: {reason: x}\n')).toThrow(ValidationError);
    try {
      parsePolicyYaml('suspended: [a]\n');
    } catch (err) {
      expect((err as ValidationError).problems[0]).toMatch(/^policy\.yaml: \/suspended: must be object/);
    }
  });
});
