// stor01 lost: the consumers fail visibly, storage-promote stor02 brings them back against stor02 and
// reports the writes lost since the newest replicated snapshot; storage-demote switches back without
// loss; NFS/iSCSI failures by cause (service hung or stopped, consumer link down); same seed, same summary.
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/engine/time.js";
import { ISCSI_PING_TIMEOUT_US, NFS_NOT_RESPONDING_US } from "../../../src/sim/services/storage-io.js";
import { BLOBS, raidzReadUs, RTT_US, slogWriteUs, SOLR, storageRig, wireUs, ZODB } from "./storage-support.js";

const LINK = 1e9;
const BLOB = 256 * 1024;

describe.each(["14.2", "8.1"] as const)("storage promotion on FreeBSD %s", (release) => {
  it("stor01 off: consumers fail; storage-promote stor02: they work against stor02; the promotion reports the bytes written since the newest replicated snapshot", () => {
    const rate = 2e6;
    const rig = storageRig(release, { writeRateBytesPerS: rate });
    rig.runTo(3600 + 200);
    // the 3660 s run shipped the 3600 s snapshot: everything written after it exists only on stor01
    expect(rig.plane.view().pairs[0]).toMatchObject({ newestOnReplica: "tank/solr@2011-05-10_01.00.00--1h", rpoS: 200 });
    let blobWrites = 0;
    for (let i = 0; i < 40; i++) {
      expect(rig.io(i % 2 ? "app01" : "app02", BLOBS, "write", BLOB).ok).toBe(true);
      blobWrites++;
    }
    const offAt = rig.engine.now;
    rig.world.powerOff("stor01");
    expect(rig.io("app01", SOLR, "read", 4096)).toEqual({ ok: false, latencyUs: NFS_NOT_RESPONDING_US, cause: "NFS server not responding" });
    expect(rig.io("app02", BLOBS, "write", BLOB)).toEqual({ ok: false, latencyUs: NFS_NOT_RESPONDING_US, cause: "NFS server not responding" });
    expect(rig.io("app01", ZODB, "read", 4096)).toEqual({ ok: false, latencyUs: ISCSI_PING_TIMEOUT_US, cause: "iSCSI target unavailable" });
    rig.runTo(4000);
    rig.world.storagePromote("stor02", true);
    const lostBytes = Math.round((rate * (offAt - seconds(3600))) / 1e6) + blobWrites * BLOB;
    const pair = rig.plane.summary().pairs[0]!;
    expect(pair).toMatchObject({ primary: "stor02", replica: "stor01", replicating: false });
    expect(pair.promotions).toEqual([
      expect.objectContaining({ atS: 4000, host: "stor02", kind: "promote", ok: true, lostBytes, lostSinceS: 3600 }),
    ]);
    expect(rig.of("zfs.promote").at(-1)).toMatchObject({ host: "stor02", from: "stor01", lostBytes, lostSinceS: 3600 });
    // the consumers were re-pointed to stor02 (10.0.40.42): both exports and the LUNs answer again
    expect(rig.io("app01", SOLR, "read", 4096)).toEqual({ ok: true, latencyUs: RTT_US + wireUs(4096) + raidzReadUs(4096) });
    expect(rig.io("app02", BLOBS, "write", BLOB)).toEqual({ ok: true, latencyUs: RTT_US + wireUs(BLOB) + slogWriteUs(BLOB) });
    expect(rig.io("app02", ZODB, "write", 4096).ok).toBe(true);
    expect(rig.plane.summary()).toMatchObject({
      exportFailures: { [`app01:${SOLR}`]: 1, [`app02:${BLOBS}`]: 1, [`app01:${ZODB}`]: 1 },
      failuresByCause: { "NFS server not responding": 2, "iSCSI target unavailable": 1 },
    });
    // snapshots go on on stor02; nothing replicates (only stor01 has the job): RPO grows
    rig.runTo(5000);
    const view = rig.plane.view().pairs[0]!;
    expect(view.newestSnapshot).toBe("tank/solr@2011-05-10_01.20.00--1h");
    expect(view.rpoS).toBe(5000 - 3600);
  });

  it("storage-demote stor02 after stor01 is back: bulk send while serving, quiesce, last increment, stor01 primary again; nothing lost; replication resumes", () => {
    const rate = 1e6;
    const rig = storageRig(release, { writeRateBytesPerS: rate });
    rig.runTo(1000);
    rig.world.powerOff("stor01");
    rig.runTo(1010);
    rig.world.storagePromote("stor02", true);
    rig.runTo(2000);
    rig.world.powerOn("stor01");
    rig.runTo(2100);
    const written = rig.plane.pair("tank");
    expect(written.primaryHost).toBe("stor02");
    rig.world.storagePromote("stor02", false);
    const sends = rig.of("zfs.switchover", { phase: "send" });
    // stor01 was rolled back to the 900 s snapshot; stor02 wrote from then on (its pool took writes from 1010 s)
    const first = sends[0]!;
    expect(first).toMatchObject({ t: seconds(2100), from: "tank/solr@2011-05-10_00.15.00--1h", bytes: rate * (2100 - 1010) });
    const firstUs = seconds((rate * 1090 * 8) / LINK);
    rig.engine.runUntil(seconds(2100) + firstUs);
    expect(rig.plane.pair("tank").quiesced).toBe(true);
    expect(rig.io("app01", BLOBS, "write", BLOB)).toEqual({ ok: false, latencyUs: 0, cause: "export unmounted (storage switchover)" });
    const second = rig.of("zfs.switchover", { phase: "send" })[1]!;
    expect(second).toMatchObject({ t: seconds(2100) + firstUs, bytes: Math.round((rate * firstUs) / 1e6) });
    rig.runTo(2200);
    const pair = rig.plane.summary().pairs[0]!;
    expect(pair).toMatchObject({ primary: "stor01", replica: "stor02" });
    expect(pair.promotions.map((p) => [p.kind, p.host, p.ok, p.lostBytes])).toEqual([["promote", "stor02", true, rate * (1000 - 900)], ["switchover", "stor01", true, 0]]);
    expect(rig.io("app01", BLOBS, "write", BLOB).ok).toBe(true);
    rig.runTo(2800);
    // stor01's job ships from the switchover snapshot on
    const next = rig.of("zfs.replication", { phase: "done" }).filter((e) => e.t > seconds(2200));
    expect(next[0]).toMatchObject({ t: seconds(2460) + seconds(((next[0]!.bytes as number) * 8) / LINK) });
    expect(next[0]?.from).toMatch(/^tank\/solr@2011-05-10_00\.3[56]\.\d\d--1w$/);
    expect(rig.plane.view().pairs[0]?.rpoS).toBeLessThan(300 + 60 + 10);
  });
});

