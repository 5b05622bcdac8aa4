// Service-time distributions keep the model's mean; lognormal has the documented spread.
import { describe, expect, it } from "vitest";
import { Engine } from "../../../src/sim/engine/engine.js";
import { sampleServiceTimeUs, type ServiceTimeModel } from "../../../src/sim/chain/service-time.js";

function moments(model: ServiceTimeModel, n: number): { mean: number; cv: number } {
  const engine = new Engine(5);
  let sum = 0;
  let sumSq = 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const x = sampleServiceTimeUs(engine.random, model);
    if (!Number.isInteger(x) || x < 1) bad++;
    sum += x;
    sumSq += x * x;
  }
  expect(bad).toBe(0);
  const mean = sum / n;
  return { mean, cv: Math.sqrt(sumSq / n - mean * mean) / mean };
}

describe("service time", () => {
  it("exponential: mean 400 ms, coefficient of variation 1", () => {
    const m = moments({ kind: "exponential", meanMs: 400 }, 100_000);
    expect(m.mean / 400_000).toBeCloseTo(1, 1);
    expect(m.cv).toBeCloseTo(1, 1);
  });

  it("lognormal sigma 0.5: mean 400 ms, cv sqrt(e^0.25 - 1)", () => {
    const m = moments({ kind: "lognormal", meanMs: 400, sigma: 0.5 }, 100_000);
    expect(m.mean / 400_000).toBeCloseTo(1, 1);
    expect(m.cv).toBeCloseTo(Math.sqrt(Math.exp(0.25) - 1), 1);
  });
});
