// mysqld's process and the replica threads under faults: mysql-crash on the master (the generated
// ifstated.conf watches CARP only, so nothing fails over), a hung master, and STOP/START REPLICA with
// Seconds_Behind_Source as the server computes it (NULL while stopped, the age of the event being
// applied while catching up, blind to what the IO thread has not fetched).
import { describe, expect, it } from "vitest";
import { IFSTATED_CONF } from "../../../src/generate/paths.js";
import { replicationNetwork } from "../../../src/generate/services/mysql-topology.js";
import { defaultMysqlOptions } from "../../../src/sim/mysql/index.js";
import { CLIENT_TIMEOUT_US } from "../../../src/sim/services/database-timing.js";
import type { QueryResult } from "../../../src/sim/services/database.js";
import { referenceLab } from "../../support/reference-lab.js";
import { commitAtUs, dbRig, firstEvent, ONE_WAY_US, S } from "./database-support.js";

const DB_NETWORK = replicationNetwork(referenceLab("14.2"), referenceLab("14.2").mysql[0]!);
const CONNECT_RETRY_US = defaultMysqlOptions("14.2", () => true).connectRetryS * S;
const APPLY_US = S / defaultMysqlOptions("14.2", () => true).applyRatePerS;

function read(rig: ReturnType<typeof dbRig>, from = "app02"): QueryResult[] {
  const out: QueryResult[] = [];
  rig.plane.query("plone", from, "read", (r) => out.push(r));
  return out;
}

describe("mysql-crash on the master while its host stays up", () => {
  it("fails over: ifstated sees port 3306 closed within its 1 s check and demotes CARP, db02 takes the VIP and is promoted; the restarted db01 stays demoted and follows db02", () => {
    const rig = dbRig("14.2");
    const { engine, world, plane, events, writes } = rig;
    expect(world.host("db01").file(IFSTATED_CONF)).toMatch(/"\/usr\/local\/libexec\/lab\/check-port\.sh 3306" every 1/);
    rig.writeLoad("app01", 30 * S, 20_000, 160 * S);
    const crashUs = commitAtUs(60 * S) + 50;
    const restartUs = 90 * S;
    engine.at(crashUs, () => world.setService("db01", "mysql", "crashed"));
    engine.at(restartUs, () => world.setService("db01", "mysql", "running"));
    engine.runUntil(170 * S);

    // Demoted at the first check after the crash (every 1 s), then db02 (preempt on) takes the VIP.
    const demote = firstEvent(events, crashUs, (e) => e.type === "ifstated.run" && e["host"] === "db01" && e["command"] === "sysctl net.inet.carp.demotion=240");
    expect(demote.t - crashUs).toBeGreaterThan(0);
    expect(demote.t - crashUs).toBeLessThanOrEqual(1 * S);
    const takeover = firstEvent(events, crashUs, (e) => e.type === "arp.owner" && e["group"] === "mysql" && e["host"] === "db02");
    expect(takeover.t).toBeGreaterThanOrEqual(demote.t);
    expect(takeover.t - demote.t).toBeLessThanOrEqual(2 * S);
    const promoted = firstEvent(events, takeover.t, (e) => e.type === "mysql.promote" && e["host"] === "db02");
    expect(promoted).toMatchObject({ status: 0, message: "promoted: writable master" });
    // Writes: refused while db01 holds the VIP with mysqld dead, then served by db02 once promoted.
    for (const w of writes.filter((x) => x.t0 > crashUs && x.t0 < takeover.t)) expect(w.result, `write at ${w.t0}`).toMatchObject({ ok: false });
    const afterPromotion = writes.filter((x) => x.t0 > promoted.t + S && x.t0 < restartUs);
    expect(afterPromotion.length).toBeGreaterThan(0);
    expect(afterPromotion.every((w) => w.result?.ok)).toBe(true);
    // The restarted mysqld comes up fenced (mysqld-auto.cnf); ifstated keeps db01 demoted, so it stays
    // BACKUP and its fence script makes it follow the writable db02: nothing fails back by itself.
    expect(firstEvent(events, restartUs, (e) => e.type === "mysql.readonly" && e["host"] === "db01")).toMatchObject({ t: restartUs, readOnly: true, reason: "mysqld-auto.cnf at startup" });
    const fence = firstEvent(events, restartUs, (e) => e.type === "mysql.fence" && e["host"] === "db01");
    expect(fence.t - restartUs).toBeLessThanOrEqual(5 * S);
    expect(fence["message"]).toBe("fenced: read-only; following db02, the writable master");
    expect(events.filter((e) => e.t > restartUs && e.type === "mysql.promote")).toEqual([]);
    expect(world.vipOwner("mysql")).toBe("db02");
    // Nothing committed was lost: db02 had fetched everything db01 committed before the crash.
    expect(plane.summary()[0]!.writes).toMatchObject({ lost: 0, notYetFetched: 0 });
    const summary = plane.summary()[0]!;
    expect(summary.checker.ok).toBe(true);
    expect(summary.writes.committed - summary.writes.replicated - summary.writes.notYetFetched).toBe(summary.writes.lost);
    expect(plane.view()[0]!.servers.map((x) => [x.host, x.role, x.source])).toEqual([["db01", "replica", "db02"], ["db02", "source", undefined]]);
  });


  it("a hung master takes connections and never answers: queries time out, the replica notices after replica_net_timeout", () => {
    const rig = dbRig("14.2");
    const { engine, world, plane, events, writes } = rig;
    rig.writeLoad("app01", 30 * S, 20_000, 100 * S);
    const hangUs = commitAtUs(60 * S) + 500;
    engine.at(hangUs, () => world.setService("db01", "mysql", "hung"));
    engine.runUntil(hangUs + 59 * S);
    expect(plane.cluster("plone").showReplicaStatus("db02")).toMatchObject({ Replica_IO_Running: "Yes", Seconds_Behind_Source: 0 });
    const hungRead = read(rig);
    engine.runUntil(hangUs + 95 * S + CLIENT_TIMEOUT_US);
    expect(hungRead).toEqual([{ ok: false, latencyUs: CLIENT_TIMEOUT_US, cause: "timeout" }]);
    for (const w of writes.filter((x) => x.t0 > hangUs)) expect(w.result).toMatchObject({ ok: false, cause: "timeout", latencyUs: CLIENT_TIMEOUT_US });
    // replica_net_timeout 60 s, checked every 30 s (heartbeat period): between 60 and 90 s after the last event.
    const lostAt = firstEvent(events, hangUs, (e) => e.type === "mysql.replica" && e["host"] === "db02").t;
    expect(lostAt - hangUs).toBeGreaterThanOrEqual(60 * S);
    expect(lostAt - hangUs).toBeLessThan(90 * S);
    expect(plane.summary()[0]!.writes.lost).toBe(0);
    expect(plane.view()[0]!.servers[0]).toMatchObject({ process: "hung", role: "down" });
  });
});

