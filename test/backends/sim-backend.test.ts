// The simulator behind the Backend interface: the boot fast-forward with exact per-host progress, the
// paced clock, faults and heals, commands on hosts, speed control, and the replay guarantee: a fresh
// backend driven to the recorded (time, events) points with the same commands reaches the same trace.
import { fakeClock } from "../support/fake-clock.js";
import { describe, expect, it } from "vitest";
import { DivergenceError, SimBackend, type BackendEvent, type UpProgress } from "../../src/backends/index.js";
import { formatFault, parseFaultWithoutTime, type Fault } from "../../src/faults/index.js";
import { advertIntervalUs, masterDownUs } from "../../src/sim/carp/timing.js";
import { DEFAULT_LINK_LATENCY_US } from "../../src/sim/net/segment.js";
import { US_PER_S } from "../../src/sim/engine/time.js";
import { settleWindowUs } from "../../src/backends/sim/boot-watch.js";
import { referenceLab } from "../support/reference-lab.js";

const lab = referenceLab();


function fault(text: string): Fault {
  const p = parseFaultWithoutTime(text);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

async function bootedBackend() {
  const { clock, advance } = fakeClock();
  const backend = new SimBackend(lab, { seed: 1, clock });
  const events: BackendEvent[] = [];
  backend.events((e) => events.push(e));
  const progress: UpProgress[] = [];
  await backend.up((p) => progress.push(p));
  return { backend, advance, events, progress };
}

describe("SimBackend.up", () => {
  it("reports each host booted and its services up at the instants the trace shows, and ends healthy and settled", async () => {
    const { backend, events, progress } = await bootedBackend();
    for (const h of lab.hosts) {
      const mine = progress.filter((p) => p.host === h.name);
      expect(mine.map((p) => p.stage)).toEqual(["booting", "booted", "services-up"]);
      const running = events.find((e) => e.event.type === "host.state" && e.event.host === h.name && e.event.to === "running");
      expect(mine[1]!.t).toBe(running!.t);
      const lastService = events.filter((e) => e.event.type === "service.state" && e.event.host === h.name && e.t <= mine[2]!.t).at(-1);
      expect(mine[2]!.t).toBe(Math.max(lastService?.t ?? 0, running!.t));
    }
    const view = backend.status();
    expect(view.healthy).toBe(true);
    for (const v of view.vips) {
      const masters = v.members.filter((m) => m.state === "MASTER");
      expect(masters).toHaveLength(1);
      expect(v.owner).toBe(masters[0]!.host);
    }
    // Up waited a whole settle window after the last CARP change (no preemption pending).
    const lastCarp = events.filter((e) => e.event.type === "carp.state").at(-1)!;
    expect(backend.position().tUs - lastCarp.t).toBeGreaterThanOrEqual(settleWindowUs(lab));
    expect(view.vips.find((v) => v.group === "www")!.owner).toBe("proxy01");
  });

  it("gives up with what is unhealthy when the lab never settles", async () => {
    const backend = new SimBackend(lab, { seed: 1, maxBootUs: 5 * US_PER_S });
    await expect(backend.up()).rejects.toThrow(/not healthy after 5 s simulated: proxy01 booting/);
  });
});

describe("SimBackend after up", () => {
  it("is paced to the wall clock at 1x, then at the speed asked, paused and single-stepped", async () => {
    const { backend, advance } = await bootedBackend();
    const t0 = backend.position().tUs;
    advance(2000);
    expect(backend.position().tUs).toBe(t0 + 2 * US_PER_S);
    expect(backend.pacing.apply("10x")).toEqual({ speed: 10, paused: false });
    advance(1000);
    expect(backend.position().tUs).toBe(t0 + 12 * US_PER_S);
    expect(backend.pacing.apply("pause")).toEqual({ speed: 10, paused: true });
    advance(5000);
    const paused = backend.position();
    expect(paused.tUs).toBe(t0 + 12 * US_PER_S);
    backend.pacing.apply("step");
    expect(backend.position().events).toBe(paused.events + 1);
    expect(() => backend.pacing.apply("2000x")).toThrow(/outside 0.1x-1000x/);
    backend.pacing.apply("resume");
    expect(() => backend.pacing.apply("step")).toThrow(/pause it first/);
    expect(() => backend.pacing.apply("fast" as never)).toThrow(/unknown speed command/);
  });

  it("fails www over to proxy02 within the master-down time after power-off proxy01, and heals with power-on", async () => {
    const { backend, advance, events } = await bootedBackend();
    advance(1500);
    const www = lab.carp.find((g) => g.name === "www")!;
    const backupSkew = www.members.find((m) => m.host === "proxy02")!.advskew;
    const downUs = masterDownUs(www.advbase, backupSkew);
    const injectedAt = backend.position().tUs;
    backend.inject(fault("power-off proxy01"));
    advance(Math.ceil(downUs / 1000) + 100);
    const takeover = events.find((e) => e.event.type === "carp.state" && e.event.host === "proxy02" && e.event.to === "MASTER" && e.t > injectedAt);
    expect(takeover).toBeDefined();
    // The backup's timer last restarted when proxy01's last advertisement arrived: sent at most one
    // interval before the fault (possibly at its very instant), received one link latency later.
    const advertUs = advertIntervalUs(www.advbase, www.members.find((m) => m.host === "proxy01")!.advskew);
    expect(takeover!.t - injectedAt).toBeLessThanOrEqual(downUs + DEFAULT_LINK_LATENCY_US);
    expect(takeover!.t - injectedAt).toBeGreaterThan(downUs - advertUs);
    expect(backend.status().vips.find((v) => v.group === "www")!.owner).toBe("proxy02");
    expect(formatFault(backend.heal(fault("power-off proxy01")))).toBe("power-on proxy01");
    expect(events.filter((e) => e.event.type === "fault.heal").at(-1)?.event).toMatchObject({ fault: "power-on proxy01" });
  });

  it("heals a sysctl to the value the host had before the fault", async () => {
    const { backend } = await bootedBackend();
    const before = (await backend.exec("proxy01", "sysctl -n net.inet.carp.preempt")).stdout.trim();
    expect(before).toBe("1");
    backend.inject(fault("sysctl proxy01 net.inet.carp.preempt=0"));
    expect((await backend.exec("proxy01", "sysctl -n net.inet.carp.preempt")).stdout.trim()).toBe("0");
    expect(formatFault(backend.heal(fault("sysctl proxy01 net.inet.carp.preempt=0")))).toBe("sysctl proxy01 net.inet.carp.preempt=1");
    expect((await backend.exec("proxy01", "sysctl -n net.inet.carp.preempt")).stdout.trim()).toBe("1");
    expect(() => backend.heal(fault("power-on proxy01"))).toThrow(/a repair, not a fault to heal/);
    await expect(backend.exec("proxy09", "true")).rejects.toThrow(/unknown host "proxy09"/);
    const unknown = await backend.exec("proxy01", "rm -rf /");
    expect(unknown.status).toBe(127);
  });
});

describe("replay by (time, events) points", () => {
  it("a fresh backend driven to each recorded point with the same commands reaches the same trace hashes", async () => {
    const { backend: live, advance } = await bootedBackend();
    const recorded: { tUs: number; events: number; hash: string; fault?: string }[] = [];
    const record = (f?: string) => {
      const p = live.position();
      recorded.push({ tUs: p.tUs, events: p.events, hash: p.traceHash!, ...(f ? { fault: f } : {}) });
    };
    record();
    advance(1234);
    live.inject(fault("power-off proxy01"));
    record("power-off proxy01");
    live.pacing.apply("pause");
    // Single steps stop between events of one instant: only the event count tells where.
    for (let i = 0; i < 7; i++) live.pacing.apply("step");
    live.inject(fault("service-crash proxy02 nginx"));
    record("service-crash proxy02 nginx");
    live.pacing.apply("20x");
    advance(777);
    live.inject(fault("power-on proxy01"));
    record("power-on proxy01");
    advance(3000);
    await live.down();
    record();

    const replay = new SimBackend(lab, { seed: 1 });
    for (const r of recorded) {
      replay.runTo(r.tUs, r.events);
      if (r.fault) replay.inject(fault(r.fault));
      expect(replay.position()).toEqual({ tUs: r.tUs, events: r.events, traceHash: r.hash });
    }
    expect(() => replay.runTo(recorded[0]!.tUs, recorded[0]!.events)).toThrow(DivergenceError);
  });
});
