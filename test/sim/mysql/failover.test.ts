// Master loss under write load: async loses exactly the unfetched writes, semi-sync none acknowledged;
// promotion and fencing do what the generated mysql-promote.sh / mysql-fence.sh do.
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/engine/time.js";
import { DRAIN_POLLS, READ_ONLY_CAUSE, type HookResult } from "../../../src/sim/mysql/index.js";
import { harness, idOf } from "./harness.js";

function promote(h: ReturnType<typeof harness>, host: string): HookResult[] {
  const results: HookResult[] = [];
  h.cluster.runHook("mysql-promote", host, (r) => results.push(r));
  return results;
}

function expectBalanced(h: ReturnType<typeof harness>): void {
  const c = h.cluster.writes();
  expect(c.replicated + c.notYetFetched + c.lost).toBe(c.committed);
  expect(c.committed + c.rejected).toBe(c.attempted);
  expect(c.attempted).toBe(h.writes.length);
}

describe("async master loss", () => {
  it("loses exactly the writes db02 had not fetched when db01 powers off, and the accounting adds up", () => {
    const latencyUs = 20_000;
    const h = harness("14.2", { eventLatencyUs: latencyUs });
    let master = "db01";
    h.writeEvery(5_000, seconds(20), () => master);
    const offUs = seconds(5) + 2_500;
    h.engine.at(offUs, () => {
      h.down.add("db01");
      h.cluster.crash("db01", "power off");
    });
    h.engine.at(seconds(9), () => {
      h.cluster.runHook("mysql-fence", "db01");
      promote(h, "db02");
      master = "db02";
    });
    h.engine.runUntil(seconds(20));

    // Independent recomputation: a write reached db02 when it arrived (commit + latency) before the power-off.
    const expectedLost = h.writes
      .filter((w) => w.tUs < offUs && w.outcome.status === "committed" && w.tUs + latencyUs >= offUs)
      .map((w) => idOf(w.outcome));
    const c = h.cluster.writes();
    expect(expectedLost.length).toBe(4);
    expect(c.lost).toBe(expectedLost.length);
    const lostIds = h.cluster.lostRanges().flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
    expect(lostIds).toEqual(expectedLost);
    expect(h.events.filter((e) => e.type === "mysql.lost")).toEqual([
      expect.objectContaining({ host: "db01", count: 4 }),
    ]);
    // db01 down (connection refused) until promotion, then db02 takes writes.
    expect(c.rejectedByCause).toEqual({ "connection refused": expect.any(Number) });
    expect(h.cluster.server("db02").writable).toBe(true);
    expect(c.lostAcknowledged).toBe(0);
    expectBalanced(h);
  });

  it("re-pointing the returning old master reports its errant transactions", () => {
    const h = harness("14.2", { eventLatencyUs: 20_000 });
    let master = "db01";
    h.writeEvery(5_000, seconds(20), () => master);
    h.engine.at(seconds(5), () => { h.down.add("db01"); h.cluster.crash("db01"); });
    h.engine.at(seconds(9), () => { promote(h, "db02"); master = "db02"; });
    h.engine.at(seconds(12), () => { h.down.delete("db01"); h.cluster.start("db01"); h.cluster.runHook("mysql-fence", "db01"); });
    let errant = { errant: -1, errantGtids: "" };
    h.engine.at(seconds(13), () => { errant = h.cluster.changeSource("db01", "db02"); });
    h.engine.runUntil(seconds(25));
    const c = h.cluster.writes();
    expect(errant.errant).toBe(c.lost);
    expect(errant.errantGtids).toMatch(/^db01:\d+-\d+$/);
    // db01 catches up on everything db02 wrote since the promotion.
    expect(h.cluster.server("db01").gtidExecuted.last("db02")).toBe(h.cluster.server("db02").gtidExecuted.last("db02"));
    expect(h.cluster.showReplicaStatus("db01")).toMatchObject({ Replica_IO_Running: "Yes", Replica_SQL_Running: "Yes", Seconds_Behind_Source: 0, Auto_Position: 1 });
    expectBalanced(h);
  });
});

