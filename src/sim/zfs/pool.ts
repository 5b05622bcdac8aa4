// A ZFS pool under faults: leaf disks, top-level vdevs (data and log), pool state by the real rules
// (vdev-rules.ts), resilvers on the engine whose duration follows the data allocated on the vdev (and
// slow disks), space (pool-full), and export/import while its host is off.

import type { DiskKind, ResolvedDisk, ResolvedPool, ResolvedVdev } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import { seconds, type Micros } from "../engine/time.js";
import { Resilver } from "./resilver.js";
import { isUnreadable, parityOf, poolState, redundantVdevState, type VdevState } from "./vdev-rules.js";

export { Resilver } from "./resilver.js";

export interface ZfsPoolOptions {
  readonly host: string;
  /** Logical bytes already allocated in the pool (written data). */
  readonly allocatedBytes?: number;
  /** Resilver throughput over the vdev's allocated bytes; default 100 MB/s. */
  readonly resilverRateBytesPerS?: number;
  /** The host's disks (kind and size of each leaf); without them every leaf is an HDD of unknown size. */
  readonly disks?: readonly ResolvedDisk[];
}

/** spa_slop_shift = 5: ZFS keeps 1/32 of the pool back, writes fail with ENOSPC before it is used. */
const SLOP_SHIFT = 5;
const GIB = 1024 ** 3;

/** An in-progress replacement: the leaf sits under a `replacing-N` vdev until the resilver is done. */
export interface Replacing {
  readonly oldState: VdevState;
}

export interface LeafDisk {
  readonly name: string;
  readonly device: string;
  readonly kind: DiskKind;
  readonly sizeBytes: number;
  /** I/O takes this many times longer than normal (slow-disk fault; 1 = healthy). */
  slowFactor: number;
  state: VdevState;
  readonly errors: { read: number; write: number; cksum: number };
  replacing?: Replacing;
  resilver?: Resilver;
  /** Pool bytes written when the disk went OFFLINE/REMOVED: onlining resilvers only the delta. */
  writtenAtDetachBytes?: number;
}

export interface TopVdev {
  readonly name: string;
  readonly type: string;
  readonly parity: number;
  readonly isLog: boolean;
  readonly leaves: LeafDisk[];
  state: VdevState;
}

/** The last finished scan, for `zpool status`'s scan line. */
export interface ScanRecord {
  readonly bytes: number;
  readonly durationUs: Micros;
  readonly endUs: Micros;
}

/** What `zpool` says: ok, or the refusal message of the real command. */
export type OpResult = { readonly ok: true } | { readonly ok: false; readonly message: string };

const OK: OpResult = { ok: true };

/** State a leaf shows its parent: under `replacing-N` it is a two-way mirror of old and new disk. */
export function leafEffectiveState(leaf: LeafDisk): VdevState {
  if (!leaf.replacing) return leaf.state;
  return redundantVdevState(1, [leaf.replacing.oldState, leaf.state]);
}

function buildVdev(spec: ResolvedVdev, index: number, isLog: boolean, disks: readonly ResolvedDisk[]): TopVdev {
  const leaves = spec.disks.map((name, i): LeafDisk => {
    const disk = disks.find((d) => d.name === name);
    return {
      name, device: spec.devices[i] ?? name, kind: disk?.kind ?? "hdd", sizeBytes: disk ? disk.sizeGiB * GIB : Infinity, slowFactor: 1,
      state: "ONLINE", errors: { read: 0, write: 0, cksum: 0 },
    };
  });
  // top-level vdevs are numbered across data and log vdevs alike: raidz2-0, mirror-1
  return { name: `${spec.type}-${index}`, type: spec.type, parity: parityOf(spec.type, leaves.length), isLog, leaves, state: "ONLINE" };
}

export class ZfsPool {
  readonly name: string;
  readonly host: string;
  readonly vdevs: readonly TopVdev[];
  state: VdevState = "ONLINE";
  allocatedBytes: number;
  /** Every byte ever written (not reduced by frees): the DTL delta of an onlined disk. */
  writtenBytes = 0;
  readonly resilverRateBytesPerS: number;
  lastScan?: ScanRecord;
  /** Set when a failure hit data a resilver had not yet rebuilt (zpool: "Permanent errors"). */
  permanentErrors = false;
  /** Imported on its host (false while the host is off: nothing reads or resilvers it). */
  imported = true;
  /** pool-full fault: the pool is out of space whatever its allocation says. */
  fullFault = false;
  /** Raw capacity of the data vdevs for data (parity and mirror copies excluded). */
  readonly capacityBytes: number;

