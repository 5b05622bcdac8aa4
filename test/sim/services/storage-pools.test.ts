// The pools wired into the world: raidz2 survives any two data disks (DEGRADED, still serving, reads
// pay the rebuild) and any third makes the pool UNAVAIL with consumers failing with a cause;
// disk-replace resilvers for data written / rate; the log mirror; slow disks; the root pool; hosts off.
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/engine/time.js";
import { ISCSI_PING_TIMEOUT_US, NFS_NOT_RESPONDING_US } from "../../../src/sim/services/storage-io.js";
import {
  BLOBS, combinations, raidzReadUs, raidzWriteUs, RTT_US, slogWriteUs, SOLR, storageRig, wireUs, ZODB,
} from "./storage-support.js";

const READ = 64 * 1024;
const WRITE = 32 * 1024;
const RESILVER_RATE = 100e6;

function dataDisks(rig: ReturnType<typeof storageRig>): string[] {
  return rig.plane.pool("stor01", "tank").vdevs.filter((v) => !v.isLog).flatMap((v) => v.leaves.map((l) => l.device));
}

describe.each(["14.2", "8.1"] as const)("storage pools on FreeBSD %s", (release) => {
  it("raidz2: every pair of failed data disks leaves vdev and pool DEGRADED and serving; replace + resilver (raw data / rate) returns ONLINE", () => {
    const startBytes = 50e9;
    const rig = storageRig(release, { allocatedBytes: startBytes });
    rig.runTo(60);
    const disks = dataDisks(rig);
    expect(disks).toHaveLength(7);
    const pairs = combinations(disks, 2);
    expect(pairs).toHaveLength(21);
    let written = 0;
    for (const [a, b] of pairs) {
      rig.world.failDisk("stor01", a!);
      rig.world.failDisk("stor01", b!);
      const pool = rig.plane.pool("stor01", "tank");
      expect([pool.vdevs[0]?.state, pool.state]).toEqual(["DEGRADED", "DEGRADED"]);
      const view = rig.plane.view().pools.find((p) => p.host === "stor01" && p.pool === "tank");
      expect(view).toMatchObject({ state: "DEGRADED", failedDisks: [a, b] });
      // two columns rebuilt from parity on every read
      expect(rig.io("app01", SOLR, "read", READ)).toEqual({ ok: true, latencyUs: RTT_US + wireUs(READ) + raidzReadUs(READ, 2) });
      expect(rig.io("app02", ZODB, "write", WRITE)).toEqual({ ok: true, latencyUs: RTT_US + wireUs(WRITE) + slogWriteUs(WRITE) });
      written += WRITE;
      const t0 = rig.engine.now;
      rig.world.replaceDisk("stor01", a!);
      rig.world.replaceDisk("stor01", b!);
      // the data written so far, with raidz2's parity (7 columns for 5 of data), at the resilver rate
      const durationUs = seconds(Math.round(((startBytes + written) * 7) / 5) / RESILVER_RATE);
      expect(pool.resilvering.map((r) => [r.disk, r.durationUs])).toEqual([[a, durationUs], [b, durationUs]]);
      rig.engine.runUntil(t0 + durationUs - 1);
      expect(pool.state).toBe("DEGRADED");
      rig.engine.runUntil(t0 + durationUs);
      expect([pool.vdevs[0]?.state, pool.state]).toEqual(["ONLINE", "ONLINE"]);
      expect(rig.of("zfs.resilver", { phase: "done", disk: b }).at(-1)).toMatchObject({ t: t0 + durationUs });
    }
    expect(rig.plane.summary().exportFailures).toEqual({});
  });

  it("raidz2: any third failed data disk makes the pool UNAVAIL; NFS and iSCSI consumers fail with the cause after their timeouts", () => {
    const lab = storageRig(release).lab;
    const disks = lab.hosts.find((h) => h.name === "stor01")!.pools.find((p) => p.name === "tank")!.vdevs[0]!.devices;
    const triples = combinations(disks, 3);
    expect(triples).toHaveLength(35);
    for (const triple of triples) {
      const rig = storageRig(release);
      rig.runTo(30);
      for (const d of triple.slice(0, 2)) rig.world.failDisk("stor01", d);
      expect(rig.plane.pool("stor01", "tank").state).toBe("DEGRADED");
      rig.world.failDisk("stor01", triple[2]!);
      const pool = rig.plane.pool("stor01", "tank");
      expect([pool.vdevs[0]?.state, pool.state]).toEqual(["UNAVAIL", "UNAVAIL"]);
      expect(rig.io("app01", SOLR, "read", READ)).toEqual({ ok: false, latencyUs: NFS_NOT_RESPONDING_US, cause: "pool unavailable" });
      expect(rig.io("app02", BLOBS, "write", WRITE)).toEqual({ ok: false, latencyUs: NFS_NOT_RESPONDING_US, cause: "pool unavailable" });
      expect(rig.io("app01", ZODB, "read", READ)).toEqual({ ok: false, latencyUs: ISCSI_PING_TIMEOUT_US, cause: "pool unavailable" });
      rig.world.replaceDisk("stor01", triple[0]!);
      expect(rig.of("zfs.command").at(-1)).toMatchObject({ ok: false, message: `cannot replace ${triple[0]}: no valid replicas` });
      expect(rig.plane.summary()).toMatchObject({
        exportFailures: { [`app01:${SOLR}`]: 1, [`app02:${BLOBS}`]: 1, [`app01:${ZODB}`]: 1 },
        failuresByCause: { "pool unavailable": 3 },
      });
    }
  });

  it("the log mirror: one SSD lost degrades log and pool but sync writes stay on SSD; both lost: the ZIL falls back to the raidz2 (pool DEGRADED, slower writes)", () => {
    const rig = storageRig(release);
    rig.runTo(60);
    const pool = rig.plane.pool("stor01", "tank");
    const log = pool.vdevs.find((v) => v.isLog)!;
    const [first, second] = log.leaves.map((l) => l.device);
    expect(rig.io("app01", BLOBS, "write", WRITE).latencyUs).toBe(RTT_US + wireUs(WRITE) + slogWriteUs(WRITE));
    rig.world.failDisk("stor01", first!);
    expect([log.state, pool.vdevs[0]?.state, pool.state]).toEqual(["DEGRADED", "ONLINE", "DEGRADED"]);
    expect(rig.io("app01", BLOBS, "write", WRITE)).toEqual({ ok: true, latencyUs: RTT_US + wireUs(WRITE) + slogWriteUs(WRITE) });
    // a log device holds no pool data: its replacement resilvers nothing
    const t0 = rig.engine.now;
    rig.world.replaceDisk("stor01", first!);
    rig.engine.runUntil(t0);
    expect([log.state, pool.state]).toEqual(["ONLINE", "ONLINE"]);
    rig.world.failDisk("stor01", first!);
    rig.world.failDisk("stor01", second!);
    expect([log.state, pool.state]).toEqual(["UNAVAIL", "DEGRADED"]);
    expect(rig.io("app01", BLOBS, "write", WRITE)).toEqual({ ok: true, latencyUs: RTT_US + wireUs(WRITE) + raidzWriteUs(WRITE) });
    expect(rig.io("app01", SOLR, "read", READ)).toEqual({ ok: true, latencyUs: RTT_US + wireUs(READ) + raidzReadUs(READ) });
  });
});

