// ZFS storage wired into the simulated world: the pools of every host (imported while the host is on),
// each storage pair's snapshots, replication, promotion and switchover, the consumers' NFS and iSCSI
// operations, and the storage faults the world delegates (disks, pools, storage links, promotion).
//
// Where the data comes from: every write a consumer makes through io() lands in the primary's
// datasets (so snapshot deltas, send times and promotion losses follow the traffic), plus an optional
// constant background write rate. The pools start empty unless `allocatedBytes` says otherwise (a
// new lab's pools are), so a resilver rebuilds what was written.

import type { DataFaultTarget } from "../world/world.js";
import type { Engine } from "../engine/engine.js";
import type { ResolvedLab } from "../../model/types.js";
import type { World } from "../world/world.js";
import { DEFAULT_EPOCH_MS, zpoolStatus, type ZfsPool } from "../zfs/index.js";
import { ProbeCache } from "./probe-cache.js";
import { StorageHost } from "./storage-host.js";
import { evaluateIo, indexMounts, type ExportMount, type IoContext } from "./storage-io.js";
import { StorageLinks } from "./storage-links.js";
import { StoragePair, type PromotionRecord } from "./storage-pair.js";
import type { CallResult, PlaneContext, PoolView, StoragePairView, StoragePlaneApi, StorageSummary } from "./types.js";

export interface StoragePlaneOptions {
  /** Background writes into every pair's datasets, bytes per second, on top of the consumers' (default 0). */
  readonly writeRateBytesPerS?: number;
  /** Data already in each storage pair's pool at the start, bytes (default 0: a new lab's pools are empty). */
  readonly allocatedBytes?: number;
  /** Resilver throughput of a healthy vdev (default 100 MB/s, src/sim/zfs/pool.ts). */
  readonly resilverRateBytesPerS?: number;
  /** Seconds past the snapshot grid the replication job runs (default 60: the generated cron's `1-59/5`). */
  readonly replicationOffsetS?: number;
}

type StorageFaults = Omit<DataFaultTarget, "setReplica">;

export class StoragePlane implements StoragePlaneApi, StorageFaults {
  private readonly engine: Engine;
  private readonly world: World;
  private readonly lab: ResolvedLab;
  private readonly hosts = new Map<string, StorageHost>();
  private readonly links: StorageLinks;
  private readonly pairs: StoragePair[];
  private readonly mounts: Map<string, ExportMount>;
  private readonly probes: ProbeCache;
  private readonly failures = new Map<string, number>();
  private readonly causes = new Map<string, number>();

  constructor(ctx: PlaneContext, options: StoragePlaneOptions = {}) {
    this.engine = ctx.engine;
    this.world = ctx.world;
    this.lab = ctx.lab;
    const dataPools = new Set(ctx.lab.storage.map((p) => p.pool));
    const startBytes = options.allocatedBytes ?? 0;
    for (const h of ctx.lab.hosts) {
      if (!h.pools.length) continue;
      this.hosts.set(h.name, new StorageHost(ctx.engine, ctx.world, ctx.lab, h.name, {
        allocatedBytes: (pool) => (dataPools.has(pool) ? startBytes : 0),
        ...(options.resilverRateBytesPerS === undefined ? {} : { resilverRateBytesPerS: options.resilverRateBytesPerS }),
      }));
    }
    this.links = new StorageLinks(ctx.world, ctx.lab);
    const env = {
      engine: ctx.engine, world: ctx.world, lab: ctx.lab, links: this.links,
      host: (name: string) => this.storageHost(name),
      writeRateBytesPerS: options.writeRateBytesPerS ?? 0,
      replicationOffsetS: options.replicationOffsetS ?? 60,
    };
    this.pairs = ctx.lab.storage.map((p) => new StoragePair(env, p, startBytes));
    this.mounts = indexMounts(ctx.lab);
    this.probes = new ProbeCache(ctx.engine, ctx.world);
    ctx.world.watch((change) => {
      if (change.type !== "power") return;
      const host = this.hosts.get(change.host);
      if (!host) return;
      // the background writes up to now landed while the pool was still imported
      for (const p of this.pairs) p.flush();
      if (change.to === "off") for (const p of this.pairs) p.hostDown(change.host);
      host.powerChanged(change.to);
      this.retime();
    });
  }

  // --- consumers ----------------------------------------------------------------------------------

  private ioContext: IoContext | undefined;
  private readonly mountsByHost = new Map<string, Map<string, ExportMount>>();

  // host -> mountpoint -> export: two lookups instead of a key string per operation.
  private mountOf(host: string, mountpoint: string): ExportMount {
    let byPoint = this.mountsByHost.get(host);
    if (byPoint === undefined) this.mountsByHost.set(host, (byPoint = new Map()));
    let mount = byPoint.get(mountpoint);
    if (mount === undefined) {
      const key = `${host}:${mountpoint}`;
      mount = this.mounts.get(key);
      if (!mount) throw new Error(`${key} mounts no storage export of lab ${this.lab.name}; consumer mounts: ${[...this.mounts.keys()].join(", ") || "(none)"}`);
      byPoint.set(mountpoint, mount);
    }
    return mount;
  }

