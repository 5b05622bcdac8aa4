// ZFS pool states under disk faults by the real rules: raidz2 of 7, the mirrored log, the OS mirror,
// offline/removed/faulted, and replace + resilver timed by the vdev's allocated data.
import { describe, expect, it } from "vitest";
import { Engine, type TraceEvent } from "../../../src/sim/engine/engine.js";
import { seconds } from "../../../src/sim/engine/time.js";
import { createHostPools, type ZfsPool } from "../../../src/sim/zfs/index.js";
import { referenceLab } from "../../support/reference-lab.js";

const DATA = ["da0", "da1", "da2", "da3", "da4", "da5", "da6"];

function tank(options: { allocatedBytes?: number; resilverRateBytesPerS?: number } = {}): { engine: Engine; pool: ZfsPool; events: TraceEvent[] } {
  const engine = new Engine(1);
  const events: TraceEvent[] = [];
  engine.onEvent((e) => events.push(e), { protocol: false });
  const pool = createHostPools(engine, referenceLab(), "stor01", options).get("tank");
  if (!pool) throw new Error("no tank");
  return { engine, pool, events };
}

function combinations<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => combinations(items.slice(i + 1), k - 1).map((rest) => [x, ...rest]));
}

describe("zfs pool states", () => {
  it("builds tank from the model: raidz2-0 of da0-da6 and logs mirror-1 of ada2/ada3", () => {
    const { pool } = tank();
    expect(pool.vdevs.map((v) => [v.name, v.isLog, v.leaves.map((l) => l.device)])).toEqual([
      ["raidz2-0", false, DATA],
      ["mirror-1", true, ["ada2", "ada3"]],
    ]);
    expect(pool.state).toBe("ONLINE");
  });

  it("raidz2 survives every pair of the 7 disks (DEGRADED) and every third failure makes it UNAVAIL", () => {
    for (const triple of combinations(DATA, 3)) {
      const { pool, events } = tank();
      const [a, b, c] = triple as [string, string, string];
      pool.failDisk(a);
      expect(pool.vdevs[0]?.state).toBe("DEGRADED");
      expect(pool.state).toBe("DEGRADED");
      pool.failDisk(b);
      expect(pool.vdevs[0]?.state).toBe("DEGRADED");
      expect(pool.state).toBe("DEGRADED");
      pool.failDisk(c);
      expect(pool.vdevs[0]?.state).toBe("UNAVAIL");
      expect(pool.state).toBe("UNAVAIL");
      expect(pool.disk(c).leaf.state).toBe("FAULTED");
      expect(events.filter((e) => e.type === "zfs.pool").map((e) => `${e.from}->${e.to}`)).toEqual(["ONLINE->DEGRADED", "DEGRADED->UNAVAIL"]);
    }
    expect(combinations(DATA, 3)).toHaveLength(35);
  });

  it("the OS mirror survives one lost disk and is UNAVAIL without both", () => {
    const engine = new Engine(1);
    const zroot = createHostPools(engine, referenceLab(), "db01").get("zroot");
    if (!zroot) throw new Error("no zroot");
    zroot.removeDisk("ada0");
    expect([zroot.vdevs[0]?.state, zroot.state]).toEqual(["DEGRADED", "DEGRADED"]);
    zroot.failDisk("os1");
    expect([zroot.vdevs[0]?.state, zroot.state]).toEqual(["UNAVAIL", "UNAVAIL"]);
  });

  it("one log SSD lost degrades the log mirror and the pool; both lost leave the pool DEGRADED (ZIL in the pool)", () => {
    const { pool } = tank();
    pool.failDisk("log0");
    expect([pool.vdevs[1]?.state, pool.state]).toEqual(["DEGRADED", "DEGRADED"]);
    pool.failDisk("ada3");
    expect(pool.vdevs[1]?.state).toBe("UNAVAIL");
    expect(pool.state).toBe("DEGRADED");
    // with the log gone the data vdev still counts normally: two data disks more keep it DEGRADED
    pool.failDisk("da0");
    pool.failDisk("da1");
    expect(pool.state).toBe("DEGRADED");
  });

  it("offline, removed and faulted are distinct leaf states; offline is refused when no replica would remain", () => {
    const { pool } = tank();
    expect(pool.offlineDisk("da0")).toEqual({ ok: true });
    pool.removeDisk("da1");
    expect(pool.offlineDisk("da2")).toEqual({ ok: false, message: "cannot offline da2: no valid replicas" });
    expect(DATA.map((d) => pool.disk(d).leaf.state).slice(0, 3)).toEqual(["OFFLINE", "REMOVED", "ONLINE"]);
    expect(pool.state).toBe("DEGRADED");
    pool.failDisk("da2");
    expect(pool.state).toBe("UNAVAIL");
    expect(pool.onlineDisk("da2")).toMatchObject({ ok: false });
  });

  it("replace + resilver returns ONLINE after allocated raw bytes / rate, with start and done events", () => {
    const allocatedBytes = 500e9;
    const rate = 200e6;
    const { engine, pool, events } = tank({ allocatedBytes, resilverRateBytesPerS: rate });
    pool.failDisk("da3");
    pool.failDisk("da5");
    engine.runUntil(seconds(10));
    expect(pool.replaceDisk("da3")).toEqual({ ok: true });
    const raw = Math.round((allocatedBytes * 7) / 5);
    const durationS = raw / rate;
    expect(pool.resilvering[0]).toMatchObject({ disk: "da3", bytes: raw, durationUs: seconds(durationS) });
    engine.runUntil(seconds(10 + durationS) - 1);
    expect(pool.disk("da3").leaf.replacing).toBeDefined();
    expect(pool.state).toBe("DEGRADED");
    engine.runUntil(seconds(10 + durationS));
    expect(pool.disk("da3").leaf.replacing).toBeUndefined();
    expect(pool.state).toBe("DEGRADED"); // da5 still faulted
    pool.replaceDisk("da5");
    engine.runUntil(seconds(10 + 2 * durationS));
    expect([pool.vdevs[0]?.state, pool.state]).toEqual(["ONLINE", "ONLINE"]);
    const resilvers = events.filter((e) => e.type === "zfs.resilver");
    expect(resilvers.map((e) => [e.disk, e.phase, e.t])).toEqual([
      ["da3", "start", seconds(10)],
      ["da3", "done", seconds(10 + durationS)],
      ["da5", "start", seconds(10 + durationS)],
      ["da5", "done", seconds(10 + 2 * durationS)],
    ]);
    expect(resilvers[1]).toMatchObject({ host: "stor01", pool: "tank", bytes: raw, durationS });
    expect(events.filter((e) => e.type === "zfs.pool").at(-1)).toMatchObject({ from: "DEGRADED", to: "ONLINE" });
  });

  it("resilver time follows data written: twice the data, twice the time", () => {
    const a = tank({ allocatedBytes: 100e9 });
    const b = tank({ allocatedBytes: 100e9 });
    b.pool.recordWrite(100e9);
    a.pool.failDisk("da0");
    b.pool.failDisk("da0");
    a.pool.replaceDisk("da0");
    b.pool.replaceDisk("da0");
    expect(b.pool.resilvering[0]?.durationUs).toBe(2 * (a.pool.resilvering[0]?.durationUs ?? 0));
  });

  it("the new disk failing mid-resilver cancels it; another disk failing past parity marks permanent errors", () => {
    const { engine, pool } = tank({ allocatedBytes: 100e9 });
    pool.failDisk("da0");
    pool.replaceDisk("da0");
    pool.failDisk("da0");
    expect(pool.resilvering).toHaveLength(0);
    expect(pool.disk("da0").leaf.state).toBe("FAULTED");
    engine.runUntil(seconds(100000));
    expect(pool.state).toBe("DEGRADED");

    const t = tank({ allocatedBytes: 100e9 });
    t.pool.failDisk("da0");
    t.pool.failDisk("da1");
    t.pool.replaceDisk("da0");
    expect(t.pool.state).toBe("DEGRADED");
    t.pool.failDisk("da2"); // replacing-0 is DEGRADED, not unreadable: the vdev stays DEGRADED as in vdev.c
    expect(t.pool.state).toBe("DEGRADED");
    expect(t.pool.permanentErrors).toBe(true);
  });

  it("an offlined disk comes back ONLINE and resilvers only what was written meanwhile", () => {
    const { engine, pool } = tank({ allocatedBytes: 100e9, resilverRateBytesPerS: 100e6 });
    pool.offlineDisk("da4");
    pool.recordWrite(5e9);
    pool.onlineDisk("da4");
    expect(pool.state).toBe("ONLINE");
    expect(pool.resilvering[0]).toMatchObject({ bytes: 7e9, durationUs: seconds(70) });
    engine.runUntil(seconds(70));
    expect(pool.resilvering).toHaveLength(0);
  });
});
