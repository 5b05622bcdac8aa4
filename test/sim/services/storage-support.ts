// A booted world with the storage plane attached as the world's data-fault target, every state event
// recorded, and helpers to run one consumer operation to its end.
import type { Release } from "../../../src/model/types.js";
import type { TraceEvent } from "../../../src/sim/engine/engine.js";
import { seconds, US_PER_S } from "../../../src/sim/engine/time.js";
import { DEFAULT_LINK_LATENCY_US } from "../../../src/sim/net/segment.js";
import type { CallResult } from "../../../src/sim/services/types.js";
import { StoragePlane, type StoragePlaneOptions } from "../../../src/sim/services/storage.js";
import type { World } from "../../../src/sim/world/world.js";
import { HDD_TIMING, SSD_TIMING } from "../../../src/sim/zfs/device-timing.js";
import type { Engine } from "../../../src/sim/engine/engine.js";
import type { ResolvedLab } from "../../../src/model/types.js";
import { referenceLab } from "../../support/reference-lab.js";
import { simRig } from "../../support/sim-rig.js";

export const SOLR = "/var/db/solr";
export const BLOBS = "/var/db/zope/blobs";
export const ZODB = "/var/db/zope/var";

export interface StorageRig {
  readonly engine: Engine;
  readonly world: World;
  readonly lab: ResolvedLab;
  readonly plane: StoragePlane;
  readonly events: TraceEvent[];
  of(type: string, where?: Record<string, unknown>): TraceEvent[];
  runTo(s: number): void;
  /** One consumer operation, run until its answer (the clock moves by its latency). */
  io(host: string, mountpoint: string, kind: "read" | "write", bytes: number): CallResult;
}

export function storageRig(release: Release = "14.2", options: StoragePlaneOptions = {}, seed = 1): StorageRig {
  const lab = referenceLab(release);
  const { engine, world } = simRig(lab, seed);
  const events: TraceEvent[] = [];
  engine.onEvent((e) => events.push(e), { protocol: false });
  world.start();
  const plane = new StoragePlane({ engine, lab, world }, options);
  world.dataTarget = {
    failDisk: (h, d) => plane.failDisk(h, d),
    replaceDisk: (h, d) => plane.replaceDisk(h, d),
    setDiskSlow: (h, d, f) => plane.setDiskSlow(h, d, f),
    setPoolFull: (h, p, f) => plane.setPoolFull(h, p, f),
    setStorageLinks: (h, up) => plane.setStorageLinks(h, up),
    setStorageLinkRate: (h, r) => plane.setStorageLinkRate(h, r),
    storagePromote: (h, p) => plane.storagePromote(h, p),
    setReplica: () => {
      throw new Error("not storage");
    },
  };
  return {
    engine, world, lab, plane, events,
    of: (type, where = {}) => events.filter((e) => e.type === type && Object.entries(where).every(([k, v]) => e[k] === v)),
    runTo: (s) => engine.runUntil(seconds(s)),
    io: (host, mountpoint, kind, bytes) => {
      let result: CallResult | undefined;
      plane.io(host, mountpoint, kind, bytes, (r) => (result = r));
      while (result === undefined && engine.step()) {
        // run to the answer
      }
      if (!result) throw new Error("the operation never answered");
      return result;
    },
  };
}

// --- the expected costs, written out from the model's rules (src/sim/zfs/pool-io.ts, storage-io.ts) ----

/** Round trip on the storage segment (one frame latency each way, no link-delay). */
export const RTT_US = 2 * DEFAULT_LINK_LATENCY_US;

/** Bytes over one gigabit port. */
export function wireUs(bytes: number): number {
  return Math.round((bytes * 8 * US_PER_S) / 1e9);
}

/** A read from raidz2 of 7 HDDs: 5 data columns in parallel, slowest disk, +1 column of rebuild per missing disk. */
export function raidzReadUs(bytes: number, missing = 0, slowest = 1): number {
  return Math.round((HDD_TIMING.accessUs + (bytes / 5 / HDD_TIMING.rateBytesPerS) * US_PER_S) * slowest * (1 + missing / 5));
}

/** A synchronous write through the SSD log mirror. */
export function slogWriteUs(bytes: number, slowest = 1): number {
  return Math.round((SSD_TIMING.accessUs + (bytes / SSD_TIMING.rateBytesPerS) * US_PER_S) * slowest);
}

/** A synchronous write with the ZIL in the raidz2 (no log device left). */
export function raidzWriteUs(bytes: number, slowest = 1): number {
  return Math.round((HDD_TIMING.accessUs + (bytes / 5 / HDD_TIMING.rateBytesPerS) * US_PER_S) * slowest);
}

export function combinations<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => combinations(items.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}
