import { EtcdCluster } from '../adapters/etcd/etcd-cluster.js';
import type { ClusterConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import { ClusterShard } from './cluster-shard.js';
import type { StatusBook } from './status.js';

export interface StartedCluster {
  shard: ClusterShard;
  isLeader(): boolean;
  /** Leaves the cluster (the lease is revoked: locks, status and leadership go at once). */
  stop(): Promise<void>;
}

/**
 * Joins the etcd cluster and wires it to this replica's shard: membership changes move devices,
 * nudges handed over through etcd reach the owner's queue (a device not known yet is looked up first),
 * owned devices' status is published for the fleet view.
 */
export async function startCluster(o: {
  config: ClusterConfig;
  logger: Logger;
  status: StatusBook;
  known: () => Iterable<string>;
  nudge: (device: string, reason: string) => void;
  recheck: (device: string) => Promise<boolean>;
}): Promise<StartedCluster> {
  let shard: ClusterShard | null = null;
  let members: string[] | null = null;
  const cluster = await EtcdCluster.start({
    config: o.config,
    logger: o.logger,
    hooks: {
      onMembers: (m) => {
        if (shard) shard.setMembers(m);
        else members = m;
      },
      onNudge: (device, reason) => {
        if (!shard?.owns(device)) return;
        const s = shard;
        if ([...o.known()].includes(device)) s.onForwarded(device, reason);
        else void o.recheck(device).then((found) => found && s.onForwarded(device, reason), () => undefined);
      },
      onLeader: () => undefined,
    },
  });
  shard = new ClusterShard(cluster, { pins: o.config.pins, known: o.known, nudge: o.nudge, status: o.status, logger: o.logger });
  if (members) shard.setMembers(members);
  shard.startPublishing();
  o.logger.info({ replica: cluster.id, prefix: o.config.etcd.prefix }, 'cluster: joined');
  const s = shard;
  return {
    shard: s,
    isLeader: () => cluster.isLeader,
    stop: async () => {
      s.stop();
      await cluster.stop();
    },
  };
}
