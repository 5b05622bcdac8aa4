// The edges of the LabGraph: network links, CARP memberships, request hops, replication, storage.

import { formatDurationS } from "../../lib/duration.js";
import type { Endpoint, ResolvedLab } from "../../model/types.js";
import { formatPorts } from "./format-ports.js";
import { CLIENTS_ID, hostId, networkId, vipId } from "./graph-types.js";
import type { EdgeKind, GraphEdge } from "./graph-types.js";
import { findNodeAtAddress } from "./locate-address.js";

/** Collects edges, dropping exact duplicates and numbering ids so they stay unique and stable. */
class EdgeList {
  readonly edges: GraphEdge[] = [];
  private readonly seen = new Set<string>();

  add(kind: EdgeKind, from: string, to: string, label: string, short?: string): void {
    const key = `${kind}|${from}|${to}|${label}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.edges.push({ id: `${kind}:${from}->${to}#${this.edges.length}`, kind, from, to, label, ...(short !== undefined ? { short } : {}) });
  }
}

export function buildEdges(lab: ResolvedLab): GraphEdge[] {
  const list = new EdgeList();
  addLinkEdges(lab, list);
  addCarpEdges(lab, list);
  addRequestEdges(lab, list);
  addReplicationEdges(lab, list);
  addStorageEdges(lab, list);
  return list.edges;
}

function addLinkEdges(lab: ResolvedLab, list: EdgeList): void {
  for (const host of lab.hosts) {
    for (const i of host.interfaces) {
      const lagg = host.laggs.find((l) => l.name === i.name);
      const label = lagg ? `${lagg.name} ${lagg.protocol} ${lagg.ports.join("+")}` : i.name;
      list.add("link", hostId(host.name), networkId(i.network), label);
    }
  }
}

function addCarpEdges(lab: ResolvedLab, list: EdgeList): void {
  for (const group of lab.carp) {
    const lowest = Math.min(...group.members.map((m) => m.advskew));
    const tie = group.members.filter((m) => m.advskew === lowest).length > 1;
    for (const m of group.members) {
      const state = m.advskew === lowest && !tie ? "master" : "backup";
      list.add("carp", vipId(group.name), hostId(m.host), `${state} skew ${m.advskew}`, `skew ${m.advskew}`);
    }
  }
}

/** Upstream endpoints grouped by the node that owns them, local (loopback or own host) ones dropped. */
function groupRemoteUpstreams(lab: ResolvedLab, caller: string, upstreams: readonly Endpoint[]): Map<string, number[]> {
  const byNode = new Map<string, number[]>();
  for (const u of upstreams) {
    const node = findNodeAtAddress(lab, u.address) ?? (u.host !== undefined ? hostId(u.host) : undefined);
    if (node === undefined || node === hostId(caller)) continue;
    byNode.set(node, [...(byNode.get(node) ?? []), u.port]);
  }
  return byNode;
}

function addRequestEdges(lab: ResolvedLab, list: EdgeList): void {
  for (const chain of lab.chains) {
    list.add("request", CLIENTS_ID, vipId(chain.entry.carp), `${chain.name} :${formatPorts(chain.entry.ports)}`);
    for (const hop of chain.hops) {
      for (const caller of hop.callers) {
        for (const [node, ports] of groupRemoteUpstreams(lab, caller.host, caller.upstreams)) {
          list.add("request", hostId(caller.host), node, `${hop.from}→${hop.to} :${formatPorts(ports)}`);
        }
      }
    }
  }
}

function addReplicationEdges(lab: ResolvedLab, list: EdgeList): void {
  for (const pair of lab.mysql) {
    const mode = pair.semiSync ? "semi-sync" : "async";
    list.add("replication", hostId(pair.master), hostId(pair.replica), `mysql ${pair.name} ${mode}`);
  }
  for (const pair of lab.storage) {
    list.add("replication", hostId(pair.primary), hostId(pair.replica), `zfs send ${pair.pool} every ${formatDurationS(pair.replicationEveryS)}`);
  }
}

function addStorageEdges(lab: ResolvedLab, list: EdgeList): void {
  for (const pair of lab.storage) {
    for (const share of pair.nfs) {
      const server = findNodeAtAddress(lab, share.server) ?? hostId(pair.primary);
      for (const c of share.consumers) list.add("storage", server, hostId(c.host), `NFS ${share.path} → ${c.mountpoint}`, `NFS ${share.path}`);
    }
    for (const lun of pair.iscsi) {
      const server = findNodeAtAddress(lab, lun.server) ?? hostId(pair.primary);
      for (const c of lun.consumers) list.add("storage", server, hostId(c.host), `iSCSI ${lun.name} ${lun.sizeGiB} GiB → ${c.mountpoint}`, `iSCSI ${lun.name}`);
    }
  }
}
