import { describe, expect, it } from 'vitest';
import { IntentdError } from '../../../../../src/core/errors.js';
import type { DevicePlan } from '../../../../../src/core/plan-types.js';
import { ApplyFailedError, ReadFailedError, VerifyFailedError } from '../../../../../src/adapters/platforms/errors.js';
import { IosXeDriver, type DriverSession } from '../../../../../src/adapters/platforms/iosxe/driver.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const GI2 = 'GigabitEthernet1/0/2';
const PLAN: DevicePlan = {
  device: 'c9300',
  changes: [{ interface: GI2, leaf: 'mtu', op: 'set', before: null, after: 9000 }],
  refused: [],
};
const OPTS = { confirmTimeoutSec: 60, saveConfig: true };

const reply = (mtu: number | null): string =>
  `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name>${mtu === null ? '' : `<mtu>${mtu}</mtu>`}</GigabitEthernet></interface></native>`;

/**
 * A scripted session: records every call; `fail` makes the named step throw; `mtuAfter` is what the
 * re-read returns (the edit "takes" unless it says otherwise).
 */
function fakeSession(o: { candidate?: boolean; confirmed?: boolean; cancel?: boolean; ciscoIa?: boolean; fail?: Record<string, Error>; mtuAfter?: number | null }) {
  const calls: string[] = [];
  const step = async (name: string): Promise<void> => {
    calls.push(name);
    const err = o.fail?.[name];
    if (err) throw err;
  };
  const uris = o.cancel ? ['urn:ietf:params:netconf:capability:confirmed-commit:1.1'] : [];
  const session: DriverSession = {
    capabilities: {
      candidate: o.candidate ?? false,
      confirmedCommit: o.confirmed ?? false,
      rollbackOnError: true,
      modules: new Map(o.ciscoIa === false ? [] : [['cisco-ia', { namespace: 'http://cisco.com/yang/cisco-ia' }]]),
      has: (p) => uris.some((u) => u.startsWith(p)),
    },
    getConfig: async () => (await step('get-config'), reply(o.mtuAfter === undefined ? 9000 : o.mtuAfter)),
    editConfig: async (e) => step(`edit-config ${e.target}${e.errorOption ? ` ${e.errorOption}` : ''}`),
    lock: (t) => step(`lock ${t}`),
    unlock: (t) => step(`unlock ${t}`),
    commit: (c) => step(c?.confirmed ? `commit confirmed ${c.confirmTimeoutSec}` : 'commit'),
    cancelCommit: () => step('cancel-commit'),
    discardChanges: () => step('discard-changes'),
    call: (b) => step(b.includes('save-config') ? 'save-config' : b.includes('sync-from') ? 'sync-from' : b),
  };
  return { session, calls };
}

const busy = (): IntentdError => new IntentdError('DeviceBusy', 'lock-denied', { retryable: true });
const rejected = (): IntentdError => new IntentdError('DeviceRejected', 'invalid-value');

describe('IosXeDriver.read', () => {
  const driver = new IosXeDriver();

  it('asks the device to sync from its CLI before reading when syncFrom is on and cisco-ia is offered', async () => {
    const on = fakeSession({});
    expect((await driver.read(on.session, [GI2], { syncFrom: true })).get(GI2)?.mtu).toBe(9000);
    expect(on.calls).toEqual(['sync-from', 'get-config']);
    const off = fakeSession({});
    await driver.read(off.session, [GI2]);
    expect(off.calls).toEqual(['get-config']);
    const noIa = fakeSession({ ciscoIa: false });
    await driver.read(noIa.session, [GI2], { syncFrom: true });
    expect(noIa.calls).toEqual(['get-config']);
  });
});

