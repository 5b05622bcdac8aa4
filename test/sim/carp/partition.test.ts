// Partitions and one-way cuts affect advertisements like any frame: proxy01|proxy02 apart makes both
// MASTER (split brain); healing resolves it to the preferred master and the VIP follows.
import { describe, expect, it } from "vitest";
import type { Release } from "../../../src/model/types.js";
import { masterDownUs } from "../../../src/sim/carp/timing.js";
import { DEFAULT_LINK_LATENCY_US } from "../../../src/sim/net/segment.js";
import { booted, seconds } from "../world/sim-support.js";

const releases: Release[] = ["14.2", "8.1"];
const wwwStates = (run: ReturnType<typeof booted>) => run.world.carpView().filter((v) => v.group === "www").map((v) => `${v.host}:${v.state}`);

describe.each(releases)("partition on %s", (release) => {
  it("proxy01 | proxy02: both MASTER; heal: proxy02 steps down and the VIP returns to proxy01", () => {
    const run = booted(release);
    const t = seconds(40) + 300_000;
    run.engine.at(t, () => run.world.partition([["proxy01"], ["proxy02"]]));
    run.runTo(50);
    expect(wwwStates(run)).toEqual(["proxy01:MASTER", "proxy02:MASTER"]);
    const lastAdvert = run.of("carp.advert", { host: "proxy01" }).filter((e) => e.t < t).at(-1)!;
    expect(run.of("carp.state", { host: "proxy02", to: "MASTER" }).find((e) => e.t > seconds(40))!.t).toBe(lastAdvert.t + DEFAULT_LINK_LATENCY_US + masterDownUs(1, 100));
    // the other groups are untouched
    expect(run.world.vipOwner("mysql")).toBe("db01");

    run.at(60, () => run.world.healPartition());
    run.runTo(63);
    expect(wwwStates(run)).toEqual(["proxy01:MASTER", "proxy02:BACKUP"]);
    expect(run.of("carp.state", { host: "proxy02", to: "BACKUP" }).at(-1)!.reason).toBe("more frequent advertisement received");
    expect(run.world.vipOwner("www")).toBe("proxy01");
  });

  it("a one-way cut proxy01 -> proxy02 keeps the split brain until it heals", () => {
    const run = booted(release);
    run.at(40.3, () => run.world.setOneWayCut("proxy01", "proxy02", true));
    run.runTo(60);
    expect(wwwStates(run)).toEqual(["proxy01:MASTER", "proxy02:MASTER"]);
    run.at(60, () => run.world.setOneWayCut("proxy01", "proxy02", false));
    run.runTo(63);
    expect(wwwStates(run)).toEqual(["proxy01:MASTER", "proxy02:BACKUP"]);
  });

  it("100% loss on the public segment is a partition of its advertisements; a delay shifts them", () => {
    const run = booted(release);
    run.at(40.3, () => run.world.setLinkLoss("public", 100));
    run.runTo(50);
    expect(wwwStates(run)).toEqual(["proxy01:MASTER", "proxy02:MASTER"]);
    run.at(50, () => {
      run.world.setLinkLoss("public", 0);
      run.world.setLinkDelay("public", 50);
    });
    run.runTo(55);
    expect(wwwStates(run)).toEqual(["proxy01:MASTER", "proxy02:BACKUP"]);
  });
});
