// The model's answer to a returning old master, as the generated scripts do it: the persisted fence
// (SET PERSIST_ONLY at promotion, MySQL 8), the promote script's peer check (the peer answers and no
// replica reads from here: refuse, follow it, hand the VIP back), the fence script following a
// writable peer, a hung mysqld, and the ledger's correction when the old master wins a split brain.
import { describe, expect, it } from "vitest";
import { PEER_CONNECT_TIMEOUT_S } from "../../../src/generate/services/mysql-scripts.js";
import { seconds } from "../../../src/sim/engine/time.js";
import type { HookResult, MysqlHostHooks } from "../../../src/sim/mysql/index.js";
import { RangeSet } from "../../../src/sim/mysql/range-set.js";
import { harness } from "./harness.js";

function hook(h: ReturnType<typeof harness>, name: "mysql-promote" | "mysql-fence", host: string): HookResult[] {
  const out: HookResult[] = [];
  h.cluster.runHook(name, host, (r) => out.push(r));
  return out;
}

/** Records the hooks' CARP calls; the peer check stays the default one. */
function recordAdvskew(h: ReturnType<typeof harness>): string[] {
  const calls: string[] = [];
  const base = h.cluster.hostHooks;
  const hooks: MysqlHostHooks = { peerAnswer: (a, b) => base.peerAnswer(a, b), setAdvskew: (host, to) => calls.push(`${host} ${to}`) };
  h.cluster.hostHooks = hooks;
  return calls;
}

/** db01 promoted at boot (persisting its fence), db02 promoted after db01's power loss, db01 back. */
function failoverAndReturn() {
  const h = harness("14.2", { eventLatencyUs: 20_000 });
  const carp = recordAdvskew(h);
  h.engine.runUntil(seconds(1));
  expect(hook(h, "mysql-promote", "db01")).toEqual([{ status: 0, message: "promoted: writable master" }]);
  let master = "db01";
  h.writeEvery(5_000, seconds(20), () => master);
  h.engine.at(seconds(5) + 2_500, () => { h.down.add("db01"); h.cluster.crash("db01", "power off"); });
  h.engine.at(seconds(9), () => { hook(h, "mysql-promote", "db02"); master = "db02"; });
  h.engine.runUntil(seconds(12));
  h.down.delete("db01");
  h.cluster.start("db01");
  return { h, carp };
}

