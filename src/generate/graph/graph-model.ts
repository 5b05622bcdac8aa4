// buildGraph(): turns a resolved lab into the neutral LabGraph (tiers, hosts, VIPs, networks, edges).

import type { ResolvedCarpGroup, ResolvedHost, ResolvedLab, ResolvedService } from "../../model/types.js";
import { buildEdges } from "./graph-edges.js";
import { buildChains } from "./graph-chains.js";
import { formatPorts } from "./format-ports.js";
import { CLIENTS_ID, TIER_LABELS, TIER_ORDER, hostId, networkId, vipId } from "./graph-types.js";
import type { GraphInterface, GraphService, GraphTier, HostNode, LabGraph, NetworkNode, TierId, VipMember, VipNode } from "./graph-types.js";

export function buildGraph(lab: ResolvedLab): LabGraph {
  const vips = lab.carp.map((group) => buildVip(group, lab.hosts));
  const hosts = lab.hosts.map((host) => buildHost(host, vips));
  const networks = lab.networks.map((n): NetworkNode => ({ id: networkId(n.name), name: n.name, kind: n.kind, cidr: n.cidr }));
  const clients = lab.chains.length > 0 ? { id: CLIENTS_ID, label: "clients (internet)" } : undefined;
  return {
    name: lab.name,
    release: lab.release,
    title: `${lab.name}: FreeBSD ${lab.release}, ${lab.hosts.length} hosts, ${lab.carp.length} CARP VIPs`,
    description: lab.description,
    tiers: buildTiers(hosts, vips, clients !== undefined),
    ...(clients ? { clients } : {}),
    hosts,
    vips,
    networks,
    edges: buildEdges(lab),
    chains: buildChains(lab),
  };
}

function buildTiers(hosts: readonly HostNode[], vips: readonly VipNode[], withClients: boolean): GraphTier[] {
  const tiers: GraphTier[] = [];
  for (const id of TIER_ORDER) {
    const tierHosts = hosts.filter((h) => h.tier === id).map((h) => h.id);
    const tierVips = vips.filter((v) => v.tier === id).map((v) => v.id);
    const present = id === "clients" ? withClients : tierHosts.length + tierVips.length > 0;
    if (present) tiers.push({ id, label: TIER_LABELS[id], vips: tierVips, hosts: tierHosts });
  }
  return tiers;
}

/** A VIP belongs to the tier of most of its members (the first member's tier on a tie). */
function tierOfVip(group: ResolvedCarpGroup, hosts: readonly ResolvedHost[]): TierId {
  const counts = new Map<TierId, number>();
  for (const m of group.members) {
    const role = hosts.find((h) => h.name === m.host)?.role;
    if (role) counts.set(role, (counts.get(role) ?? 0) + 1);
  }
  let best: TierId = "proxy";
  let bestCount = 0;
  for (const [tier, count] of counts) {
    if (count > bestCount) {
      best = tier;
      bestCount = count;
    }
  }
  return best;
}

function buildVip(group: ResolvedCarpGroup, hosts: readonly ResolvedHost[]): VipNode {
  const lowest = Math.min(...group.members.map((m) => m.advskew));
  const atLowest = group.members.filter((m) => m.advskew === lowest);
  const preferredMaster = atLowest.length === 1 ? atLowest[0]?.host : undefined;
  const members = group.members.map((m): VipMember => ({
    host: m.host,
    interface: m.interface,
    advskew: m.advskew,
    preferred: m.host === preferredMaster,
  }));
  return {
    id: vipId(group.name),
    group: group.name,
    address: group.address,
    prefixLength: group.prefixLength,
    vhid: group.vhid,
    network: group.network,
    tier: tierOfVip(group, hosts),
    members,
    ...(preferredMaster !== undefined ? { preferredMaster } : {}),
  };
}

function buildHost(host: ResolvedHost, vips: readonly VipNode[]): HostNode {
  const interfaces = host.interfaces.map((i): GraphInterface => {
    const lagg = host.laggs.find((l) => l.name === i.name);
    const bundle = lagg ? `${lagg.name} ${lagg.protocol} ${lagg.ports.join("+")}` : i.name;
    return { name: i.name, kind: i.kind, network: i.network, address: i.address, prefixLength: i.prefixLength, bundle };
  });
  const carp = host.carp.map((c) => ({
    group: c.group,
    advskew: c.advskew,
    preferred: vips.find((v) => v.group === c.group)?.preferredMaster === host.name,
  }));
  return { id: hostId(host.name), name: host.name, role: host.role, tier: host.role, interfaces, services: host.services.map(summarizeService), carp };
}

function summarizeService(s: ResolvedService): GraphService {
  const ports = formatPorts(s.ports);
  const where = s.bindCarp ? ` @${s.bindCarp} VIP` : "";
  const label = ports === "" ? s.kind : `${s.kind} :${ports}${where}`;
  return { kind: s.kind, ports, ...(s.bindCarp ? { carp: s.bindCarp } : {}), label };
}
