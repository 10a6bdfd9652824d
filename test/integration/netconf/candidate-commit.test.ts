import { afterAll, beforeAll, expect, it } from 'vitest';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { descriptionLeaf, interfaceLeaf, nativeInterface } from '../../harness/iosxe-xml.js';
import { describeNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { sleep } from '../../harness/processes.js';
import { sessionOptions } from './device-options.js';

// netconfd fires confirmed-commit timers only after 1-2 s with no traffic on any session (netconfd.md
// pitfall 6), so these tests wait quietly instead of polling.
const QUIET_MS = 2_000;

describeNetconfd('NetconfSession candidate, commit and confirmed commit against netconfd', () => {
  let device: TestDevice;
  let session: NetconfSession;

  const description = async (source: 'running' | 'candidate', port: string): Promise<string | undefined> => {
    const data = await session.getConfig({ source, filter: nativeInterface('GigabitEthernet', port) });
    return interfaceLeaf(data, 'GigabitEthernet', port, ['description']);
  };
  const editCandidate = (port: string, text: string): Promise<void> => session.editConfig({
    target: 'candidate', config: nativeInterface('GigabitEthernet', port, descriptionLeaf(text)),
  });

  beforeAll(async () => {
    device = await startTestDevice({ target: 'candidate' });
    session = await NetconfSession.connect(sessionOptions(device));
  });
  afterAll(async () => {
    await session?.close();
    await device?.stop();
  });

  it('keeps a candidate edit out of running until commit', async () => {
    await session.lock('candidate');
    try {
      await editCandidate('1/0/30', 'staged');
      expect(await description('candidate', '1/0/30')).toBe('staged');
      expect(await description('running', '1/0/30')).toBeUndefined();
      await session.commit();
      expect(await description('running', '1/0/30')).toBe('staged');
    } finally {
      await session.unlock('candidate');
    }
  });

  it('throws away candidate edits on discard-changes', async () => {
    await editCandidate('1/0/31', 'never committed');
    expect(await description('candidate', '1/0/31')).toBe('never committed');
    await session.discardChanges();
    expect(await description('candidate', '1/0/31')).toBeUndefined();
    expect(await description('running', '1/0/31')).toBeUndefined();
  });

  it('rolls a confirmed commit back when no confirming commit arrives in time', async () => {
    await editCandidate('1/0/32', 'until the timer fires');
    await session.commit({ confirmed: true, confirmTimeoutSec: 1 });
    expect(await description('running', '1/0/32')).toBe('until the timer fires');
    let now: string | undefined = 'until the timer fires';
    for (let waited = 0; now !== undefined && waited < 20_000; waited += QUIET_MS + 1_500) {
      await sleep(QUIET_MS + 1_500);
      now = await description('running', '1/0/32');
    }
    expect(now).toBeUndefined();
  });

  it('keeps a confirmed commit once a confirming commit arrives', async () => {
    await editCandidate('1/0/33', 'confirmed');
    await session.commit({ confirmed: true, confirmTimeoutSec: 2 });
    await session.commit();
    await sleep(2_000 + QUIET_MS + 500);
    expect(await description('running', '1/0/33')).toBe('confirmed');
  });

  it('restores the previous running config when a confirmed commit is cancelled', async () => {
    await editCandidate('1/0/34', 'cancel me');
    await session.commit({ confirmed: true, confirmTimeoutSec: 60 });
    expect(await description('running', '1/0/34')).toBe('cancel me');
    await session.cancelCommit();
    expect(await description('running', '1/0/34')).toBeUndefined();
  });
});
