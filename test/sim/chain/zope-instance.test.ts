// Zope: worker threads + FIFO queue; the mean wait matches M/M/c (Erlang C) and grows with load;
// hung, crashed and stopped instances.
import { describe, expect, it } from "vitest";
import { Engine } from "../../../src/sim/engine/engine.js";
import { seconds, toSeconds } from "../../../src/sim/engine/time.js";
import { ZopeInstance, zopeConfigs, type ZopeResult } from "../../../src/sim/chain/zope-instance.js";
import type { ProcessState } from "../../../src/sim/chain/types.js";
import { referenceLab } from "../../support/reference-lab.js";
import { serviceOf } from "./chain-support.js";

const zope = serviceOf(referenceLab("14.2"), "app01", "zope");

/** Erlang C mean wait in the queue for c servers, arrival rate lambda, service rate mu (per s). */
function erlangCWaitS(c: number, lambda: number, mu: number): number {
  const a = lambda / mu;
  const rho = a / c;
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const tail = term / (1 - rho);
  return tail / (sum + tail) / (c * mu - lambda);
}

function simulate(seed: number, ratePerS: number, count: number) {
  const engine = new Engine(seed);
  const config = zopeConfigs("app01", zope)[0]!;
  const instance = new ZopeInstance(engine, config, () => "running");
  let queueSumUs = 0;
  let latencySumUs = 0;
  let done = 0;
  let sent = 0;
  const arrive = (): void => {
    instance.submit(seconds(3600), (r) => {
      queueSumUs += r.queueUs;
      latencySumUs += r.latencyUs;
      done++;
    });
    if (++sent < count) engine.after(seconds(-Math.log(1 - engine.random.float()) / ratePerS), arrive);
  };
  engine.after(0, arrive);
  while (engine.step()) {}
  return { meanQueueS: toSeconds(queueSumUs / done), meanLatencyS: toSeconds(latencySumUs / done), done };
}

describe("Zope instance", () => {
  it("takes threads and mean service time from the model", () => {
    const configs = zopeConfigs("app01", zope);
    expect(configs).toHaveLength(9);
    expect(configs[0]).toEqual({ host: "app01", port: 8080, threads: 2, serviceTime: { kind: "exponential", meanMs: 400 } });
  });

  it("matches M/M/c (Erlang C) mean queueing within 15% and latency grows as load nears threads/serviceTime", () => {
    const mu = 1000 / zope.serviceTimeMs; // 2.5/s per thread, capacity 5/s with 2 threads
    const light = simulate(21, 2, 40_000);
    const heavy = simulate(22, 4, 40_000);
    expect(heavy.done).toBe(40_000);
    for (const [run, lambda] of [[light, 2], [heavy, 4]] as const) {
      const expected = erlangCWaitS(zope.threads, lambda, mu);
      expect(run.meanQueueS).toBeGreaterThan(expected * 0.85);
      expect(run.meanQueueS).toBeLessThan(expected * 1.15);
      expect(run.meanLatencyS).toBeGreaterThan(expected * 0.85 + 0.4 * 0.95);
      expect(run.meanLatencyS).toBeLessThan(expected * 1.15 + 0.4 * 1.05);
    }
    expect(heavy.meanLatencyS).toBeGreaterThan(light.meanLatencyS * 1.5);
  });

  it("refuses when stopped or crashed, times out when hung, resets queued work on a crash", () => {
    const engine = new Engine(4);
    let state: ProcessState = "stopped";
    const instance = new ZopeInstance(engine, zopeConfigs("app01", zope)[0]!, () => state);
    const results: ZopeResult[] = [];
    instance.submit(seconds(60), (r) => results.push(r));
    expect(results.map((r) => r.outcome)).toEqual(["refused"]);
    expect(instance.probe()).toBe("refused");

    state = "hung";
    expect(instance.probe()).toBe("timeout");
    instance.submit(seconds(60), (r) => results.push(r));
    engine.runUntil(seconds(59));
    expect(results).toHaveLength(1);
    engine.runUntil(seconds(60));
    expect(results.at(-1)).toMatchObject({ outcome: "timeout", latencyUs: seconds(60) });

    state = "running";
    instance.notifyStateChanged();
    for (let i = 0; i < 6; i++) instance.submit(seconds(600), (r) => results.push(r));
    expect(instance.busyThreads).toBe(2);
    expect(instance.queued).toBe(4);
    state = "crashed";
    instance.notifyStateChanged();
    expect(results.slice(-4).map((r) => r.outcome)).toEqual(["reset", "reset", "reset", "reset"]);
    engine.runUntil(seconds(700));
    expect(results.slice(2).map((r) => r.outcome)).toEqual(Array(6).fill("reset"));
  });
});
