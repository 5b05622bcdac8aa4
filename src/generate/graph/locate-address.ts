// Maps an address seen in the lab (upstream, NFS server) to the graph node that owns it.

import type { ResolvedLab } from "../../model/types.js";
import { hostId, vipId } from "./graph-types.js";

export function isLoopback(address: string): boolean {
  return address.startsWith("127.");
}

/** The VIP or host node id owning `address`; undefined for loopback or unknown addresses. */
export function findNodeAtAddress(lab: ResolvedLab, address: string): string | undefined {
  if (isLoopback(address)) return undefined;
  const vip = lab.carp.find((c) => c.address === address);
  if (vip) return vipId(vip.name);
  const host = lab.hosts.find((h) => h.interfaces.some((i) => i.address === address));
  return host ? hostId(host.name) : undefined;
}
