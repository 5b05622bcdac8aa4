// Lookups the host network files share: a host's interface and address on a network, the network an
// address lies in, the carpN name of a CARP membership on 8.1, the pfsync link and peer.

import type { Cidr } from "../../lib/ipv4.js";
import { contains, parseCidr, parseIpv4 } from "../../lib/ipv4.js";
import type {
  ResolvedCarpMembership, ResolvedHost, ResolvedInterface, ResolvedLab, ResolvedNetwork, ServiceKind,
} from "../../model/types.js";

interface LabLookup {
  readonly hosts: ReadonlyMap<string, ResolvedHost>;
  readonly networks: readonly { readonly network: ResolvedNetwork; readonly cidr: Cidr }[];
  readonly networkByAddress: Map<string, ResolvedNetwork | undefined>;
  readonly pfsyncHosts: readonly ResolvedHost[];
  readonly syncNetworks: ReadonlySet<string>;
}

// Why: a 1,000-host lab asks these questions millions of times; the answers are computed once per lab.
const lookups = new WeakMap<ResolvedLab, LabLookup>();

function lookup(lab: ResolvedLab): LabLookup {
  let l = lookups.get(lab);
  if (!l) {
    l = {
      hosts: new Map(lab.hosts.map((h) => [h.name, h])),
      networks: lab.networks.flatMap((network) => {
        const cidr = parseCidr(network.cidr);
        return cidr ? [{ network, cidr }] : [];
      }),
      networkByAddress: new Map(),
      pfsyncHosts: lab.hosts.filter((h) => runsService(h, "pfsync")),
      syncNetworks: new Set(lab.networks.filter((n) => n.kind === "sync").map((n) => n.name)),
    };
    lookups.set(lab, l);
  }
  return l;
}

export function findHost(lab: ResolvedLab, name: string): ResolvedHost {
  const host = lookup(lab).hosts.get(name);
  if (!host) throw new Error(`no host ${name} in the lab`);
  return host;
}

export function runsService(host: ResolvedHost, kind: ServiceKind): boolean {
  return host.services.some((s) => s.kind === kind);
}

export function interfaceOn(host: ResolvedHost, network: string): ResolvedInterface | undefined {
  return host.interfaces.find((i) => i.network === network);
}

export function addressOn(lab: ResolvedLab, hostName: string, network: string): string | undefined {
  return interfaceOn(findHost(lab, hostName), network)?.address;
}

/** The lab network an address lies in (a host address or a VIP). */
export function networkOf(lab: ResolvedLab, address: string): ResolvedNetwork | undefined {
  const l = lookup(lab);
  if (l.networkByAddress.has(address)) return l.networkByAddress.get(address);
  const a = parseIpv4(address);
  const found = a === undefined ? undefined : l.networks.find((n) => contains(n.cidr, a))?.network;
  l.networkByAddress.set(address, found);
  return found;
}

/** Networks both hosts have an interface on, in the first host's interface order. */
export function sharedNetworks(a: ResolvedHost, b: ResolvedHost): string[] {
  return a.interfaces.map((i) => i.network).filter((n) => interfaceOn(b, n) !== undefined);
}

/** FreeBSD 8.1 names CARP pseudo-interfaces carp0, carp1... in the order of the host's memberships. */
export function carpInterface81(host: ResolvedHost, membership: ResolvedCarpMembership): string {
  const index = host.carp.findIndex((m) => m.group === membership.group);
  return `carp${index < 0 ? 0 : index}`;
}

/** The interface that carries the host's pfsync traffic: its interface on a network of kind sync. */
export function syncInterface(lab: ResolvedLab, host: ResolvedHost): ResolvedInterface | undefined {
  const sync = lookup(lab).syncNetworks;
  return host.interfaces.find((i) => sync.has(i.network));
}

/** The other pfsync host on the same sync network (pfsync_syncpeer), when there is exactly one. */
export function pfsyncPeer(lab: ResolvedLab, host: ResolvedHost): { host: string; address: string } | undefined {
  const own = syncInterface(lab, host);
  if (!own) return undefined;
  const peers = lookup(lab).pfsyncHosts
    .filter((h) => h.name !== host.name)
    .map((h) => ({ host: h.name, address: interfaceOn(h, own.network)?.address }))
    .filter((p): p is { host: string; address: string } => p.address !== undefined);
  return peers.length === 1 ? peers[0] : undefined;
}

/** pf macro name for the interface on a network: "public" -> public_if ("-" is not allowed in macro names). */
export function interfaceMacro(network: string): string {
  return `${network.replace(/-/g, "_")}_if`;
}
