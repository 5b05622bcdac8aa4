// pfsync: a state created on the www master (a connection through the VIP) appears on the peer within
// 1 s over the pfsync link; with that link down it is not synced and is gone after a failover. At
// boot, pfsync demotes CARP until the peer answers the bulk update (or 12 retries 5 s apart fail).
import { describe, expect, it } from "vitest";
import type { Release } from "../../../src/model/types.js";
import { US_PER_S } from "../../../src/sim/engine/time.js";
import { DEFAULT_LINK_LATENCY_US } from "../../../src/sim/net/segment.js";
import { booted, seconds } from "../world/sim-support.js";

const releases: Release[] = ["14.2", "8.1"];

describe.each(releases)("pfsync on %s", (release) => {
  it("syncs a new state to the peer within 1 s, and loses states created while the sync link is down", () => {
    const run = booted(release);
    const t = seconds(40) + 200_000;
    let first = "";
    run.engine.at(t, () => {
      const c = run.world.connect("proxy02", "203.0.113.10", 80);
      expect(c).toMatchObject({ ok: true, host: "proxy01" });
      first = c.state!;
    });
    run.runTo(41.5);
    const update = run.of("pfsync.update", { host: "proxy02", peer: "proxy01" })[0]!;
    // 14.x pfsync_ifconfig="defer" pushes at once; 8.x batches for up to 1 s (plus the wire)
    expect(update.t - t).toBeLessThanOrEqual(release === "8.1" ? US_PER_S + DEFAULT_LINK_LATENCY_US : US_PER_S);
    expect(run.world.pfStates("proxy02").map((s) => s.key)).toContain(first);

    let second = "";
    run.at(42, () => run.world.setNicLink("proxy01", "em4", false));
    run.at(43, () => void (second = run.world.connect("proxy02", "203.0.113.10", 443).state!));
    run.at(45, () => run.world.powerOff("proxy01"));
    run.runTo(50);
    expect(run.world.vipOwner("www")).toBe("proxy02");
    const keys = run.world.pfStates("proxy02").map((s) => s.key);
    expect(keys).toContain(first);
    expect(keys).not.toContain(second);
    expect(second).toMatch(/^tcp 203\.0\.113\.12:\d+ -> 203\.0\.113\.10:443$/);
  });

  it("a returning host gets the peer's states with the bulk update and undemotes", () => {
    const run = booted(release);
    let key = "";
    run.at(40.1, () => void (key = run.world.connect("proxy02", "203.0.113.10", 80).state!));
    run.at(41.5, () => run.world.powerOff("proxy01"));
    run.at(46, () => run.world.powerOn("proxy01"));
    run.runTo(60);
    expect(run.world.pfStates("proxy01")).toEqual([]);
    run.runTo(80);
    // proxy01 lost its table at power off; proxy02 kept the synced copy and sends it back
    expect(run.world.pfStates("proxy01").map((s) => s.key)).toEqual([key]);
    const bulk = run.of("pfsync.bulk", { host: "proxy01" }).filter((e) => e.t > seconds(46));
    expect(bulk.map((e) => e.phase)).toEqual(["start", "done"]);
    expect(bulk[1]!.t - bulk[0]!.t).toBe(2 * DEFAULT_LINK_LATENCY_US);
  });

  it("without an answer the bulk update retries every 5 s and gives up after 12 tries, keeping CARP demoted until then", () => {
    const run = booted(release);
    run.at(40.5, () => run.world.setNicLink("proxy02", "em4", false));
    run.at(41, () => run.world.reboot("proxy01"));
    run.runTo(200);
    const bulk = run.of("pfsync.bulk", { host: "proxy01" }).filter((e) => e.t > seconds(41));
    expect(bulk.map((e) => e.phase)).toEqual(["start", "done"]);
    expect(bulk[1]!.reason).toBe("pfsync bulk fail");
    expect(bulk[1]!.t - bulk[0]!.t).toBe(13 * 5 * US_PER_S);
    const demotion = run.of("carp.demotion", { host: "proxy01" }).filter((e) => e.t > seconds(41));
    expect(demotion.map((e) => e.reason)).toEqual(release === "8.1"
      ? ["suppress_preempt: pfsync bulk start", "suppress_preempt: pfsync bulk fail"]
      : ["pfsync bulk start", "pfsync bulk fail"]);
    expect(run.world.vipOwner("www")).toBe("proxy01");
  });
});
