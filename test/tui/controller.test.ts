import { describe, expect, it } from "vitest";
import { ConsoleController, FAILOVER_FRESH_MS, MESSAGE_SHOWN_MS, type ControllerClock } from "../../src/tui/controller.js";
import { afterPowerOff, healthyView } from "./fixtures/cluster-view.js";
import { FakeSource } from "./fixtures/fake-source.js";

/** A clock the test moves by hand. */
function manualClock() {
  let now = 0;
  const timers: { at: number; run: () => void; live: boolean }[] = [];
  const clock: ControllerClock = {
    nowMs: () => now,
    setTimeout: (run, ms) => {
      const t = { at: now + ms, run, live: true };
      timers.push(t);
      return { clear: () => (t.live = false) };
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.live && x.at <= now)) {
      t.live = false;
      t.run();
    }
  };
  return { clock, advance };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("console controller", () => {
  it("carries out a menu choice on the source and shows the answer for a while", async () => {
    const { clock, advance } = manualClock();
    const source = new FakeSource(healthyView());
    let changes = 0;
    const c = new ConsoleController(source, clock, () => changes++, () => {});
    c.setView(await source.view());
    for (const k of ["j", "f", "enter"]) c.key(k);
    await settle();
    expect(source.injected).toEqual(["power-off proxy02"]);
    expect(c.state.message).toEqual({ text: "injected power-off proxy02", ok: true });
    expect(changes).toBeGreaterThan(0);
    advance(MESSAGE_SHOWN_MS);
    expect(c.state.message).toBeUndefined();
  });

  it("heals every fault of 'heal all' in order, and follows faults from events", async () => {
    const { clock } = manualClock();
    const source = new FakeSource(healthyView());
    const c = new ConsoleController(source, clock, () => {}, () => {});
    source.events((e) => c.event(e));
    c.setView(await source.view());
    source.emit("fault.inject", { fault: "nic-down db01 em0" });
    source.emit("fault.inject", { fault: "service-hang app01 zope" });
    expect(c.state.activeFaults).toEqual(["nic-down db01 em0", "service-hang app01 zope"]);
    expect(c.log.size).toBe(2);
    c.key("h");
    c.key("up"); // the last entry: heal all
    c.key("enter");
    await settle();
    await settle();
    expect(source.healed).toEqual(["nic-down db01 em0", "service-hang app01 zope"]);
  });

  it("pause toggles by the lab's answer; quit calls back once", async () => {
    const { clock } = manualClock();
    const source = new FakeSource(healthyView());
    let quits = 0;
    const c = new ConsoleController(source, clock, () => {}, () => quits++);
    c.setView(await source.view());
    c.key("space");
    await settle();
    expect(c.state.speed).toEqual({ speed: 1, paused: true });
    c.key("space");
    await settle();
    expect(source.speeds).toEqual(["pause", "resume"]);
    c.key("q");
    expect(quits).toBe(1);
  });

  it("highlights a new takeover for a while of wall time, not the ones there at attach", async () => {
    const { clock, advance } = manualClock();
    const before = afterPowerOff(healthyView(), 3.39, 14);
    const c = new ConsoleController(new FakeSource(before), clock, () => {}, () => {});
    c.setView(before);
    expect(c.state.failoversSeen).toBe(1);
    const next = { ...before, failovers: [...before.failovers, { group: "mysql", vip: "10.0.20.30", from: "db01", to: "db02", atS: 700, takeoverS: 3.2, failedRequests: 0 }] };
    c.setView(next);
    expect(c.state.failoversSeen).toBe(1);
    advance(FAILOVER_FRESH_MS);
    expect(c.state.failoversSeen).toBe(2);
  });
});
