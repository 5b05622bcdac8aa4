// The per-second ring (fixed capacity, empty seconds, p95 per second) and the failure counters.
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/engine/time.js";
import { LabelCounters } from "../../../src/sim/metrics/label-counters.js";
import { PerSecondSeries } from "../../../src/sim/metrics/per-second-series.js";
import { RequestMetrics } from "../../../src/sim/metrics/request-metrics.js";

describe("per-second series", () => {
  it("closes seconds with requests, errors and the second's p95, including empty seconds", () => {
    const s = new PerSecondSeries(10);
    for (let i = 1; i <= 100; i++) s.record(seconds(0.5), true, i * 1000);
    s.record(seconds(0.9), false);
    s.record(seconds(3.2), true, 5000);
    s.advanceTo(seconds(4));
    const points = s.points();
    expect(points.map((p) => [p.second, p.requests, p.errors])).toEqual([[0, 101, 1], [1, 0, 0], [2, 0, 0], [3, 1, 0]]);
    expect(Math.abs(points[0]!.p95Us! - 95_000) / 95_000).toBeLessThanOrEqual(0.01);
    expect(points[1]!.p95Us).toBeUndefined();
  });

  it("keeps only the last `capacity` seconds over a long run", () => {
    const s = new PerSecondSeries(60);
    for (let t = 0; t < 3600; t++) s.record(seconds(t + 0.5), t % 10 !== 0, 1000);
    s.advanceTo(seconds(3600));
    const points = s.points();
    expect(points).toHaveLength(60);
    expect(points[0]!.second).toBe(3540);
    expect(points.at(-1)!.second).toBe(3599);
    expect(points.filter((p) => p.errors === 1).map((p) => p.second)).toEqual([3540, 3550, 3560, 3570, 3580, 3590]);
    s.advanceTo(seconds(1_000_000));
    expect(s.points().every((p) => p.requests === 0)).toBe(true);
    expect(s.latest()!.second).toBe(999_999);
  });
});

describe("failure counters", () => {
  it("counts by cause, sorted for stable output, and merges", () => {
    const a = new LabelCounters();
    a.add("timeout");
    a.add("no VIP owner", 3);
    const b = new LabelCounters();
    b.add("timeout", 2);
    a.merge(b);
    expect(a.toJSON()).toEqual({ "no VIP owner": 3, timeout: 3 });
    expect(Object.keys(a.toJSON())).toEqual(["no VIP owner", "timeout"]);
    expect(a.total).toBe(6);
    expect(a.get("503 from HAProxy")).toBe(0);
  });

  it("request metrics split successes by kind and failures by cause", () => {
    const m = new RequestMetrics({ seriesCapacityS: 5 });
    m.recordSuccess("page", seconds(1), seconds(2));
    m.recordSuccess("registration", seconds(1), seconds(12));
    m.recordFailure(seconds(1.5), "database read-only");
    expect([m.total, m.successful, m.failed]).toEqual([3, 2, 1]);
    expect(m.pageLatency.count).toBe(1);
    expect(m.registrationLatency.count).toBe(1);
    expect(m.failures.toJSON()).toEqual({ "database read-only": 1 });
    m.series.advanceTo(seconds(2));
    expect(m.series.latest()).toMatchObject({ second: 1, requests: 3, errors: 1 });
  });
});
