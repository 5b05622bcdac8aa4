// The verdict: availability and p95 latencies against the talk's requirements, with measured values.
import { describe, expect, it } from "vitest";
import { seconds } from "../../../src/sim/engine/time.js";
import { RequestMetrics } from "../../../src/sim/metrics/request-metrics.js";
import { verdict } from "../../../src/sim/metrics/verdict.js";
import { referenceLab } from "../../support/reference-lab.js";

const requirements = referenceLab().requirements;

function run(pages: number, pageS: number, regs: number, regS: number, failures: number): RequestMetrics {
  const m = new RequestMetrics();
  for (let i = 0; i < pages; i++) m.recordSuccess("page", seconds(i / 100), seconds(pageS));
  for (let i = 0; i < regs; i++) m.recordSuccess("registration", seconds(i / 100), seconds(regS));
  for (let i = 0; i < failures; i++) m.recordFailure(seconds(i / 100), "timeout");
  return m;
}

describe("verdict", () => {
  it("uses the talk's requirements from the resolved lab", () => {
    expect(requirements.uptimePercent).toBe(99.9);
    expect(requirements.pageLoadS.max).toBe(10);
    expect(requirements.registrationS.max).toBe(20);
  });

  it("passes a run within 99.9 % availability and the latency limits, reporting measured values", () => {
    const v = verdict(requirements, run(9_990, 4, 10, 16, 10));
    expect(v.pass).toBe(true);
    const byName = Object.fromEntries(v.checks.map((c) => [c.name, c]));
    expect(byName["availability"]).toMatchObject({ status: "pass", limit: 99.9, unit: "%", samples: 10_010 });
    expect(byName["availability"]!.measured).toBeCloseTo((100 * 10_000) / 10_010, 9);
    expect(byName["page-load"]!.measured).toBeCloseTo(4, 1);
    expect(byName["registration"]).toMatchObject({ status: "pass", limit: 20 });
  });

  it("fails availability one failure past 99.9 %, and slow pages or registrations", () => {
    const v = verdict(requirements, run(9_989, 4, 0, 0, 11));
    expect(v.pass).toBe(false);
    expect(v.checks.find((c) => c.name === "availability")!.status).toBe("fail");
    expect(v.checks.find((c) => c.name === "registration")!.status).toBe("no-data");
    const slow = verdict(requirements, run(100, 11, 100, 25, 0));
    expect(slow.checks.map((c) => c.status)).toEqual(["pass", "fail", "fail"]);
  });

  it("judges the 95th percentile, not the mean or the maximum", () => {
    const m = run(96, 3, 0, 0, 0);
    for (let i = 0; i < 4; i++) m.recordSuccess("page", seconds(1), seconds(60));
    expect(verdict(requirements, m).checks[1]!.status).toBe("pass");
    m.recordSuccess("page", seconds(1), seconds(60));
    m.recordSuccess("page", seconds(1), seconds(60));
    expect(verdict(requirements, m).checks[1]!.status).toBe("fail");
  });
});
