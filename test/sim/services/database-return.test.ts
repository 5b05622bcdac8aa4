// The old master comes back after a failover. CARP preempt gives db01 the VIP back at rc's netif, but
// its data is stale: on 14.2 mysqld starts fenced (the promote script persisted read_only in
// mysqld-auto.cnf), mysql-promote.sh sees db02 answer while no replica reads from db01, refuses,
// re-points db01 at db02 (GTID auto-position, errant transactions reported) and hands the VIP back
// with advskew 240. On 8.1 (MySQL 5.1: no SET PERSIST, no GTIDs) db01 starts writable as its my.cnf
// says and takes writes on stale data until ifstated runs the same refusal; it is not re-pointed.
import { describe, expect, it } from "vitest";
import type { Release } from "../../../src/model/types.js";
import { commitAtUs, dbRig, firstEvent, S } from "./database-support.js";

function returnOfOldMaster(release: Release) {
  const rig = dbRig(release);
  rig.writeLoad("app01", 30 * S, 20_000, 140 * S);
  const offUs = commitAtUs(60 * S) + 50;
  const onUs = 80 * S;
  rig.engine.at(offUs, () => rig.world.powerOff("db01"));
  rig.engine.at(onUs, () => rig.world.powerOn("db01"));
  rig.engine.runUntil(150 * S);
  const { events, world } = rig;
  const preemptUs = firstEvent(events, onUs, (e) => e.type === "arp.owner" && e["group"] === "mysql" && e["host"] === "db01").t;
  const startUs = firstEvent(events, onUs, (e) => e.type === "mysql.state" && e["host"] === "db01" && e["to"] === "running").t;
  const refusal = firstEvent(events, onUs, (e) => e.type === "mysql.promote" && e["host"] === "db01");
  const backUs = firstEvent(events, refusal.t, (e) => e.type === "arp.owner" && e["group"] === "mysql" && e["host"] === "db02").t;
  const rewritableUs = firstEvent(events, refusal.t, (e) => e.type === "mysql.readonly" && e["host"] === "db02" && e["readOnly"] === false).t;
  // rc's stages after power-on: netif (CARP), services running, ifstated last.
  expect(startUs).toBe(onUs + world.timings.servicesRunningUs);
  expect(refusal.t).toBe(onUs + world.timings.ifstatedUs);
  // db01 comes up BACKUP at netif and preempts at db02's next advertisement (advbase 1 s + 100/256 s):
  // with this power-on time, before its mysqld is up.
  expect(preemptUs).toBeGreaterThanOrEqual(onUs + world.timings.networkUs);
  expect(preemptUs).toBeLessThan(startUs);
  expect(backUs).toBeGreaterThan(refusal.t);
  return { rig, offUs, onUs, preemptUs, startUs, refusal, backUs, rewritableUs };
}

