import { describe, expect, it } from "vitest";
import { EventLog } from "../../src/tui/event-log.js";
import { entryOf } from "../../src/tui/present/events.js";
import { layoutFor, type Rect } from "../../src/tui/present/layout.js";
import { renderScreen, type ScreenInput } from "../../src/tui/present/screen.js";
import { composeText } from "../../src/tui/text/compose.js";
import { widthOf } from "../../src/tui/text/line.js";
import { INITIAL_UI_STATE } from "../../src/tui/ui-state.js";
import { referenceLab } from "../support/reference-lab.js";
import { afterPowerOff, healthyView } from "./fixtures/cluster-view.js";

const lab = referenceLab();

function input(cols: number, rows: number, over: Partial<ScreenInput> = {}): ScreenInput {
  const log = new EventLog();
  for (let i = 0; i < 50; i++) log.push(entryOf({ t: i * 1e6, event: { t: i * 1e6, type: "service.state", host: "app01", service: "zope", from: "starting", to: "running" } }, ["app01"]));
  return { view: afterPowerOff(healthyView(lab), 3.39, 14), ui: { ...INITIAL_UI_STATE, selectedHost: "proxy02" }, cols, rows, events: log, speed: { speed: 1, paused: false }, ...over };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

const SIZES: [number, number][] = [[80, 24], [100, 30], [120, 40], [149, 50], [150, 40], [200, 60], [260, 80]];

describe("screen layout", () => {
  it.each(SIZES)("at %ix%i the panels fill the screen without overlapping", (cols, rows) => {
    const rects = Object.values(layoutFor(cols, rows)) as Rect[];
    for (const r of rects) {
      expect(r.left + r.width).toBeLessThanOrEqual(cols);
      expect(r.top + r.height).toBeLessThanOrEqual(rows);
    }
    for (let i = 0; i < rects.length; i++) for (let j = i + 1; j < rects.length; j++) expect(overlaps(rects[i]!, rects[j]!)).toBe(false);
    // The key bar is the last row, full width.
    expect(layoutFor(cols, rows).keys).toEqual({ left: 0, top: rows - 1, width: cols, height: 1 });
  });

  it.each(SIZES)("at %ix%i every line fits its panel", (cols, rows) => {
    const screen = renderScreen(input(cols, rows));
    for (const p of screen.panels) {
      expect(p.lines.length, p.name).toBeLessThanOrEqual(p.rect.height);
      for (const l of p.lines) expect(widthOf(l), p.name).toBeLessThanOrEqual(p.rect.width);
    }
  });

  it("at 80x24 shows every host, every VIP, the takeover, traffic, data and the key bar", () => {
    const text = composeText(renderScreen(input(80, 24)), 80, 24);
    const all = text.join("\n");
    expect(text).toHaveLength(24);
    for (const h of lab.hosts) expect(all).toContain(h.name);
    for (const g of lab.carp) expect(all).toContain(g.address);
    expect(all).toMatch(/proxy02 +up .*www MASTER/);
    expect(all).toContain("www 203.0.113.10: proxy01 -> proxy02 in 3.39 s, 14 requests failed");
    expect(all).toMatch(/req\/s +12\.5 [▁▂▃▄▅▆▇█]+/);
    expect(all).toMatch(/db02 replica ro lag:0s IO:Yes SQL:Yes/);
    expect(all).toContain("RPO 4m12s");
    expect(text[0]).toMatch(/DEGRADED .*avail 100% ≥ 99\.9%/);
    expect(text[23]).toContain("q quit");
    // The event log shows its newest events, as many as its rows allow (24 - 20 rows, one for the title).
    expect(text.filter((l) => l.includes("service.state"))).toHaveLength(3);
    expect(all).toContain("49.000 service.state");
  });

  it("full screen adds the services and backends panels and tall charts", () => {
    const compact = renderScreen(input(80, 24)).panels.map((p) => p.name);
    const wide = renderScreen(input(200, 60));
    expect(compact).not.toContain("services");
    expect(wide.panels.map((p) => p.name)).toEqual(expect.arrayContaining(["services", "backends"]));
    const text = composeText(wide, 200, 60).join("\n");
    expect(text).toMatch(/proxy01 +off/);
    expect(text).toMatch(/proxy02 +haproxy 4\/4 UP +varnish healthy 5\/5/);
    const traffic = wide.panels.find((p) => p.name === "traffic")!;
    // Columns several rows high: more than one row of block characters per metric.
    expect(traffic.lines.filter((l) => /^ +[ ▁▂▃▄▅▆▇█]+$/.test(l.map((s) => s.text).join(""))).length).toBeGreaterThan(6);
  });

  it("opens the menu as a box over the panels, the chosen entry marked", () => {
    const screen = renderScreen(input(80, 24, { ui: { ...INITIAL_UI_STATE, selectedHost: "db02", overlay: { kind: "menu", menu: "fault", index: 2 } } }));
    expect(screen.overlay?.title).toContain("inject a fault on db02");
    const text = composeText(screen, 80, 24).join("\n");
    expect(text).toMatch(/▶ reboot db02/);
    expect(text).toContain("power-off db02");
  });
});
