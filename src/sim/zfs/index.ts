// Entry points of the ZFS model: a host's pools from the resolved lab, and a storage pair's snapshot
// schedules with replication to its replica. The world is wired in by src/sim/services/storage.ts.

import type { ResolvedLab, ResolvedStoragePair } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import { ZfsPool, type ZfsPoolOptions } from "./pool.js";
import { Replicator, type ReplicationOptions } from "./replication.js";
import { SnapshotSchedules, type SnapshotOptions } from "./snapshots.js";

export { ZfsPool, Resilver, type OpResult, type TopVdev, type LeafDisk } from "./pool.js";
export { poolReadUs, poolStreamRateBytesPerS, poolSyncWriteUs } from "./pool-io.js";
export { SendStream, SSH_ALIVE_COUNT_MAX, SSH_ALIVE_INTERVAL_US } from "./send-stream.js";
export { SnapshotSchedules, type SnapshotOptions, type SnapshotSet } from "./snapshots.js";
export { Replicator, type ReplicationOptions } from "./replication.js";
export { zpoolStatus } from "./zpool-status.js";
export { DEFAULT_EPOCH_MS, snapshotName } from "./snapshot-name.js";
export type { VdevState } from "./vdev-rules.js";

/** Every pool of `host`, by pool name. */
export function createHostPools(engine: Engine, lab: ResolvedLab, host: string, options: Omit<ZfsPoolOptions, "host"> = {}): Map<string, ZfsPool> {
  const spec = lab.hosts.find((h) => h.name === host);
  if (!spec) throw new Error(`no host ${host} in lab ${lab.name}`);
  return new Map(spec.pools.map((p) => [p.name, new ZfsPool(engine, p, { disks: spec.disks, ...options, host })]));
}

export interface StoragePairSim {
  readonly snapshots: SnapshotSchedules;
  readonly replication: Replicator;
}

/** Snapshots on the pair's primary and replication to its replica, both started. */
export function startStoragePair(
  engine: Engine,
  pair: ResolvedStoragePair,
  options: Omit<SnapshotOptions, "host"> & Omit<ReplicationOptions, "replica">,
): StoragePairSim {
  const snapshots = new SnapshotSchedules(engine, pair, { ...options, host: pair.primary });
  const replication = new Replicator(engine, snapshots, { ...options, replica: pair.replica });
  snapshots.start();
  replication.start();
  return { snapshots, replication };
}
