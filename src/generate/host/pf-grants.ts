// What a host's firewall lets in, derived from the model rather than from roles: the chain entry
// from anywhere on the VIP's interface, each hop's service from the hosts that call it, MySQL from
// the pair's clients and replication from the peer, NFS/iSCSI from their consumers, ZFS replication
// (ssh) from the storage peer. Services called only over lo0 (varnish, haproxy) get no grant.

import { parseIpv4 } from "../../lib/ipv4.js";
import type { ResolvedHost, ResolvedLab, Role, ServiceKind } from "../../model/types.js";
import { addressOn, findHost, interfaceOn, networkOf, sharedNetworks } from "./host-lookup.js";
import { storagePairsOf } from "./storage-clients.js";

export interface Grant {
  /** One line saying what the rule is for. */
  readonly why: string;
  readonly service: string;
  readonly protocols: readonly ("tcp" | "udp")[];
  readonly ports: readonly number[];
  /** Networks whose interface the traffic arrives on. */
  readonly networks: readonly string[];
  /** "any", or the calling hosts with their addresses (sorted, unique). */
  readonly sources: "any" | { readonly hosts: readonly string[]; readonly addresses: readonly string[] };
}

function uniqueSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** Unique addresses in numeric order (10.0.20.9 before 10.0.20.10). */
function uniqueAddresses(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => (parseIpv4(a) ?? 0) - (parseIpv4(b) ?? 0));
}

function servicePorts(host: ResolvedHost, kind: ServiceKind): number[] {
  return host.services.find((s) => s.kind === kind)?.ports.slice() ?? [];
}

type Sources = Exclude<Grant["sources"], "any">;

function sources(lab: ResolvedLab, hosts: readonly string[], network: string): Sources {
  const pairs = hosts
    .map((h) => ({ host: h, address: addressOn(lab, h, network) }))
    .filter((p): p is { host: string; address: string } => p.address !== undefined);
  return { hosts: uniqueSorted(pairs.map((p) => p.host)), addresses: uniqueAddresses(pairs.map((p) => p.address)) };
}

/** The chain entry service on the members of the entry CARP group: from anywhere, on the VIP's interface. */
function entryGrants(lab: ResolvedLab, host: ResolvedHost): Grant[] {
  return lab.chains.flatMap((chain) => {
    const membership = host.carp.find((m) => m.group === chain.entry.carp);
    const service = chain.hops[0]?.from;
    if (!membership || !service || !host.services.some((s) => s.kind === service)) return [];
    const network = interfaceOnName(host, membership.interface);
    return [{
      why: `${service}: the ${chain.name} chain's entry (VIP ${chain.entry.address}) from anywhere`,
      service, protocols: ["tcp"], ports: chain.entry.ports.slice(), networks: network ? [network] : [], sources: "any",
    } satisfies Grant];
  });
}

function interfaceOnName(host: ResolvedHost, name: string): string | undefined {
  return host.interfaces.find((i) => i.name === name)?.network;
}

interface HopCall {
  readonly to: ServiceKind;
  readonly from: ServiceKind;
  readonly caller: string;
  readonly address: string;
  readonly hopIndex: number;
}

// Why: indexing every hop call by its target address once keeps a 1,000-host lab linear.
const hopCallIndex = new WeakMap<ResolvedLab, Map<string, HopCall[]>>();

/** Every hop call of the lab by target address (and by target host name). */
function hopCalls(lab: ResolvedLab): Map<string, HopCall[]> {
  let index = hopCallIndex.get(lab);
  if (!index) {
    index = new Map();
    let hopIndex = 0;
    for (const chain of lab.chains) {
      for (const hop of chain.hops) {
        for (const caller of hop.callers) {
          for (const up of caller.upstreams) {
            const call = { to: hop.to, from: hop.from, caller: caller.host, address: up.address, hopIndex };
            for (const key of new Set([up.address, ...(up.host ? [`host:${up.host}`] : [])])) index.set(key, [...(index.get(key) ?? []), call]);
          }
        }
        hopIndex++;
      }
    }
    hopCallIndex.set(lab, index);
  }
  return index;
}

/** Each hop's service from the hosts that call it over the network (not over lo0). */
function hopGrants(lab: ResolvedLab, host: ResolvedHost): Grant[] {
  const index = hopCalls(lab);
  const vips = lab.carp.filter((g) => host.carp.some((m) => m.group === g.name)).map((g) => g.address);
  const keys = new Set([`host:${host.name}`, ...host.interfaces.map((i) => i.address), ...vips]);
  const calls = new Set([...keys].flatMap((k) => index.get(k) ?? []));
  // hop -> network -> callers, in hop order then network name
  const byHop = new Map<number, { to: ServiceKind; from: ServiceKind; networks: Map<string, string[]> }>();
  for (const call of calls) {
    if (call.to === "mysql" || !host.services.some((s) => s.kind === call.to)) continue;
    const network = networkOf(lab, call.address)?.name;
    if (!network || !interfaceOn(host, network)) continue; // 127.0.0.1: local, over lo0
    const entry = byHop.get(call.hopIndex) ?? { to: call.to, from: call.from, networks: new Map<string, string[]>() };
    entry.networks.set(network, [...(entry.networks.get(network) ?? []), call.caller]);
    byHop.set(call.hopIndex, entry);
  }
  const grants: Grant[] = [];
  for (const [, hop] of [...byHop].sort(([a], [b]) => a - b)) {
    for (const [network, callers] of [...hop.networks].sort(([a], [b]) => a.localeCompare(b))) {
      const src = sources(lab, callers, network);
      grants.push({
        why: `${hop.to}: only from its callers (${hop.from} on ${src.hosts.join(", ")})`,
        service: hop.to, protocols: ["tcp"], ports: servicePorts(host, hop.to), networks: [network], sources: src,
      });
    }
  }
  return grants;
}