  constructor(private readonly engine: Engine, spec: ResolvedPool, options: ZfsPoolOptions) {
    this.name = spec.name;
    this.host = options.host;
    this.allocatedBytes = options.allocatedBytes ?? 0;
    this.resilverRateBytesPerS = options.resilverRateBytesPerS ?? 100e6;
    const disks = options.disks ?? [];
    const vdevs = spec.vdevs.map((v, i) => buildVdev(v, i, false, disks));
    if (spec.log) vdevs.push(buildVdev(spec.log, vdevs.length, true, disks));
    this.vdevs = vdevs;
    this.capacityBytes = vdevs.filter((v) => !v.isLog).reduce((sum, v) => sum + dataCapacity(v), 0);
  }

  /** Bytes a write may still allocate before ENOSPC (the slop space stays reserved). */
  spaceLeftBytes(): number {
    if (this.fullFault) return 0;
    const usable = this.capacityBytes - Math.floor(this.capacityBytes / 2 ** SLOP_SHIFT);
    return Math.max(0, usable - this.allocatedBytes);
  }

  get full(): boolean {
    return this.spaceLeftBytes() <= 0;
  }

  /** The slowest readable leaf of a vdev sets its pace (raidz waits for every column, a mirror write for both sides). */
  slowestFactor(vdev: TopVdev): number {
    let slowest = 1;
    for (const l of vdev.leaves) if (!isUnreadable(l.state)) slowest = Math.max(slowest, l.slowFactor);
    return slowest;
  }

  /** slow-disk: the leaf answers `factor` times slower; running resilvers on its vdev slow down with it. */
  setDiskSlow(name: string, factor: number): void {
    if (!(factor >= 1)) throw new RangeError(`slow-disk factor must be >= 1 (1 = normal again), got ${factor}`);
    const { vdev, leaf } = this.disk(name);
    if (leaf.slowFactor === factor) return;
    this.engine.emit({ type: "zfs.disk", host: this.host, pool: this.name, disk: leaf.device, slowFactor: factor });
    leaf.slowFactor = factor;
    this.retimeResilvers(vdev);
  }

  /** The host went off: the pool is no longer imported, resilvers stop where they are. */
  exportPool(): void {
    if (!this.imported) return;
    this.imported = false;
    for (const v of this.vdevs) this.retimeResilvers(v);
  }

  /** The host booted: the pool is imported again and resilvers resume from their position. */
  importPool(): void {
    if (this.imported) return;
    this.imported = true;
    for (const v of this.vdevs) this.retimeResilvers(v);
  }

  /** A leaf by model disk name ("data3") or device ("da3"). */
  disk(name: string): { vdev: TopVdev; leaf: LeafDisk } {
    for (const vdev of this.vdevs) {
      for (const leaf of vdev.leaves) if (leaf.name === name || leaf.device === name) return { vdev, leaf };
    }
    throw new Error(`pool ${this.name} on ${this.host} has no disk ${name}`);
  }

  get resilvering(): readonly Resilver[] {
    return this.vdevs.flatMap((v) => v.leaves.flatMap((l) => (l.resilver ? [l.resilver] : [])));
  }

  recordWrite(bytes: number): void {
    this.allocatedBytes += bytes;
    this.writtenBytes += bytes;
  }

  recordFree(bytes: number): void {
    this.allocatedBytes = Math.max(0, this.allocatedBytes - bytes);
  }

  /** The disk dies (I/O errors, zfsd/ZFS diagnosis faults it): FAULTED. */
  failDisk(name: string, reason = "too many errors"): OpResult {
    const { vdev, leaf } = this.disk(name);
    if (leaf.state === "FAULTED") return OK;
    if (leaf.resilver) {
      // the new disk died mid-resilver: the resilver ends, the slot is FAULTED again
      leaf.resilver.cancel();
      delete leaf.resilver;
      delete leaf.replacing;
    }
    leaf.errors.write++;
    this.setLeaf(vdev, leaf, "FAULTED", reason);
    this.checkResilverDataLoss(vdev);
    this.recompute(`${leaf.device} ${reason}`);
    return OK;
  }

