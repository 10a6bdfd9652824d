import { describe, expect, it } from 'vitest';
import { ownerOf } from '../../../src/core/ownership.js';
import { silentLogger } from '../../../src/log.js';
import { ClusterShard, type ClusterPort } from '../../../src/runtime/cluster-shard.js';
import { StatusBook } from '../../../src/runtime/status.js';

/** An in-memory stand-in for etcd: one lock holder per device, calls recorded in order. */
class FakeCluster implements ClusterPort {
  readonly calls: string[] = [];
  readonly locks = new Map<string, string>();
  readonly published = new Map<string, string>();
  isLeader = false;
  constructor(readonly id: string) {}
  async acquire(device: string): Promise<void> {
    this.calls.push(`acquire ${device}`);
    this.locks.set(device, this.id);
  }
  async fence(device: string): Promise<void> {
    if (this.locks.get(device) !== this.id) throw new Error('lock lost');
  }
  async release(device: string): Promise<void> {
    this.calls.push(`release ${device}`);
    this.locks.delete(device);
  }
  async forward(device: string, reason: string): Promise<void> {
    this.calls.push(`forward ${device} ${reason}`);
  }
  async publish(device: string, json: string): Promise<void> {
    this.published.set(device, json);
  }
  async fleet(): Promise<Map<string, string>> {
    return this.published;
  }
}

const devices = Array.from({ length: 40 }, (_, i) => `sw${i}`);

function shardOf(id: string): { shard: ClusterShard; cluster: FakeCluster; nudges: string[] } {
  const cluster = new FakeCluster(id);
  const nudges: string[] = [];
  const shard = new ClusterShard(cluster, { pins: {}, known: () => devices, nudge: (d, r) => void nudges.push(`${d} ${r}`), status: new StatusBook(), logger: silentLogger() });
  return { shard, cluster, nudges };
}

describe('cluster shard', () => {
  it('runs work only for devices it owns, under the device lock', async () => {
    const { shard, cluster } = shardOf('r-a');
    shard.setMembers(['r-a', 'r-b']);
    const mine = devices.find((d) => ownerOf(d, ['r-a', 'r-b']) === 'r-a') as string;
    const theirs = devices.find((d) => ownerOf(d, ['r-a', 'r-b']) === 'r-b') as string;
    let ran = 0;
    expect(await shard.run(theirs, async () => void ran++)).toBe(false);
    expect(await shard.run(mine, async () => void ran++)).toBe(true);
    expect(ran).toBe(1);
    expect(cluster.calls).toEqual([`acquire ${mine}`]);
  });

  it('a device gained is nudged; a device lost is released only after its work in flight ended', async () => {
    const { shard, cluster, nudges } = shardOf('r-b');
    shard.setMembers(['r-a']);
    shard.setMembers(['r-a', 'r-b']);
    const gained = devices.filter((d) => ownerOf(d, ['r-a', 'r-b']) === 'r-b');
    expect(nudges).toEqual(gained.map((d) => `${d} rebalance`));
    const d = gained[0] as string;
    let finish!: () => void;
    const work = shard.run(d, () => new Promise<void>((r) => (finish = r)));
    await new Promise((r) => setTimeout(r, 0));
    shard.setMembers(['r-a']);
    await new Promise((r) => setTimeout(r, 0));
    expect(cluster.calls).not.toContain(`release ${d}`);
    finish();
    await work;
    await new Promise((r) => setTimeout(r, 0));
    expect(cluster.calls.filter((c) => c === `release ${d}`).length).toBeGreaterThanOrEqual(1);
  });

  it('webhook and API nudges for another replica\'s device are handed over; start-up and git nudges stay', () => {
    const { shard } = shardOf('r-a');
    shard.setMembers(['r-a', 'r-b']);
    const theirs = devices.find((d) => ownerOf(d, ['r-a', 'r-b']) === 'r-b') as string;
    const mine = devices.find((d) => ownerOf(d, ['r-a', 'r-b']) === 'r-a') as string;
    expect(shard.forwards(theirs, 'webhook')).toBe(true);
    expect(shard.forwards(theirs, 'api')).toBe(true);
    expect(shard.forwards(theirs, 'startup')).toBe(false);
    expect(shard.forwards(mine, 'webhook')).toBe(false);
  });

  it('the fleet view names each device\'s owner, published or not', async () => {
    const { shard, cluster } = shardOf('r-a');
    shard.setMembers(['r-a', 'r-b']);
    cluster.published.set('sw1', JSON.stringify({ device: 'sw1', state: 'in-sync' }));
    const fleet = await shard.fleet();
    expect(fleet).toHaveLength(devices.length);
    expect(fleet.find((s) => s.device === 'sw1')).toMatchObject({ state: 'in-sync', owner: ownerOf('sw1', ['r-a', 'r-b']) });
    expect(fleet.find((s) => s.device === 'sw2')).toMatchObject({ state: 'pending', owner: ownerOf('sw2', ['r-a', 'r-b']) });
  });
});
