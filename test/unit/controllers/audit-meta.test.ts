import { describe, expect, it } from 'vitest';
import { auditMeta, splitLanded } from '../../../src/controllers/audit-meta.js';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';
import type { DevicePlan, LeafChange } from '../../../src/core/plan-types.js';

const GI2 = 'GigabitEthernet1/0/2';
const MTU: LeafChange = { interface: GI2, leaf: 'mtu', op: 'set', before: null, after: 9000 };
const DESC: LeafChange = { interface: GI2, leaf: 'description', op: 'set', before: null, after: 'new' };
const PLAN: DevicePlan = { device: 'c9300', changes: [MTU, DESC], refused: [] };
const STILL_OFF: LeafChange = { ...DESC, before: 'kept' };

describe('the audit commit of an edit whose re-read did not match', () => {
  it('splits the plan into the leaves that landed and those still different', () => {
    expect(splitLanded(PLAN.changes, [STILL_OFF])).toEqual({ landed: [MTU], notLanded: [STILL_OFF] });
  });

  it('says Result: unverified and lists what landed and what did not on the running datastore', () => {
    const meta = auditMeta({ device: 'c9300', plan: PLAN, revision: 'abc', cause: 'git edit', rules: IOSXE_RULES, tickets: ['7'], outcome: { datastore: 'running', confirmed: false, saved: false, verified: false, note: null, unverified: { landed: [MTU], notLanded: [STILL_OFF], rolledBack: false } } });
    expect(meta.subject).toBe('apply(c9300): Gi1/0/2 mtu, description (unverified)');
    expect(meta.trailers?.Result).toBe('unverified');
    expect(meta.body).toContain('NOT verified');
    expect(meta.body).toContain('Landed (read back as planned):\n- GigabitEthernet1/0/2 mtu: (none) → 9000');
    expect(meta.body).toContain('Did not land (still different on the device):\n- GigabitEthernet1/0/2 description: "kept" → "new"');
  });

  it('says Result: rolled-back when a cancelled confirmed commit took the edit back', () => {
    const meta = auditMeta({ device: 'c9300', plan: PLAN, revision: 'abc', cause: 'git edit', rules: IOSXE_RULES, tickets: [], outcome: { datastore: 'candidate', confirmed: false, saved: false, verified: false, note: null, unverified: { landed: [MTU], notLanded: [STILL_OFF], rolledBack: true } } });
    expect(meta.subject).toBe('apply(c9300): Gi1/0/2 mtu, description (rolled-back)');
    expect(meta.trailers?.Result).toBe('rolled-back');
    expect(meta.body).toMatch(/confirmed commit was cancelled: none of these leaves stays on the device/);
    expect(meta.body).not.toMatch(/verified by re-reading/);
  });

  it('keeps the verified wording for a verified edit', () => {
    const meta = auditMeta({ device: 'c9300', plan: PLAN, revision: 'abc', cause: 'git edit', rules: IOSXE_RULES, tickets: [], outcome: { datastore: 'running', confirmed: false, saved: false, verified: true, note: null } });
    expect(meta.subject).toBe('apply(c9300): Gi1/0/2 mtu, description');
    expect(meta.trailers?.Result).toBe('verified');
    expect(meta.body).toMatch(/verified by re-reading the running config/);
  });

  it("names interfaces as they are when the device's platform is not known", () => {
    const meta = auditMeta({ device: 'c9300', plan: PLAN, revision: 'abc', cause: 'git edit', rules: null, tickets: [], outcome: { datastore: 'running', confirmed: false, saved: false, verified: true, note: null } });
    expect(meta.subject).toBe('apply(c9300): GigabitEthernet1/0/2 mtu, description');
  });
});
