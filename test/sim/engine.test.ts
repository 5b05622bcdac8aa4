// The engine: time order with FIFO ties, cancellation, seeded randomness, a stable trace hash, pacing.
import { describe, expect, it } from "vitest";
import { Engine } from "../../src/sim/engine/engine.js";
import { PacedDriver } from "../../src/sim/engine/paced-driver.js";
import { seconds } from "../../src/sim/engine/time.js";
import { fakeClock } from "../support/fake-clock.js";

describe("engine", () => {
  it("runs events by time, same-time events in scheduling order, and skips cancelled ones", () => {
    const e = new Engine(1);
    const order: string[] = [];
    e.at(30, () => order.push("c"));
    e.at(10, () => order.push("a1"));
    e.at(10, () => order.push("a2"));
    const t = e.at(20, () => order.push("cancelled"));
    e.at(20, () => {
      order.push("b");
      e.after(0, () => order.push("b-now"));
    });
    t.cancel();
    e.runUntil(100);
    expect(order).toEqual(["a1", "a2", "b", "b-now", "c"]);
    expect(e.now).toBe(100);
  });

  it("never goes back in time and refuses fractional microseconds", () => {
    const e = new Engine(1);
    e.runUntil(50);
    let ranAt = -1;
    e.at(10, () => (ranAt = e.now));
    e.runUntil(60);
    expect(ranAt).toBe(50);
    expect(() => e.at(1.5, () => {})).toThrow(/whole microseconds/);
  });

  it("same seed, same random draws and trace hash; another seed differs", () => {
    const run = (seed: number) => {
      const e = new Engine(seed);
      for (let i = 0; i < 50; i++) e.after(e.random.int(1, 1000), () => e.emit({ type: "x", v: e.random.int(0, 9) }));
      e.runUntil(seconds(1));
      return e.traceHash();
    };
    expect(run(7)).toBe(run(7));
    expect(run(7)).not.toBe(run(8));
  });

  it("protocol messages reach listeners but not the hash", () => {
    const a = new Engine(1);
    const b = new Engine(1);
    const seen: string[] = [];
    b.onEvent((ev, level) => seen.push(`${level}:${ev.type}`));
    a.emit({ type: "s" });
    b.emit({ type: "s" });
    b.emit({ type: "advert" }, "protocol");
    expect(b.traceHash()).toBe(a.traceHash());
    expect(seen).toEqual(["state:s", "protocol:advert"]);
  });
});

describe("paced driver", () => {
  it("follows the wall clock at the speed factor, pauses, single-steps and changes speed", () => {
    const e = new Engine(1);
    const fired: number[] = [];
    for (let s = 1; s <= 100; s++) e.at(seconds(s), () => fired.push(s));
    const { clock, advance } = fakeClock();
    const d = new PacedDriver(e, clock, { speed: 10 });
    d.start();
    advance(1000); // 1 s of wall time at 10x
    expect(e.now).toBe(seconds(10));
    expect(fired.at(-1)).toBe(10);
    d.pause();
    advance(5000);
    expect(e.now).toBe(seconds(10));
    expect(d.stepOnce()).toBe(true);
    expect(fired.at(-1)).toBe(11);
    d.setSpeed(0.5);
    d.resume();
    advance(2000);
    expect(e.now).toBe(seconds(12));
    expect(() => d.setSpeed(5000)).toThrow(/outside/);
  });
});

describe("protocol messages without listeners", () => {
  it("are skipped when no listener asks for them, and the state trace is unchanged", () => {
    const a = new Engine(1);
    const b = new Engine(1);
    const stateOnly: string[] = [];
    a.onEvent((e) => stateOnly.push(e.type), { protocol: false });
    expect(a.tracesProtocol).toBe(false);
    b.onEvent(() => {});
    expect(b.tracesProtocol).toBe(true);
    for (const e of [a, b]) {
      e.emit({ type: "s1" });
      e.emit({ type: "advert" }, "protocol");
      e.emit({ type: "s2" });
    }
    expect(stateOnly).toEqual(["s1", "s2"]);
    expect(a.traceHash()).toBe(b.traceHash());
  });
});
