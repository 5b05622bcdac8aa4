// One operation of a consumer on a mounted export, and how it fails. The generated fstab mounts NFS
// hard (rw,tcp,nfsv3,bg,intr): the client retries for ever and the kernel logs "nfs server ...: not
// responding" after vfs.nfs.downdelayinitial = 12 s (NFS_TPRINTF_INITIAL_DELAY in
// sys/fs/nfsclient/nfs.h): that is when the operation is counted as failed, while it goes on hanging.
// iSCSI (iscsi(4)): an unanswered NOP-Out drops the session after kern.iscsi.ping_timeout = 5 s and,
// with fail_on_disconnection=0, I/O waits for the reconnection. A suspended pool (UNAVAIL, failmode=
// wait) blocks the server's I/O, which the client sees after the same delays. A full pool answers a
// write with ENOSPC in one round trip. A successful operation costs the round trip, the bytes on the
// wire and the pool's service time (src/sim/zfs/pool-io.ts).

import type { ResolvedLab } from "../../model/types.js";
import { seconds, US_PER_S, type Micros } from "../engine/time.js";
import type { World } from "../world/world.js";
import { poolReadUs, poolSyncWriteUs, type ZfsPool } from "../zfs/index.js";
import type { ProbeCache } from "./probe-cache.js";
import { NIC_RATE_BITS_PER_S, type StorageLinks } from "./storage-links.js";
import type { StoragePair } from "./storage-pair.js";
import type { CallResult } from "./types.js";

/** vfs.nfs.downdelayinitial: a hard mount's first "not responding" message. */
export const NFS_NOT_RESPONDING_US: Micros = 12 * US_PER_S;
/** kern.iscsi.ping_timeout: the initiator gives up on the session. */
export const ISCSI_PING_TIMEOUT_US: Micros = 5 * US_PER_S;
export const NFS_PORT = 2049;
export const ISCSI_PORT = 3260;

export const CAUSE = {
  nfsDown: "NFS server not responding",
  iscsiDown: "iSCSI target unavailable",
  pool: "pool unavailable",
  full: "No space left on device",
  switchover: "export unmounted (storage switchover)",
} as const;

/** What a consumer's mountpoint is: an NFS export or an iSCSI LUN of a pair, reached over `network`. */
export interface ExportMount {
  readonly pair: number;
  readonly kind: "nfs" | "iscsi";
  readonly network: string;
  /** The dataset (NFS) or target name (iSCSI). */
  readonly name: string;
}

function networkOf(lab: ResolvedLab, address: string): string | undefined {
  return lab.hosts.flatMap((h) => h.interfaces).find((i) => i.address === address)?.network;
}

/** Every consumer mount of the lab by "host:mountpoint", in the model's order. */
export function indexMounts(lab: ResolvedLab): Map<string, ExportMount> {
  const out = new Map<string, ExportMount>();
  lab.storage.forEach((pair, index) => {
    for (const e of pair.nfs) for (const c of e.consumers) out.set(`${c.host}:${c.mountpoint}`, { pair: index, kind: "nfs", network: e.network, name: e.dataset });
    for (const t of pair.iscsi) {
      const network = networkOf(lab, t.server);
      if (!network) throw new Error(`iSCSI target ${t.name}: no host has the portal address ${t.server}`);
      for (const c of t.consumers) out.set(`${c.host}:${c.mountpoint}`, { pair: index, kind: "iscsi", network, name: t.name });
    }
  });
  return out;
}

export interface IoContext {
  readonly world: World;
  readonly links: StorageLinks;
  readonly probes: ProbeCache;
}

/** The outcome of one operation of `bytes` by `host` on `mount`, as the consumer will see it. */
export function evaluateIo(ctx: IoContext, pair: StoragePair, mount: ExportMount, host: string, kind: "read" | "write", bytes: number): CallResult {
  const nfs = mount.kind === "nfs";
  const down = (cause: string): CallResult => ({ ok: false, latencyUs: nfs ? NFS_NOT_RESPONDING_US : ISCSI_PING_TIMEOUT_US, cause });
  if (pair.quiesced) return { ok: false, latencyUs: 0, cause: CAUSE.switchover };
  const server = pair.primaryHost;
  // the consumers mount the primary's address (re-pointed by the promotion runbook)
  const address = pair.serverAddress(mount.network);
  if (address === undefined) return down(nfs ? CAUSE.nfsDown : CAUSE.iscsiDown);
  const net = ctx.probes.probe(host, address, nfs ? NFS_PORT : ISCSI_PORT);
  if (!net.ok || net.hung) return down(nfs ? CAUSE.nfsDown : CAUSE.iscsiDown);
  const pool = pair.poolOf(server);
  if (!pool.imported || pool.state === "UNAVAIL") return down(CAUSE.pool);
  const rttUs = 2 * ctx.world.host(host).world.bus.segment(mount.network).transitUs();
  if (kind === "write" && pool.spaceLeftBytes() < bytes) return { ok: false, latencyUs: rttUs, cause: CAUSE.full };
  return { ok: true, latencyUs: rttUs + serviceUs(ctx, pool, server, mount, host, kind, bytes) };
}

// Why a cache: every consumer operation would recompute link rates and vdev timings that change
// only with a state event (a link, a disk, a slow-disk or rate fault), so they are kept per event
// count, looked up by mount, consumer host and operation (no key string built per operation).
interface ServiceCache {
  epoch: number;
  readonly byMount: Map<ExportMount, Map<string, Map<number, Micros>>>;
}
const serviceCache = new WeakMap<IoContext, ServiceCache>();

function serviceUs(ctx: IoContext, pool: ZfsPool, server: string, mount: ExportMount, host: string, kind: "read" | "write", bytes: number): Micros {
  const epoch = ctx.world.engine.stateEventCount;
  let cache = serviceCache.get(ctx);
  if (cache === undefined) serviceCache.set(ctx, (cache = { epoch, byMount: new Map() }));
  else if (cache.epoch !== epoch) {
    cache.epoch = epoch;
    cache.byMount.clear();
  }
  let byHost = cache.byMount.get(mount);
  if (byHost === undefined) cache.byMount.set(mount, (byHost = new Map()));
  let byOp = byHost.get(host);
  if (byOp === undefined) byHost.set(host, (byOp = new Map()));
  // The primary (server) is part of the state: a promotion emits events, so it is fixed per epoch.
  const op = kind === "write" ? -bytes - 1 : bytes;
  let us = byOp.get(op);
  if (us === undefined) {
    const rate = Math.min(ctx.links.streamBitsPerS(host, mount.network), ctx.links.streamBitsPerS(server, mount.network)) || NIC_RATE_BITS_PER_S;
    const wireUs = seconds((bytes * 8) / rate);
    const diskUs = kind === "write" ? poolSyncWriteUs(pool, bytes) : poolReadUs(pool, bytes);
    us = wireUs + diskUs;
    byOp.set(op, us);
  }
  return us;
}
