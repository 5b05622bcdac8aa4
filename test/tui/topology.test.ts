import { describe, expect, it } from "vitest";
import { hostHealthOf, HOST_COLOR } from "../../src/tui/present/colors.js";
import { carpRoles, hostRow, laggDots, topologyLines } from "../../src/tui/present/topology.js";
import { hostOrder } from "../../src/tui/present/tiers.js";
import { plainOf, widthOf, type Line } from "../../src/tui/text/line.js";
import { referenceLab } from "../support/reference-lab.js";
import { afterPowerOff, healthyView, withHost } from "./fixtures/cluster-view.js";

const lab = referenceLab();
const view = healthyView(lab);

function colorOfText(l: Line, text: string): string | undefined {
  return l.find((s) => s.text.trim() === text)?.fg;
}

describe("topology", () => {
  it("orders hosts by tier: proxy, app, db, storage", () => {
    const byRole = (role: string) => lab.hosts.filter((h) => h.role === role).map((h) => h.name);
    expect(hostOrder(view)).toEqual([...byRole("proxy"), ...byRole("app"), ...byRole("db"), ...byRole("storage")]);
  });

  it("shows every host, tier labels, every VIP and its owner, within the width", () => {
    const lines = topologyLines(view, "proxy01", 40, 12);
    expect(lines).toHaveLength(1 + lab.hosts.length + lab.carp.length);
    const text = lines.map(plainOf);
    for (const h of lab.hosts) expect(text.some((t) => t.includes(h.name))).toBe(true);
    for (const g of lab.carp) expect(text).toContain(text.find((t) => t.startsWith(g.name) && t.includes(g.address) && t.includes(`-> ${g.members[0]!.host}`)));
    expect(text.find((t) => t.includes("proxy01"))).toMatch(/^proxy▸proxy01/);
    expect(text.find((t) => t.includes("stor01"))).toMatch(/^stor /);
    for (const l of lines) expect(widthOf(l)).toBeLessThanOrEqual(40);
  });

  it("colours each host by its state", () => {
    const states = {
      up: view.hosts[0]!,
      off: { ...view.hosts[0]!, power: "off" as const },
      booting: { ...view.hosts[0]!, power: "booting" as const },
      degraded: { ...view.hosts[0]!, services: view.hosts[0]!.services.map((s, i) => (i === 0 ? { ...s, state: "hung" as const } : s)) },
      degradedLink: { ...view.hosts[0]!, laggs: view.hosts[0]!.laggs.map((l, i) => (i === 0 ? { ...l, up: false } : l)) },
    };
    expect(Object.fromEntries(Object.entries(states).map(([k, h]) => [k, hostHealthOf(h)]))).toEqual({ up: "up", off: "off", booting: "booting", degraded: "degraded", degradedLink: "degraded" });
    expect(colorOfText(hostRow(view, states.off, false, ""), "proxy01")).toBe("red");
    expect(colorOfText(hostRow(view, states.up, false, ""), "proxy01")).toBe(HOST_COLOR.up);
    expect(colorOfText(hostRow(view, states.degraded, false, ""), "proxy01")).toBe("yellow");
    expect(colorOfText(hostRow(view, states.booting, false, ""), "proxy01")).toBe("cyan");
  });

  it("draws one dot per LAGG port: active green, down red", () => {
    const nicDown = withHost(view, "db01", (h) => ({
      ...h,
      nics: h.nics.map((n) => (n.name === "em1" ? { ...n, link: "down" as const } : n)),
      laggs: h.laggs.map((l) => ({ ...l, active: l.active.filter((p) => p !== "em1") })),
    }));
    const db01 = nicDown.hosts.find((h) => h.name === "db01")!;
    const dots = laggDots(db01);
    const ports = db01.laggs.flatMap((l) => l.ports);
    expect(dots.filter((s) => s.text !== " ").map((s) => s.fg)).toEqual(ports.map((p) => (p === "em1" ? "red" : "green")));
  });

  it("says per VIP who is MASTER and who is BACKUP, and follows a takeover", () => {
    expect(plainOf(carpRoles(view, "proxy01"))).toBe("www MASTER");
    expect(plainOf(carpRoles(view, "proxy02"))).toBe("www BACKUP");
    const after = afterPowerOff(view, 3.39, 14);
    expect(plainOf(carpRoles(after, "proxy02"))).toBe("www MASTER");
    const text = topologyLines(after, "proxy01", 40, 12).map(plainOf);
    expect(text.find((t) => t.includes("proxy02"))).toMatch(/proxy02 +up .*www MASTER/);
    expect(text.find((t) => t.includes("proxy01"))).toMatch(/proxy01 +OFF .*www DOWN/);
    expect(text.find((t) => t.startsWith("www"))).toMatch(/-> proxy02$/);
  });

  it("keeps the selected host in view when the panel is short", () => {
    const text = topologyLines(view, "stor02", 40, 5).map(plainOf);
    expect(text).toHaveLength(5);
    expect(text.some((t) => t.includes("▸stor02"))).toBe(true);
  });
});
