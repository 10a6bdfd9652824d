import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { NetconfTransportError } from '../../../../src/adapters/netconf/errors.js';
import { NetconfPool } from '../../../../src/adapters/netconf/pool.js';
import { NetconfSession, type SessionOptions } from '../../../../src/adapters/netconf/session.js';
import { startFakeNetconfServer, type FakeNetconfServer } from '../../../harness/fake-netconf-server.js';

const servers: FakeNetconfServer[] = [];
const pools: NetconfPool[] = [];

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.closeAll()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(backoff = { initialMs: 10, maxMs: 50 }): Promise<{ s: FakeNetconfServer; pool: NetconfPool; opts: SessionOptions }> {
  const s = await startFakeNetconfServer();
  servers.push(s);
  const pool = new NetconfPool({ backoff });
  pools.push(pool);
  return { s, pool, opts: { host: '127.0.0.1', port: s.port, username: 'admin', password: 'secret', hostKey: s.hostKeyFingerprint } };
}

describe('NetconfPool', () => {
  it('shares one connect among concurrent acquire() callers and reuses the session', async () => {
    const { s, pool, opts } = await setup();
    const got = await Promise.all([pool.acquire('sw1', opts), pool.acquire('sw1', opts), pool.acquire('sw1', opts)]);
    expect(new Set(got).size).toBe(1);
    expect(await pool.acquire('sw1', opts)).toBe(got[0]);
    expect(s.connections()).toBe(1);
    expect(pool.stats()).toEqual({ sessions: 1, connects: 1 });
  });

  it('keeps one session per device', async () => {
    const { s, pool, opts } = await setup();
    const [a, b] = await Promise.all([pool.acquire('sw1', opts), pool.acquire('sw2', opts)]);
    expect(a).not.toBe(b);
    expect(s.connections()).toBe(2);
    expect(pool.stats().sessions).toBe(2);
  });

  it('reconnects on the next acquire after the session drops', async () => {
    const { s, pool, opts } = await setup();
    const first = await pool.acquire('sw1', opts);
    const closed = once(first, 'close');
    s.dropAll();
    await closed;
    expect(pool.stats().sessions).toBe(0);
    const second = await pool.acquire('sw1', opts);
    expect(second).not.toBe(first);
    expect(second.closed).toBe(false);
    expect(pool.stats()).toEqual({ sessions: 1, connects: 2 });
  });

  it('waits out a growing backoff between failed connect attempts, then recovers', async () => {
    const { opts } = await setup();
    const attempts: number[] = [];
    let failuresLeft = 3;
    const pool = new NetconfPool({
      backoff: { initialMs: 40, maxMs: 100 },
      random: () => 1,
      connect: (o) => {
        attempts.push(Date.now());
        if (failuresLeft-- > 0) return Promise.reject(new NetconfTransportError('DeviceUnreachable', 'down'));
        return NetconfSession.connect(o);
      },
    });
    pools.push(pool);
    for (let i = 0; i < 3; i++) await expect(pool.acquire('sw1', opts)).rejects.toMatchObject({ reason: 'DeviceUnreachable' });
    const session = await pool.acquire('sw1', opts);
    expect(session.closed).toBe(false);
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] ?? t));
    expect(gaps[0]).toBeGreaterThanOrEqual(35);
    expect(gaps[1]).toBeGreaterThanOrEqual(75);
    expect(gaps[2]).toBeGreaterThanOrEqual(95);
    expect(pool.stats().connects).toBe(1);
  });

  it('closes the session on invalidate and opens a fresh one on the next acquire', async () => {
    const { s, pool, opts } = await setup();
    const first = await pool.acquire('sw1', opts);
    await pool.invalidate('sw1');
    expect(first.closed).toBe(true);
    expect(s.received.map((r) => r.operation)).toEqual(['close-session']);
    expect(await pool.acquire('sw1', opts)).not.toBe(first);
    await pool.invalidate('unknown-device');
  });

  it('closes every session, including one still connecting, on closeAll', async () => {
    const { pool, opts } = await setup();
    const open = await pool.acquire('sw1', opts);
    const connecting = pool.acquire('sw2', opts);
    await pool.closeAll();
    expect(open.closed).toBe(true);
    expect((await connecting).closed).toBe(true);
    expect(pool.stats().sessions).toBe(0);
  });
});
