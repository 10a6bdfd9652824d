import { describe, expect, it } from 'vitest';
import { formatRollout, rollout } from '../../../src/controllers/rollout.js';
import { parsePolicyYaml, rolloutOf } from '../../../src/core/policy.js';
import { ValidationError } from '../../../src/core/errors.js';

describe('rollout', () => {
  const devices = ['a', 'b', 'c', 'd', 'e'];

  it('stops after the batch with the first failed device and names the devices not attempted', async () => {
    const ran: string[] = [];
    const r = await rollout(devices, { batchSize: 2, stopOnFailure: true }, async (d) => (ran.push(d), d !== 'c'));
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
    expect(r).toEqual({ applied: ['a', 'b', 'd'], failed: ['c'], notAttempted: ['e'] });
  });

  it('goes on past failures without stopOnFailure, and counts a throw as a failure', async () => {
    const r = await rollout(devices, { batchSize: 1, stopOnFailure: false }, async (d) => {
      if (d === 'b') throw new Error('boom');
      return d !== 'd';
    });
    expect(r).toEqual({ applied: ['a', 'c', 'e'], failed: ['b', 'd'], notAttempted: [] });
    expect(formatRollout(r)).toBe('rollout: applied: a, c, e\nrollout: failed: b, d\nrollout: not attempted: (none)');
  });

  it('takes flags over policy.yaml rollout, one device at a time and stop on failure by default', () => {
    expect(rolloutOf({})).toEqual({ batchSize: 1, stopOnFailure: true });
    const policy = parsePolicyYaml('rollout:\n  batchSize: 3\n  stopOnFailure: false\n');
    expect(rolloutOf(policy)).toEqual({ batchSize: 3, stopOnFailure: false });
    expect(rolloutOf(policy, { batchSize: 2, stopOnFailure: true })).toEqual({ batchSize: 2, stopOnFailure: true });
  });

  it('refuses a rollout section policy.yaml cannot mean', () => {
    expect(() => parsePolicyYaml('rollout:\n  batchSize: 0\n')).toThrow(ValidationError);
    expect(() => parsePolicyYaml('rollout:\n  parallel: true\n')).toThrow(ValidationError);
  });
});