describe("storage pools: slow disks, the root pool, hosts that are off", () => {
  it("slow-disk: the slowest column sets the raidz2's pace for reads, sync writes without a log, and the resilver", () => {
    const startBytes = 10e9;
    const rig = storageRig("14.2", { allocatedBytes: startBytes });
    rig.runTo(60);
    rig.world.setDiskSlow("stor01", "data4", 6); // by the lab's name
    expect(rig.of("zfs.disk").at(-1)).toMatchObject({ disk: "da4", slowFactor: 6 });
    expect(rig.io("app01", SOLR, "read", READ).latencyUs).toBe(RTT_US + wireUs(READ) + raidzReadUs(READ, 0, 6));
    rig.world.setDiskSlow("stor01", "ada2", 3);
    expect(rig.io("app01", BLOBS, "write", WRITE).latencyUs).toBe(RTT_US + wireUs(WRITE) + slogWriteUs(WRITE, 3));
    // the resilver runs at rate / 6 while da4 is in the stripe; healing it mid-way speeds up the rest
    rig.world.failDisk("stor01", "da0");
    const t0 = rig.engine.now;
    rig.world.replaceDisk("stor01", "da0");
    const raw = Math.round(((startBytes + WRITE) * 7) / 5);
    const pool = rig.plane.pool("stor01", "tank");
    expect(pool.resilvering[0]?.durationUs).toBe(seconds(raw / (RESILVER_RATE / 6)));
    const healAtUs = t0 + seconds(100);
    rig.engine.runUntil(healAtUs);
    rig.world.setDiskSlow("stor01", "da4", 1);
    const doneBytes = (RESILVER_RATE / 6) * 100;
    const endUs = healAtUs + seconds((raw - doneBytes) / RESILVER_RATE);
    rig.engine.runUntil(endUs - 1);
    expect(pool.state).toBe("DEGRADED");
    rig.engine.runUntil(endUs);
    expect(pool.state).toBe("ONLINE"); // ada2 is slow, not failed
  });

  it("losing both disks of zroot hangs every service of a running host (failmode=wait); it cannot boot again", () => {
    const rig = storageRig("14.2");
    rig.runTo(60);
    rig.world.failDisk("app01", "ada0");
    expect(rig.plane.pool("app01", "zroot").state).toBe("DEGRADED");
    expect(rig.world.host("app01").services.get("zope")?.state).toBe("running");
    rig.world.failDisk("app01", "os1");
    expect(rig.plane.pool("app01", "zroot").state).toBe("UNAVAIL");
    const h = rig.world.host("app01");
    expect(["zope", "solr", "pf"].map((s) => h.services.get(s)?.state)).toEqual(["hung", "hung", "running"]);
    rig.world.reboot("app01");
    rig.runTo(120);
    expect(h.state).toBe("off");
    expect(rig.of("zfs.import", { host: "app01" }).at(-1)).toMatchObject({ ok: false, pool: "zroot" });
  });

  it("a disk fails in a box that is off (seen at the next import); its replacement waits for the boot", () => {
    const rig = storageRig("14.2", { allocatedBytes: 1e9 });
    rig.runTo(60);
    rig.world.powerOff("stor02");
    rig.world.failDisk("stor02", "da6");
    const pool = rig.plane.pool("stor02", "tank");
    expect([pool.state, pool.imported]).toEqual(["DEGRADED", false]);
    rig.world.replaceDisk("stor02", "da6");
    expect(pool.resilvering).toHaveLength(0);
    rig.runTo(100);
    rig.world.powerOn("stor02");
    const bootedUs = rig.engine.now + rig.world.timings.ifstatedUs;
    rig.engine.runUntil(bootedUs - 1);
    expect(pool.imported).toBe(true);
    expect(pool.resilvering).toHaveLength(0);
    rig.engine.runUntil(bootedUs);
    // the replica received no data yet: it holds what was there at the start
    const raw = Math.round((pool.allocatedBytes * 7) / 5);
    expect(pool.resilvering[0]).toMatchObject({ disk: "da6", durationUs: seconds(raw / RESILVER_RATE) });
    rig.engine.runUntil(bootedUs + seconds(raw / RESILVER_RATE));
    expect(pool.state).toBe("ONLINE");
  });

  it("a resilver stops while its host is off and resumes after the import", () => {
    const rig = storageRig("14.2", { allocatedBytes: 100e9 });
    rig.runTo(60);
    rig.world.failDisk("stor02", "da1");
    rig.world.replaceDisk("stor02", "da1");
    const pool = rig.plane.pool("stor02", "tank");
    const raw = Math.round((100e9 * 7) / 5);
    rig.runTo(60 + 400);
    rig.world.powerOff("stor02");
    rig.runTo(60 + 1000);
    expect(pool.resilvering[0]?.progress().doneBytes).toBe(RESILVER_RATE * 400);
    rig.world.powerOn("stor02"); // rc.d/zpool imports at the start of the boot
    rig.engine.runUntil(seconds(60 + 1000) + seconds((raw - RESILVER_RATE * 400) / RESILVER_RATE));
    expect(pool.state).toBe("ONLINE");
  });
});
