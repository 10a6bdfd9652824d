import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EtcdCluster, type ClusterHooks } from '../../../src/adapters/etcd/etcd-cluster.js';
import type { ClusterConfig } from '../../../src/config/types.js';
import { ClusterError } from '../../../src/core/errors.js';
import { silentLogger } from '../../../src/log.js';
import { EtcdServer } from '../../harness/etcd.js';
import { waitFor } from '../e2e/probes.js';

let etcd: EtcdServer;
beforeAll(async () => {
  etcd = await EtcdServer.start();
});
afterAll(async () => {
  await etcd?.stop();
});

interface Seen { members: string[]; nudges: string[]; leading: boolean }

async function replica(id: string, prefix: string): Promise<{ c: EtcdCluster; seen: Seen }> {
  const seen: Seen = { members: [], nudges: [], leading: false };
  const hooks: ClusterHooks = {
    onMembers: (m) => void (seen.members = m),
    onNudge: (d, r) => void seen.nudges.push(`${d}:${r}`),
    onLeader: (l) => void (seen.leading = l),
  };
  const config: ClusterConfig = { etcd: { endpoints: [etcd.endpoint], prefix }, replicaId: id, leaseTtlSec: 3, pins: {} };
  return { c: await EtcdCluster.start({ config, logger: silentLogger(), hooks }), seen };
}

describe('etcd cluster membership, election, locks', () => {
  it('members see each other, exactly one leads, and a leaving leader hands leadership on', async () => {
    const a = await replica('r-a', 't1/');
    const b = await replica('r-b', 't1/');
    await waitFor('both members', () => a.seen.members.join() === 'r-a,r-b' && b.seen.members.join() === 'r-a,r-b');
    expect(a.seen.leading).toBe(true);
    expect(b.seen.leading).toBe(false);
    await a.c.stop();
    await waitFor('r-b leads', () => b.seen.leading && b.seen.members.join() === 'r-b');
    await b.c.stop();
  });

  it('a device lock has one holder; the other waits until it is released, and the loser fails its fence', async () => {
    const a = await replica('r-a', 't2/');
    const b = await replica('r-b', 't2/');
    await a.c.acquire('sw1', () => true);
    await a.c.fence('sw1');
    await expect(b.c.acquire('sw1', () => false)).rejects.toBeInstanceOf(ClusterError);
    const bTakes = b.c.acquire('sw1', () => true);
    await a.c.release('sw1');
    await bTakes;
    await b.c.fence('sw1');
    await expect(a.c.fence('sw1')).rejects.toMatchObject({ reason: 'DeviceLockLost', retryable: true });
    await a.c.stop();
    await b.c.stop();
  });

  it('a nudge put by one replica reaches every watcher', async () => {
    const a = await replica('r-a', 't3/');
    const b = await replica('r-b', 't3/');
    await a.c.forward('sw7', 'webhook');
    await waitFor('nudge seen', () => b.seen.nudges.includes('sw7:webhook'));
    await a.c.stop();
    await b.c.stop();
  });
});
