// Replication stor01 -> stor02 in the world: RPO in steady state, storage-link-rate (transfer time =
// delta * 8 / rate, re-timed mid-send), storage-link-down (runs fail, RPO grows linearly, the next run
// after link-up ships the whole delta; a send cut mid-way fails after ssh's keepalives), slow disks
// slowing the send, and pool-full.
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/engine/time.js";
import { SSH_ALIVE_COUNT_MAX, SSH_ALIVE_INTERVAL_US } from "../../../src/sim/zfs/index.js";
import { HDD_TIMING } from "../../../src/sim/zfs/device-timing.js";
import { BLOBS, RTT_US, SOLR, storageRig, wireUs, slogWriteUs, ZODB } from "./storage-support.js";

const LINK = 1e9;
const OFFSET_S = 60; // the generated cron: 1-59/5

describe("storage replication", () => {
  it("fidelity: in steady state (6 h) RPO never exceeds the shortest schedule plus the transfer time of the largest delta (job on the snapshot grid)", () => {
    const rate = 3e6;
    const rig = storageRig("14.2", { writeRateBytesPerS: rate, replicationOffsetS: 0 });
    const shortestS = Math.min(...rig.lab.storage[0]!.snapshots.map((s) => s.everyS));
    expect(shortestS).toBe(300);
    // consumer writes on top of the background rate, in one burst of the 2nd hour: the largest delta
    rig.runTo(3600 + 100);
    const burst = 2000;
    for (let i = 0; i < burst; i++) rig.plane.io("app01", BLOBS, "write", 256 * 1024, () => undefined);
    let sampledMaxS = 0;
    for (let t = 3600 + 101; t <= 6 * 3600; t += 3) {
      rig.runTo(t);
      const rpo = rig.plane.view().pairs[0]?.rpoS;
      if (rpo !== undefined && rig.plane.summary().pairs[0]?.replications) sampledMaxS = Math.max(sampledMaxS, rpo);
    }
    const largestDelta = rate * shortestS + burst * 256 * 1024;
    const done = rig.of("zfs.replication", { phase: "done" });
    expect(Math.max(...done.map((e) => e.bytes as number))).toBe(largestDelta);
    for (const e of done) expect(e.durationS).toBe(seconds(((e.bytes as number) * 8) / LINK) / 1e6);
    const boundS = shortestS + seconds((largestDelta * 8) / LINK) / 1e6;
    const pair = rig.plane.summary().pairs[0]!;
    expect(pair.maxRpoS).toBeLessThanOrEqual(boundS);
    expect(pair.maxRpoS).toBe(boundS); // reached just before the burst's increment arrived
    expect(sampledMaxS).toBeLessThanOrEqual(pair.maxRpoS!);
    expect(pair.replications).toBe(done.length);
    expect(pair.replicationFailures).toBe(0);
  });

  it("with the generated cron (1 min past the snapshots) the bound is shortest schedule + 1 min + transfer", () => {
    const rate = 2e6;
    const rig = storageRig("8.1", { writeRateBytesPerS: rate });
    rig.runTo(6 * 3600);
    const transferS = seconds((rate * 300 * 8) / LINK) / 1e6;
    expect(rig.plane.summary().pairs[0]?.maxRpoS).toBe(300 + OFFSET_S + transferS);
  });

  it("storage-link-rate: sends take delta * 8 / rate, a change mid-send re-times the rest, RPO grows; full rate again restores it", () => {
    const rate = 10e3;
    const rig = storageRig("14.2", { writeRateBytesPerS: rate });
    rig.runTo(1000);
    rig.world.setStorageLinkRate("stor01", 1);
    rig.runTo(1900);
    const slow = rig.of("zfs.replication", { phase: "done" }).filter((e) => e.t > seconds(1000));
    const delta = rate * 300;
    expect(slow.map((e) => [e.t, e.bytes, e.durationS])).toEqual([
      [seconds(1260 + (delta * 8) / 1e6), delta, (delta * 8) / 1e6],
      [seconds(1560 + (delta * 8) / 1e6), delta, (delta * 8) / 1e6],
      [seconds(1860 + (delta * 8) / 1e6), delta, (delta * 8) / 1e6],
    ]);
    expect(rig.plane.summary().pairs[0]?.maxRpoS).toBe(300 + OFFSET_S + (delta * 8) / 1e6);
    // 0.5 Mbit/s on the receiving side 10 s into the 2160 s send: the rest goes at half the speed
    rig.runTo(2170);
    rig.world.setStorageLinkRate("stor02", 0.5);
    rig.runTo(2400);
    const leftBits = delta * 8 - 1e6 * 10;
    expect(rig.of("zfs.replication", { phase: "done" }).at(-1)).toMatchObject({ t: seconds(2170) + seconds(leftBits / 0.5e6) });
    rig.world.setStorageLinkRate("stor01", null);
    rig.world.setStorageLinkRate("stor02", null);
    rig.runTo(2800);
    expect(rig.of("zfs.replication", { phase: "done" }).at(-1)).toMatchObject({ t: seconds(2760) + seconds((delta * 8) / LINK) });
  });

  it("storage-link-down: every run fails, RPO grows one second per second; after link-up the next run ships the whole delta", () => {
    const rate = 1e6;
    const rig = storageRig("14.2", { writeRateBytesPerS: rate });
    rig.runTo(1000);
    rig.world.setStorageLinks("stor02", false);
    const rpoAt = (s: number) => {
      rig.runTo(s);
      return rig.plane.view().pairs[0]!.rpoS!;
    };
    const r0 = rpoAt(1300);
    expect(rpoAt(2300) - r0).toBe(1000);
    expect(rpoAt(3300) - r0).toBe(2000);
    const failed = rig.of("zfs.replication", { phase: "failed" });
    expect(failed.map((e) => e.t)).toEqual([1260, 1560, 1860, 2160, 2460, 2760, 3060].map(seconds));
    expect(failed[0]).toMatchObject({ reason: "ssh: connect to host 10.0.40.42 port 22: Operation timed out" });
    rig.world.setStorageLinks("stor02", true);
    rig.runTo(3400);
    // newest on stor02 was the 900 s snapshot; the 3360 run ships everything up to the 3300 one
    const last = rig.of("zfs.replication", { phase: "done" }).at(-1)!;
    expect(last).toMatchObject({ bytes: rate * (3300 - 900), t: seconds(3360) + seconds((rate * 2400 * 8) / LINK) });
    expect(rig.plane.view().pairs[0]?.rpoS).toBe(3400 - 3300);
    expect(rig.plane.summary().pairs[0]).toMatchObject({ replicationFailures: 7, maxRpoS: 3360 + (rate * 2400 * 8) / LINK - 900 });
  });

  it("a link lost mid-send stalls the stream; ssh gives up after its keepalives; the next run retries from the last common snapshot", () => {
    const rate = 100e6;
    const rig = storageRig("14.2", { writeRateBytesPerS: rate });
    rig.runTo(700);
    // the 660 s run sends 300 s of writes: 240 s at 1 Gbit/s
    const start = rig.of("zfs.replication", { phase: "start" }).at(-1)!;
    expect(start).toMatchObject({ t: seconds(660), bytes: rate * 300, durationS: (rate * 300 * 8) / LINK });
    rig.world.setStorageLinks("stor01", false);
    rig.runTo(1000);
    const failed = rig.of("zfs.replication", { phase: "failed" });
    // keepalives every 10 s from the start: the first unanswered one at 710 s, the third at 730 s
    expect(failed[0]).toMatchObject({ t: seconds(660) + SSH_ALIVE_INTERVAL_US * (4 + SSH_ALIVE_COUNT_MAX), reason: "Timeout, server 10.0.40.42 not responding." });
    expect(failed.slice(1).map((e) => e.t)).toEqual([seconds(960)]);
    rig.world.setStorageLinks("stor01", true);
    rig.runTo(1300 + 1000);
    const retried = rig.of("zfs.replication", { phase: "start" }).find((e) => e.t === seconds(1260));
    // common snapshot: still the 300 s one (the 600 s one never arrived)
    expect(retried).toMatchObject({ bytes: rate * (1200 - 300) });
  });

  it("the sender going down kills its send at once; the replica going down is noticed by the keepalives", () => {
    const rate = 100e6;
    const rig = storageRig("14.2", { writeRateBytesPerS: rate });
    rig.runTo(700);
    rig.world.powerOff("stor02");
    rig.runTo(800);
    expect(rig.of("zfs.replication", { phase: "failed" })[0]).toMatchObject({ t: seconds(730), reason: "Timeout, server 10.0.40.42 not responding." });
    rig.world.powerOn("stor02");
    rig.runTo(1000);
    expect(rig.of("zfs.replication", { phase: "start" }).at(-1)).toMatchObject({ t: seconds(960) });
    rig.runTo(1001);
    rig.world.powerOff("stor01");
    expect(rig.of("zfs.replication", { phase: "failed" }).at(-1)).toMatchObject({ t: seconds(1001), reason: "zfs send died: stor01 went down" });
  });

  it("a slow disk slows the send when the pool streams slower than the link", () => {
    const rate = 50e6;
    const rig = storageRig("14.2", { writeRateBytesPerS: rate });
    rig.runTo(400);
    rig.world.setDiskSlow("stor02", "da2", 10);
    rig.runTo(900);
    // raidz2 of 7: 5 data columns at 130 MB/s, paced by the slowest (10x): 65 MB/s = 520 Mbit/s < 1 Gbit/s
    const poolBits = ((5 * HDD_TIMING.rateBytesPerS) / 10) * 8;
    const done = rig.of("zfs.replication", { phase: "done" }).find((e) => e.t > seconds(660));
    expect(done).toMatchObject({ bytes: rate * 300, durationS: seconds((rate * 300 * 8) / poolBits) / 1e6 });
  });

  it("pool-full: writes fail with ENOSPC in one round trip, reads work, snapshots fail; pool-free restores writes", () => {
    const rig = storageRig("14.2");
    rig.runTo(100);
    rig.world.setPoolFull("stor01", "tank", true);
    expect(rig.io("app01", BLOBS, "write", 4096)).toEqual({ ok: false, latencyUs: RTT_US, cause: "No space left on device" });
    expect(rig.io("app02", ZODB, "write", 4096)).toEqual({ ok: false, latencyUs: RTT_US, cause: "No space left on device" });
    expect(rig.io("app01", SOLR, "read", 4096).ok).toBe(true);
    rig.runTo(400);
    expect(rig.of("zfs.snapshot", { phase: "failed" }).map((e) => [e.t, e.reason])).toEqual([[seconds(300), "out of space"]]);
    expect(rig.plane.view().pools.find((p) => p.host === "stor01" && p.pool === "tank")?.full).toBe(true);
    rig.world.setPoolFull("stor01", "tank", false);
    expect(rig.io("app01", BLOBS, "write", 4096)).toEqual({ ok: true, latencyUs: RTT_US + wireUs(4096) + slogWriteUs(4096) });
    expect(rig.plane.summary().failuresByCause).toEqual({ "No space left on device": 2 });
  });

  it("a pool fills up by its writes: ENOSPC once the slop space (1/32) is all that is left", () => {
    const usable = (capacity: number) => capacity - Math.floor(capacity / 32);
    const capacity = 5 * 1024 * 1024 ** 3; // raidz2 of 7 x 1 TiB: 5 data disks
    const rig = storageRig("14.2", { allocatedBytes: usable(capacity) - 6000 });
    rig.runTo(100);
    expect(rig.plane.pool("stor01", "tank").capacityBytes).toBe(capacity);
    expect(rig.io("app01", BLOBS, "write", 4096).ok).toBe(true);
    expect(rig.io("app01", BLOBS, "write", 4096)).toMatchObject({ ok: false, cause: "No space left on device" });
    expect(rig.io("app01", BLOBS, "write", 1904).ok).toBe(true);
    expect(rig.plane.pool("stor01", "tank").full).toBe(true);
  });
});
