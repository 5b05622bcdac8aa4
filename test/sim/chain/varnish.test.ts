// Varnish: the probe's window/threshold arithmetic, the initial state, and grace while sick.
import { describe, expect, it } from "vitest";
import { Engine } from "../../../src/sim/engine/engine.js";
import { seconds } from "../../../src/sim/engine/time.js";
import { VarnishProbe, varnishProbeConfig } from "../../../src/sim/chain/varnish-probe.js";
import { VarnishCache, type VarnishResult } from "../../../src/sim/chain/varnish-cache.js";
import type { ProbeResult } from "../../../src/sim/chain/types.js";
import { referenceLab } from "../../support/reference-lab.js";
import { recordEvents, serviceOf } from "./chain-support.js";

const lab = referenceLab("14.2");
const varnish = serviceOf(lab, "proxy01", "varnish");
const config = varnishProbeConfig("proxy01", varnish);

function probeRig(initial?: number) {
  const engine = new Engine(1);
  const events = recordEvents(engine, "varnish.backend");
  let answer: ProbeResult = "ok";
  const probe = new VarnishProbe(engine, initial === undefined ? config : { ...config, initial }, () => answer);
  return { engine, events, probe, set: (r: ProbeResult) => (answer = r) };
}

describe("Varnish backend probe", () => {
  it("uses the model's probe (.interval 5s .timeout 2s .window 8 .threshold 3)", () => {
    expect(config).toMatchObject({ backend: "haproxy1", intervalS: 5, timeoutS: 2, window: 8, threshold: 3 });
  });

  it("starts sick with .initial = threshold-1 and the first good probe makes it healthy", () => {
    const rig = probeRig();
    expect(rig.probe.health).toBe("sick");
    expect(rig.probe.goodInWindow()).toBe(2);
    rig.engine.runUntil(0);
    expect(rig.probe.health).toBe("healthy");
    expect(rig.events).toMatchObject([{ t: 0, host: "proxy01", backend: "haproxy1", from: "sick", to: "healthy" }]);
  });

  it("from a full window goes sick on the (window-threshold+1)th failed probe and heals after threshold good ones", () => {
    const rig = probeRig();
    rig.engine.runUntil(seconds(60)); // 13 good probes at 0, 5, ..., 60
    expect(rig.probe.goodInWindow()).toBe(8);
    rig.set("refused");
    const failStart = seconds(65);
    for (let k = 1; k <= 5; k++) {
      rig.engine.runUntil(failStart + seconds(5 * (k - 1)));
      expect(rig.probe.health).toBe("healthy");
      expect(rig.probe.goodInWindow()).toBe(8 - k);
    }
    rig.engine.runUntil(failStart + seconds(25)); // 6th failure: 2 good of 8 < 3
    expect(rig.probe.health).toBe("sick");
    expect(rig.events.at(-1)).toMatchObject({ t: failStart + seconds(25), from: "healthy", to: "sick" });
    expect(rig.probe.goodInWindow()).toBe(2);

    rig.engine.runUntil(seconds(200)); // the window is all bad now
    expect(rig.probe.goodInWindow()).toBe(0);
    rig.set("ok");
    const okStart = seconds(205);
    rig.engine.runUntil(okStart + seconds(5));
    expect(rig.probe.health).toBe("sick");
    rig.engine.runUntil(okStart + seconds(10)); // 3rd good probe
    expect(rig.probe.health).toBe("healthy");
    expect(rig.events.at(-1)).toMatchObject({ t: okStart + seconds(10), to: "healthy" });
  });

  it("counts a hung backend's probe as failed when its timeout expires, without shifting the interval", () => {
    const rig = probeRig(8);
    expect(rig.probe.health).toBe("healthy");
    rig.set("timeout");
    rig.engine.runUntil(seconds(100));
    const sick = rig.events.find((e) => e["to"] === "sick")!;
    // Probes start at 0, 5, ..., the 6th (25 s) fails at 27 s.
    expect(sick.t).toBe(seconds(27));
    expect(rig.probe.polls).toBe(20);
  });
});

describe("Varnish cache and grace", () => {
  function cacheRig(hitRatio: number, staleRatio: number) {
    const engine = new Engine(3);
    let backend: ProbeResult = "ok";
    let fetches = 0;
    const cache = new VarnishCache(
      engine,
      { probe: { ...config, initial: 8 }, graceS: varnish.graceS, hitRatio, staleRatio, hitLatencyUs: 200, firstByteTimeoutS: 60 },
      () => backend,
      (_timeoutUs, done) => {
        fetches++;
        engine.after(seconds(0.5), () => done({ status: backend === "ok" ? 200 : 0, latencyUs: seconds(0.5) }));
      },
    );
    const send = (n: number, cacheable: boolean): VarnishResult[] => {
      const out: VarnishResult[] = [];
      for (let i = 0; i < n; i++) cache.request({ cacheable }, (r) => out.push(r));
      engine.runUntil(engine.now + seconds(1));
      return out;
    };
    return { engine, cache, send, setBackend: (r: ProbeResult) => (backend = r), fetches: () => fetches };
  }

  it("serves hits from memory at the configured ratio and fetches the rest", () => {
    const rig = cacheRig(0.8, 0);
    const results = rig.send(2000, true);
    const hits = results.filter((r) => r.delivery === "hit").length;
    expect(hits / 2000).toBeGreaterThan(0.76);
    expect(hits / 2000).toBeLessThan(0.84);
    expect(rig.fetches()).toBe(2000 - hits);
    expect(rig.send(10, false).every((r) => r.delivery === "pass" && r.status === 200)).toBe(true);
  });

  it("serves stale objects within grace while the backend is sick, 503 for the rest", () => {
    const rig = cacheRig(0, 0.9);
    rig.setBackend("refused");
    rig.engine.runUntil(seconds(40));
    expect(rig.cache.probe.health).toBe("sick");
    const fetchesBefore = rig.fetches();
    const results = rig.send(1000, true);
    const grace = results.filter((r) => r.delivery === "grace").length;
    expect(grace / 1000).toBeGreaterThan(0.86);
    expect(results.filter((r) => r.status === 503).length).toBe(1000 - grace);
    expect(rig.fetches()).toBe(fetchesBefore);
    expect(rig.send(5, false).map((r) => r.status)).toEqual([503, 503, 503, 503, 503]);
    // Beyond graceS of sickness every object is past its grace.
    rig.engine.runUntil(seconds(40 + varnish.graceS));
    expect(rig.send(100, true).every((r) => r.status === 503)).toBe(true);
  });
});