describe('IosXeDriver.apply', () => {
  const driver = new IosXeDriver();

  it('sends nothing at all for an empty plan', async () => {
    const { session, calls } = fakeSession({});
    const result = await driver.apply(session, { device: 'c9300', changes: [], refused: [] }, OPTS);
    expect(calls).toEqual([]);
    expect(result).toMatchObject({ sent: '', verified: true, datastore: 'running', confirmed: false, saved: false });
  });

  it('edits running with rollback-on-error under a lock, verifies, saves, unlocks', async () => {
    const { session, calls } = fakeSession({});
    const result = await driver.apply(session, PLAN, OPTS);
    expect(calls).toEqual(['lock running', 'edit-config running rollback-on-error', 'get-config', 'save-config', 'unlock running']);
    expect(result).toMatchObject({ verified: true, datastore: 'running', confirmed: false, saved: true });
    expect(result.sent).toContain('<mtu>9000</mtu>');
  });

  it('uses a confirmed commit on the candidate and confirms it only after the re-read matches', async () => {
    const { session, calls } = fakeSession({ candidate: true, confirmed: true });
    const result = await driver.apply(session, PLAN, OPTS);
    expect(calls).toEqual([
      'lock candidate', 'discard-changes', 'edit-config candidate rollback-on-error', 'commit confirmed 60', 'get-config', 'commit', 'save-config', 'unlock candidate',
    ]);
    expect(result).toMatchObject({ datastore: 'candidate', confirmed: true });
  });

  it('commits the candidate plainly when confirmed commit is not offered, and skips save without cisco-ia', async () => {
    const { session, calls } = fakeSession({ candidate: true, ciscoIa: false });
    const result = await driver.apply(session, PLAN, OPTS);
    expect(calls).toEqual(['lock candidate', 'discard-changes', 'edit-config candidate rollback-on-error', 'commit', 'get-config', 'unlock candidate']);
    expect(result).toMatchObject({ confirmed: false, saved: false });
  });

  it('does not save when saveConfig is off', async () => {
    const { session, calls } = fakeSession({});
    expect((await driver.apply(session, PLAN, { ...OPTS, saveConfig: false })).saved).toBe(false);
    expect(calls).not.toContain('save-config');
  });

  it('discards the candidate and unlocks when the edit is rejected, keeping the device error as cause', async () => {
    const cause = rejected();
    const { session, calls } = fakeSession({ candidate: true, confirmed: true, fail: { 'edit-config candidate rollback-on-error': cause } });
    const err = await driver.apply(session, PLAN, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyFailedError);
    expect(err).toMatchObject({ reason: 'ApplyFailed', retryable: false, deviceReason: 'DeviceRejected', cause });
    expect(calls).toEqual(['lock candidate', 'discard-changes', 'edit-config candidate rollback-on-error', 'discard-changes', 'unlock candidate']);
  });

  it('keeps the retryable flag of a busy device and does not unlock what it never locked', async () => {
    const { session, calls } = fakeSession({ fail: { 'lock running': busy() } });
    const err = await driver.apply(session, PLAN, OPTS).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'ApplyFailed', retryable: true, deviceReason: 'DeviceBusy' });
    expect(calls).toEqual(['lock running']);
  });

  it('throws the original error, not the unlock error, when both fail', async () => {
    const { session, calls } = fakeSession({ fail: { 'edit-config running rollback-on-error': rejected(), 'unlock running': busy() } });
    const err = await driver.apply(session, PLAN, OPTS).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'ApplyFailed', deviceReason: 'DeviceRejected' });
    expect(calls.at(-1)).toBe('unlock running');
  });

  it('cancels the confirmed commit and reports what is still off when the re-read does not match', async () => {
    const { session, calls } = fakeSession({ candidate: true, confirmed: true, cancel: true, mtuAfter: 1500 });
    const err = await driver.apply(session, PLAN, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerifyFailedError);
    expect((err as VerifyFailedError).remaining.changes).toEqual([{ interface: GI2, leaf: 'mtu', op: 'set', before: 1500, after: 9000 }]);
    expect((err as VerifyFailedError).rolledBack).toBe(true);
    expect(calls).toEqual([
      'lock candidate', 'discard-changes', 'edit-config candidate rollback-on-error', 'commit confirmed 60', 'get-config', 'cancel-commit', 'discard-changes', 'unlock candidate',
    ]);
  });

  it('fails verification on running too, where nothing can be rolled back', async () => {
    const { session, calls } = fakeSession({ mtuAfter: null });
    await expect(driver.apply(session, PLAN, OPTS)).rejects.toMatchObject({ reason: 'VerifyFailed', retryable: false, rolledBack: false });
    expect(calls).toEqual(['lock running', 'edit-config running rollback-on-error', 'get-config', 'unlock running']);
  });

  it('reports a verified apply even when save-config fails', async () => {
    const { session } = fakeSession({ fail: { 'save-config': rejected() } });
    expect(await driver.apply(session, PLAN, OPTS)).toMatchObject({ verified: true, saved: false });
  });
});

describe('IosXeDriver.read', () => {
  const driver = new IosXeDriver();

  it('reads nothing for no interfaces', async () => {
    const { session, calls } = fakeSession({});
    expect((await driver.read(session, [])).size).toBe(0);
    expect(calls).toEqual([]);
  });

  it('wraps a failed get-config as ReadFailed with the cause retryable flag', async () => {
    const { session } = fakeSession({ fail: { 'get-config': busy() } });
    const err = await driver.read(session, [GI2]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReadFailedError);
    expect(err).toMatchObject({ reason: 'ReadFailed', retryable: true });
  });
});
