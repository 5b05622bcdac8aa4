// The replica's threads: Seconds_Behind_Source as the server computes it, the IO thread's
// Connecting/retry behaviour, STOP/START REPLICA, and the binlog coordinates in SHOW REPLICA STATUS.
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/engine/time.js";
import { harness } from "./harness.js";

const sbs = (h: ReturnType<typeof harness>): unknown => h.cluster.showReplicaStatus("db02")?.["Seconds_Behind_Source"];

describe("Seconds_Behind_Source", () => {
  it("is 0 when caught up, NULL when the SQL thread or both threads are stopped", () => {
    const h = harness();
    h.cluster.write("db01");
    h.engine.runUntil(seconds(1));
    expect(sbs(h)).toBe(0);
    h.cluster.stopReplica("db02", "sql");
    expect(sbs(h)).toBeNull();
    h.cluster.startReplica("db02");
    expect(sbs(h)).toBe(0);
    h.cluster.stopReplica("db02");
    expect(sbs(h)).toBeNull();
    expect(h.cluster.showReplicaStatus("db02")).toMatchObject({ Replica_IO_Running: "No", Replica_SQL_Running: "No" });
  });

  it("is 0 when the SQL thread has applied all it fetched, although the IO thread is behind the source", () => {
    const h = harness();
    h.engine.runUntil(seconds(1));
    h.down.add("db02"); // cut: the IO thread still says Yes until replica_net_timeout
    for (let i = 0; i < 10; i++) h.cluster.write("db01");
    h.engine.runUntil(seconds(20));
    const st = h.cluster.showReplicaStatus("db02");
    expect(st).toMatchObject({ Replica_IO_Running: "Yes", Seconds_Behind_Source: 0 });
    expect(h.cluster.server("db01").binlog.lastSeq).toBe(10);
    expect(h.cluster.writes()).toMatchObject({ replicated: 0, notYetFetched: 10 });
  });

  it("grows with SQL thread lag (source timestamp of the event being applied) and returns to 0", () => {
    const h = harness("14.2", { applyRatePerS: 10 });
    h.engine.runUntil(seconds(1));
    for (let i = 0; i < 100; i++) h.cluster.write("db01"); // all stamped t = 1 s
    h.engine.runUntil(seconds(4));
    expect(sbs(h)).toBe(3);
    h.engine.runUntil(seconds(8) + 500_000);
    expect(sbs(h)).toBe(7);
    // With the IO thread stopped the SQL thread keeps applying the relay log: still a number.
    h.cluster.stopReplica("db02", "io");
    expect(sbs(h)).toBe(7);
    h.engine.runUntil(seconds(12));
    // Caught up with the IO thread stopped: NULL.
    expect(sbs(h)).toBeNull();
    h.cluster.startReplica("db02", "io");
    h.engine.runUntil(seconds(13));
    expect(sbs(h)).toBe(0);
    expect(h.cluster.writes().applied).toBe(100);
  });
});

describe("IO thread", () => {
  it("sees a crashed source at once, goes Connecting and retries every SOURCE_CONNECT_RETRY (60 s)", () => {
    const h = harness();
    h.engine.runUntil(seconds(10));
    h.cluster.crash("db01");
    h.engine.runUntil(seconds(11));
    expect(h.cluster.showReplicaStatus("db02")).toMatchObject({ Replica_IO_Running: "Connecting", Seconds_Behind_Source: null, Connect_Retry: 60 });
    expect(String(h.cluster.showReplicaStatus("db02")?.["Last_IO_Error"])).toMatch(/retry-time: 60 retries: 1/);
    h.cluster.start("db01");
    h.engine.runUntil(seconds(69));
    expect(h.cluster.showReplicaStatus("db02")?.["Replica_IO_Running"]).toBe("Connecting");
    h.engine.runUntil(seconds(71));
    expect(h.cluster.showReplicaStatus("db02")?.["Replica_IO_Running"]).toBe("Yes");
    const io = h.events.filter((e) => e.type === "mysql.replica" && e["host"] === "db02").map((e) => [e.t, e["io"]]);
    expect(io.slice(-2)).toEqual([[seconds(10) + 500, "Connecting"], [seconds(70) + 500 + 1_000, "Yes"]]);
  });

  it("notices an unreachable source only after replica_net_timeout and then fetches what it missed", () => {
    const h = harness();
    h.engine.runUntil(seconds(1));
    h.down.add("db01");
    h.cluster.write("db01");
    h.engine.runUntil(seconds(59));
    expect(h.cluster.showReplicaStatus("db02")?.["Replica_IO_Running"]).toBe("Yes");
    h.engine.runUntil(seconds(61));
    expect(h.cluster.showReplicaStatus("db02")?.["Replica_IO_Running"]).toBe("Connecting");
    h.down.delete("db01");
    h.engine.runUntil(seconds(125));
    expect(h.cluster.showReplicaStatus("db02")).toMatchObject({ Replica_IO_Running: "Yes", Seconds_Behind_Source: 0 });
    expect(h.cluster.writes()).toMatchObject({ committed: 1, replicated: 1, applied: 1 });
  });

  it("reports the source's binlog coordinates; a restarted source starts a new binlog file", () => {
    const h = harness();
    h.cluster.write("db01");
    h.engine.runUntil(seconds(1));
    const pos = h.cluster.server("db01").binlog.position;
    expect(pos.file).toBe("mysql-bin.000001");
    expect(h.cluster.showReplicaStatus("db02")).toMatchObject({ Source_Log_File: pos.file, Read_Source_Log_Pos: pos.pos, Exec_Source_Log_Pos: pos.pos, Relay_Source_Log_File: pos.file });
    h.cluster.stop("db01");
    h.cluster.start("db01");
    expect(h.cluster.server("db01").binlog.position).toEqual({ file: "mysql-bin.000002", pos: 4 });
    // my.cnf has no read_only for the master: it comes back writable (why the fence hook exists).
    expect(h.cluster.server("db01").writable).toBe(true);
  });
});
