// The generated hooks as the simulator runs them (src/generate/services/mysql-scripts.ts).
// mysql-promote.sh: a replica stops its IO thread, drains the relay log polling once a second for at
// most 30 s, STOP REPLICA, RESET REPLICA ALL / RESET SLAVE; a server that is no replica checks its
// peer first: a peer that answers writable while no replica reads from here was promoted while this server was
// away, so this one stays read-only, follows the peer (GTID auto-position; 5.1 waits for a rebuild)
// and hands the VIP back (advskew 240), exit 1. Otherwise: PERSIST_ONLY read_only (14.2), read_only
// OFF, the configured advskew again. mysql-fence.sh: read_only ON (super_read_only ON on 14.2); a
// fenced server that replicates from nobody follows a writable peer (14.2).

import { PEER_CONNECT_TIMEOUT_S } from "../../generate/services/mysql-scripts.js";
import { seconds } from "../engine/time.js";
import type { MysqlCluster } from "./cluster.js";
import { relayDrained } from "./replica-status.js";
import type { HookResult } from "./types.js";

/** The promote script's drain bound: `[ "$waited" -ge 30 ]` with `sleep 1`. */
export const DRAIN_POLLS = 30;

type Finish = (status: 0 | 1, message: string, extra?: Record<string, unknown>) => void;

export function runPromote(cluster: MysqlCluster, host: string, done: (result: HookResult) => void): void {
  const { engine } = cluster;
  const server = cluster.server(host);
  const finish: Finish = (status, message, extra = {}) => {
    engine.emit({ type: "mysql.promote", host, status, message, ...extra });
    done({ status, message });
  };
  // A hung mysqld takes the connection and never answers: the script's first query blocks.
  if (server.state === "hung") return finish(1, "mysqld not answering (hung): the script waits on it, nothing changes");
  if (!server.running) return finish(1, "mysqld unreachable: not promoted");
  const channel = server.channel;
  if (channel) return drainThenPromote(cluster, host, finish);
  const peer = cluster.peersOf(host)[0];
  if (peer === undefined) return promoteNow(cluster, host, finish, {});
  const answer = cluster.hostHooks.peerAnswer(host, peer);
  if (answer === "answers" && peerAhead(cluster, host, peer) && !cluster.hasConnectedReplica(host)) return refuseStale(cluster, host, peer, finish);
  if (answer === "answers" || answer === "refused") return promoteNow(cluster, host, finish, { peer: answer });
  // mysql --connect-timeout: the script waits for the silent peer, then counts it as away.
  engine.after(seconds(PEER_CONNECT_TIMEOUT_S), () => {
    if (!server.running) return finish(1, "mysqld unreachable: not promoted");
    promoteNow(cluster, host, finish, { peer: `no answer within ${PEER_CONNECT_TIMEOUT_S} s` });
  });
}

/**
 * The generated script's peer_ahead(): on 14.2 the peer holds transactions this server lacks
 * (GTID_SUBSET of its gtid_executed in ours is 0), which also tells the cluster's first start (both
 * empty) from a return after a failover; 5.1 has no GTIDs, so a writable peer counts as ahead.
 */
function peerAhead(cluster: MysqlCluster, host: string, peer: string): boolean {
  if (cluster.options.release === "8.1") return !cluster.server(peer).readOnly;
  return !cluster.server(peer).gtidExecuted.isSubsetOf(cluster.server(host).gtidExecuted);
}

function drainThenPromote(cluster: MysqlCluster, host: string, finish: Finish): void {
  const { engine, options } = cluster;
  const server = cluster.server(host);
  const channel = server.channel!;
  channel.stop("io", "STOP REPLICA IO_THREAD");
  let waited = 0;
  const poll = (): void => {
    if (!server.running) return finish(1, "mysqld unreachable while draining: not promoted");
    const status = cluster.showReplicaStatus(host);
    let note: string;
    if (!status || channel.sql !== "Yes") note = "SQL thread stopped; promoting with what it applied";
    else if (relayDrained(status, options.release)) note = "relay log drained";
    else if (waited >= DRAIN_POLLS) note = `relay log not drained after ${DRAIN_POLLS} s: promoting anyway, the rest is lost`;
    else {
      waited++;
      engine.after(seconds(1), poll);
      return;
    }
    channel.stop("both", "STOP REPLICA");
    channel.reset();
    // RESET REPLICA ALL drops the channel; 5.1's RESET SLAVE keeps the connection settings.
    if (options.release === "14.2") server.channel = undefined;
    promoteNow(cluster, host, finish, { drained: note, waitedS: waited, from: channel.source });
  };
  poll();
}

/** The script's tail: everything the others committed and this server lacks is lost; writable. */
function promoteNow(cluster: MysqlCluster, host: string, finish: Finish, extra: Record<string, unknown>): void {
  const lost = cluster.settlePromotion(host);
  const server = cluster.server(host);
  if (cluster.options.release === "14.2") {
    server.persistedReadOnly = true;
    cluster.setSuperReadOnly(host, false, "mysql-promote");
  }
  cluster.setReadOnly(host, false, "mysql-promote");
  cluster.hostHooks.setAdvskew(host, "configured");
  finish(0, "promoted: writable master", { lost, ...extra });
}

function refuseStale(cluster: MysqlCluster, host: string, peer: string, finish: Finish): void {
  const release = cluster.options.release;
  if (release === "14.2") cluster.setSuperReadOnly(host, true, "mysql-promote: stale data");
  else cluster.setReadOnly(host, true, "mysql-promote: stale data");
  let follow = `not re-pointed: MySQL 5.1 has no GTIDs, rebuild it from ${peer}`;
  let errant = 0;
  if (release === "14.2") {
    errant = cluster.changeSource(host, peer).errant;
    follow = `following ${peer} (GTID auto-position)`;
  }
  cluster.hostHooks.setAdvskew(host, "handback");
  finish(1, `stale: ${peer} was promoted while this server was away; ${follow}; VIP handed back`, { peer, errant });
}

export function runFence(cluster: MysqlCluster, host: string, done: (result: HookResult) => void): void {
  const { engine, options } = cluster;
  const server = cluster.server(host);
  const finish = (status: 0 | 1, message: string): void => {
    engine.emit({ type: "mysql.fence", host, status, message });
    done({ status, message });
  };
  if (server.state === "hung") return finish(1, "mysqld not answering (hung): the script waits on it, nothing changes");
  if (!server.running) return finish(1, "mysqld unreachable: not fenced (it starts writable if it is the master of my.cnf)");
  if (options.release === "14.2") cluster.setSuperReadOnly(host, true, "mysql-fence");
  cluster.setReadOnly(host, true, "mysql-fence");
  const peer = cluster.peersOf(host)[0];
  const writablePeer = peer !== undefined && !server.channel && cluster.hostHooks.peerAnswer(host, peer) === "answers" && !cluster.server(peer).readOnly;
  if (!writablePeer) return finish(0, "fenced: read-only");
  if (options.release === "8.1") return finish(0, `fenced: read-only; ${peer} is the writable master, rebuild this server from it`);
  cluster.changeSource(host, peer);
  finish(0, `fenced: read-only; following ${peer}, the writable master`);
}
