// Who does what in the storage pairs, seen from one host: primary (pool, datasets, exports, targets,
// snapshots, replication source), replica (pool, read-only copy), NFS and iSCSI consumers.

import { fnv1a32 } from "../../lib/hash.js";
import { safeToken } from "../../lib/shell.js";
import type { ResolvedHost, ResolvedLab, ResolvedStoragePair } from "../../model/types.js";

export type IscsiTarget = ResolvedStoragePair["iscsi"][number];
export type NfsExport = ResolvedStoragePair["nfs"][number];

export function pairsWithPrimary(lab: ResolvedLab, host: string): ResolvedStoragePair[] {
  return lab.storage.filter((p) => p.primary === host);
}

export function pairsWithReplica(lab: ResolvedLab, host: string): ResolvedStoragePair[] {
  return lab.storage.filter((p) => p.replica === host);
}

export function findHost(lab: ResolvedLab, name: string): ResolvedHost | undefined {
  return lab.hosts.find((h) => h.name === name);
}

/** The network an address of `host` lies on. */
function networkOf(host: ResolvedHost | undefined, address: string): string | undefined {
  return host?.interfaces.find((i) => i.address === address)?.network;
}

/** `host`'s address on the network `peer` reaches at `peerAddress` (a consumer's address towards the server). */
export function addressTowards(lab: ResolvedLab, host: string, peer: string, peerAddress: string): string | undefined {
  const network = networkOf(findHost(lab, peer), peerAddress);
  return findHost(lab, host)?.interfaces.find((i) => i.network === network)?.address;
}

/** The primary's address on the network it shares with the replica (the source of replication traffic). */
export function primaryReplicationAddress(lab: ResolvedLab, pair: ResolvedStoragePair): string | undefined {
  return addressTowards(lab, pair.primary, pair.replica, pair.replicationTarget);
}

/** The primary's address its iSCSI portal listens on (the address consumers use). */
export function iscsiPortalAddress(pair: ResolvedStoragePair): string | undefined {
  return pair.iscsi[0]?.server;
}

export interface ConsumerMount {
  readonly pair: ResolvedStoragePair;
  readonly kind: "nfs" | "iscsi";
  readonly server: string;
  /** pool/dataset for NFS; the target name for iSCSI. */
  readonly source: string;
  readonly mountpoint: string;
  readonly target?: IscsiTarget;
}

/** Everything `host` mounts from the storage pairs, sorted by mountpoint. */
export function consumerMounts(lab: ResolvedLab, host: string): ConsumerMount[] {
  const mounts: ConsumerMount[] = [];
  for (const pair of lab.storage) {
    for (const e of pair.nfs) {
      for (const c of e.consumers.filter((x) => x.host === host)) {
        mounts.push({ pair, kind: "nfs", server: e.server, source: e.path, mountpoint: c.mountpoint });
      }
    }
    for (const t of pair.iscsi) {
      for (const c of t.consumers.filter((x) => x.host === host)) {
        mounts.push({ pair, kind: "iscsi", server: t.server, source: t.name, mountpoint: c.mountpoint, target: t });
      }
    }
  }
  return mounts.sort((a, b) => (a.mountpoint < b.mountpoint ? -1 : a.mountpoint > b.mountpoint ? 1 : 0));
}

/**
 * SCSI serial number of a target's LUN (CTL and istgt keep 16 characters): the initiator finds its
 * disk by this serial (camcontrol inquiry -S), whatever daN the kernel gave it.
 */
export function lunSerial(target: IscsiTarget): string {
  const name = safeToken(target.name, "iSCSI target name");
  return name.length <= 16 ? name : `${name.slice(0, 10)}${fnv1a32(target.iqn).toString(16).padStart(8, "0").slice(0, 6)}`;
}

/** A path that is safe bare in sh, fstab and config files (the schema's ABS_PATH characters); throws otherwise. */
export function pathToken(path: string, what: string): string {
  if (!/^\/[A-Za-z0-9._\/-]*$/.test(path)) throw new Error(`unsafe ${what}: ${JSON.stringify(path)}`);
  return path;
}

/** UFS label given to the file system on a LUN (/dev/ufs/<label>); newfs allows 32 characters. */
export function lunLabel(target: IscsiTarget): string {
  return safeToken(target.name, "iSCSI target name").slice(0, 32);
}
