// The ZFS pools of one host under power and disk faults: imported while the host is on, exported while
// it is off (resilvers wait, consumers fail). A disk can die in a box that is off (it shows at the next
// import); `zpool replace` needs the pool imported, so a replacement on a host that is off waits for
// the next boot. Losing the root pool suspends its I/O (failmode=wait): every process blocks on it, so
// the host's services hang while the kernel (CARP, pf) goes on; and the host cannot boot without it.

import type { ResolvedLab } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import type { World } from "../world/world.js";
import { createHostPools, type ZfsPool } from "../zfs/index.js";

/** The pool the host boots from (bsdinstall's name; the generators mirror it as such). */
export const ROOT_POOL = "zroot";

/** Kernel parts that keep working when every process blocks on the root pool. */
const KERNEL_SERVICES: ReadonlySet<string> = new Set(["pf", "pfsync"]);

export interface StorageHostOptions {
  /** Data in each pool at the start, bytes, by pool name (default none). */
  readonly allocatedBytes?: (pool: string) => number;
  readonly resilverRateBytesPerS?: number;
}

export class StorageHost {
  readonly pools: ReadonlyMap<string, ZfsPool>;
  private readonly pendingReplace: string[] = [];
  private rootLost = false;

  constructor(private readonly engine: Engine, private readonly world: World, lab: ResolvedLab, readonly name: string, options: StorageHostOptions = {}) {
    const pools = createHostPools(engine, lab, name, options.resilverRateBytesPerS === undefined ? {} : { resilverRateBytesPerS: options.resilverRateBytesPerS });
    for (const p of pools.values()) p.allocatedBytes = options.allocatedBytes?.(p.name) ?? 0;
    this.pools = pools;
    if (world.host(name).state === "off") for (const p of pools.values()) p.exportPool();
  }

  pool(name: string): ZfsPool {
    const p = this.pools.get(name);
    if (!p) throw new Error(`${this.name} has no pool ${name}; pools: ${[...this.pools.keys()].join(", ")}`);
    return p;
  }

  /** The pool holding `disk` (the lab's name, data3, or the device as zpool shows it, da3). */
  poolOfDisk(disk: string): ZfsPool {
    for (const p of this.pools.values()) {
      if (p.vdevs.some((v) => v.leaves.some((l) => l.name === disk || l.device === disk))) return p;
    }
    const known = [...this.pools.values()].flatMap((p) => p.vdevs.flatMap((v) => v.leaves.map((l) => l.device)));
    throw new Error(`unknown disk "${disk}" on ${this.name}: pool members are ${known.join(", ")} (or their lab names)`);
  }

  failDisk(disk: string): void {
    this.poolOfDisk(disk).failDisk(disk);
    this.checkRoot();
  }

  /** `zpool replace POOL DISK` with a new disk in the slot; deferred to the next boot while the host is off. */
  replaceDisk(disk: string): void {
    const pool = this.poolOfDisk(disk);
    if (this.world.host(this.name).state !== "running") {
      if (!this.pendingReplace.includes(disk)) this.pendingReplace.push(disk);
      this.engine.emit({ type: "zfs.command", host: this.name, command: `zpool replace ${pool.name} ${disk}`, ok: true, message: "deferred: the pool is imported when the host has booted" });
      return;
    }
    const result = pool.replaceDisk(disk);
    this.engine.emit({ type: "zfs.command", host: this.name, command: `zpool replace ${pool.name} ${disk}`, ok: result.ok, ...(result.ok ? {} : { message: result.message }) });
  }

  setDiskSlow(disk: string, factor: number): void {
    this.poolOfDisk(disk).setDiskSlow(disk, factor);
  }

  /** The host's power changed (World.watch). */
  powerChanged(to: string): void {
    if (to === "off") {
      this.rootLost = false;
      for (const p of this.pools.values()) p.exportPool();
    } else if (to === "booting") {
      this.importAtBoot();
    } else if (to === "running") {
      for (const disk of this.pendingReplace.splice(0)) this.replaceDisk(disk);
    }
  }

  private importAtBoot(): void {
    const root = this.pools.get(ROOT_POOL);
    if (root?.state === "UNAVAIL") {
      this.engine.emit({ type: "zfs.import", host: this.name, pool: ROOT_POOL, ok: false, reason: `Mounting from zfs:${ROOT_POOL} failed with error 6 (mountroot> prompt)` });
      // the loader finds no root: the box sits at the mountroot prompt, as good as off
      this.engine.after(0, () => this.world.crash(this.name));
      return;
    }
    for (const p of this.pools.values()) {
      if (p.state === "UNAVAIL") {
        this.engine.emit({ type: "zfs.import", host: this.name, pool: p.name, ok: false, reason: `cannot import '${p.name}': one or more devices is currently unavailable` });
      } else {
        p.importPool();
      }
    }
  }

  /** Root pool lost on a live host: every process touching it blocks (failmode=wait), so services hang. */
  private checkRoot(): void {
    const root = this.pools.get(ROOT_POOL);
    if (this.rootLost || root?.state !== "UNAVAIL" || !root.imported) return;
    const host = this.world.host(this.name);
    if (host.state === "off") return;
    this.rootLost = true;
    this.engine.emit({ type: "zfs.suspended", host: this.name, pool: ROOT_POOL, reason: "pool I/O is currently suspended: processes block on the root file system" });
    for (const service of host.services.names()) if (!KERNEL_SERVICES.has(service)) this.world.setService(this.name, service, "hung");
  }
}
