import { describe, expect, it } from 'vitest';
import { NetconfRpcError } from '../../../../../src/adapters/netconf/errors.js';
import { ApplyFailedError, VerifyFailedError } from '../../../../../src/adapters/platforms/errors.js';
import { IosXeDriver, type DriverSession } from '../../../../../src/adapters/platforms/iosxe/driver.js';
import type { DevicePlan } from '../../../../../src/core/plan-types.js';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const IA = 'http://cisco.com/yang/cisco-ia';
const PLAN: DevicePlan = { device: 'c9300', changes: [{ interface: 'GigabitEthernet1/0/2', leaf: 'mtu', op: 'set', before: null, after: 9000 }], refused: [] };
const OPTS = { confirmTimeoutSec: 60, saveConfig: false };

const lockDenied = (sessionId: string): NetconfRpcError =>
  new NetconfRpcError('lock', [{ type: 'protocol', tag: 'lock-denied', severity: 'error', info: { 'session-id': sessionId } }]);

/**
 * A scripted session with cisco-ia at `iaRevision`: is-syncing answers `syncing` from the `syncing`
 * script (then false), `lockFailures` are thrown by the first locks, the re-read shows mtu `mtuAfter`.
 */
function fakeSession(o: { candidate?: boolean; iaRevision?: string; syncing?: boolean[]; lockFailures?: Error[]; mtuAfter?: number }) {
  const calls: string[] = [];
  const syncing = [...(o.syncing ?? [])];
  const lockFailures = [...(o.lockFailures ?? [])];
  const session: DriverSession = {
    capabilities: {
      candidate: o.candidate ?? false, confirmedCommit: false, rollbackOnError: false,
      modules: new Map([['cisco-ia', { namespace: IA, revision: o.iaRevision ?? '2024-07-01' }]]),
      has: () => false,
    },
    getConfig: async () => (calls.push('get-config'),
      `<native xmlns="${NATIVE}"><interface><GigabitEthernet><name>1/0/2</name><mtu>${o.mtuAfter ?? 9000}</mtu></GigabitEthernet></interface></native>`),
    editConfig: async (e) => void calls.push(`edit-config ${e.target}`),
    lock: async (t) => {
      calls.push(`lock ${t}`);
      const err = lockFailures.shift();
      if (err) throw err;
    },
    unlock: async (t) => void calls.push(`unlock ${t}`),
    commit: async () => void calls.push('commit'),
    cancelCommit: async () => void calls.push('cancel-commit'),
    discardChanges: async () => void calls.push('discard-changes'),
    call: async (body) => {
      calls.push(body);
      if (!body.startsWith('<is-syncing')) return { xml: '<rpc-reply message-id="1"><ok/></rpc-reply>' };
      const now = syncing.shift() ?? false;
      return { xml: `<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1"><syncing xmlns="${IA}">${now}</syncing><syncs-pending xmlns="${IA}">false</syncs-pending></rpc-reply>` };
    },
  };
  return { session, calls };
}

function driverWithClock() {
  const slept: number[] = [];
  const driver = new IosXeDriver({ sleep: async (ms) => void slept.push(ms), syncWait: { maxMs: 3_000, pollMs: 1_000 } });
  return { driver, slept };
}

const IS_SYNCING = `<is-syncing xmlns="${IA}"/>`;

describe('cisco-ia is-syncing before a write', () => {
  it('waits, polling, while the device says it is syncing, then writes', async () => {
    const { driver, slept } = driverWithClock();
    const { session, calls } = fakeSession({ syncing: [true, true] });
    await driver.apply(session, PLAN, OPTS);
    expect(calls.slice(0, 4)).toEqual([IS_SYNCING, IS_SYNCING, IS_SYNCING, 'lock running']);
    expect(slept).toEqual([1_000, 1_000]);
  });

  it('gives up after the bounded wait with a retryable error and writes nothing, not even a lock', async () => {
    const { driver } = driverWithClock();
    const { session, calls } = fakeSession({ syncing: [true, true, true, true, true] });
    const err = await driver.apply(session, PLAN, OPTS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyFailedError);
    expect(err).toMatchObject({ retryable: true, deviceReason: 'DeviceBusy' });
    expect((err as Error).message).toMatch(/is-syncing.*still syncing/);
    expect(calls.every((c) => c === IS_SYNCING)).toBe(true);
  });

  it('does not ask a device whose cisco-ia predates the syncing outputs (2024-07-01)', async () => {
    const { driver } = driverWithClock();
    const { session, calls } = fakeSession({ iaRevision: '2021-11-01', syncing: [true] });
    await driver.apply(session, PLAN, OPTS);
    expect(calls).not.toContain(IS_SYNCING);
  });
});

