// Who uses the storage pairs: the NFS exports and iSCSI targets a host consumes, and the consumers a
// storage host serves (both members of a pair: the replica takes over the exports when promoted).

import type { ResolvedLab, ResolvedStoragePair } from "../../model/types.js";

type NfsExport = ResolvedStoragePair["nfs"][number];
type IscsiTarget = ResolvedStoragePair["iscsi"][number];

export function storagePairsOf(lab: ResolvedLab, host: string): ResolvedStoragePair[] {
  return lab.storage.filter((p) => p.primary === host || p.replica === host);
}

interface ConsumerIndex {
  readonly nfs: ReadonlyMap<string, NfsExport[]>;
  readonly iscsi: ReadonlyMap<string, IscsiTarget[]>;
}

// Why: asked once per host; indexing by consumer keeps a 1,000-host lab linear.
const indexes = new WeakMap<ResolvedLab, ConsumerIndex>();

function consumerIndex(lab: ResolvedLab): ConsumerIndex {
  let index = indexes.get(lab);
  if (!index) {
    const nfs = new Map<string, NfsExport[]>();
    const iscsi = new Map<string, IscsiTarget[]>();
    for (const pair of lab.storage) {
      for (const e of pair.nfs) for (const h of new Set(e.consumers.map((c) => c.host))) nfs.set(h, [...(nfs.get(h) ?? []), e]);
      for (const t of pair.iscsi) for (const h of new Set(t.consumers.map((c) => c.host))) iscsi.set(h, [...(iscsi.get(h) ?? []), t]);
    }
    index = { nfs, iscsi };
    indexes.set(lab, index);
  }
  return index;
}

export function nfsConsumerOf(lab: ResolvedLab, host: string): NfsExport[] {
  return consumerIndex(lab).nfs.get(host) ?? [];
}

export function iscsiConsumerOf(lab: ResolvedLab, host: string): IscsiTarget[] {
  return consumerIndex(lab).iscsi.get(host) ?? [];
}
