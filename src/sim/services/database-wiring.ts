// Ties the MySQL pairs to the simulated world: replication runs over the pair's replication network
// as the world routes and filters it, mysqld follows the host's power and the service's state, the
// generated ifstated.conf's mysql-promote / mysql-fence hooks run the model's scripts, and their CARP
// hand-back runs through the command layer.

import { carpAdvskewCommand, configuredAdvskew, HANDBACK_ADVSKEW } from "../../generate/services/mysql-scripts.js";
import { replicationAddress, replicationNetwork } from "../../generate/services/mysql-topology.js";
import type { ResolvedLab, ResolvedMysqlPair } from "../../model/types.js";
import { runCommand } from "../commands/run-command.js";
import type { Engine } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";
import type { MysqlCluster, MysqlHostHooks, PeerAnswer } from "../mysql/index.js";
import type { World, WorldChange } from "../world/world.js";
import { transitUs } from "./database-timing.js";
import { failureOf, ProbeCache } from "./probe-cache.js";

/** Where each db host replicates: its address and network, by host name. */
export interface ReplicationPlan {
  readonly address: ReadonlyMap<string, string>;
  readonly network: ReadonlyMap<string, string>;
  readonly port: ReadonlyMap<string, number>;
}

export function planReplication(lab: ResolvedLab): ReplicationPlan {
  const address = new Map<string, string>();
  const network = new Map<string, string>();
  const port = new Map<string, number>();
  for (const pair of lab.mysql) {
    const net = replicationNetwork(lab, pair);
    for (const host of [pair.master, pair.replica]) {
      address.set(host, replicationAddress(lab, pair, host));
      network.set(host, net);
      port.set(host, pair.port);
    }
  }
  return { address, network, port };
}

/**
 * Can a packet of the replication connection go from `from` to `to` now? The world's connection check
 * to `to`'s mysqld port on the replication network: power, links, partitions, one-way cuts, total loss
 * and pf. A refusal (nothing listening) still means the network carries the packet.
 */
export function replicationReachability(probes: ProbeCache, plan: ReplicationPlan): (from: string, to: string) => boolean {
  return (from, to) => {
    const address = plan.address.get(to);
    if (address === undefined) return false;
    const r = probes.probe(from, address, plan.port.get(to) ?? 3306);
    return r.ok || failureOf(r) === "refused";
  };
}

/** One-way latency between two db hosts: the replication network's segment now. */
export function replicationLatency(world: World, plan: ReplicationPlan): (from: string, to: string) => Micros {
  return (from) => transitUs(world, plan.network.get(from));
}

/** The scripts' peer check (peer_sql as the replication user) and `ifconfig ... advskew` on the host. */
export function hostHooksFor(world: World, lab: ResolvedLab, pair: ResolvedMysqlPair, cluster: MysqlCluster, probes: ProbeCache, plan: ReplicationPlan): MysqlHostHooks {
  return {
    peerAnswer(host: string, peer: string): PeerAnswer {
      const address = plan.address.get(peer);
      if (address === undefined) return "no-answer";
      const r = probes.probe(host, address, pair.port);
      if (!r.ok) return failureOf(r) === "refused" ? "refused" : "no-answer";
      const state = cluster.server(peer).state;
      if (r.hung || state === "hung") return "no-answer";
      return state === "running" ? "answers" : "refused";
    },
    setAdvskew(host: string, to: "handback" | "configured"): void {
      const advskew = to === "handback" ? HANDBACK_ADVSKEW : configuredAdvskew(lab, pair, host);
      const command = advskew === undefined ? undefined : carpAdvskewCommand(lab, pair, host, advskew);
      if (command === undefined) return;
      const result = runCommand(command, world.host(host));
      if (result.status !== 0) world.engine.emit({ type: "mysql.error", host, command, message: result.error ?? `exit ${result.status}` });
    },
  };
}

/**
 * mysqld follows the world: the service's state and the host's power. Changes are read one event
 * later because a power-off stops the services before the host is marked off: read together, a
 * power loss is an unclean crash (no reset reaches the replicas), not a clean stop.
 */
export function followProcesses(world: World, engine: Engine, clusterOf: (host: string) => MysqlCluster | undefined): () => void {
  const sync = (host: string, initial = false): void => {
    const cluster = clusterOf(host);
    if (!cluster) return;
    const h = world.host(host);
    const state = h.services.get("mysql")?.state ?? "stopped";
    // Before the lab is switched on, mysqld is simply not running yet (nothing crashed).
    if (h.state === "off") return initial ? cluster.stop(host, "host not switched on yet") : cluster.crash(host, "power off");
    if (state === "running") return cluster.start(host, "service running");
    if (state === "hung") return cluster.hang(host, "service hung");
    if (state === "crashed") return cluster.crash(host, "service crashed");
    cluster.stop(host, state === "starting" ? "not started yet" : "service stopped");
  };
  const stop = world.watch((change: WorldChange) => {
    if (change.type === "service" && change.service !== "mysql") return;
    if (!clusterOf(change.host)) return;
    engine.after(0, () => sync(change.host));
  });
  for (const h of world.hosts()) if (clusterOf(h.hostName)) sync(h.hostName, true);
  return stop;
}