describe("storage exports under service and link faults", () => {
  it("a hung nfsd and a stopped iSCSI target fail the consumers with their causes; storage-link-down on one app host fails only its mounts", () => {
    const rig = storageRig("14.2");
    rig.runTo(100);
    rig.world.setService("stor01", "nfs", "hung");
    expect(rig.io("app01", SOLR, "read", 4096)).toEqual({ ok: false, latencyUs: NFS_NOT_RESPONDING_US, cause: "NFS server not responding" });
    expect(rig.io("app01", ZODB, "read", 4096).ok).toBe(true);
    rig.world.setService("stor01", "nfs", "running");
    rig.world.setService("stor01", "iscsi", "stopped");
    expect(rig.io("app02", ZODB, "write", 4096)).toEqual({ ok: false, latencyUs: ISCSI_PING_TIMEOUT_US, cause: "iSCSI target unavailable" });
    rig.world.setService("stor01", "iscsi", "running");
    rig.world.setStorageLinks("app01", false);
    expect(rig.io("app01", BLOBS, "read", 4096).cause).toBe("NFS server not responding");
    expect(rig.io("app02", BLOBS, "read", 4096).ok).toBe(true);
    rig.world.setStorageLinks("app01", true);
    expect(rig.io("app01", BLOBS, "read", 4096).ok).toBe(true);
    expect(() => rig.plane.io("proxy01", SOLR, "read", 1, () => undefined)).toThrow(/proxy01:\/var\/db\/solr mounts no storage export.*app01:\/var\/db\/solr/);
    expect(() => rig.world.setStorageLinks("db01", true)).toThrow(/db01 has no interface on a storage network; hosts on a storage network: app01, app02, stor01, stor02/);
  });

  it("storage-promote of a replica that is off is refused and reported; demote of the replica changes nothing", () => {
    const rig = storageRig("14.2", { writeRateBytesPerS: 1e6 });
    rig.runTo(500);
    rig.world.powerOff("stor02");
    rig.world.storagePromote("stor02", true);
    rig.world.storagePromote("stor02", false);
    const pair = rig.plane.summary().pairs[0]!;
    expect(pair).toMatchObject({ primary: "stor01", replica: "stor02" });
    expect(pair.promotions).toEqual([{ atS: 500, host: "stor02", lostBytes: 0, lostSinceS: undefined, kind: "promote", ok: false, message: "storage-promote refused: stor02 is not running" }]);
    expect(rig.of("zfs.switchover").at(-1)).toMatchObject({ phase: "refused", message: "stor02 is already the replica of tank" });
    expect(() => rig.world.storagePromote("app01", true)).toThrow("app01 is in no storage pair; storage hosts: stor01, stor02");
  });

  it("same seed, same faults: identical summary and trace", () => {
    const run = () => {
      const rig = storageRig("14.2", { writeRateBytesPerS: 5e6, allocatedBytes: 20e9 });
      const at = (s: number, f: () => void) => rig.engine.at(seconds(s), f);
      at(500, () => rig.world.failDisk("stor01", "da3"));
      at(700, () => rig.world.replaceDisk("stor01", "da3"));
      at(900, () => rig.world.setStorageLinkRate("stor01", 100));
      at(1500, () => rig.world.setStorageLinks("stor02", false));
      at(2500, () => rig.world.setStorageLinks("stor02", true));
      at(3000, () => rig.world.powerOff("stor01"));
      at(3100, () => rig.world.storagePromote("stor02", true));
      for (let s = 200; s < 3600; s += 37) at(s, () => rig.plane.io(s % 2 ? "app01" : "app02", s % 3 ? BLOBS : ZODB, s % 5 ? "write" : "read", 8192 * (s % 7), () => undefined));
      rig.runTo(3600);
      return { summary: JSON.stringify(rig.plane.summary()), hash: rig.engine.traceHash() };
    };
    const a = run();
    const b = run();
    expect(a.summary).toBe(b.summary);
    expect(a.hash).toBe(b.hash);
    expect(JSON.parse(a.summary).pairs[0].promotions).toHaveLength(1);
  });
});
