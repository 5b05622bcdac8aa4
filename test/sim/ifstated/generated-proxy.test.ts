// The GENERATED ifstated.conf of proxy01, both releases, run by the interpreter against a fake host:
// a web service or a LAGG down demotes CARP within one test period (14.x: demotion +240; 8.1: carp0
// advskew 240), everything back undoes it, and nothing runs again while nothing changes.
import { describe, expect, it } from "vitest";
import { SCRIPT } from "../../../src/generate/paths.js";
import type { Release } from "../../../src/model/types.js";
import { generatedIfstated, healthyProxy, rig, secondsOf } from "./harness.js";

const DEMOTE: Record<Release, string> = { "14.2": "sysctl net.inet.carp.demotion=240", "8.1": "ifconfig carp0 advskew 240" };
const RESTORE: Record<Release, string> = { "14.2": "sysctl net.inet.carp.demotion=-240", "8.1": "ifconfig carp0 advskew 0" };
const DEMOTED_LOG = "logger -t ifstated CARP demoted: a web service or a LAGG is down";

describe.each(["14.2", "8.1"] as const)("proxy01 ifstated.conf, FreeBSD %s", (release) => {
  const setup = () => rig(generatedIfstated(release, "proxy01"), "proxy01", healthyProxy(release));
  const demotion = (r: ReturnType<typeof setup>) =>
    release === "8.1" ? (r.target.advskews.get("carp0") ?? 0) : r.target.sysctls.get("net.inet.carp.demotion");

  it("starts in primary and runs nothing while healthy", () => {
    const r = setup();
    r.at(1, () => r.daemon.start());
    r.at(120);
    expect(r.events("ifstated.state").map((e) => [e.from, e.to])).toEqual([[null, "primary"]]);
    expect(r.runs().filter((c) => c !== "logger -t ifstated carp0 www vhid 1 is MASTER")).toEqual([]);
    expect(r.events("ifstated.error")).toEqual([]);
    expect(demotion(r)).toBe(0);
    // the three web checks ran on entry and every 5 s (protocol-level trace)
    const checks = r.trace.filter((e) => e.level === "protocol" && e.event.type === "ifstated.run");
    expect(checks.length).toBe(3 * (1 + Math.floor(119 / 5)));
    expect(new Set(checks.map((e) => e.event.command))).toEqual(new Set([80, 3180, 3380].map((p) => `${SCRIPT.checkPort} ${p}`)));
  });

  it("nginx down: demoted within one test period; back: undone; each exactly once", () => {
    const r = setup();
    r.at(1, () => r.daemon.start());
    r.at(12.3, () => r.target.close("80"));
    r.at(40);
    const demote = r.events("ifstated.run").find((e) => e.command === DEMOTE[release])!;
    expect(demote).toMatchObject({ host: "proxy01", status: 0 });
    expect(secondsOf(demote)).toBe(16); // the next run of the 5 s check after 12.3 s (armed at 1 s)
    expect(secondsOf(demote) - 12.3).toBeLessThanOrEqual(5);
    expect(demotion(r)).toBe(240);
    expect(r.events("ifstated.state").at(-1)).toMatchObject({ from: "primary", to: "demoted", t: demote.t });
    r.at(52.7, () => r.target.open("80"));
    r.at(120);
    const restore = r.events("ifstated.run").find((e) => e.command === RESTORE[release])!;
    expect(secondsOf(restore)).toBe(56); // demoted was entered at 16 s: its checks run at 21, 26, ... 56
    expect(demotion(r)).toBe(0);
    expect(r.runs().filter((c) => !c.includes("is MASTER"))).toEqual([DEMOTE[release], DEMOTED_LOG, RESTORE[release]]);
    expect(r.events("ifstated.state").map((e) => e.to)).toEqual(["primary", "demoted", "primary"]);
  });

  it("varnish or haproxy down demotes too", () => {
    for (const port of ["3180", "3380"]) {
      const r = setup();
      r.at(0, () => r.daemon.start());
      r.at(7, () => r.target.close(port));
      r.at(30);
      expect(r.runs(), port).toContain(DEMOTE[release]);
      expect(demotion(r), port).toBe(240);
    }
  });

  it("a LAGG link down demotes at once; link back undoes it", () => {
    const r = setup();
    r.at(1, () => r.daemon.start());
    r.at(12.5, () => r.target.setLink("lagg1", "down"));
    r.at(12.5);
    expect(r.runs().filter((c) => !c.includes("is MASTER"))).toEqual([DEMOTE[release], DEMOTED_LOG]);
    expect(secondsOf(r.events("ifstated.run").find((e) => e.command === DEMOTE[release])!)).toBe(12.5);
    r.at(30.25, () => r.target.setLink("lagg1", "up"));
    r.at(30.25);
    expect(r.runs().at(-1)).toBe(RESTORE[release]);
    expect(demotion(r)).toBe(0);
    expect(r.daemon.currentState).toBe("primary");
  });

  it("a service and a LAGG down: demoted once, restored only when both are back", () => {
    const r = setup();
    r.at(0, () => r.daemon.start());
    r.at(10.5, () => r.target.setLink("lagg0", "down"));
    r.at(12, () => r.target.close("3380"));
    r.at(30, () => r.target.setLink("lagg0", "up"));
    r.at(40);
    expect(r.runs().filter((c) => c === DEMOTE[release] || c === RESTORE[release])).toEqual([DEMOTE[release]]);
    r.at(41, () => r.target.open("3380"));
    r.at(50);
    expect(r.runs().filter((c) => c === DEMOTE[release] || c === RESTORE[release])).toEqual([DEMOTE[release], RESTORE[release]]);
    expect(demotion(r)).toBe(0);
  });
});

describe("proxy01 ifstated.conf, FreeBSD 8.1: carp0 link logging (global actions)", () => {
  it("logs MASTER at start and BACKUP/MASTER on each carp0 link change, never in between", () => {
    const r = rig(generatedIfstated("8.1", "proxy01"), "proxy01", healthyProxy("8.1"));
    r.at(1, () => r.daemon.start());
    r.at(10, () => r.target.setCarp("carp0", undefined, "BACKUP"));
    r.at(20, () => r.target.setCarp("carp0", undefined, "INIT"));
    r.at(30, () => r.target.setCarp("carp0", undefined, "MASTER"));
    r.at(60);
    expect(r.target.logs.map((l) => `${l.tag}: ${l.message}`)).toEqual([
      "ifstated: carp0 www vhid 1 is MASTER",
      "ifstated: carp0 www vhid 1 is BACKUP",
      // INIT = link unknown: neither carp0.link.up nor carp0.link.down holds (FreeBSD's port)
      "ifstated: carp0 www vhid 1 is MASTER",
    ]);
  });
});
