// The histogram: quantiles within the documented error of exact ones, exact min/max/mean, merge, bounds.
import { describe, expect, it } from "vitest";
import { Rng } from "../../../src/sim/engine/rng.js";
import { BUCKET_COUNT, LatencyHistogram, RELATIVE_ERROR } from "../../../src/sim/metrics/latency-histogram.js";

function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

// Log-uniform between 1 µs and 1 h: every decade of the range gets samples.
function samples(seed: number, n: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Math.round(Math.exp(rng.float() * Math.log(3.6e9))));
}

describe("latency histogram", () => {
  it("documents an error bound of at most 1 % and uses fixed memory", () => {
    expect(RELATIVE_ERROR).toBeLessThanOrEqual(0.01);
    expect(BUCKET_COUNT).toBeLessThan(1200);
  });

  it("answers p50/p95/p99 (and others) within the bound of the exact nearest-rank quantiles", () => {
    for (const seed of [1, 2, 3]) {
      const values = samples(seed, 20_000);
      const h = new LatencyHistogram();
      for (const v of values) h.record(v);
      const sorted = [...values].sort((a, b) => a - b);
      for (const q of [0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999]) {
        const exact = exactQuantile(sorted, q);
        const got = h.quantile(q)!;
        expect(Math.abs(got - exact) / exact, `seed ${seed} q ${q}: ${got} vs ${exact}`).toBeLessThanOrEqual(RELATIVE_ERROR + 1e-12);
      }
      expect(h.quantile(0)).toBe(sorted[0]);
      expect(h.quantile(1)).toBe(sorted.at(-1));
    }
  });

  it("keeps count, min, max and mean exact", () => {
    const h = new LatencyHistogram();
    expect(h.quantile(0.5)).toBeUndefined();
    expect(h.mean).toBeUndefined();
    for (const v of [5_000_000, 7_000_000, 9_000_000]) h.record(v);
    expect(h.count).toBe(3);
    expect(h.min).toBe(5_000_000);
    expect(h.max).toBe(9_000_000);
    expect(h.mean).toBe(7_000_000);
    expect(Math.abs(h.quantile(0.5)! - 7_000_000) / 7_000_000).toBeLessThanOrEqual(RELATIVE_ERROR);
  });

  it("merges two histograms into the histogram of all samples", () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    samples(7, 5000).forEach((v, i) => {
      (i % 3 === 0 ? a : b).record(v);
      all.record(v);
    });
    a.merge(b);
    expect(a.count).toBe(all.count);
    expect(a.min).toBe(all.min);
    expect(a.max).toBe(all.max);
    expect(a.mean).toBeCloseTo(all.mean!, 6);
    for (const q of [0.5, 0.95, 0.99]) expect(a.quantile(q)).toBe(all.quantile(q));
  });

  it("clamps values outside 1 µs..1 h into the end buckets without losing exact min/max", () => {
    const h = new LatencyHistogram();
    h.record(0);
    h.record(10 * 3_600_000_000);
    expect(h.min).toBe(0);
    expect(h.max).toBe(36_000_000_000);
    expect(h.quantile(1)).toBe(36_000_000_000);
    expect(() => h.quantile(1.5)).toThrow();
  });
});
