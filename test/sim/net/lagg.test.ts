// lagg(4) and CARP's link rules: one LAGG member down changes nothing for CARP; all members down
// puts the vhid in INIT with demotion, the peer takes over after its master-down time; link back
// returns the VIP per preempt. failover brings traffic back to the master port; lacp detaches a port
// whose partner goes silent after the LACP timeout.
import { describe, expect, it } from "vitest";
import type { Release } from "../../../src/model/types.js";
import { masterDownUs } from "../../../src/sim/carp/timing.js";
import { DEFAULT_LINK_LATENCY_US } from "../../../src/sim/net/segment.js";
import { booted, labWith, seconds, simulate, www } from "../world/sim-support.js";

const releases: Release[] = ["14.2", "8.1"];

describe.each(releases)("LAGG and CARP on %s", (release) => {
  it("one member down: the port goes inactive, the lagg stays up, no CARP change", () => {
    const run = booted(release);
    run.at(40.5, () => run.world.setNicLink("proxy01", "em0", false));
    run.runTo(60);
    expect(run.of("link.state", { host: "proxy01", iface: "em0" }).at(-1)!.to).toBe("down");
    expect(run.of("lagg.port", { host: "proxy01", port: "em0" }).at(-1)!.to).toBe("inactive");
    expect(run.world.host("proxy01").linkState("lagg0")).toBe("up");
    expect(run.of("carp.state").filter((e) => e.t > seconds(40))).toEqual([]);
    expect(run.of("carp.demotion", { host: "proxy01" }).filter((e) => e.t > seconds(40))).toEqual([]);
    expect(run.world.vipOwner("www")).toBe("proxy01");
  });

  it("both members down: INIT and demotion at once, proxy02 takes over after its master-down time; link back returns the VIP (preempt=1)", () => {
    const run = booted(release);
    const t = seconds(40) + 400_000;
    run.engine.at(t, () => run.world.setLaggLinks("proxy01", "lagg0", false));
    run.runTo(50);
    const init = run.of("carp.state", { host: "proxy01", to: "INIT" }).at(-1)!;
    expect(init.t).toBe(t);
    const demotion = run.of("carp.demotion", { host: "proxy01" }).at(-1)!;
    expect(demotion.t).toBe(t);
    expect(demotion.to).toBe(release === "8.1" ? 1 : 240);
    expect(run.of("lagg.state", { host: "proxy01", iface: "lagg0" }).at(-1)!.to).toBe("down");
    expect(run.of("arp.owner", { group: "www" }).find((e) => e.t === t)!.host).toBeNull();
    const lastAdvert = run.of("carp.advert", { host: "proxy01" }).filter((e) => e.t < t).at(-1)!;
    const takeover = run.of("carp.state", { host: "proxy02", to: "MASTER" }).find((e) => e.t > seconds(40))!;
    expect(takeover.t).toBe(lastAdvert.t + DEFAULT_LINK_LATENCY_US + masterDownUs(1, 100));
    expect(run.world.vipOwner("www")).toBe("proxy02");

    run.at(50, () => run.world.setLaggLinks("proxy01", "lagg0", true));
    run.runTo(55);
    expect(run.of("carp.demotion", { host: "proxy01" }).at(-1)!.to).toBe(0);
    const back = run.of("carp.state", { host: "proxy01" }).filter((e) => e.t >= seconds(50)).map((e) => `${e.to} (${e.reason})`);
    expect(back).toEqual(["BACKUP (initialization complete)", "MASTER (preempting a slower master)"]);
    expect(run.world.vipOwner("www")).toBe("proxy01");
  });

  it("link back without preempt: proxy01 stays BACKUP", () => {
    const run = simulate(labWith(release, (spec) => void (www(spec).preempt = false)));
    run.world.start();
    run.at(40.4, () => run.world.setLaggLinks("proxy01", "lagg0", false));
    run.at(50, () => run.world.setLaggLinks("proxy01", "lagg0", true));
    run.runTo(80);
    expect(run.world.vipOwner("www")).toBe("proxy02");
    expect(run.world.host("proxy01").carpState(release === "8.1" ? "carp0" : "lagg0", 1)).toBe("BACKUP");
  });
});

describe("lagg protocols", () => {
  it("failover: the first port carries traffic, the second takes over, traffic returns to the master port", () => {
    const lab = labWith("14.2", (spec) => {
      for (const h of spec.hosts) for (const l of h.laggs ?? []) l.protocol = "failover";
    });
    const run = simulate(lab);
    run.world.start();
    run.runTo(31);
    const ports = () => Object.fromEntries(run.world.host("proxy01").net.laggs.get("lagg0")!.portState);
    expect(ports()).toEqual({ em0: "active", em1: "inactive" });
    run.at(32, () => run.world.setNicLink("proxy01", "em0", false));
    run.runTo(33);
    expect(ports()).toEqual({ em0: "inactive", em1: "active" });
    run.at(34, () => run.world.setNicLink("proxy01", "em0", true));
    run.runTo(35);
    expect(ports()).toEqual({ em0: "active", em1: "inactive" });
    expect(run.world.host("proxy01").linkState("lagg0")).toBe("up");
  });

  it("lacp: every port with link is active; a port whose partner goes silent is detached after 3 s (fast) while its link stays up", () => {
    const run = simulate(labWith("14.2", () => {}), { lacpFastTimeout: true });
    run.world.start();
    run.runTo(40);
    const lagg = run.world.host("proxy01").net.laggs.get("lagg0")!;
    expect(Object.fromEntries(lagg.portState)).toEqual({ em0: "active", em1: "active" });
    run.at(41, () => {
      run.world.setLacpPartnerSilent("proxy01", "lagg0", "em0", true);
      run.world.setLacpPartnerSilent("proxy01", "lagg0", "em1", true);
    });
    run.runTo(43.9);
    expect(lagg.state).toBe("up");
    run.runTo(44.1);
    expect(lagg.state).toBe("down");
    expect(run.of("lagg.state", { host: "proxy01", iface: "lagg0" }).at(-1)!.t).toBe(seconds(44));
    expect(run.world.host("proxy01").net.nics.get("em0")!.link).toBe("up");
    expect(run.world.host("proxy01").carpState("lagg0", 1)).toBe("INIT");
    run.at(50, () => run.world.setLacpPartnerSilent("proxy01", "lagg0", "em1", false));
    run.runTo(50.1);
    expect(Object.fromEntries(lagg.portState)).toEqual({ em0: "inactive", em1: "active" });
  });

  it("lacp slow timeout is 90 s", () => {
    const run = booted("14.2");
    run.at(41, () => run.world.setLacpPartnerSilent("proxy02", "lagg1", "em2", true));
    run.runTo(130.9);
    expect(run.world.host("proxy02").net.laggs.get("lagg1")!.portState.get("em2")).toBe("active");
    run.runTo(131.1);
    expect(run.world.host("proxy02").net.laggs.get("lagg1")!.portState.get("em2")).toBe("inactive");
  });
});