describe("STOP REPLICA / START REPLICA (replica-stop, replica-start)", () => {
  it("Seconds_Behind_Source is NULL while stopped, then the age of the event being applied, then 0", () => {
    const rig = dbRig("14.2");
    const { engine, plane, writes } = rig;
    const cluster = plane.cluster("plone");
    rig.writeLoad("app01", 30 * S, 20_000, 100 * S);
    const stopUs = 40 * S + 10_000;
    const startUs = 60 * S + 910_000;
    engine.runUntil(stopUs);
    plane.setReplica("db02", false);
    const applied0 = cluster.server("db02").gtidExecuted.last("db01");
    engine.runUntil(50 * S);
    expect(cluster.showReplicaStatus("db02")).toMatchObject({ Replica_IO_Running: "No", Replica_SQL_Running: "No", Seconds_Behind_Source: null });
    expect(plane.view()[0]!.servers[1]).toMatchObject({ role: "replica", io: "No", sql: "No", secondsBehind: null });
    const sinceStop = writes.filter((w) => commitAtUs(w.t0) > stopUs && commitAtUs(w.t0) < engine.now).length;
    expect(plane.summary()[0]!.writes.notYetFetched).toBe(sinceStop);
    expect(cluster.server("db02").gtidExecuted.last("db01")).toBe(applied0);

    engine.runUntil(startUs);
    plane.setReplica("db02", true);
    // Reconnect (one round trip), then the backlog arrives one way later and is applied 1/applyRate apart.
    const arrivalUs = startUs + 3 * ONE_WAY_US;
    const committed = writes.filter((w) => w.result?.ok);
    const lagAt = (tUs: number): number => {
      const applied = applied0 + Math.floor((tUs - arrivalUs) / APPLY_US);
      return Math.floor(tUs / S) - Math.floor(commitAtUs(committed[applied]!.t0) / S);
    };
    engine.runUntil(61 * S + 250_000);
    expect(cluster.showReplicaStatus("db02")).toMatchObject({ Replica_IO_Running: "Yes", Seconds_Behind_Source: lagAt(engine.now) });
    expect(lagAt(engine.now)).toBeGreaterThan(5);
    engine.runUntil(62 * S);
    expect(cluster.showReplicaStatus("db02")).toMatchObject({ Seconds_Behind_Source: 0 });
    // The once-a-second sample saw the catch-up at 61 s only (the backlog takes ~0.5 s to apply).
    expect(lagAt(61 * S)).toBeGreaterThan(15);
    expect(plane.summary()[0]!.maxReplicaLagS).toBe(lagAt(61 * S));

    // The replication network loses every frame: the IO thread still says Yes and the lag 0 (it
    // measures fetched events only), while the writes go unfetched.
    // (As startSimulation's inject: the fault is traced, which is what tells cached connection checks to look again.)
    engine.emit({ type: "fault.inject", fault: `link-loss ${DB_NETWORK} 100` });
    rig.world.setLinkLoss(DB_NETWORK, 100);
    engine.runUntil(70 * S);
    expect(cluster.showReplicaStatus("db02")).toMatchObject({ Replica_IO_Running: "Yes", Seconds_Behind_Source: 0 });
    expect(plane.summary()[0]!.writes.notYetFetched).toBeGreaterThan(300);
    engine.emit({ type: "fault.heal", fault: `link-loss ${DB_NETWORK} 0` });
    rig.world.setLinkLoss(DB_NETWORK, 0);
    engine.runUntil(101 * S);
    expect(plane.summary()[0]!.writes).toMatchObject({ notYetFetched: 0, lost: 0 });
    expect(plane.summary()[0]!.finalReplicaLagS).toBe(0);
  });

  it("START REPLICA on a server that replicates from nobody is an error, not a fault that silently works", () => {
    const rig = dbRig("8.1");
    rig.engine.runUntil(30 * S);
    rig.plane.setReplica("db01", true);
    expect(rig.events.at(-1)).toMatchObject({ type: "mysql.error", host: "db01", command: "START REPLICA" });
    expect(() => rig.plane.setReplica("app01", true)).toThrow(/app01 runs no MySQL of a replication pair; MySQL hosts: db01, db02/);
  });
});
