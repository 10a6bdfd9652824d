import { afterAll, beforeAll, expect, it } from 'vitest';
import type { NetconfTransportError } from '../../../src/adapters/netconf/errors.js';
import { NetconfPool } from '../../../src/adapters/netconf/pool.js';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { IosXeDriver } from '../../../src/adapters/platforms/iosxe/driver.js';
import { planDevice } from '../../../src/core/planner.js';
import { describeNetconfd, pauseNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { sessionOptions } from './device-options.js';
import { IOSXE_RULES } from '../../../src/adapters/platforms/iosxe/rules.js';

/** Retries `fn` until it resolves (the device ends a dropped session asynchronously); bounded. */
async function eventually<T>(fn: () => Promise<T>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describeNetconfd('a lock granted after its RPC timed out (netconfd paused)', () => {
  let device: TestDevice;
  const pool = new NetconfPool({ backoff: { initialMs: 10, maxMs: 10 } });

  beforeAll(async () => {
    device = await startTestDevice({ target: 'running' });
  });
  afterAll(async () => {
    await pool.closeAll();
    await device?.stop();
  });

  it('discards the timed-out session, so the late lock dies with it and the next apply succeeds on a fresh session', { timeout: 60_000 }, async () => {
    const opts = sessionOptions(device, { rpcTimeoutMs: 1_000 });
    const first = await pool.acquire('c9300', opts);
    const paused = pauseNetconfd(device);
    let err: NetconfTransportError;
    try {
      err = await first.lock('running').then(() => { throw new Error('lock answered while netconfd was stopped'); }, (e: NetconfTransportError) => e);
    } finally {
      // netconfd now reads the queued <lock> (and may grant it) after intentd gave up on the reply.
      paused.resume();
    }
    expect(err.reason).toBe('RpcTimeout');
    expect(first.closed).toBe(true);
    expect(pool.stats().sessions).toBe(0);

    // Another NETCONF client can take the lock: the late-granted lock was released with the session.
    // Each try is a fresh session with a short timeout: netconfd works through the backlog of the
    // dropped session at its own pace after SIGCONT, and one slow answer must not decide the test.
    await eventually(async () => {
      const other = await NetconfSession.connect(sessionOptions(device, { rpcTimeoutMs: 3_000 }));
      try {
        await other.lock('running');
        await other.unlock('running');
      } finally {
        await other.close().catch(() => undefined);
      }
    }, 30_000);

    const driver = new IosXeDriver();
    const second = await pool.acquire('c9300', opts);
    expect(second).not.toBe(first);
    expect(second.sessionId).not.toBe(first.sessionId);
    const intent = { device: 'c9300', interfaces: [{ name: 'GigabitEthernet1/0/5', description: 'after the late lock' }] };
    const plan = planDevice(intent, await driver.read(second, ['GigabitEthernet1/0/5']), { protectedInterfaces: [], rules: IOSXE_RULES });
    expect(plan.changes.length).toBe(1);
    const result = await driver.apply(second, plan, { confirmTimeoutSec: 30, saveConfig: false });
    expect(result.verified).toBe(true);
    expect(second.closed).toBe(false);
  });
});