  /** `zpool offline`: refused when the vdev would lose its last replica (vdev_offline -> "no valid replicas"). */
  offlineDisk(name: string): OpResult {
    const { vdev, leaf } = this.disk(name);
    if (leaf.state === "OFFLINE") return OK;
    const others = vdev.leaves.filter((l) => l !== leaf).map(leafEffectiveState);
    if (redundantVdevState(vdev.parity, [...others, "OFFLINE"]) === "UNAVAIL") {
      return { ok: false, message: `cannot offline ${leaf.device}: no valid replicas` };
    }
    this.detach(leaf);
    this.setLeaf(vdev, leaf, "OFFLINE", "zpool offline");
    this.recompute(`${leaf.device} offline`);
    return OK;
  }

  /** The device disappeared from the bus (pulled, controller reset): REMOVED. */
  removeDisk(name: string): OpResult {
    const { vdev, leaf } = this.disk(name);
    if (leaf.state === "REMOVED") return OK;
    this.detach(leaf);
    this.setLeaf(vdev, leaf, "REMOVED", "device removed");
    this.checkResilverDataLoss(vdev);
    this.recompute(`${leaf.device} removed`);
    return OK;
  }

  /** `zpool online` of an OFFLINE or re-inserted REMOVED disk: ONLINE, then resilver what it missed. */
  onlineDisk(name: string): OpResult {
    const { vdev, leaf } = this.disk(name);
    if (leaf.state === "ONLINE") return OK;
    if (leaf.state !== "OFFLINE" && leaf.state !== "REMOVED") {
      return { ok: false, message: `cannot online ${leaf.device}: device is ${leaf.state}; use 'zpool replace'` };
    }
    const missed = Math.max(0, this.writtenBytes - (leaf.writtenAtDetachBytes ?? this.writtenBytes));
    delete leaf.writtenAtDetachBytes;
    this.setLeaf(vdev, leaf, "ONLINE", "zpool online");
    this.recompute(`${leaf.device} online`);
    this.startResilver(vdev, leaf, this.rawBytes(vdev, missed));
    return OK;
  }

  /** `zpool replace POOL OLD` with a new disk in the same slot: a resilver of the vdev's allocated data. */
  replaceDisk(name: string): OpResult {
    const { vdev, leaf } = this.disk(name);
    if (leaf.replacing || leaf.resilver) return { ok: false, message: `cannot replace ${leaf.device}: already in replacing/spare config; wait for completion or use 'zpool detach'` };
    if (vdev.state === "UNAVAIL") return { ok: false, message: `cannot replace ${leaf.device}: no valid replicas` };
    leaf.replacing = { oldState: leaf.state };
    delete leaf.writtenAtDetachBytes;
    // a new disk in the slot: whatever made the old one slow left with it
    leaf.slowFactor = 1;
    this.setLeaf(vdev, leaf, "ONLINE", "zpool replace: new disk");
    this.recompute(`${leaf.device} replacing`);
    this.startResilver(vdev, leaf, vdev.isLog ? 0 : this.rawBytes(vdev, this.allocatedBytes));
    return OK;
  }

  /** Raw bytes a vdev holds for `logicalBytes` of data: raidz adds parity, a mirror holds a full copy. */
  rawBytes(vdev: TopVdev, logicalBytes: number): number {
    if (vdev.isLog) return 0;
    if (vdev.type === "mirror") return logicalBytes;
    const width = vdev.leaves.length;
    return Math.round((logicalBytes * width) / (width - vdev.parity));
  }

  /** Resilver time: the vdev's allocated bytes over the resilver rate (new writes meanwhile ignored). */
  resilverDurationUs(bytes: number): Micros {
    return seconds(bytes / this.resilverRateBytesPerS);
  }

  /** What a resilver on `vdev` rebuilds per second now: the slowest disk sets the pace, nothing while exported. */
  resilverRateOf(vdev: TopVdev): number {
    return this.imported ? this.resilverRateBytesPerS / this.slowestFactor(vdev) : 0;
  }

