// Preemption and demotion: the preferred master takes the VIP back when it returns only with
// net.inet.carp.preempt=1; a demotion written as ifstated would (sysctl net.inet.carp.demotion=240)
// hands the VIP over at once to a preempting backup, and not at all to one without preempt.
import { describe, expect, it } from "vitest";
import type { Release } from "../../../src/model/types.js";
import { advertIntervalUs } from "../../../src/sim/carp/timing.js";
import { DEFAULT_LINK_LATENCY_US } from "../../../src/sim/net/segment.js";
import { booted, labWith, seconds, simulate, www } from "../world/sim-support.js";

const releases: Release[] = ["14.2", "8.1"];

describe.each(releases)("preempt fail-back on %s", (release) => {
  it("proxy02 takes www over while proxy01 is off, and proxy01 takes it back when it returns (preempt=1)", () => {
    const run = booted(release);
    expect(run.world.vipOwner("www")).toBe("proxy01");
    run.at(41, () => run.world.powerOff("proxy01"));
    run.at(50, () => run.world.powerOn("proxy01"));
    run.runTo(45);
    expect(run.world.vipOwner("www")).toBe("proxy02");
    run.runTo(90);
    expect(run.world.vipOwner("www")).toBe("proxy01");
    const back = run.of("carp.state", { host: "proxy01", to: "MASTER" }).filter((e) => e.t > seconds(50));
    expect(back.length).toBeGreaterThan(0);
    expect(back[0]!.reason).toBe(release === "8.1" ? "8.1 preempt: INIT -> MASTER" : "preempting a slower master");
    expect(run.world.carpView().filter((v) => v.group === "www").map((v) => `${v.host}:${v.state}`)).toEqual(["proxy01:MASTER", "proxy02:BACKUP"]);
  });

  it("with preempt=0 the VIP stays on proxy02 after proxy01 returns", () => {
    const lab = labWith(release, (spec) => void (www(spec).preempt = false));
    const run = simulate(lab);
    run.world.start();
    run.at(41, () => run.world.powerOff("proxy01"));
    run.at(50, () => run.world.powerOn("proxy01"));
    run.runTo(200);
    expect(run.world.vipOwner("www")).toBe("proxy02");
    expect(run.world.host("proxy01").readSysctl("net.inet.carp.preempt")).toBe(0);
    expect(run.world.carpView().filter((v) => v.group === "www").map((v) => `${v.host}:${v.state}`)).toEqual(["proxy01:BACKUP", "proxy02:MASTER"]);
  });
});

describe("demotion through the command target (14.x, as ifstated runs it)", () => {
  it("sysctl net.inet.carp.demotion=240 on the master: the master advertises at once and the backup preempts", () => {
    const run = booted("14.2");
    const p1 = run.world.host("proxy01");
    const t = seconds(40) + 500_000;
    run.engine.at(t, () => expect(p1.sysctl("net.inet.carp.demotion", 240)).toBe(true));
    run.runTo(42);
    expect(p1.readSysctl("net.inet.carp.demotion")).toBe(240);
    const demote = run.of("carp.demotion", { host: "proxy01" }).filter((e) => e.t === t);
    expect(demote.map((e) => [e.from, e.to, e.reason])).toEqual([[0, 240, "sysctl"]]);
    expect(run.of("sysctl", { host: "proxy01", name: "net.inet.carp.demotion" }).map((e) => e.value)).toEqual([240]);
    const advert = run.of("carp.advert", { host: "proxy01" }).find((e) => e.t === t)!;
    expect(advert.advskew).toBe(240);
    const takeover = run.of("carp.state", { host: "proxy02", to: "MASTER" })[0]!;
    expect(takeover.t).toBe(t + DEFAULT_LINK_LATENCY_US);
    expect(takeover.reason).toBe("preempting a slower master");
    const stepDown = run.of("carp.state", { host: "proxy01", from: "MASTER", to: "BACKUP" })[0]!;
    expect(stepDown.t).toBe(t + 2 * DEFAULT_LINK_LATENCY_US);
    expect(stepDown.reason).toBe("more frequent advertisement received");
    expect(run.world.vipOwner("www")).toBe("proxy02");
  });

  it("writing -240 undoes it (writes add) and proxy01 preempts again with the next advertisement", () => {
    const run = booted("14.2");
    const p1 = run.world.host("proxy01");
    run.at(40.5, () => p1.sysctl("net.inet.carp.demotion", 240));
    run.at(45, () => p1.sysctl("net.inet.carp.demotion", -240));
    run.runTo(48);
    expect(p1.readSysctl("net.inet.carp.demotion")).toBe(0);
    const back = run.of("carp.state", { host: "proxy01", to: "MASTER" }).filter((e) => e.t > seconds(45))[0]!;
    expect(back.reason).toBe("preempting a slower master");
    expect(back.t - seconds(45)).toBeLessThanOrEqual(advertIntervalUs(1, 100) + DEFAULT_LINK_LATENCY_US);
    expect(run.world.vipOwner("www")).toBe("proxy01");
  });

  it("without preempt on the backup a demoted master keeps the VIP", () => {
    const run = booted("14.2");
    run.at(40.2, () => run.world.sysctl("proxy02", "net.inet.carp.preempt", 0));
    run.at(40.5, () => run.world.host("proxy01").sysctl("net.inet.carp.demotion", 240));
    run.runTo(60);
    expect(run.world.vipOwner("www")).toBe("proxy01");
    expect(run.of("carp.state", { group: "www" }).filter((e) => e.t > seconds(40))).toEqual([]);
    // proxy01 advertises with the demoted skew all along
    expect(run.of("carp.advert", { host: "proxy01" }).filter((e) => e.t > seconds(41)).every((e) => e.advskew === 240)).toBe(true);
  });

  it("the carp-demote fault adds to the same counter", () => {
    const run = booted("14.2");
    run.at(40.5, () => run.world.carpDemote("proxy01", 240));
    run.at(41, () => run.world.carpDemote("proxy01", -240));
    run.runTo(41.1);
    expect(run.world.host("proxy01").readSysctl("net.inet.carp.demotion")).toBe(0);
    expect(run.of("carp.demotion", { host: "proxy01" }).filter((e) => e.t > seconds(40)).map((e) => e.to)).toEqual([240, 0]);
  });

  it("ifconfig lagg0 vhid 1 state backup on the master: BACKUP at once; the peer takes over after its master-down time", () => {
    const run = booted("14.2");
    const p1 = run.world.host("proxy01");
    const t = seconds(40) + 500_000;
    run.engine.at(t, () => expect(p1.setCarpState("lagg0", 1, "backup")).toBe(true));
    run.runTo(45);
    const down = run.of("carp.state", { host: "proxy01", to: "BACKUP" }).find((e) => e.t === t)!;
    expect(down.reason).toBe("user requested via ifconfig");
    expect(run.of("carp.state", { host: "proxy02", to: "MASTER" })[0]!.reason).toBe("master timed out");
    expect(p1.setCarpState("lagg0", 9, "master")).toBe(false);
    expect(p1.setCarpState("lagg1", 1, "master")).toBe(false);
  });
});
