// Shared storage a host mounts (NFS exports and iSCSI LUNs of lab.storage), and the pick of the one
// a service keeps its data on: the model names mounts, not their purpose, so a mount serves a
// purpose when its dataset, target or mountpoint carries the purpose's word ("blob", "solr").

import type { ResolvedLab } from "../../model/types.js";

export interface SharedMount {
  readonly kind: "nfs" | "iscsi";
  /** Dataset (NFS) or target name (iSCSI). */
  readonly name: string;
  readonly mountpoint: string;
  /** NFS server address or iSCSI portal. */
  readonly server: string;
}

/** Every shared mount of `host`, sorted by mountpoint. */
export function mountsOf(lab: ResolvedLab, host: string): SharedMount[] {
  const out: SharedMount[] = [];
  for (const pair of lab.storage) {
    for (const e of pair.nfs) {
      for (const c of e.consumers) if (c.host === host) out.push({ kind: "nfs", name: e.dataset, mountpoint: c.mountpoint, server: e.server });
    }
    for (const t of pair.iscsi) {
      for (const c of t.consumers) if (c.host === host) out.push({ kind: "iscsi", name: t.name, mountpoint: c.mountpoint, server: t.server });
    }
  }
  return out.sort((a, b) => (a.mountpoint < b.mountpoint ? -1 : a.mountpoint > b.mountpoint ? 1 : 0));
}

/** The first of `host`'s mounts of the given kinds whose name or mountpoint contains `word`. */
export function mountFor(lab: ResolvedLab, host: string, word: string, kinds: readonly SharedMount["kind"][]): SharedMount | undefined {
  return mountsOf(lab, host).find((m) => kinds.includes(m.kind) && (m.name.includes(word) || m.mountpoint.includes(word)));
}