  private startResilver(vdev: TopVdev, leaf: LeafDisk, bytes: number): void {
    const resilver = new Resilver(this.engine, leaf.device, bytes, this.resilverRateOf(vdev), () => this.finishResilver(vdev, leaf));
    leaf.resilver = resilver;
    this.engine.emit({ type: "zfs.resilver", host: this.host, pool: this.name, disk: leaf.device, phase: "start", bytes, durationS: resilver.durationUs / 1e6 });
  }

  private retimeResilvers(vdev: TopVdev): void {
    const rate = this.resilverRateOf(vdev);
    for (const l of vdev.leaves) if (l.resilver && l.resilver.rate !== rate) l.resilver.setRate(rate);
  }

  private finishResilver(vdev: TopVdev, leaf: LeafDisk): void {
    const r = leaf.resilver;
    if (!r) return;
    delete leaf.resilver;
    const wasReplacing = leaf.replacing !== undefined;
    delete leaf.replacing;
    // the old disk (and its error counters) left with the replacing vdev
    if (wasReplacing) Object.assign(leaf.errors, { read: 0, write: 0, cksum: 0 });
    this.lastScan = { bytes: r.bytes, durationUs: r.durationUs, endUs: this.engine.now };
    this.engine.emit({ type: "zfs.resilver", host: this.host, pool: this.name, disk: leaf.device, phase: "done", bytes: r.bytes, durationS: r.durationUs / 1e6 });
    if (wasReplacing) this.engine.emit({ type: "zfs.vdev", host: this.host, pool: this.name, vdev: `replacing-${vdev.leaves.indexOf(leaf)}`, from: "DEGRADED", to: "detached", reason: "resilver complete, old disk detached" });
    this.recompute(`${leaf.device} resilvered`);
  }

  /** Data not yet rebuilt on a resilvering disk is gone when the vdev's other losses exceed parity. */
  private checkResilverDataLoss(vdev: TopVdev): void {
    if (vdev.isLog) return;
    const missing = vdev.leaves.filter((l) => l.resilver !== undefined || l.state !== "ONLINE").length;
    if (vdev.leaves.some((l) => l.resilver) && missing > vdev.parity) this.permanentErrors = true;
  }

  private detach(leaf: LeafDisk): void {
    if (leaf.resilver) {
      leaf.resilver.cancel();
      delete leaf.resilver;
    }
    if (leaf.replacing) {
      delete leaf.replacing;
    } else if (leaf.writtenAtDetachBytes === undefined) {
      leaf.writtenAtDetachBytes = this.writtenBytes;
    }
  }

  private setLeaf(vdev: TopVdev, leaf: LeafDisk, to: VdevState, reason: string): void {
    const from = leaf.state;
    leaf.state = to;
    if (from !== to) this.engine.emit({ type: "zfs.vdev", host: this.host, pool: this.name, vdev: leaf.device, from, to, reason: `${vdev.name}: ${reason}` });
  }

  /** Re-derives top-level and pool states bottom-up and traces every change. */
  private recompute(reason: string): void {
    for (const vdev of this.vdevs) {
      const to = redundantVdevState(vdev.parity, vdev.leaves.map(leafEffectiveState));
      if (to !== vdev.state) {
        this.engine.emit({ type: "zfs.vdev", host: this.host, pool: this.name, vdev: vdev.name, from: vdev.state, to, reason });
        vdev.state = to;
      }
    }
    const to = poolState(
      this.vdevs.filter((v) => !v.isLog).map((v) => v.state),
      this.vdevs.filter((v) => v.isLog).map((v) => v.state),
    );
    if (to !== this.state) {
      this.engine.emit({ type: "zfs.pool", host: this.host, pool: this.name, from: this.state, to, reason });
      this.state = to;
    }
  }
}

/** Space a data vdev offers: raidz loses `parity` disks to parity, a mirror holds one copy. */
function dataCapacity(vdev: TopVdev): number {
  const smallest = Math.min(...vdev.leaves.map((l) => l.sizeBytes));
  if (vdev.type === "mirror") return smallest;
  if (vdev.type === "stripe") return vdev.leaves.reduce((sum, l) => sum + l.sizeBytes, 0);
  return (vdev.leaves.length - vdev.parity) * smallest;
}