/** MySQL: the pair's clients on the VIP's network; replication from the peer on the other shared networks. */
function mysqlGrants(lab: ResolvedLab, host: ResolvedHost): Grant[] {
  return lab.mysql.filter((p) => p.master === host.name || p.replica === host.name).flatMap((pair) => {
    const vipNetwork = networkOf(lab, pair.vip)?.name;
    const grants: Grant[] = [];
    if (vipNetwork && interfaceOn(host, vipNetwork)) {
      grants.push({
        why: `mysql ${pair.port}: only the clients of ${pair.name} (${pair.clients.join(", ")})`,
        service: "mysql", protocols: ["tcp"], ports: [pair.port], networks: [vipNetwork], sources: sources(lab, pair.clients, vipNetwork),
      });
    }
    const peer = findHost(lab, pair.master === host.name ? pair.replica : pair.master);
    const shared = sharedNetworks(host, peer);
    const replication = shared.filter((n) => n !== vipNetwork);
    for (const network of replication.length > 0 ? replication : shared) {
      grants.push({
        why: `mysql replication from the peer ${peer.name} (either can be the source after a failover)`,
        service: "mysql", protocols: ["tcp"], ports: [pair.port], networks: [network], sources: sources(lab, [peer.name], network),
      });
    }
    return grants;
  });
}

/** NFS (tcp and udp) and iSCSI from their consumers; ssh for `zfs send | ssh zfs recv` from the peer. */
function storageGrants(lab: ResolvedLab, host: ResolvedHost): Grant[] {
  const grants: Grant[] = [];
  for (const pair of storagePairsOf(lab, host.name)) {
    const nfsPorts = servicePorts(host, "nfs");
    for (const network of uniqueSorted(pair.nfs.map((e) => e.network))) {
      const exports = pair.nfs.filter((e) => e.network === network);
      if (nfsPorts.length === 0 || !interfaceOn(host, network)) continue;
      grants.push({
        why: `nfs (${exports.map((e) => e.path).join(", ")}): rpcbind, nfsd and mountd from the consumers`,
        service: "nfs", protocols: ["tcp", "udp"], ports: nfsPorts, networks: [network],
        sources: sources(lab, exports.flatMap((e) => e.consumers.map((c) => c.host)), network),
      });
    }
    const iscsiPorts = servicePorts(host, "iscsi");
    const targetNetworks = pair.iscsi.map((t) => ({ target: t, network: networkOf(lab, t.server)?.name ?? "" }));
    for (const network of uniqueSorted(targetNetworks.map((t) => t.network))) {
      const targets = targetNetworks.filter((t) => t.network === network).map((t) => t.target);
      if (iscsiPorts.length === 0 || !interfaceOn(host, network)) continue;
      grants.push({
        why: `iscsi (${targets.map((t) => t.name).join(", ")}): from the initiators`,
        service: "iscsi", protocols: ["tcp"], ports: iscsiPorts, networks: [network],
        sources: sources(lab, targets.flatMap((t) => t.consumers.map((c) => c.host)), network),
      });
    }
    const peerName = pair.primary === host.name ? pair.replica : pair.primary;
    const network = networkOf(lab, pair.replicationTarget)?.name;
    if (network && interfaceOn(host, network)) {
      grants.push({
        why: `ssh from the storage peer ${peerName}: zfs send | ssh zfs recv replication`,
        service: "ssh", protocols: ["tcp"], ports: [22], networks: [network], sources: sources(lab, [peerName], network),
      });
    }
  }
  return mergeGrants(grants);
}

/** Grants for one service with the same ports and networks become one grant with all sources. */
function mergeGrants(grants: readonly Grant[]): Grant[] {
  const out: Grant[] = [];
  for (const g of grants) {
    const same = out.findIndex((o) => o.service === g.service && o.ports.join() === g.ports.join() && o.networks.join() === g.networks.join() && o.protocols.join() === g.protocols.join());
    const prev = out[same];
    if (!prev || prev.sources === "any" || g.sources === "any") {
      out.push(g);
      continue;
    }
    out[same] = {
      ...prev,
      why: prev.why === g.why ? prev.why : `${prev.why}; ${g.why}`,
      sources: { hosts: uniqueSorted([...prev.sources.hosts, ...g.sources.hosts]), addresses: uniqueAddresses([...prev.sources.addresses, ...g.sources.addresses]) },
    };
  }
  return out;
}

export function serviceGrants(lab: ResolvedLab, host: ResolvedHost): Grant[] {
  return [...entryGrants(lab, host), ...mergeGrants(hopGrants(lab, host)), ...mysqlGrants(lab, host), ...storageGrants(lab, host)]
    .filter((g) => g.ports.length > 0 && g.networks.length > 0 && (g.sources === "any" || g.sources.addresses.length > 0));
}

/** The role shared by all the hosts, for naming their table (<app_hosts>). */
export function commonRole(lab: ResolvedLab, hosts: readonly string[]): Role | undefined {
  const roles = new Set(hosts.map((h) => findHost(lab, h).role));
  return roles.size === 1 ? [...roles][0] : undefined;
}