  io(host: string, mountpoint: string, kind: "read" | "write", bytes: number, done: (result: CallResult) => void): void {
    const mount = this.mountOf(host, mountpoint);
    const pair = this.pairs[mount.pair]!;
    // One context for every call: evaluateIo keeps its per-state cache on it.
    this.ioContext ??= { world: this.world, links: this.links, probes: this.probes };
    const result = evaluateIo(this.ioContext, pair, mount, host, kind, bytes);
    if (result.ok && kind === "write") pair.recordWrite(bytes);
    if (!result.ok) {
      const key = `${host}:${mountpoint}`;
      this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
      const cause = result.cause ?? "I/O error";
      this.causes.set(cause, (this.causes.get(cause) ?? 0) + 1);
    }
    this.engine.after(result.latencyUs, () => done(result));
  }

  // --- faults (DataFaultTarget's storage part) ----------------------------------------------------

  failDisk(host: string, disk: string): void {
    const h = this.storageHost(host);
    this.flush();
    h.failDisk(disk);
    this.retime();
  }

  replaceDisk(host: string, disk: string): void {
    this.storageHost(host).replaceDisk(disk);
    this.retime();
  }

  setDiskSlow(host: string, disk: string, factor: number): void {
    this.storageHost(host).setDiskSlow(disk, factor);
    this.retime();
  }

  setPoolFull(host: string, pool: string, full: boolean): void {
    const p = this.storageHost(host).pool(pool);
    this.flush();
    if (p.fullFault === full) return;
    p.fullFault = full;
    this.engine.emit({ type: "zfs.space", host, pool, full, reason: full ? "fault: pool-full" : "fault healed: pool-free" });
  }

  setStorageLinks(host: string, up: boolean): void {
    this.links.setLinks(host, up);
    this.retime();
  }

  setStorageLinkRate(host: string, mbitPerS: number | null): void {
    this.links.setRateMbit(host, mbitPerS);
    this.retime();
  }

  storagePromote(host: string, promote: boolean): void {
    const pair = this.pairs.find((p) => p.primaryHost === host || p.replicaHost === host);
    if (!pair) {
      const members = this.pairs.flatMap((p) => [p.primaryHost, p.replicaHost]);
      throw new Error(`${host} is in no storage pair; storage hosts: ${members.join(", ") || "(none)"}`);
    }
    if (promote) pair.promote(host);
    else pair.demote(host);
  }

  // --- views --------------------------------------------------------------------------------------

  view(): { readonly pools: PoolView[]; readonly pairs: StoragePairView[] } {
    return { pools: this.poolViews(), pairs: this.pairs.map((p) => p.view()) };
  }

  summary(): StorageSummary {
    const sorted = (m: Map<string, number>) => Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return {
      pools: this.poolViews(),
      pairs: this.pairs.map((p) => {
        const c = p.counts();
        return {
          ...p.view(),
          ...(c.maxRpoS === undefined ? {} : { maxRpoS: c.maxRpoS }),
          snapshotsTaken: c.snapshotsTaken,
          replications: c.replications,
          replicationFailures: c.replicationFailures,
          ...(c.lastError === undefined ? {} : { lastReplicationError: c.lastError }),
          promotions: p.promotions.map((r: PromotionRecord) => ({ ...r })),
        };
      }),
      exportFailures: sorted(this.failures),
      failuresByCause: sorted(this.causes),
    };
  }

  /** `zpool status POOL` on HOST as the simulated pool would print it. */
  zpoolStatus(host: string, pool: string): string {
    return zpoolStatus(this.storageHost(host).pool(pool), this.engine.now, DEFAULT_EPOCH_MS);
  }

  /** The pool itself, for tests and the console. */
  pool(host: string, pool: string): ZfsPool {
    return this.storageHost(host).pool(pool);
  }

  /** The run-time state of a storage pair (by the lab's pair name). */
  pair(name: string): StoragePair {
    const p = this.pairs.find((x) => x.pair.name === name);
    if (!p) throw new Error(`no storage pair ${name}; pairs: ${this.pairs.map((x) => x.pair.name).join(", ") || "(none)"}`);
    return p;
  }

  // --- internals ----------------------------------------------------------------------------------

  private storageHost(name: string): StorageHost {
    const h = this.hosts.get(name);
    if (!h) {
      this.world.host(name); // unknown host: the world's message lists the hosts
      throw new Error(`${name} has no ZFS pool; hosts with pools: ${[...this.hosts.keys()].join(", ") || "(none)"}`);
    }
    return h;
  }

  private flush(): void {
    for (const p of this.pairs) p.flush();
  }

  private retime(): void {
    for (const p of this.pairs) p.retime();
  }

  private poolViews(): PoolView[] {
    const out: PoolView[] = [];
    for (const h of this.hosts.values()) {
      for (const p of h.pools.values()) {
        const leaves = p.vdevs.flatMap((v) => v.leaves);
        const scan = scanOf(p, this.engine.now);
        out.push({
          host: h.name, pool: p.name, state: p.state,
          failedDisks: leaves.filter((l) => l.state !== "ONLINE" || l.replacing).map((l) => l.device),
          ...(scan ? { scan } : {}),
          full: p.full, imported: p.imported,
        });
      }
    }
    return out;
  }
}

/** The scan line's gist: a running resilver's progress or the last one's result. */
function scanOf(pool: ZfsPool, nowUs: number): string | undefined {
  const running = pool.resilvering[0];
  if (running) {
    const { doneBytes } = running.progress(nowUs);
    return `resilver in progress, ${((running.bytes ? doneBytes / running.bytes : 1) * 100).toFixed(2)}% done`;
  }
  const last = pool.lastScan;
  return last ? `resilvered ${last.bytes} bytes in ${Math.round(last.durationUs / 1e6)} s with 0 errors` : undefined;
}
