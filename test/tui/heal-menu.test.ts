import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../../src/sim/engine/engine.js";
import { faultsSeenIn, healMenuEntries, trackFault, type ActiveFaults } from "../../src/tui/present/heal-menu.js";
import { healthyView, withHost } from "./fixtures/cluster-view.js";

const inject = (fault: string): TraceEvent => ({ t: 0, type: "fault.inject", fault });
const heal = (fault: string): TraceEvent => ({ t: 0, type: "fault.heal", fault });

function follow(events: TraceEvent[]): ActiveFaults {
  return events.reduce<ActiveFaults>((a, e) => trackFault(a, e), []);
}

describe("heal menu", () => {
  it("follows the faults in force from fault.inject and fault.heal events", () => {
    expect(follow([inject("power-off proxy01"), inject("nic-down db01 em0"), heal("power-on proxy01")])).toEqual(["nic-down db01 em0"]);
    // crash and power-off are the same damage (both undone by power-on): the newest is kept.
    expect(follow([inject("power-off proxy01"), inject("crash proxy01")])).toEqual(["crash proxy01"]);
    // service-start undoes stop, crash and hang of that service only.
    expect(follow([inject("service-hang proxy01 haproxy"), inject("service-crash proxy02 nginx"), heal("service-start proxy01 haproxy")])).toEqual(["service-crash proxy02 nginx"]);
    // "heal" ends partitions and nothing else; a reboot comes back by itself.
    expect(follow([inject("partition proxy01|proxy02"), inject("link-loss public 30%"), heal("heal"), inject("reboot app01")])).toEqual(["link-loss public 30%"]);
    expect(follow([inject("link-loss public 30%"), heal("link-loss public 0%")])).toEqual([]);
    expect(follow([{ t: 0, type: "carp.state" }, inject("not a fault")])).toEqual([]);
  });

  it("also lists damage the view shows (a console attached late), once per repair", () => {
    const view = withHost(withHost(healthyView(), "app02", (h) => ({ ...h, power: "off" })), "db01", (h) => ({
      ...h,
      nics: h.nics.map((n) => (n.name === "em0" ? { ...n, link: "down" as const } : n)),
      services: h.services.map((s) => (s.name === "mysql" ? { ...s, state: "crashed" as const } : s)),
    }));
    expect(faultsSeenIn(view, [])).toEqual(["power-off app02", "nic-down db01 em0", "service-crash db01 mysql"]);
    const entries = healMenuEntries(view, ["crash app02", "link-loss public 30%"]);
    const healed = entries.map((e) => (e.effect.kind === "heal" ? e.effect.texts : []));
    // "crash app02" (tracked) and "power-off app02" (seen) have the same repair: listed once.
    expect(healed).toEqual([
      ["crash app02"], ["link-loss public 30%"], ["nic-down db01 em0"], ["service-crash db01 mysql"],
      ["crash app02", "link-loss public 30%", "nic-down db01 em0", "service-crash db01 mysql"],
    ]);
  });

  it("does not list the ports of a LAGG taken down as a whole", () => {
    const view = withHost(healthyView(), "db01", (h) => ({ ...h, nics: h.nics.map((n) => (n.lagg === "lagg1" ? { ...n, link: "down" as const } : n)) }));
    expect(faultsSeenIn(view, ["lagg-down db01 lagg1"])).toEqual([]);
    expect(faultsSeenIn(view, [])).toEqual(["nic-down db01 em2", "nic-down db01 em3"]);
  });

  it("is empty on a healthy lab", () => {
    expect(healMenuEntries(healthyView(), [])).toEqual([]);
  });
});