describe("the returning old master", () => {
  it("starts fenced: the promotion persisted read_only for the next start (mysqld-auto.cnf)", () => {
    const { h } = failoverAndReturn();
    expect(h.cluster.server("db01")).toMatchObject({ readOnly: true, superReadOnly: true, persistedReadOnly: true });
    expect(h.events.filter((e) => e.type === "mysql.readonly" && e["host"] === "db01").at(-1)).toMatchObject({ reason: "mysqld-auto.cnf at startup" });
  });

  it("refuses to promote when its peer answers and no replica reads from it: follows the peer, hands the VIP back", () => {
    const { h, carp } = failoverAndReturn();
    const lost = h.cluster.writes().lost;
    expect(lost).toBe(4);
    expect(hook(h, "mysql-promote", "db01")).toEqual([{ status: 1, message: "stale: db02 was promoted while this server was away; following db02 (GTID auto-position); VIP handed back" }]);
    expect(carp).toEqual(["db01 configured", "db02 configured", "db01 handback"]);
    expect(h.events.find((e) => e.type === "mysql.promote" && e["status"] === 1)).toMatchObject({ peer: "db02", errant: lost });
    h.engine.runUntil(seconds(25));
    expect(h.cluster.server("db01").writable).toBe(false);
    expect(h.cluster.showReplicaStatus("db01")).toMatchObject({ Source_Host: "db02", Replica_IO_Running: "Yes", Seconds_Behind_Source: 0 });
    // db02, which db01 now reads from, promotes (again) without refusing, and nothing more is lost.
    expect(hook(h, "mysql-promote", "db02")).toEqual([{ status: 0, message: "promoted: writable master" }]);
    expect(h.cluster.writes().lost).toBe(lost);
    expect(h.cluster.checker.verdict().ok).toBe(true);
  });

  it("waits mysql --connect-timeout for a silent peer, then promotes", () => {
    const h = harness("14.2");
    h.engine.runUntil(seconds(1));
    h.cluster.hang("db02");
    const t0 = h.engine.now;
    const r = hook(h, "mysql-promote", "db01");
    expect(r).toEqual([]);
    h.engine.runUntil(t0 + seconds(PEER_CONNECT_TIMEOUT_S));
    expect(r).toEqual([{ status: 0, message: "promoted: writable master" }]);
    expect(h.events.find((e) => e.type === "mysql.promote")).toMatchObject({ t: t0 + seconds(PEER_CONNECT_TIMEOUT_S), peer: `no answer within ${PEER_CONNECT_TIMEOUT_S} s` });
  });

  it("fence: a server that replicates from nobody follows a writable peer; a read-only peer is no master", () => {
    const { h } = failoverAndReturn();
    expect(hook(h, "mysql-fence", "db01")).toEqual([{ status: 0, message: "fenced: read-only; following db02, the writable master" }]);
    expect(h.cluster.server("db01").channel?.source).toBe("db02");
    const g = harness("14.2");
    g.engine.runUntil(seconds(1));
    g.cluster.setReadOnly("db01", true, "test");
    g.cluster.runHook("mysql-promote", "db02");
    g.engine.runUntil(seconds(2));
    g.cluster.setReadOnly("db02", true, "test");
    expect(hook(g, "mysql-fence", "db01")).toEqual([{ status: 0, message: "fenced: read-only" }]);
    expect(g.cluster.server("db01").channel).toBeUndefined();
  });
});

describe("a hung mysqld", () => {
  it("refuses nothing at once: writes time out, it is not writable for the checker, a restart reads my.cnf", () => {
    const h = harness("14.2");
    h.engine.runUntil(seconds(1));
    h.cluster.hang("db01");
    expect(h.cluster.write("db01")).toEqual({ status: "rejected", cause: "timeout" });
    expect(h.cluster.server("db01").writable).toBe(false);
    expect(hook(h, "mysql-promote", "db01")).toEqual([{ status: 1, message: "mysqld not answering (hung): the script waits on it, nothing changes" }]);
    h.cluster.start("db01");
    expect(h.cluster.server("db01")).toMatchObject({ state: "running", readOnly: false });
    expect(h.cluster.write("db01")).toMatchObject({ status: "committed" });
  });
});

describe("the old master wins a split brain", () => {
  it("its writes counted lost at the other's promotion survive; the loser's become the loss", () => {
    const h = harness("14.2");
    h.engine.runUntil(seconds(1));
    h.down.add("db01"); // db02 hears nothing from db01; db01 keeps running and writable
    hook(h, "mysql-promote", "db02");
    h.engine.runUntil(seconds(2));
    for (let i = 0; i < 5; i++) h.cluster.write("db01");
    for (let i = 0; i < 3; i++) h.cluster.write("db02");
    expect(h.cluster.writes().lost).toBe(5);
    h.down.delete("db01");
    h.cluster.runHook("mysql-fence", "db02");
    h.engine.runUntil(seconds(5));
    const c = h.cluster.writes();
    expect(c.lost).toBe(3);
    expect(h.cluster.lostRanges()).toEqual([[6, 8]]);
    expect(c).toMatchObject({ committed: 8, replicated: 5, notYetFetched: 0 });
    expect(h.cluster.server("db02").gtidExecuted.last("db01")).toBe(5);
  });

  it("RangeSet.delete splits a range", () => {
    const r = new RangeSet();
    for (let i = 1; i <= 9; i++) r.add(i);
    expect(r.delete(5)).toBe(true);
    expect(r.delete(5)).toBe(false);
    expect(r.delete(1)).toBe(true);
    expect(r.toArray()).toEqual([[2, 4], [6, 9]]);
    expect(r.size).toBe(7);
  });
});
