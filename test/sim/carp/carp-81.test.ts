// FreeBSD 8.1 CARP: carpN pseudo-interfaces named as the generated rc.conf names them, link state
// MASTER=up/BACKUP=down/INIT=unknown, `ifconfig carp0 down` bowing out with a 255/255 advertisement,
// demotion by `ifconfig carp0 advskew 240`, and no net.inet.carp.demotion sysctl.
import { describe, expect, it } from "vitest";
import { advertIntervalUs } from "../../../src/sim/carp/timing.js";
import { DEFAULT_LINK_LATENCY_US } from "../../../src/sim/net/segment.js";
import { booted, seconds } from "../world/sim-support.js";

describe("CARP on FreeBSD 8.1", () => {
  it("names carpN like the generated rc.conf and shows the CARP state as carpN link state", () => {
    const run = booted("8.1");
    for (const h of run.world.hosts()) {
      for (const v of h.carp.vifs) {
        expect(h.file("/etc/rc.conf")).toMatch(new RegExp(`^ifconfig_${v.iface}="vhid ${v.vhid} `, "m"));
      }
    }
    const p1 = run.world.host("proxy01");
    const p2 = run.world.host("proxy02");
    expect(p1.carpState("carp0", undefined)).toBe("MASTER");
    expect(p1.linkState("carp0")).toBe("up");
    expect(p2.linkState("carp0")).toBe("down");
    expect(p1.carpState("lagg0", 1)).toBeUndefined();
    run.at(41, () => run.world.setLaggLinks("proxy01", "lagg0", false));
    run.runTo(41.1);
    expect(p1.linkState("carp0")).toBe("unknown");
  });

  it("ifconfig carp0 down on the master sends one 255/255 advertisement: the backup takes over at once", () => {
    const run = booted("8.1");
    const p1 = run.world.host("proxy01");
    const t = seconds(40) + 250_000;
    run.engine.at(t, () => expect(p1.setInterfaceAdmin("carp0", false)).toBe(true));
    run.runTo(41);
    const bow = run.of("carp.advert", { host: "proxy01" }).find((e) => e.t === t)!;
    expect([bow.advbase, bow.advskew]).toEqual([255, 255]);
    const takeover = run.of("carp.state", { host: "proxy02", to: "MASTER" }).find((e) => e.t > seconds(40))!;
    expect(takeover.t).toBe(t + DEFAULT_LINK_LATENCY_US);
    // carp_input_c checks preemption first: 255/255 is slower than proxy02's own interval
    expect(takeover.reason).toBe("preempting a slower master");
    expect(p1.carpState("carp0", undefined)).toBe("INIT");
    expect(run.of("carp.advert", { host: "proxy01" }).filter((e) => e.t > t)).toEqual([]);
    // up again: with preempt an 8.x carpN goes INIT -> MASTER at once, and the slower master steps down
    run.at(42, () => p1.setInterfaceAdmin("carp0", true));
    run.runTo(43);
    expect(run.world.vipOwner("www")).toBe("proxy01");
    expect(run.of("carp.state", { host: "proxy02", from: "MASTER", to: "BACKUP" }).at(-1)!.t).toBe(seconds(42) + DEFAULT_LINK_LATENCY_US);
  });

  it("without preempt the backup takes a bow-out as a master that will time out", () => {
    const run = booted("8.1");
    run.at(40.1, () => run.world.sysctl("proxy02", "net.inet.carp.preempt", 0));
    run.at(40.25, () => run.world.host("proxy01").setInterfaceAdmin("carp0", false));
    run.runTo(41);
    const takeover = run.of("carp.state", { host: "proxy02", to: "MASTER" }).find((e) => e.t > seconds(40))!;
    expect(takeover.t).toBe(seconds(40.25) + DEFAULT_LINK_LATENCY_US);
    expect(takeover.reason).toBe("master timed out");
  });

  it("ifconfig carp0 advskew 240 re-arms the advertisement timer; the next advertisement hands the VIP over", () => {
    const run = booted("8.1");
    const p1 = run.world.host("proxy01");
    const t = seconds(40) + 300_000;
    run.engine.at(t, () => expect(p1.setAdvskew("carp0", undefined, 240)).toBe(true));
    run.runTo(43);
    const next = run.of("carp.advert", { host: "proxy01" }).find((e) => e.t > t)!;
    expect(next.t).toBe(t + advertIntervalUs(1, 240));
    expect(next.advskew).toBe(240);
    const takeover = run.of("carp.state", { host: "proxy02", to: "MASTER" }).find((e) => e.t > seconds(40))!;
    expect(takeover.t).toBe(next.t + DEFAULT_LINK_LATENCY_US);
    expect(takeover.reason).toBe("preempting a slower master");
    expect(p1.setAdvskew("carp0", undefined, 255)).toBe(false);
    expect(p1.setAdvskew("carp7", undefined, 10)).toBe(false);
  });

  it("has no demotion sysctl; suppress_preempt counts the parent's link loss", () => {
    const run = booted("8.1");
    const p1 = run.world.host("proxy01");
    expect(p1.sysctl("net.inet.carp.demotion", 240)).toBe(false);
    expect(p1.readSysctl("net.inet.carp.demotion")).toBeUndefined();
    expect(p1.sysctl("net.inet.carp.suppress_preempt", 1)).toBe(false);
    run.at(41, () => run.world.setLaggLinks("proxy01", "lagg0", false));
    run.runTo(41.1);
    expect(p1.readSysctl("net.inet.carp.suppress_preempt")).toBe(1);
    expect(() => run.world.sysctl("proxy01", "net.inet.carp.demotion", 1)).toThrow(/unknown sysctl net.inet.carp.demotion on FreeBSD 8.1/);
  });

  it("carp-demote on 8.1 moves each carpN's advskew (no demotion counter there)", () => {
    const run = booted("8.1");
    run.at(40.5, () => run.world.carpDemote("proxy01", 240));
    run.runTo(43);
    expect(run.world.host("proxy01").carp.vifs[0]!.advskew).toBe(240);
    expect(run.world.vipOwner("www")).toBe("proxy02");
    run.at(44, () => run.world.carpDemote("proxy01", -240));
    run.runTo(47);
    expect(run.world.host("proxy01").carp.vifs[0]!.advskew).toBe(0);
    expect(run.world.vipOwner("www")).toBe("proxy01");
  });
});
