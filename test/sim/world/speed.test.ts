// The network layer is fast enough for the benchmark: 24 h of the reference lab in well under the
// 1 s budget on a developer machine (the limit here is loose for slow CI runners), with the events
// per second printed for the record.
import { performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { Engine } from "../../../src/sim/engine/engine.js";
import { seconds } from "../../../src/sim/engine/time.js";
import { buildWorld } from "../../../src/sim/world/world.js";
import { referenceLab } from "./sim-support.js";

describe("speed", () => {
  it("simulates 24 h of the reference lab quickly, with a steady one master per group", () => {
    const lab = referenceLab();
    const engine = new Engine(1);
    const world = buildWorld(lab, engine);
    let adverts = 0;
    engine.onEvent((e) => void (e.type === "carp.advert" && adverts++));
    const t0 = performance.now();
    world.start();
    engine.runUntil(seconds(86_400));
    const ms = performance.now() - t0;
    console.log(`24 h reference lab: ${ms.toFixed(0)} ms, ${engine.eventsProcessed} events, ${Math.round(engine.eventsProcessed / (ms / 1000))} events/s`);
    expect(ms).toBeLessThan(4000);
    // one master per group, advertising every advbase + advskew/256 = 1 s all day
    expect(adverts).toBeGreaterThanOrEqual(3 * 86_350);
    expect(adverts).toBeLessThanOrEqual(3 * 86_400);
    expect(world.carpView().filter((v) => v.state === "MASTER").map((v) => v.host)).toEqual(["db01", "app01", "proxy01"]);
  });
});
