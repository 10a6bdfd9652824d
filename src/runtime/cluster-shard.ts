import { ownerOf } from '../core/ownership.js';
import type { Logger } from '../log.js';
import type { DeviceStatus, StatusBook } from './status.js';

/** What the shard needs of the etcd cluster (EtcdCluster). */
export interface ClusterPort {
  readonly id: string;
  readonly isLeader: boolean;
  acquire(device: string, mayWait: () => boolean): Promise<void>;
  fence(device: string): Promise<void>;
  release(device: string): Promise<void>;
  forward(device: string, reason: string): Promise<void>;
  publish(device: string, json: string): Promise<void>;
  fleet(): Promise<Map<string, string>>;
}

export type FleetStatus = DeviceStatus & { owner: string | null };

/** Nudge reasons kept on this replica: they arise here for devices it owns (start-up, its own clone). */
const LOCAL_REASONS = new Set(['startup', 'git', 'rebalance']);

/**
 * This replica's share of the fleet: the devices it owns by rendezvous hashing over the live members
 * (pins first). Work on a device runs only on its owner and under the device's etcd lock; when a
 * membership change takes a device away, work in flight finishes (or fails at the fence), then the
 * lock and the published status are dropped so the new owner can take over. Devices gained are nudged.
 */
export class ClusterShard {
  private members: string[] = [];
  private readonly running = new Map<string, Set<Promise<unknown>>>();
  private readonly published = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly cluster: ClusterPort,
    private readonly o: { pins: Readonly<Record<string, string>>; known: () => Iterable<string>; nudge: (device: string, reason: string) => void; status: StatusBook; logger: Logger },
  ) {}

  owner(device: string): string | null {
    return ownerOf(device, this.members, this.o.pins);
  }

  owns(device: string): boolean {
    return this.owner(device) === this.cluster.id;
  }

  /** Whether a nudge with this reason is handed to the device's owner instead of being queued here. */
  forwards(device: string, reason: string): boolean {
    return !LOCAL_REASONS.has(reason) && !this.owns(device);
  }

  forward(device: string, reason: string): void {
    void this.cluster.forward(device, reason).catch((err: Error) => this.o.logger.warn({ device, reason, err: err.message }, 'cluster: nudge could not be handed to the owner'));
  }

  /** A nudge handed over through etcd: queued when this replica owns the device. */
  onForwarded(device: string, reason: string): void {
    if (this.owns(device)) this.o.nudge(device, reason);
  }

  setMembers(members: string[]): void {
    const before = this.members;
    this.members = members;
    this.o.logger.info({ members }, 'cluster: live members');
    for (const d of this.o.known()) {
      const had = ownerOf(d, before, this.o.pins) === this.cluster.id;
      const has = this.owns(d);
      if (has && !had) this.o.nudge(d, 'rebalance');
      if (had && !has) void this.drop(d);
    }
  }

  /** Runs `work` for a device this replica owns, under its etcd lock; false (nothing run) when another replica owns it. */
  async run(device: string, work: () => Promise<unknown>): Promise<boolean> {
    if (!this.owns(device)) return false;
    await this.cluster.acquire(device, () => this.owns(device));
    const p = work();
    const set = this.running.get(device) ?? new Set();
    this.running.set(device, set.add(p));
    try {
      await p;
    } finally {
      set.delete(p);
      if (set.size === 0) this.running.delete(device);
      if (!this.owns(device)) void this.drop(device);
    }
    return true;
  }

  fence(device: string): Promise<void> {
    return this.cluster.fence(device);
  }

  /** Lets work in flight end, then drops the lock and status unless the device came back meanwhile. */
  private async drop(device: string): Promise<void> {
    await Promise.allSettled([...(this.running.get(device) ?? [])]);
    if (this.owns(device) || this.running.has(device)) return;
    this.published.delete(device);
    await this.cluster.release(device).catch((err: Error) => this.o.logger.warn({ device, err: err.message }, 'cluster: lock release failed (it ends with the lease)'));
    this.o.logger.info({ device }, 'cluster: device handed over');
  }

  /** Publishes the status of owned devices every `everyMs` (only what changed). */
  startPublishing(everyMs = 500): void {
    this.timer = setInterval(() => void this.publishChanged(), everyMs);
    this.timer.unref();
  }

  private async publishChanged(): Promise<void> {
    for (const st of this.o.status.all()) {
      if (!this.owns(st.device)) continue;
      const json = JSON.stringify({ ...st, owner: this.cluster.id });
      if (this.published.get(st.device) === json) continue;
      this.published.set(st.device, json);
      await this.cluster.publish(st.device, json).catch(() => this.published.delete(st.device));
    }
  }

  /** The whole fleet from etcd, each device with its owner; known devices nobody published yet are pending. */
  async fleet(): Promise<FleetStatus[]> {
    const all = await this.cluster.fleet();
    const out = new Map<string, FleetStatus>();
    for (const [d, json] of all) out.set(d, { ...(JSON.parse(json) as FleetStatus), owner: this.owner(d) });
    for (const d of this.o.known()) if (!out.has(d)) out.set(d, { ...this.o.status.get(d), owner: this.owner(d) });
    return [...out.values()].sort((a, b) => a.device.localeCompare(b.device));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
