// What a MySQL pair looks like to `lab status`, the console and the run summary: each server's role,
// replica threads and Seconds_Behind_Source; the write accounting, the lost ids, replica lag, the
// promotions and the two-writers checker's verdict.

import { US_PER_S, type Micros } from "../engine/time.js";
import { secondsBehindSource, type MysqlCluster } from "../mysql/index.js";
import type { DbPairSummary, DbPairView, DbServerView } from "./types.js";

export interface PromotionRecord {
  readonly atS: number;
  readonly host: string;
  readonly ok: boolean;
  readonly message: string;
}

function seconds(us: Micros): number {
  return us / US_PER_S;
}

/** The largest Seconds_Behind_Source among the pair's replicas now (null: no replica, or every one prints NULL). */
export function pairLagS(cluster: MysqlCluster, nowUs: Micros): number | null {
  let worst: number | null = null;
  for (const host of cluster.hosts()) {
    const ch = cluster.server(host).channel;
    if (!ch) continue;
    const s = secondsBehindSource(ch, nowUs);
    if (s !== null && (worst === null || s > worst)) worst = s;
  }
  return worst;
}

function serverView(cluster: MysqlCluster, host: string, nowUs: Micros): DbServerView {
  const s = cluster.server(host);
  const ch = s.channel;
  // A 5.1 channel after RESET SLAVE keeps its row but replicates nothing.
  const replicating = ch !== undefined && (ch.io !== "No" || ch.sql !== "No" || ch.readPos.file !== "");
  const role = !s.running ? "down" : s.writable ? "source" : replicating ? "replica" : "fenced";
  const position = s.binlog.position;
  return {
    host, process: s.state, role, readOnly: s.readOnly, superReadOnly: s.superReadOnly,
    ...(ch && replicating ? { io: ch.io, sql: ch.sql, secondsBehind: secondsBehindSource(ch, nowUs), source: ch.source } : {}),
    binlogPosition: `${position.file}:${position.pos}`,
  };
}

export function pairView(name: string, vip: string, cluster: MysqlCluster, nowUs: Micros): DbPairView {
  return { pair: name, vip, semiSync: cluster.semiSyncAvailable, servers: cluster.hosts().map((h) => serverView(cluster, h, nowUs)) };
}

function checkerOf(cluster: MysqlCluster): DbPairSummary["checker"] {
  const verdict = cluster.checker.verdict();
  const violations = verdict.overlaps.map((o) => {
    const writers = Object.keys(o.writes).sort();
    const writes = writers.map((h) => `${h} ${o.writes[h] ?? 0}`).join(", ");
    const what = writers.length > 1 ? `split brain: writes accepted by two masters (${writes})` : writers.length === 1 ? `writes accepted: ${writes}` : "no write reached either";
    return { startS: seconds(o.fromUs), endS: o.toUs === null ? null : seconds(o.toUs), message: `${o.hosts.join(" and ")} writable at once; ${what}` };
  });
  return { ok: verdict.ok, violations };
}

export function pairSummary(name: string, cluster: MysqlCluster, lag: { maxS: number }, promotions: readonly PromotionRecord[], nowUs: Micros): DbPairSummary {
  const w = cluster.writes();
  return {
    pair: name,
    semiSync: cluster.semiSyncAvailable,
    writes: {
      attempted: w.attempted, committed: w.committed, rejected: w.rejected, replicated: w.replicated, applied: w.applied,
      lost: w.lost, lostAcknowledged: w.lostAcknowledged, notYetFetched: w.notYetFetched, rejectedByCause: w.rejectedByCause,
    },
    lostRanges: cluster.lostRanges().map(([from, to]) => ({ from, to })),
    maxReplicaLagS: lag.maxS,
    finalReplicaLagS: pairLagS(cluster, nowUs),
    promotions: [...promotions],
    checker: checkerOf(cluster),
  };
}
