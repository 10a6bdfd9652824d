import { Etcd3, type Lease, type Namespace, type Watcher } from 'etcd3';
import type { ClusterConfig } from '../../config/types.js';
import { ClusterError } from '../../core/errors.js';
import type { Logger } from '../../log.js';

export interface ClusterHooks {
  /** The live member set changed (sorted ids). */
  onMembers(members: string[]): void;
  /** A replica handed a device to its owner (`nudge/<device>`); every replica hears it. */
  onNudge(device: string, reason: string): void;
  /** This replica became the poller, or stopped being it. */
  onLeader(leading: boolean): void;
}

const lastSegment = (key: Buffer): string => key.toString('utf8').split('/').pop() ?? '';

/**
 * This replica's view of the etcd cluster, all under `prefix` and one lease (TTL leaseTtlSec, kept
 * alive by the client): `members/<id>` (membership, watched), `leader` (put-if-absent: the poller),
 * `locks/<device>` (put-if-absent: the device's one writer), `nudge/<device>` (handed to the owner),
 * `status/<device>` (the fleet view). A replica that dies or is cut off loses every key at lease
 * expiry; a lost lease is re-granted and the keys re-made (locks are then taken afresh).
 */
export class EtcdCluster {
  private lease!: Lease;
  private leaseId = '';
  private readonly held = new Map<string, string>();
  private readonly watchers: Watcher[] = [];
  private leading = false;
  private closed = false;

  private constructor(
    private readonly client: Etcd3,
    private readonly ns: Namespace,
    readonly id: string,
    private readonly o: { config: ClusterConfig; logger: Logger; hooks: ClusterHooks },
  ) {}

  static async start(o: { config: ClusterConfig; logger: Logger; hooks: ClusterHooks }): Promise<EtcdCluster> {
    const client = new Etcd3({ hosts: o.config.etcd.endpoints, dialTimeout: 5000 });
    const c = new EtcdCluster(client, client.namespace(o.config.etcd.prefix), o.config.replicaId, o);
    try {
      await c.join();
      for (const [prefix, fn] of [['members/', () => void c.readMembers()], ['nudge/', null]] as const) {
        const w = await c.ns.watch().prefix(prefix).create();
        if (fn) w.on('put', fn).on('delete', fn);
        else w.on('put', (kv) => c.onNudgeKey(kv.key, kv.value));
        c.watchers.push(w);
      }
      const leader = await c.ns.watch().key('leader').create();
      leader.on('delete', () => void c.campaign());
      c.watchers.push(leader);
      await c.readMembers();
      await c.campaign();
      return c;
    } catch (err) {
      await c.stop();
      throw err;
    }
  }

  /** Grants the lease and registers `members/<id>` under it. */
  private async join(): Promise<void> {
    this.lease = this.ns.lease(this.o.config.leaseTtlSec);
    this.leaseId = await this.lease.grant();
    this.lease.on('lost', (err) => {
      if (this.closed) return;
      this.o.logger.error({ err: err.message }, 'cluster: etcd lease lost (membership, locks and leadership are gone); joining again');
      this.held.clear();
      this.setLeader(false);
      void this.join().then(() => this.campaign()).catch((e: Error) => this.o.logger.error({ err: e.message }, 'cluster: could not join again'));
    });
    await this.lease.put(`members/${this.id}`).value(JSON.stringify({ since: new Date().toISOString() })).exec();
  }

  private async readMembers(): Promise<void> {
    const keys = await this.ns.getAll().prefix('members/').keys();
    this.o.hooks.onMembers(keys.map((k) => k.split('/').pop() ?? '').filter(Boolean).sort());
  }

  private onNudgeKey(key: Buffer, value: Buffer): void {
    let reason = 'forwarded';
    try {
      reason = String((JSON.parse(value.toString('utf8')) as { reason?: unknown }).reason ?? reason);
    } catch {
      // A hand-made key: still a nudge.
    }
    this.o.hooks.onNudge(lastSegment(key), reason);
  }

