import { describe, expect, it } from 'vitest';
import { IntentdError } from '../../../../../src/core/errors.js';
import type { DevicePlan } from '../../../../../src/core/plan-types.js';
import { ApplyFailedError, DeviceIdentityMismatchError, VerifyFailedError } from '../../../../../src/adapters/platforms/errors.js';
import { OpenConfigDriver, type OpenConfigSession } from '../../../../../src/adapters/platforms/openconfig/driver.js';

const OC = 'http://openconfig.net/yang/interfaces';
const PLAN: DevicePlan = { device: 'eos1', changes: [{ interface: 'Ethernet2', leaf: 'mtu', op: 'set', before: null, after: 9000 }], refused: [] };
const OPTS = { confirmTimeoutSec: 60 };

const reply = (mtu: number | null): string =>
  `<interfaces xmlns="${OC}"><interface><name>Ethernet2</name><config><name>Ethernet2</name>${mtu === null ? '' : `<mtu>${mtu}</mtu>`}</config></interface></interfaces>` +
  '<system xmlns="http://openconfig.net/yang/system"><config><hostname>eos1</hostname></config></system>';

/** A scripted session: records every call; `fail` makes the named step throw; `mtuAfter` is what a read returns. */
function fakeSession(o: { candidate?: boolean; confirmed?: boolean; cancel?: boolean; fail?: Record<string, Error>; mtuAfter?: number | null }) {
  const calls: string[] = [];
  const step = async (name: string): Promise<void> => {
    calls.push(name);
    const err = o.fail?.[name];
    if (err) throw err;
  };
  const uris = o.cancel ? ['urn:ietf:params:netconf:capability:confirmed-commit:1.1'] : [];
  const session: OpenConfigSession = {
    capabilities: { candidate: o.candidate ?? false, confirmedCommit: o.confirmed ?? false, rollbackOnError: true, has: (p) => uris.some((u) => u.startsWith(p)) },
    getConfig: async () => (await step('get-config'), reply(o.mtuAfter === undefined ? 9000 : o.mtuAfter)),
    editConfig: async (e) => step(`edit-config ${e.target}${e.errorOption ? ` ${e.errorOption}` : ''}`),
    lock: (t) => step(`lock ${t}`),
    unlock: (t) => step(`unlock ${t}`),
    commit: (c) => step(c?.confirmed ? `commit confirmed ${c.confirmTimeoutSec}` : 'commit'),
    cancelCommit: () => step('cancel-commit'),
    discardChanges: () => step('discard-changes'),
  };
  return { session, calls };
}

describe('OpenConfigDriver.apply', () => {
  const driver = new OpenConfigDriver();

  it('edits running directly where only running is offered: lock, edit, verify, unlock', async () => {
    const f = fakeSession({});
    expect(await driver.apply(f.session, PLAN, OPTS)).toMatchObject({ verified: true, datastore: 'running', confirmed: false, saved: false });
    expect(f.calls).toEqual(['lock running', 'edit-config running rollback-on-error', 'get-config', 'unlock running']);
  });

  it('uses the candidate with a confirmed commit, confirmed after a good verify', async () => {
    const f = fakeSession({ candidate: true, confirmed: true, cancel: true });
    expect(await driver.apply(f.session, PLAN, OPTS)).toMatchObject({ datastore: 'candidate', confirmed: true });
    expect(f.calls).toEqual(['lock candidate', 'discard-changes', 'edit-config candidate rollback-on-error', 'commit confirmed 60', 'get-config', 'commit', 'unlock candidate']);
  });

  it('cancels the confirmed commit and discards the candidate when the re-read differs', async () => {
    const f = fakeSession({ candidate: true, confirmed: true, cancel: true, mtuAfter: 1500 });
    const err = await driver.apply(f.session, PLAN, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerifyFailedError);
    expect(err).toMatchObject({ rolledBack: true, remaining: { changes: [{ leaf: 'mtu', before: 1500, after: 9000 }] } });
    expect(f.calls.slice(-3)).toEqual(['cancel-commit', 'discard-changes', 'unlock candidate']);
  });

  it('reads the current trunk-vlans under the lock only when the allowed list changes', async () => {
    const f = fakeSession({ mtuAfter: null });
    const plan: DevicePlan = { device: 'eos1', refused: [], changes: [{ interface: 'Ethernet2', leaf: 'allowedVlans', op: 'set', before: null, after: [10] }] };
    await driver.apply(f.session, plan, OPTS).catch(() => undefined);
    expect(f.calls.slice(0, 3)).toEqual(['lock running', 'get-config', 'edit-config running rollback-on-error']);
  });

  it('keeps the device error as the cause, unlocks, and retries only when the device was busy', async () => {
    const busy = fakeSession({ fail: { 'edit-config running rollback-on-error': new IntentdError('DeviceBusy', 'in-use', { retryable: true }) } });
    const err = await driver.apply(busy.session, PLAN, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyFailedError);
    expect(err).toMatchObject({ retryable: true, deviceReason: 'DeviceBusy' });
    expect(busy.calls.at(-1)).toBe('unlock running');
  });

  it('checks the hostname before anything is locked, once per session', async () => {
    const f = fakeSession({});
    const err = await driver.apply(f.session, PLAN, { ...OPTS, identity: { name: 'eos2' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeviceIdentityMismatchError);
    expect(f.calls).toEqual(['get-config']);
    const ok = fakeSession({});
    await driver.apply(ok.session, PLAN, { ...OPTS, identity: { name: 'eos1' } });
    await driver.apply(ok.session, PLAN, { ...OPTS, identity: { name: 'eos1' } });
    expect(ok.calls.filter((c) => c === 'lock running')).toHaveLength(2);
    expect(ok.calls.filter((c) => c === 'get-config')).toHaveLength(3);
  });

  it('sends nothing for an empty plan', async () => {
    const f = fakeSession({});
    expect(await driver.apply(f.session, { device: 'eos1', changes: [], refused: [] }, OPTS)).toMatchObject({ sent: '' });
    expect(f.calls).toEqual([]);
  });
});
