import { describe, expect, it } from 'vitest';
import { DriftOrigins } from '../../../src/controllers/drift-origins.js';
import type { DevicePlan, LeafChange } from '../../../src/core/plan-types.js';

const change = (before: string | null, after: string): LeafChange => ({ interface: 'GigabitEthernet1/0/2', leaf: 'description', op: 'set', before, after });
const plan = (...changes: LeafChange[]): DevicePlan => ({ device: 'c9300', changes, refused: [] });
const none = { verifiedAtRevision: false, failedAtRevision: false };

describe('DriftOrigins', () => {
  it('marks drift on a verified revision out-of-band, after a failed apply failed-apply, a new intent change not at all', () => {
    const o = new DriftOrigins();
    expect(o.annotate('c9300', plan(change('x', 'y')), { verifiedAtRevision: true, failedAtRevision: false }).changes[0]?.origin).toBe('out-of-band');
    expect(o.annotate('c9300', plan(change('x', 'y')), { verifiedAtRevision: false, failedAtRevision: true }).changes[0]?.origin).toBe('failed-apply');
    expect(o.annotate('c9300', plan(change('x', 'y')), none).changes[0]).not.toHaveProperty('origin');
  });

  it('retries a leaf the device stored its own way once, then moves it to noise', () => {
    const o = new DriftOrigins();
    o.unverified('c9300', [change('a descr', 'a description')]);
    expect(o.annotate('c9300', plan(change('a descr', 'a description')), none).changes[0]?.origin).toBe('device-normalization');
    o.unverified('c9300', [change('a descr', 'a description')]);
    const p = o.annotate('c9300', plan(change('a descr', 'a description')), none);
    expect(p.changes).toEqual([]);
    expect(p.noise).toEqual([{ ...change('a descr', 'a description'), origin: 'noise' }]);
  });

  it('forgets the normalization when the device or intent holds another value', () => {
    const o = new DriftOrigins();
    o.unverified('c9300', [change('a descr', 'a description')]);
    o.unverified('c9300', [change('a descr', 'a description')]);
    expect(o.annotate('c9300', plan(change('by hand', 'a description')), none).changes[0]).not.toHaveProperty('origin');
    expect(o.annotate('c9300', plan(change('a descr', 'another one')), none).changes[0]).not.toHaveProperty('origin');
    o.verified('c9300', [change('a descr', 'a description')]);
    expect(o.annotate('c9300', plan(change('a descr', 'a description')), none).changes[0]).not.toHaveProperty('origin');
  });
});
