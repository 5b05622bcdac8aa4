// The two-writers checker on a real split brain: a one-way cut db01 -> db02 silences db01's CARP
// advertisements and its replication at db02, which becomes MASTER and promotes itself while db01 stays
// writable; the switch follows whichever master advertised last, so both take writes. When the cut
// heals, db01 (advskew 0) wins, db02 is fenced and follows it: db02's writes are the split brain's loss.
import { describe, expect, it } from "vitest";
import { dbRig, firstEvent, S } from "./database-support.js";

describe("split brain", () => {
  it("is flagged with both masters' writes; the loser's writes are lost, the winner's all reach the follower", () => {
    const rig = dbRig("14.2");
    const { engine, world, plane, events, writes } = rig;
    rig.writeLoad("app01", 30 * S, 20_000, 80 * S);
    rig.writeLoad("app02", 30 * S + 10_000, 20_000, 80 * S);
    const cutUs = 40 * S;
    const healUs = 60 * S;
    // (As startSimulation's inject: faults are traced, which tells cached connection checks to look again.)
    engine.at(cutUs, () => { engine.emit({ type: "fault.inject", fault: "cut db01 db02" }); world.setOneWayCut("db01", "db02", true); });
    engine.at(healUs, () => { engine.emit({ type: "fault.heal", fault: "cut db01 db02" }); world.setOneWayCut("db01", "db02", false); });
    engine.runUntil(90 * S);

    const promoted = firstEvent(events, cutUs, (e) => e.type === "mysql.readonly" && e["host"] === "db02" && e["readOnly"] === false).t;
    const fenced = firstEvent(events, healUs, (e) => e.type === "mysql.readonly" && e["host"] === "db02" && e["readOnly"] === true).t;
    const errant = firstEvent(events, healUs, (e) => e.type === "mysql.errant");
    expect(errant).toMatchObject({ host: "db02", source: "db01", t: fenced });
    const summary = plane.summary()[0]!;
    const [overlap] = summary.checker.violations;
    expect(summary.checker.ok).toBe(false);
    expect(summary.checker.violations).toHaveLength(1);
    expect(overlap).toMatchObject({ startS: promoted / S, endS: fenced / S });
    const m = /^db01 and db02 writable at once; split brain: writes accepted by two masters \(db01 (\d+), db02 (\d+)\)$/.exec(overlap!.message);
    expect(m).not.toBeNull();
    const [db01Writes, db02Writes] = [Number(m![1]), Number(m![2])];
    expect(db01Writes).toBeGreaterThan(100);
    // db02's writes of the split are exactly what is lost, and exactly its errant GTIDs.
    expect(summary.writes.lost).toBe(db02Writes);
    expect(errant["count"]).toBe(db02Writes);
    const cluster = plane.cluster("plone");
    expect(cluster.server("db02").gtidExecuted.last("db02")).toBe(db02Writes);
    // Everything db01 took, before and during the split, reached db02 once it followed db01.
    expect(cluster.server("db02").gtidExecuted.last("db01")).toBe(cluster.server("db01").gtidExecuted.last("db01"));
    const w = summary.writes;
    expect(w).toMatchObject({ notYetFetched: 0, lostAcknowledged: 0 });
    expect(w.replicated + w.lost).toBe(w.committed);
    expect(w.committed).toBe(writes.filter((x) => x.result?.ok).length);
    expect(plane.view()[0]!.servers.map((s) => [s.host, s.role, s.source])).toEqual([["db01", "source", undefined], ["db02", "replica", "db01"]]);
  });
});
