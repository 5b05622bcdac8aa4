// Snapshot schedules with retention, zfSnap names, incremental replication timed by the storage link,
// RPO in steady state and retries after a cut link.
import { describe, expect, it } from "vitest";
import { Engine, type TraceEvent } from "../../../src/sim/engine/engine.js";
import { seconds } from "../../../src/sim/engine/time.js";
import { createHostPools, startStoragePair } from "../../../src/sim/zfs/index.js";
import { referenceLab } from "../../support/reference-lab.js";

function pairOf() {
  const pair = referenceLab().storage[0];
  if (!pair) throw new Error("no storage pair");
  return pair;
}

const RATE = 2e6; // 2 MB/s written
const LINK = 1e9;

describe("zfs snapshots and replication", () => {
  it("names snapshots like zfSnap from the epoch date plus simulated time", () => {
    const engine = new Engine(1);
    const { snapshots } = startStoragePair(engine, pairOf(), { pathUp: () => true });
    engine.runUntil(seconds(14 * 3600 + 35 * 60));
    expect(snapshots.newest()?.names).toEqual([
      "tank/solr@2011-05-10_14.35.00--1h",
      "tank/blobs@2011-05-10_14.35.00--1h",
      "tank/iscsi@2011-05-10_14.35.00--1h",
    ]);
  });

  it("keeps keep/every snapshots per schedule in steady state (12, 96, 168)", () => {
    const engine = new Engine(1);
    const pair = pairOf();
    const { snapshots } = startStoragePair(engine, pair, { pathUp: () => true });
    for (const t of [8 * 86400, 8 * 86400 + 150, 9 * 86400 + 3599]) {
      engine.runUntil(seconds(t));
      for (const s of pair.snapshots) {
        expect(snapshots.countOf(s.label)).toBe(s.keepS / s.everyS);
        expect(snapshots.countOf(s.label)).toBe(s.retained);
      }
    }
  });

  it("sends each increment in delta*8/bandwidth and keeps RPO within the shortest schedule + offset + transfer", () => {
    const engine = new Engine(1);
    const events: TraceEvent[] = [];
    engine.onEvent((e) => events.push(e), { protocol: false });
    const pair = pairOf();
    const { replication } = startStoragePair(engine, pair, { pathUp: () => true, writeRateBytesPerS: RATE, linkBitsPerS: LINK });
    const deltaBytes = RATE * pair.replicationEveryS;
    const transferUs = seconds((deltaBytes * 8) / LINK);
    const shortestS = Math.min(...pair.snapshots.map((s) => s.everyS));
    let maxRpo = 0;
    for (let t = 3600; t <= 6 * 3600; t += 7) {
      engine.runUntil(seconds(t));
      maxRpo = Math.max(maxRpo, replication.rpoUs() ?? Infinity);
    }
    const done = events.filter((e) => e.type === "zfs.replication" && e.phase === "done");
    expect(done.length).toBeGreaterThan(60);
    for (const e of done.slice(1)) expect(e).toMatchObject({ bytes: deltaBytes, durationS: transferUs / 1e6 });
    const bound = seconds(shortestS + replication.offsetS) + transferUs;
    expect(maxRpo).toBeLessThanOrEqual(bound);
    expect(maxRpo).toBeGreaterThan(bound - seconds(10)); // sampled every 7 s, the worst case is reached
  });

  it("with the job on the snapshot grid (offset 0) RPO never exceeds the shortest schedule + transfer time", () => {
    const engine = new Engine(1);
    const pair = pairOf();
    const { replication } = startStoragePair(engine, pair, { pathUp: () => true, writeRateBytesPerS: RATE, linkBitsPerS: LINK, offsetS: 0 });
    const transferUs = seconds((RATE * pair.replicationEveryS * 8) / LINK);
    let maxRpo = 0;
    for (let t = 600; t <= 3 * 3600; t += 1) {
      engine.runUntil(seconds(t));
      maxRpo = Math.max(maxRpo, replication.rpoUs() ?? Infinity);
    }
    expect(maxRpo).toBeLessThanOrEqual(seconds(300) + transferUs);
    expect(maxRpo).toBeGreaterThanOrEqual(seconds(300) + transferUs - seconds(1));
  });

  it("fails while the replica is unreachable, retries each period, and catches up with the whole delta", () => {
    const engine = new Engine(1);
    const events: TraceEvent[] = [];
    engine.onEvent((e) => events.push(e), { protocol: false });
    let up = true;
    const { replication, snapshots } = startStoragePair(engine, pairOf(), { pathUp: () => up, writeRateBytesPerS: RATE, linkBitsPerS: LINK });
    engine.runUntil(seconds(1000));
    up = false;
    engine.runUntil(seconds(2500));
    const failed = events.filter((e) => e.type === "zfs.replication" && e.phase === "failed");
    expect(failed.map((e) => e.t)).toEqual([1260, 1560, 1860, 2160, 2460].map(seconds));
    const rpoCut = replication.rpoUs() ?? 0;
    expect(rpoCut).toBeGreaterThan(seconds(1500));
    expect(replication.lostBytesIfPromoted()).toBe(snapshots.writtenBytes() - (replication.newestOnReplica()?.writtenMarkBytes ?? 0));
    up = true;
    engine.runUntil(seconds(2800));
    const last = events.filter((e) => e.type === "zfs.replication" && e.phase === "done").at(-1);
    expect(last).toMatchObject({ t: seconds(2760) + seconds((RATE * 1800 * 8) / LINK), bytes: RATE * 1800 });
    expect(replication.rpoUs()).toBeLessThan(seconds(400));
  });

  it("a link cut during the send fails that run", () => {
    const engine = new Engine(1);
    let up = true;
    const { replication } = startStoragePair(engine, pairOf(), { pathUp: () => up, writeRateBytesPerS: 100e6, linkBitsPerS: 1e8 });
    engine.runUntil(seconds(361)); // send of 30 GB-ish at 100 Mbit/s is running
    up = false;
    engine.runUntil(seconds(3000));
    expect(replication.stats.sent).toBe(0);
    expect(replication.stats.failed).toBeGreaterThan(0);
  });

  it("writes land in the pool, and an UNAVAIL pool takes no snapshots", () => {
    const engine = new Engine(1);
    const pool = createHostPools(engine, referenceLab(), "stor01").get("tank");
    if (!pool) throw new Error("no tank");
    const { snapshots } = startStoragePair(engine, pairOf(), { pathUp: () => true, writeRateBytesPerS: RATE, pool });
    engine.runUntil(seconds(600));
    expect(pool.allocatedBytes).toBe(RATE * 600);
    for (const d of ["da0", "da1", "da2"]) pool.failDisk(d);
    const before = snapshots.present.length;
    engine.runUntil(seconds(1200));
    expect(snapshots.present.length).toBe(before);
  });
});
