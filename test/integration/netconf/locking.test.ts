import { afterAll, beforeAll, expect, it } from 'vitest';
import { NetconfRpcError } from '../../../src/adapters/netconf/errors.js';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { descriptionLeaf, interfaceLeaf, nativeInterface } from '../../harness/iosxe-xml.js';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { sessionOptions } from './device-options.js';

async function rpcFailure(p: Promise<unknown>): Promise<NetconfRpcError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(NetconfRpcError);
  return err as NetconfRpcError;
}

describeNetconfd('NetconfSession locking between two sessions on netconfd', () => {
  let device: TestDevice;
  let holder: NetconfSession;
  let other: NetconfSession;

  beforeAll(async () => {
    device = await startTestDevice({ target: 'running' });
    [holder, other] = await Promise.all([
      NetconfSession.connect(sessionOptions(device)),
      NetconfSession.connect(sessionOptions(device)),
    ]);
  });
  afterAll(async () => {
    await Promise.all([holder?.close(), other?.close()]);
    await device?.stop();
  });

  it('denies a second lock as DeviceBusy naming the holder session', async () => {
    await holder.lock('running');
    try {
      const err = await rpcFailure(other.lock('running'));
      expect(err.reason).toBe('DeviceBusy');
      expect(err.retryable).toBe(true);
      expect(err.errors[0]?.tag).toBe('lock-denied');
      expect(err.errors[0]?.info['session-id']).toBe(String(holder.sessionId));
    } finally {
      await holder.unlock('running');
    }
  });

  it("refuses the other session's edit with in-use while the lock is held", async () => {
    const edit = (s: NetconfSession, text: string): Promise<void> => s.editConfig({
      target: 'running', config: nativeInterface('GigabitEthernet', '1/0/20', descriptionLeaf(text)),
    });
    await holder.lock('running');
    try {
      const err = await rpcFailure(edit(other, 'from the other session'));
      expect(err.reason).toBe('DeviceBusy');
      expect(err.errors[0]?.tag).toBe('in-use');
      await edit(holder, 'from the lock holder');
    } finally {
      await holder.unlock('running');
    }
    const data = await other.getConfig({ source: 'running', filter: nativeInterface('GigabitEthernet', '1/0/20') });
    expect(await interfaceLeaf(data, 'GigabitEthernet', '1/0/20', ['description'])).toBe('from the lock holder');
  });

  it('lets the other session lock once the holder unlocked', async () => {
    await holder.lock('running');
    await holder.unlock('running');
    await other.lock('running');
    await other.unlock('running');
  });

  it('releases the lock when the holding session closes', async () => {
    const shortLived = await NetconfSession.connect(sessionOptions(device));
    await shortLived.lock('running');
    await shortLived.close();
    await other.lock('running');
    await other.unlock('running');
  });
});