describe("semi-sync (AFTER_SYNC)", () => {
  it("loses no acknowledged write when the master powers off", () => {
    const h = harness("14.2", { eventLatencyUs: 20_000, semiSync: true });
    let master = "db01";
    h.writeEvery(5_000, seconds(20), () => master);
    h.engine.at(seconds(5) + 2_500, () => { h.down.add("db01"); h.cluster.crash("db01"); });
    h.engine.at(seconds(9), () => { promote(h, "db02"); master = "db02"; });
    h.engine.runUntil(seconds(20));
    const acked = new Set(h.writes.filter((w) => w.outcome.status === "committed" && w.tUs < seconds(5)).map((w) => idOf(w.outcome)));
    const lostIds = h.cluster.lostRanges().flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
    expect(acked.size).toBeGreaterThan(900);
    expect(lostIds.filter((id) => acked.has(id))).toEqual([]);
    expect(h.cluster.writes().lostAcknowledged).toBe(0);
    // Writes in flight when the power went: the client got an error, not an OK.
    expect(h.writes.filter((w) => w.outcome.status === "failed").length).toBeGreaterThan(0);
    expectBalanced(h);
  });

  it("waits the 10 s timeout when the replica is cut off, then falls back to async and back ON after catch-up", () => {
    const h = harness("14.2", { semiSync: true });
    h.engine.runUntil(seconds(1));
    h.down.add("db02");
    const outcomes: { tUs: number; acked: boolean }[] = [];
    h.cluster.write("db01", {}, (o) => { if (o.status === "committed") outcomes.push({ tUs: h.engine.now, acked: o.acked }); });
    h.engine.runUntil(seconds(5));
    expect(outcomes).toEqual([]);
    expect(h.cluster.semiSyncStatus("db01")).toBe("ON");
    h.engine.runUntil(seconds(12));
    expect(outcomes).toEqual([{ tUs: seconds(11), acked: false }]);
    expect(h.cluster.semiSyncStatus("db01")).toBe("OFF");
    // While OFF, commits return at once.
    expect(h.cluster.write("db01")).toMatchObject({ status: "committed", acked: false });
    h.down.delete("db02");
    h.engine.runUntil(seconds(120));
    expect(h.cluster.semiSyncStatus("db01")).toBe("ON");
    expect(h.events.filter((e) => e.type === "mysql.semisync").map((e) => e["status"])).toEqual(["OFF", "ON"]);
  });
});

