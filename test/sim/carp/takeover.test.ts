// Fidelity: when the www master loses power, the backup takes over exactly at the arrival of the last
// advertisement + 3*advbase + advskew/256 (the master-down timer), for advbase 1-3 and advskew 0-200,
// on FreeBSD 14.x and 8.1.
import { describe, expect, it } from "vitest";
import { masterDownUs } from "../../../src/sim/carp/timing.js";
import type { Release } from "../../../src/model/types.js";
import { DEFAULT_LINK_LATENCY_US } from "../../../src/sim/net/segment.js";
import { labWith, seconds, simulate, www } from "../world/sim-support.js";

function takeover(release: Release, advbase: number, advskew: number) {
  const lab = labWith(release, (spec) => {
    const g = www(spec);
    g.advbase = advbase;
    g.members[0]!.advskew = 0;
    g.members[1]!.advskew = advskew;
  });
  const run = simulate(lab);
  // Equal advskew has no tie-break, so the boot order decides who is MASTER before the fault: on
  // 14.x the first host up (a booting BACKUP never preempts an equal master); on 8.1 the last one
  // (with preempt, INIT goes straight to MASTER and an equal master steps down).
  const later = release === "8.1" ? "proxy01" : "proxy02";
  for (const h of lab.hosts) if (h.name !== later) run.world.powerOn(h.name);
  run.at(10, () => run.world.powerOn(later));
  const offAt = seconds(60) + 123_457; // between advertisements
  run.engine.at(offAt, () => run.world.powerOff("proxy01"));
  run.runTo(60 + 3 * 3 + 5);
  const adverts = run.of("carp.advert", { host: "proxy01" }).filter((e) => e.t <= offAt);
  const last = adverts[adverts.length - 1]!;
  const master = run.of("carp.state", { host: "proxy02", to: "MASTER" }).find((e) => e.t > offAt);
  return { lab, run, last, master, offAt };
}

const releases: Release[] = ["14.2", "8.1"];

describe.each(releases)("CARP takeover timing on %s", (release) => {
  for (const advbase of [1, 2, 3]) {
    it(`advbase ${advbase}: takeover at last advertisement + 3*advbase + advskew/256 for advskew 0-200`, () => {
      for (const advskew of [0, 1, 50, 100, 150, 200]) {
        const { last, master, run } = takeover(release, advbase, advskew);
        expect(run.world.vipOwner("www")).toBe("proxy02");
        expect(master, `advskew ${advskew}`).toBeDefined();
        expect(master!.reason).toBe("master timed out");
        const expected = last.t + DEFAULT_LINK_LATENCY_US + masterDownUs(advbase, advskew);
        expect(Math.abs(master!.t - expected), `advbase ${advbase} advskew ${advskew}`).toBeLessThanOrEqual(1);
        expect(last.advbase).toBe(advbase);
        expect(last.advskew).toBe(0);
      }
    });
  }

  it("the takeover is one advertisement, then gratuitous ARP that moves the VIP", () => {
    const { run, master } = takeover(release, 1, 100);
    const at = run.events.filter((e) => e.t === master!.t).map((e) => `${e.type}${e.type === "arp.owner" ? `:${e.host}` : ""}`);
    expect(at).toEqual(["carp.state", "carp.advert", "arp.owner:proxy02"]);
  });
});