describe('candidate lock-denied with session-id 0', () => {
  it('discards the uncommitted candidate changes and retries the lock once', async () => {
    const { driver } = driverWithClock();
    const { session, calls } = fakeSession({ candidate: true, lockFailures: [lockDenied('0')] });
    await driver.apply(session, PLAN, OPTS);
    expect(calls.filter((c) => !c.startsWith('<'))).toEqual([
      'lock candidate', 'discard-changes', 'lock candidate', 'discard-changes', 'edit-config candidate', 'commit', 'get-config', 'unlock candidate',
    ]);
  });

  it('does not touch a candidate locked by another session (session-id other than 0)', async () => {
    const { driver } = driverWithClock();
    const { session, calls } = fakeSession({ candidate: true, lockFailures: [lockDenied('7')] });
    await expect(driver.apply(session, PLAN, OPTS)).rejects.toMatchObject({ reason: 'ApplyFailed', retryable: true });
    expect(calls.filter((c) => !c.startsWith('<'))).toEqual(['lock candidate']);
  });

  it('fails once, without a second discard, when the retried lock is denied again', async () => {
    const { driver } = driverWithClock();
    const { session, calls } = fakeSession({ candidate: true, lockFailures: [lockDenied('0'), lockDenied('0')] });
    await expect(driver.apply(session, PLAN, OPTS)).rejects.toBeInstanceOf(ApplyFailedError);
    expect(calls.filter((c) => !c.startsWith('<'))).toEqual(['lock candidate', 'discard-changes', 'lock candidate']);
  });
});

describe('cisco-ia timed rollback on a running-only device (reconcile.revertTimerMin)', () => {
  const ARM = `<rollback xmlns="${IA}"><target-url>system:running-config</target-url><revert-timer>5</revert-timer></rollback>`;
  const ACCEPT = `<rollback xmlns="${IA}"><target-url>system:running-config</target-url></rollback>`;
  const NOW = `<revert xmlns="${IA}"><now/></revert>`;

  it('arms the rollback before the edit and ends it after a good verify', async () => {
    const { driver } = driverWithClock();
    const { session, calls } = fakeSession({});
    const result = await driver.apply(session, PLAN, { ...OPTS, revertTimerMin: 5 });
    expect(calls.filter((c) => c !== IS_SYNCING)).toEqual(['lock running', ARM, 'edit-config running', 'get-config', ACCEPT, 'unlock running']);
    expect(result).toMatchObject({ datastore: 'running', confirmed: true });
  });

  it('rolls back at once when the verify fails', async () => {
    const { driver } = driverWithClock();
    const { session, calls } = fakeSession({ mtuAfter: 1500 });
    const err = await driver.apply(session, PLAN, { ...OPTS, revertTimerMin: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VerifyFailedError);
    expect(err).toMatchObject({ rolledBack: true });
    expect(calls.filter((c) => c !== IS_SYNCING)).toEqual(['lock running', ARM, 'edit-config running', 'get-config', NOW, 'unlock running']);
  });

  it('arms nothing when off (null) or when the device has a candidate', async () => {
    const { driver } = driverWithClock();
    const off = fakeSession({});
    await driver.apply(off.session, PLAN, { ...OPTS, revertTimerMin: null });
    const cand = fakeSession({ candidate: true });
    await driver.apply(cand.session, PLAN, { ...OPTS, revertTimerMin: 5 });
    expect([...off.calls, ...cand.calls].filter((c) => c.startsWith('<rollback') || c.startsWith('<revert'))).toEqual([]);
  });
});
