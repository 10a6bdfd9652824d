import { describe, expect, it } from 'vitest';
import { ApplyFailedError, VerifyFailedError } from '../../../../src/adapters/platforms/errors.js';
import { safeApply, type SafeApplySession, type SafeApplySteps } from '../../../../src/adapters/platforms/netconf-safe-apply.js';
import type { DevicePlan, InterfaceState } from '../../../../src/core/plan-types.js';
import { silentLogger } from '../../../../src/log.js';

const PLAN: DevicePlan = { device: 'sw1', changes: [{ interface: 'Eth1', leaf: 'mtu', op: 'set', before: null, after: 9000 }], refused: [] };
const state = (mtu: number | null): Map<string, InterfaceState> => new Map([['Eth1', {
  name: 'Eth1', exists: true, description: null, enabled: true, mtu, mode: 'access', accessVlan: null, nativeVlan: null, allowedVlans: null, ipv4: null,
}]]);

/** A session and platform hooks that record every step in one list; `fail` makes the named step throw. */
function rig(o: { candidate: boolean; fail?: string; mtuAfter?: number }) {
  const calls: string[] = [];
  const step = async (name: string): Promise<void> => {
    calls.push(name);
    if (o.fail === name) throw new Error(`${name} broke`);
  };
  const session: SafeApplySession = {
    capabilities: { candidate: o.candidate, confirmedCommit: o.candidate, rollbackOnError: true, has: () => true },
    editConfig: (e) => step(`edit-config ${e.target} ${e.config}`),
    lock: (t) => step(`lock ${t}`),
    unlock: (t) => step(`unlock ${t}`),
    commit: (c) => step(c?.confirmed ? 'commit confirmed' : 'commit'),
    cancelCommit: () => step('cancel-commit'),
    discardChanges: () => step('discard-changes'),
  };
  const steps: SafeApplySteps = {
    beforeLock: { step: 'wait', run: () => step('wait') },
    lock: (t) => step(`platform lock ${t}`),
    edit: { step: 'build', build: async () => (await step('build'), '<e/>') },
    timedRollback: { arm: () => step('arm'), accept: () => step('accept'), revertNow: () => step('revert-now') },
    read: async () => (await step('read'), state(o.mtuAfter ?? 9000)),
    afterConfirm: async () => (await step('save'), true),
  };
  return { session, steps, calls };
}

describe('the shared NETCONF safe-apply sequence', () => {
  it('runs the platform hooks in their places: wait, lock, reset, arm, build, edit, commit, verify, accept, confirm, save, unlock', async () => {
    const r = rig({ candidate: true });
    const out = await safeApply(r.session, PLAN, { confirmTimeoutSec: 60, log: silentLogger(), steps: r.steps });
    expect(out).toEqual({ sent: '<e/>', confirmed: true, saved: true });
    expect(r.calls).toEqual([
      'wait', 'platform lock candidate', 'discard-changes', 'arm', 'build', 'edit-config candidate <e/>', 'commit confirmed',
      'read', 'accept', 'commit', 'save', 'unlock candidate',
    ]);
  });

  it('on a failed verify reverts the timed rollback, cancels the confirmed commit, discards and unlocks, throwing VerifyFailed', async () => {
    const r = rig({ candidate: true, mtuAfter: 1500 });
    const err = await safeApply(r.session, PLAN, { confirmTimeoutSec: 60, log: silentLogger(), steps: r.steps }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerifyFailedError);
    expect(r.calls.slice(-4)).toEqual(['revert-now', 'cancel-commit', 'discard-changes', 'unlock candidate']);
  });

  it('names the failing platform step in the ApplyFailed it throws, and unlocks on running', async () => {
    const r = rig({ candidate: false, fail: 'build' });
    const err = await safeApply(r.session, PLAN, { confirmTimeoutSec: 60, log: silentLogger(), steps: r.steps }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyFailedError);
    expect((err as Error).message).toMatch(/failed at build: build broke/);
    expect(r.calls).toEqual(['wait', 'platform lock running', 'arm', 'build', 'revert-now', 'unlock running']);
  });

  it('takes no lock, so unlocks nothing, when the step before the lock fails', async () => {
    const r = rig({ candidate: true, fail: 'wait' });
    await expect(safeApply(r.session, PLAN, { confirmTimeoutSec: 60, log: silentLogger(), steps: r.steps })).rejects.toBeInstanceOf(ApplyFailedError);
    expect(r.calls).toEqual(['wait']);
  });

  it('waits for the write-ahead record (ready) after the lock and before anything is written', async () => {
    const r = rig({ candidate: false });
    let durable = (): void => undefined;
    const ready = new Promise<void>((resolve) => { durable = () => { r.calls.push('journal durable'); resolve(); }; });
    const applying = safeApply(r.session, PLAN, { confirmTimeoutSec: 60, log: silentLogger(), steps: r.steps, ready });
    await new Promise((resolve) => setImmediate(resolve));
    expect(r.calls).toEqual(['wait', 'platform lock running']);
    durable();
    await applying;
    expect(r.calls.slice(0, 4)).toEqual(['wait', 'platform lock running', 'journal durable', 'arm']);
  });

  it('writes nothing and unlocks when the write-ahead record fails', async () => {
    const r = rig({ candidate: true });
    const err = await safeApply(r.session, PLAN, { confirmTimeoutSec: 60, log: silentLogger(), steps: r.steps, ready: Promise.reject(new Error('disk full')) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyFailedError);
    expect((err as Error).message).toMatch(/failed at write-ahead: disk full/);
    expect(r.calls).toEqual(['wait', 'platform lock candidate', 'discard-changes', 'discard-changes', 'unlock candidate']);
  });
});
