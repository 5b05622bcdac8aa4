import { describe, expect, it } from "vitest";
import { failoverLines, formatFailover, vipsWaiting } from "../../src/tui/present/failover.js";
import { plainOf } from "../../src/tui/text/line.js";
import { afterPowerOff, healthyView, withHost } from "./fixtures/cluster-view.js";

describe("failover timer", () => {
  it("reports a takeover exactly as the issue writes it", () => {
    expect(formatFailover({ group: "www", vip: "203.0.113.10", from: "proxy01", to: "proxy02", atS: 12, takeoverS: 3.39, failedRequests: 14 }))
      .toBe("www 203.0.113.10: proxy01 -> proxy02 in 3.39 s, 14 requests failed");
    expect(formatFailover({ group: "www", vip: "203.0.113.10", from: "proxy01", to: "proxy02", atS: 12, takeoverS: 3.390625, failedRequests: 1 }))
      .toBe("www 203.0.113.10: proxy01 -> proxy02 in 3.39 s, 1 request failed");
    expect(formatFailover({ group: "solr", vip: "10.0.20.20", from: null, to: "app01", atS: 1 })).toBe("solr 10.0.20.20: nobody -> app01");
    // Clients of the window may still be waiting to time out: the count is marked as not final.
    expect(formatFailover({ group: "www", vip: "203.0.113.10", from: "proxy01", to: "proxy02", atS: 12, takeoverS: 3.39, failedRequests: 3, costFinal: false }))
      .toBe("www 203.0.113.10: proxy01 -> proxy02 in 3.39 s, 3 requests failed so far");
  });

  it("runs a timer for a VIP whose owner went away, counted from the last fault", () => {
    const healthy = healthyView();
    expect(vipsWaiting(healthy)).toEqual([]);
    // proxy01 is off but the switch still sends www to it: nobody serves www yet.
    const off = withHost({ ...healthy, timeS: 601.25 }, "proxy01", (h) => ({ ...h, power: "off" }));
    expect(vipsWaiting(off).map((v) => v.group)).toEqual(["www"]);
    const rows = failoverLines(off, { text: "power-off proxy01", atS: 600 }, 3).map(plainOf);
    expect(rows[0]).toBe('⏱ www 203.0.113.10: proxy01 -> ? waiting for 1.25 s since "power-off proxy01"');
    const noOwner = { ...healthy, vips: healthy.vips.map((v) => (v.group === "mysql" ? { ...v, owner: undefined } : v)) };
    expect(plainOf(failoverLines(noOwner, undefined, 3)[0]!)).toBe("⏱ mysql 10.0.20.30: nobody -> ? waiting");
  });

  it("lists takeovers newest first, the ones not yet seen highlighted", () => {
    const after = afterPowerOff(healthyView(), 3.39, 14);
    const older = { group: "mysql", vip: "10.0.20.30", from: "db01", to: "db02", atS: 100, takeoverS: 3.5, failedRequests: 0 };
    const view = { ...after, failovers: [older, ...after.failovers] };
    const rows = failoverLines(view, undefined, 5, 1);
    expect(rows.map(plainOf)).toEqual([
      "▲ www 203.0.113.10: proxy01 -> proxy02 in 3.39 s, 14 requests failed (power-off proxy01, at 595.0 s)",
      "  mysql 10.0.20.30: db01 -> db02 in 3.50 s, 0 requests failed (at 100.0 s)",
    ]);
    expect(rows[0]![1]!.bold).toBe(true);
    expect(rows[1]![1]!.bold).toBeFalsy();
    expect(failoverLines(view, undefined, 1)).toHaveLength(1);
    // Every takeover seen: none highlighted.
    expect(failoverLines(view, undefined, 5).every((r) => !r[1]!.bold)).toBe(true);
  });
});
