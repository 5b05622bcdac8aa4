import { describe, expect, it } from "vitest";
import { columnChart, sparkline } from "../../src/tui/present/sparkline.js";
import { availabilityBadge, formatPercent, trafficLines } from "../../src/tui/present/traffic.js";
import { plainOf } from "../../src/tui/text/line.js";
import { healthyView } from "./fixtures/cluster-view.js";

describe("charts and the traffic panel", () => {
  it("draws a sparkline scaled to its largest value, newest on the right", () => {
    // Block index = round(value / max x 7): 0 -> ▁, 7/14 -> 3.5 -> ▅, 14 -> █.
    expect(sparkline([0, 7, 14], 5)).toBe("  ▁▅█");
    expect(sparkline([1, 2, 3, 4], 2)).toBe("▆█");
    expect(sparkline([2, undefined, 20], 3, 10)).toBe("▂ █");
    expect(sparkline([0, 0], 2)).toBe("▁▁");
  });

  it("draws columns in eighths of a row", () => {
    // 2 rows = 16 eighths: 16 -> two full cells, 4 -> half a cell, 12 -> full + half.
    expect(columnChart([16, 4, 12], 3, 2)).toEqual(["█ ▄", "█▄█"]);
  });

  it("writes availability against the target with the decimals that matter", () => {
    expect(formatPercent(99.95)).toBe("99.95%");
    expect(formatPercent(99.9999)).toBe("99.9999%");
    expect(formatPercent(100)).toBe("100%");
    const t = healthyView().traffic;
    expect(plainOf(availabilityBadge({ ...t, availabilityPercent: 99.95 }))).toBe(" avail 99.95% ≥ 99.9% ");
    const low = availabilityBadge({ ...t, availabilityPercent: 99.5 });
    expect(plainOf(low)).toBe(" avail 99.50% < 99.9% ");
    expect(low[0]!.fg).toBe("red");
  });

  it("colours the error rate red above the error budget and lists failures by cause", () => {
    const t = healthyView().traffic;
    const bad = { ...t, errorRatePercent: 2.5, failuresByCause: { timeout: 12, "connection refused": 3, "none": 0 }, series: t.series.map((p, i) => (i > 100 ? { ...p, failed: 5 } : p)) };
    const lines = trafficLines(bad, 60, 6);
    const err = lines.find((l) => plainOf(l).startsWith("err %"))!;
    expect(plainOf(err)).toMatch(/^err % +2\.50 /);
    expect(err[err.length - 1]!.fg).toBe("red");
    expect(plainOf(lines[4]!)).toBe("failed: connection refused 3 · timeout 12");
  });
});