describe("the old master returns after a failover", () => {
  it("14.2: starts fenced, refuses to promote stale data, follows db02 and hands the VIP back; never two writers", () => {
    const { rig, offUs, preemptUs, startUs, refusal, backUs, rewritableUs } = returnOfOldMaster("14.2");
    const { events, plane, writes } = rig;
    // mysqld-auto.cnf (SET PERSIST_ONLY at db01's promotion at boot) wins over my.cnf, which has no read_only for the master.
    expect(firstEvent(events, startUs, (e) => e.type === "mysql.readonly" && e["host"] === "db01")).toMatchObject({
      t: startUs, readOnly: true, superReadOnly: true, reason: "mysqld-auto.cnf at startup",
    });
    expect(events.filter((e) => e.t > offUs && e.type === "mysql.readonly" && e["host"] === "db01" && e["readOnly"] === false)).toEqual([]);
    const summary = plane.summary()[0]!;
    expect(refusal).toMatchObject({ status: 1, peer: "db02", errant: summary.writes.lost });
    expect(refusal["message"]).toMatch(/^stale: db02 was promoted while this server was away; following db02/);
    expect(firstEvent(events, offUs, (e) => e.type === "mysql.errant")).toMatchObject({ host: "db01", source: "db02", count: 1 });
    // db02's ifstated sees MASTER again at its next 1 s poll and promotes: db01 now reads from it.
    expect(rewritableUs).toBe(Math.ceil(backUs / S) * S);
    expect(summary.promotions.at(-1)).toEqual({ atS: rewritableUs / S, host: "db02", ok: true, message: "promoted: writable master" });
    expect(rig.world.vipOwner("mysql")).toBe("db02");
    const [db01, db02] = plane.view()[0]!.servers;
    expect(db01).toMatchObject({ host: "db01", role: "replica", readOnly: true, superReadOnly: true, io: "Yes", sql: "Yes", secondsBehind: 0, source: "db02" });
    expect(db02).toMatchObject({ host: "db02", role: "source", readOnly: false });
    const cluster = plane.cluster("plone");
    expect(cluster.server("db01").gtidExecuted.last("db02")).toBe(cluster.server("db02").gtidExecuted.last("db02"));
    expect(cluster.server("db01").gtidExecuted.last("db02")).toBeGreaterThan(2000);
    // Nothing more was lost, and no moment had two writable servers.
    expect(summary.writes.lost).toBe(1);
    expect(summary.checker).toEqual({ ok: true, violations: [] });
    // The writes of the return: refused while db01 holds the VIP without mysqld, read-only until db02 is writable again.
    for (const w of writes.filter((x) => x.t0 >= preemptUs)) {
      const tc = commitAtUs(w.t0);
      const want = w.t0 < startUs ? "connection refused" : w.t0 < backUs || tc < rewritableUs ? "database read-only" : undefined;
      if (want) expect(w.result, `write at ${w.t0}`).toMatchObject({ ok: false, cause: want });
      else expect(w.result, `write at ${w.t0}`).toMatchObject({ ok: true });
    }
    const window = writes.filter((x) => x.t0 >= preemptUs && x.result && !x.result.ok);
    expect(window.filter((x) => x.result!.cause === "connection refused").length).toBeGreaterThan(0);
    expect(window.filter((x) => x.result!.cause === "database read-only").length).toBeGreaterThan(0);
  });

  it("8.1: without GTIDs db01 cannot tell it is behind once db02 has fenced itself: it is promoted, and db02's writes since the failover are lost and counted", () => {
    const rig = dbRig("8.1");
    rig.writeLoad("app01", 30 * S, 20_000, 140 * S);
    const offUs = commitAtUs(60 * S) + 50;
    rig.engine.at(offUs, () => rig.world.powerOff("db01"));
    rig.engine.at(80 * S, () => rig.world.powerOn("db01"));
    rig.engine.runUntil(150 * S);
    const { events, plane } = rig;
    const db02Promote = firstEvent(events, offUs, (e) => e.type === "mysql.promote" && e["host"] === "db02");
    // 8.1 preempts at once (carp0 INIT -> MASTER); db02's ifstated fences it at the carp0 link change,
    // before db01's ifstated runs mysql-promote.sh: the peer check then sees a read-only db02.
    const fence = firstEvent(events, db02Promote.t, (e) => e.type === "mysql.fence" && e["host"] === "db02");
    const db01Promote = firstEvent(events, 80 * S, (e) => e.type === "mysql.promote" && e["host"] === "db01");
    expect(fence.t).toBeLessThan(db01Promote.t);
    expect(db01Promote).toMatchObject({ status: 0, message: "promoted: writable master" });
    const summary = plane.summary()[0]!;
    // Everything db02 committed after its promotion is gone with db01's promotion (plus the one write
    // db02 never fetched at the power-off), and the ledger's ranges hold exactly that many ids.
    const committedOnDb02 = rig.writes.filter((w) => w.result?.ok && w.t0 > db02Promote.t && w.t0 < fence.t).length;
    expect(summary.writes.lost).toBeGreaterThanOrEqual(committedOnDb02);
    expect(summary.lostRanges.reduce((n, r) => n + r.to - r.from + 1, 0)).toBe(summary.writes.lost);
    expect(summary.checker.ok).toBe(true);
    const [db01, db02] = plane.view()[0]!.servers;
    expect(db01).toMatchObject({ host: "db01", role: "source", readOnly: false });
    expect(db02).toMatchObject({ host: "db02", role: "fenced", readOnly: true });
  });
});
