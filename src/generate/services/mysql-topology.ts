// The replication facts of a db host: its pair and role, its server_id, the network replication runs
// on and the addresses grants are limited to.

import type { ResolvedLab, ResolvedMysqlPair } from "../../model/types.js";
import { addressOn, hostNamed } from "./lookup.js";

export type MysqlRole = "master" | "replica" | "standalone";

export interface MysqlPlacement {
  readonly role: MysqlRole;
  readonly serverId: number;
  readonly pair?: ResolvedMysqlPair;
}

export function mysqlPlacement(lab: ResolvedLab, host: string): MysqlPlacement {
  const pair = lab.mysql.find((p) => p.master === host || p.replica === host);
  if (!pair) return { role: "standalone", serverId: 1 };
  const role = pair.master === host ? "master" : "replica";
  return { role, pair, serverId: pair.serverIds[host] ?? (role === "master" ? 1 : 2) };
}

/** The CARP group's network: where the VIP lives and clients connect from. */
export function vipNetwork(lab: ResolvedLab, pair: ResolvedMysqlPair): string | undefined {
  return lab.carp.find((g) => g.name === pair.carp)?.network;
}

/**
 * The network replication runs on: one both hosts are on, preferring one other than the VIP's (the
 * reference lab's dedicated "db" segment), by name for a stable pick.
 */
export function replicationNetwork(lab: ResolvedLab, pair: ResolvedMysqlPair): string {
  const master = hostNamed(lab, pair.master);
  const replica = hostNamed(lab, pair.replica);
  const shared = (master?.interfaces ?? [])
    .map((i) => i.network)
    .filter((n) => replica?.interfaces.some((r) => r.network === n))
    .sort();
  const vip = vipNetwork(lab, pair);
  const pick = shared.find((n) => n !== vip) ?? shared[0];
  if (!pick) throw new Error(`mysql pair ${pair.name}: ${pair.master} and ${pair.replica} share no network to replicate over`);
  return pick;
}

/** A pair member's address on the replication network. */
export function replicationAddress(lab: ResolvedLab, pair: ResolvedMysqlPair, host: string): string {
  const net = replicationNetwork(lab, pair);
  const member = hostNamed(lab, host);
  const address = member ? addressOn(member, net) : undefined;
  if (!address) throw new Error(`mysql pair ${pair.name}: ${host} has no address on ${net}`);
  return address;
}

/**
 * Addresses the app user may connect from: each client host's address on the VIP's network (the
 * source address of a connection to the VIP), or all its addresses when it has none there.
 */
export function clientAddresses(lab: ResolvedLab, pair: ResolvedMysqlPair): string[] {
  const net = vipNetwork(lab, pair);
  const out: string[] = [];
  for (const name of pair.clients) {
    const host = hostNamed(lab, name);
    if (!host) continue;
    const onVip = net ? addressOn(host, net) : undefined;
    out.push(...(onVip ? [onVip] : host.interfaces.map((i) => i.address)));
  }
  return [...new Set(out)];
}

/** The pair whose VIP a zope host reaches (hop zope -> mysql), by address and port. */
export function pairAt(lab: ResolvedLab, address: string, port: number): ResolvedMysqlPair | undefined {
  return lab.mysql.find((p) => p.vip === address && p.port === port);
}
