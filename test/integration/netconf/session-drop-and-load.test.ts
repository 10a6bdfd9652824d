import { afterAll, beforeAll, expect, it } from 'vitest';
import { NetconfTransportError } from '../../../src/adapters/netconf/errors.js';
import { NetconfPool } from '../../../src/adapters/netconf/pool.js';
import { NetconfSession } from '../../../src/adapters/netconf/session.js';
import { interfacesIn, nativeInterface } from '../../harness/iosxe-xml.js';
import { describeNetconfd, pauseNetconfd, startTestDevice, type TestDevice } from '../../harness/netconfd.js';
import { sleep } from '../../harness/processes.js';
import { sessionOptions } from './device-options.js';

const gi = (i: number): string => `1/0/${(i % 48) + 1}`;
const filterGi = (port: string): { source: 'running'; filter: string } =>
  ({ source: 'running', filter: nativeInterface('GigabitEthernet', port) });
const namesIn = async (data: string): Promise<string[]> => [...(await interfacesIn(data, 'GigabitEthernet')).keys()];

describeNetconfd('NetconfSession drops and load against netconfd', () => {
  let device: TestDevice;
  let pool: NetconfPool;

  beforeAll(async () => {
    device = await startTestDevice({ target: 'running' });
    pool = new NetconfPool({ backoff: { initialMs: 50, maxMs: 500 } });
  });
  afterAll(async () => {
    await pool?.closeAll();
    await device?.stop();
  });

  it('answers 200 concurrent RPCs on one session, each with its own reply', async () => {
    const session = await pool.acquire('c9300', sessionOptions(device));
    const ports = Array.from({ length: 200 }, (_, i) => gi(i));
    const replies = await Promise.all(ports.map((port) => session.getConfig(filterGi(port))));
    const names = await Promise.all(replies.map(namesIn));
    expect(names).toEqual(ports.map((port) => [port]));
  });

  it('answers 200 serial RPCs on one session', async () => {
    const session = await pool.acquire('c9300', sessionOptions(device));
    for (let i = 0; i < 200; i++) {
      expect(await namesIn(await session.getConfig(filterGi(gi(i))))).toEqual([gi(i)]);
    }
    expect(pool.stats()).toEqual({ sessions: 1, connects: 1 });
  });

  it('fails an in-flight RPC with SessionDropped when the session drops, and the pool reconnects', async () => {
    const first = await pool.acquire('c9300', sessionOptions(device));
    const closed = new Promise<unknown>((resolve) => first.once('close', resolve));
    const paused = pauseNetconfd(device);
    let pending: Promise<unknown>;
    try {
      pending = first.getConfig(filterGi('1/0/2')).then(() => undefined, (e: unknown) => e);
      await sleep(100); // the request is now sent and unanswered
      await device.dropSessions();
    } finally {
      paused.resume();
    }
    const err = await pending;
    expect(err).toBeInstanceOf(NetconfTransportError);
    expect((err as NetconfTransportError).reason).toBe('SessionDropped');
    expect((err as NetconfTransportError).retryable).toBe(true);
    const closeErr = await closed;
    expect(closeErr === undefined || (closeErr as NetconfTransportError).reason === 'SessionDropped').toBe(true);
    expect(first.closed).toBe(true);

    const second = await pool.acquire('c9300', sessionOptions(device));
    expect(second).not.toBe(first);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(await namesIn(await second.getConfig(filterGi('1/0/2')))).toEqual(['1/0/2']);
    expect(pool.stats().connects).toBe(2);
  });

  it('rejects new RPCs on a dropped session with SessionDropped', async () => {
    const session = await NetconfSession.connect(sessionOptions(device));
    const closed = new Promise<void>((resolve) => session.once('close', () => resolve()));
    await device.dropSessions();
    await closed;
    const err = await session.getConfig(filterGi('1/0/2')).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(NetconfTransportError);
    expect((err as NetconfTransportError).reason).toBe('SessionDropped');
    await session.close();
  });

  it('shares one connect between concurrent acquirers', async () => {
    const fresh = new NetconfPool();
    try {
      const sessions = await Promise.all([1, 2, 3].map(() => fresh.acquire('c9300', sessionOptions(device))));
      expect(new Set(sessions).size).toBe(1);
      expect(fresh.stats()).toEqual({ sessions: 1, connects: 1 });
    } finally {
      await fresh.closeAll();
    }
  });
});
