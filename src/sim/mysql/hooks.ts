// The generated hooks as the simulator runs them: mysql-promote.sh (stop the IO thread, drain the
// relay log polling once a second for at most 30 s, STOP REPLICA, RESET REPLICA ALL / RESET SLAVE,
// super_read_only and read_only OFF) and mysql-fence.sh (read_only ON, super_read_only ON on 14.2).

import { seconds } from "../engine/time.js";
import type { MysqlCluster } from "./cluster.js";
import { relayDrained } from "./replica-status.js";
import type { HookResult } from "./types.js";

/** The promote script's drain bound: `[ "$waited" -ge 30 ]` with `sleep 1`. */
export const DRAIN_POLLS = 30;

export function runPromote(cluster: MysqlCluster, host: string, done: (result: HookResult) => void): void {
  const { engine, options } = cluster;
  const server = cluster.server(host);
  const finish = (status: 0 | 1, message: string, extra: Record<string, unknown> = {}): void => {
    engine.emit({ type: "mysql.promote", host, status, message, ...extra });
    done({ status, message });
  };
  if (!server.running) return finish(1, "mysqld unreachable: not promoted");
  const makeWritable = (status: 0, message: string, extra: Record<string, unknown>): void => {
    if (options.release === "14.2") cluster.setSuperReadOnly(host, false, "mysql-promote");
    cluster.setReadOnly(host, false, "mysql-promote");
    finish(status, message, extra);
  };
  const channel = server.channel;
  if (!channel) return makeWritable(0, "promoted: writable master", {});
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
    // Everything of the old source this server has not applied is gone with the relay log.
    const oldSource = cluster.server(channel.source);
    const missing = oldSource.binlog.retained().filter((e) => e.seq > channel.execSeq && !server.gtidExecuted.has(e.origin, e.gno));
    const lost = cluster.loseEvents(channel.source, missing, `${host} promoted`);
    oldSource.orphanedBy = host;
    channel.reset();
    // RESET REPLICA ALL drops the channel; 5.1's RESET SLAVE keeps the connection settings.
    if (options.release === "14.2") server.channel = undefined;
    makeWritable(0, "promoted: writable master", { drained: note, waitedS: waited, lost, from: channel.source });
  };
  poll();
}

export function runFence(cluster: MysqlCluster, host: string, done: (result: HookResult) => void): void {
  const { engine, options } = cluster;
  const server = cluster.server(host);
  const finish = (status: 0 | 1, message: string): void => {
    engine.emit({ type: "mysql.fence", host, status, message });
    done({ status, message });
  };
  if (!server.running) return finish(1, "mysqld unreachable: not fenced (it starts writable if it is the master of my.cnf)");
  if (options.release === "14.2") cluster.setSuperReadOnly(host, true, "mysql-fence");
  cluster.setReadOnly(host, true, "mysql-fence");
  finish(0, "fenced: read-only");
}