  /** Takes `leader` when it is free (its holder's lease ended or it resigned). */
  private async campaign(): Promise<void> {
    if (this.closed) return;
    const r = await this.ns.if('leader', 'Create', '==', 0).then(this.ns.put('leader').value(this.id).lease(this.leaseId)).commit()
      .catch((err: Error) => {
        this.o.logger.warn({ err: err.message }, 'cluster: leader campaign failed');
        return null;
      });
    if (r?.succeeded) this.setLeader(true);
  }

  private setLeader(leading: boolean): void {
    if (leading === this.leading) return;
    this.leading = leading;
    this.o.logger.info({ replica: this.id, leading }, leading ? 'cluster: this replica is the poller' : 'cluster: no longer the poller');
    this.o.hooks.onLeader(leading);
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Hands a device to its owner (whoever watches `nudge/<device>` and owns it). */
  async forward(device: string, reason: string): Promise<void> {
    await this.ns.put(`nudge/${device}`).value(JSON.stringify({ reason, at: new Date().toISOString(), from: this.id })).lease(this.leaseId).exec();
  }

  holds(device: string): boolean {
    return this.held.has(device);
  }

  /**
   * Takes `locks/<device>` under this replica's lease (put-if-absent), waiting while another holds it
   * (until its lease ends) as long as `mayWait()`; ClusterError when it gives up (retried later).
   */
  async acquire(device: string, mayWait: () => boolean): Promise<void> {
    if (this.held.has(device)) return;
    const key = `locks/${device}`;
    const deadline = Date.now() + (this.o.config.leaseTtlSec + 2) * 1000;
    for (;;) {
      if (!mayWait()) throw new ClusterError('NotDeviceOwner', `replica ${this.id} no longer owns ${device}`);
      const r = await this.ns.if(key, 'Create', '==', 0).then(this.ns.put(key).value(this.id).lease(this.leaseId)).commit();
      if (r.succeeded) {
        this.held.set(device, r.header.revision);
        return;
      }
      if (Date.now() > deadline) throw new ClusterError('DeviceLockBusy', `${device}: its etcd lock is still held by another replica`);
      await new Promise((res) => setTimeout(res, 200));
    }
  }

  /** Fencing: the lock this replica took for the device is still its own (same key revision and lease). */
  async fence(device: string): Promise<void> {
    const rev = this.held.get(device);
    const kv = rev === undefined ? undefined : (await this.ns.get(`locks/${device}`).exec()).kvs[0];
    if (!kv || kv.create_revision !== rev || kv.lease !== this.leaseId) {
      this.held.delete(device);
      throw new ClusterError('DeviceLockLost', `${device}: replica ${this.id} no longer holds its etcd lock; not written`);
    }
  }

  /** Drops the device's lock and status (only while they are still this replica's). */
  async release(device: string): Promise<void> {
    this.held.delete(device);
    for (const key of [`locks/${device}`, `status/${device}`]) {
      await this.ns.if(key, 'Lease', '==', this.leaseId).then(this.ns.delete().key(key)).commit();
    }
  }

  /** Publishes a device's status (compact JSON, lease-bound). */
  async publish(device: string, json: string): Promise<void> {
    await this.ns.put(`status/${device}`).value(json).lease(this.leaseId).exec();
  }

  /** Every published device status. */
  async fleet(): Promise<Map<string, string>> {
    const all = await this.ns.getAll().prefix('status/').strings();
    return new Map(Object.entries(all).map(([k, v]) => [k.split('/').pop() ?? k, v]));
  }

  /** Leaves the cluster: the lease is revoked, so locks, leadership and membership go at once. */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.watchers.map((w) => w.cancel().catch(() => undefined)));
    if (this.leaseId) await this.lease.revoke().catch(() => undefined);
    this.client.close();
  }
}
