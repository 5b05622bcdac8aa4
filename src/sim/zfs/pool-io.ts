// What one I/O costs a pool (no ARC: every read goes to the disks). raidz reads and writes its data
// columns in parallel, so the slowest disk of the stripe sets the pace, and a degraded raidz rebuilds
// each missing column from parity (one more column's worth of work per missing disk); a mirror reads
// from its fastest side and writes to both. Synchronous writes (NFS COMMIT, iSCSI writes with the
// cache off) go through the ZIL: the log mirror on SSD, or the data vdevs once the log is gone.

import { US_PER_S, type Micros } from "../engine/time.js";
import { timingOf } from "./device-timing.js";
import type { TopVdev, ZfsPool } from "./pool.js";
import { isUnreadable } from "./vdev-rules.js";

/** Columns a block is spread over: raidz's data disks, all of a stripe, one side of a mirror. */
function dataColumns(vdev: TopVdev): number {
  if (vdev.type === "mirror") return 1;
  if (vdev.type === "stripe") return vdev.leaves.length;
  return Math.max(1, vdev.leaves.length - vdev.parity);
}

function readable(vdev: TopVdev) {
  return vdev.leaves.filter((l) => !isUnreadable(l.state));
}

/** How much slower than healthy the vdev serves a request of `kind`. */
function paceFactor(vdev: TopVdev, kind: "read" | "write"): number {
  const live = readable(vdev);
  if (!live.length) return Infinity;
  const factors = live.map((l) => l.slowFactor);
  // a mirror read is served by one side (the fastest), every other layout waits for all its columns
  if (vdev.type === "mirror" && kind === "read") return Math.min(...factors);
  const slowest = Math.max(...factors);
  if (kind === "write" || vdev.type === "mirror" || vdev.type === "stripe") return slowest;
  const missing = vdev.leaves.length - live.length;
  return slowest * (1 + missing / dataColumns(vdev));
}

/** One request of `bytes` on one top-level vdev. */
export function vdevOpUs(vdev: TopVdev, bytes: number, kind: "read" | "write"): Micros {
  const t = timingOf(readable(vdev)[0]?.kind ?? vdev.leaves[0]?.kind ?? "hdd");
  const baseUs = t.accessUs + (bytes / dataColumns(vdev) / t.rateBytesPerS) * US_PER_S;
  return Math.round(baseUs * paceFactor(vdev, kind));
}

/** A read: blocks are spread over the data vdevs; the model charges the slowest of them. */
export function poolReadUs(pool: ZfsPool, bytes: number): Micros {
  return Math.max(0, ...pool.vdevs.filter((v) => !v.isLog).map((v) => vdevOpUs(v, bytes, "read")));
}

/** A synchronous write: committed once the ZIL record is on stable storage. */
export function poolSyncWriteUs(pool: ZfsPool, bytes: number): Micros {
  const log = pool.vdevs.find((v) => v.isLog && v.state !== "UNAVAIL");
  if (log) return vdevOpUs(log, bytes, "write");
  return Math.max(0, ...pool.vdevs.filter((v) => !v.isLog).map((v) => vdevOpUs(v, bytes, "write")));
}

/** Streaming rate of `zfs send` (read) or `zfs recv` (write) over the data vdevs, bytes per second. */
export function poolStreamRateBytesPerS(pool: ZfsPool, kind: "read" | "write"): number {
  if (!pool.imported) return 0;
  let rate = Infinity;
  for (const v of pool.vdevs) {
    if (v.isLog) continue;
    const t = timingOf(readable(v)[0]?.kind ?? v.leaves[0]?.kind ?? "hdd");
    rate = Math.min(rate, (dataColumns(v) * t.rateBytesPerS) / paceFactor(v, kind));
  }
  return rate === Infinity ? 0 : rate;
}