describe("promote and fence hooks", () => {
  it("promote drains the relay log, resets the channel, makes db02 writable, and is idempotent", () => {
    const h = harness("14.2", { applyRatePerS: 100 });
    for (let i = 0; i < 500; i++) h.cluster.write("db01");
    h.engine.runUntil(seconds(1));
    h.down.add("db01");
    h.cluster.crash("db01");
    const first = promote(h, "db02");
    h.engine.runUntil(seconds(10));
    expect(first).toEqual([{ status: 0, message: "promoted: writable master" }]);
    expect(h.cluster.showReplicaStatus("db02")).toBeUndefined();
    expect(h.cluster.writes().lost).toBe(0);
    expect(h.cluster.writes().applied).toBe(500);
    // 500 events at 100/s: the last is applied at 5.0005 s, so the poll at 6 s (after 5 sleeps) sees it drained.
    const promoteEvent = h.events.find((e) => e.type === "mysql.promote");
    expect(promoteEvent).toMatchObject({ host: "db02", drained: "relay log drained", waitedS: 5 });
    const second = promote(h, "db02");
    h.engine.runUntil(seconds(20));
    expect(second).toEqual([{ status: 0, message: "promoted: writable master" }]);
    expect(h.cluster.server("db02")).toMatchObject({ readOnly: false, superReadOnly: false });
    expect(h.cluster.write("db02")).toMatchObject({ status: "committed" });
  });

  it("promote gives up draining after 30 polls and counts the unapplied rest as lost", () => {
    const h = harness("14.2", { applyRatePerS: 10 });
    for (let i = 0; i < 500; i++) h.cluster.write("db01");
    h.engine.runUntil(seconds(1));
    promote(h, "db02");
    h.engine.runUntil(seconds(40));
    const ev = h.events.find((e) => e.type === "mysql.promote");
    expect(ev).toMatchObject({ waitedS: DRAIN_POLLS });
    expect(h.cluster.writes().lost).toBe(500 - h.cluster.writes().applied);
    expect(h.cluster.writes().lost).toBeGreaterThan(150);
  });

  it("promote fails when mysqld is down, like the script (exit 1)", () => {
    const h = harness();
    h.cluster.crash("db02");
    expect(promote(h, "db02")).toEqual([{ status: 1, message: "mysqld unreachable: not promoted" }]);
  });

  it("fence makes application writes fail with database read-only (14.2: super_read_only too)", () => {
    const h = harness("14.2");
    h.cluster.runHook("mysql-fence", "db01");
    expect(h.cluster.server("db01")).toMatchObject({ readOnly: true, superReadOnly: true });
    expect(h.cluster.write("db01")).toEqual({ status: "rejected", cause: READ_ONLY_CAUSE });
    expect(h.cluster.write("db01", { superUser: true })).toEqual({ status: "rejected", cause: READ_ONLY_CAUSE });
    expect(h.events.filter((e) => e.type === "mysql.readonly").at(-1)).toMatchObject({ host: "db01", readOnly: true, superReadOnly: true });
  });

  it("8.1 (MySQL 5.1): read_only only, SUPER bypasses it, RESET SLAVE keeps the status row", () => {
    const h = harness("8.1");
    h.cluster.runHook("mysql-fence", "db01");
    expect(h.cluster.server("db01")).toMatchObject({ readOnly: true, superReadOnly: false });
    expect(h.cluster.write("db01")).toEqual({ status: "rejected", cause: READ_ONLY_CAUSE });
    expect(h.cluster.write("db01", { superUser: true })).toMatchObject({ status: "committed" });
    expect(() => h.cluster.setSuperReadOnly("db01", true, "test")).toThrow(/Unknown system variable/);
    promote(h, "db02");
    h.engine.runUntil(seconds(5));
    expect(h.cluster.showReplicaStatus("db02")).toMatchObject({ Slave_IO_Running: "No", Slave_SQL_Running: "No", Seconds_Behind_Master: null });
    expect(h.cluster.server("db02").writable).toBe(true);
    const again: HookResult[] = [];
    h.cluster.runHook("mysql-promote", "db02", (r) => again.push(r));
    h.engine.runUntil(seconds(10));
    expect(again).toEqual([{ status: 0, message: "promoted: writable master" }]);
  });
});

describe("writable checker", () => {
  it("flags two writable servers and the writes both accepted as split brain, with times", () => {
    const h = harness("14.2");
    h.engine.runUntil(seconds(1));
    expect(h.cluster.checker.verdict().ok).toBe(true);
    h.down.add("db01"); // partition: db01 keeps running and writable
    promote(h, "db02");
    h.engine.runUntil(seconds(2));
    h.cluster.write("db01");
    h.cluster.write("db02");
    h.engine.runUntil(seconds(3));
    h.cluster.runHook("mysql-fence", "db01");
    const v = h.cluster.checker.verdict();
    expect(v.ok).toBe(false);
    expect(v.overlaps).toHaveLength(1);
    expect(v.splitBrain).toEqual([{ fromUs: seconds(1), toUs: seconds(3), firstWriteUs: seconds(2), lastWriteUs: seconds(2), writes: { db01: 1, db02: 1 } }]);
    // db01's write after the promotion can never reach db02.
    expect(h.cluster.writes().lost).toBe(1);
  });
});
