// Whole runs through runSimulation, as `lab sim` does them: the fidelity scenarios seen from
// the summary and the trace, determinism, and a seeded swarm of random fault schedules.
import { describe, expect, it } from "vitest";
import { parseFault, randomSchedule, type ScheduledFault } from "../../src/faults/index.js";
import type { TraceEvent } from "../../src/sim/engine/engine.js";
import { Rng } from "../../src/sim/engine/rng.js";
import { seconds, toSeconds } from "../../src/sim/engine/time.js";
import { runSimulation } from "../../src/sim/run.js";
import { DEFAULT_LINK_LATENCY_US } from "../../src/sim/net/segment.js";
import { referenceLab, referenceSpec, resolveSpec } from "../support/reference-lab.js";

function faults(...texts: string[]): ScheduledFault[] {
  return texts.map((t) => {
    const p = parseFault(t);
    if (!p.ok) throw new Error(p.error.message);
    return p.value;
  });
}

function run(lab = referenceLab(), texts: string[] = [], durationS = 120, seed = 1) {
  const events: { e: TraceEvent; level: string }[] = [];
  const summary = runSimulation(lab, { seed, durationUs: seconds(durationS), faults: faults(...texts) }, (e, level) => events.push({ e, level }));
  return { summary, events };
}

const www = (s: ReturnType<typeof run>["summary"]) => s.vips.find((v) => v.group === "www")!;

describe.each(["14.2", "8.1"] as const)("lab sim, FreeBSD %s", (release) => {
  const lab = referenceLab(release);

  it("power-off of the www master: proxy02 takes over at last advertisement + 3*advbase + advskew/256", () => {
    const { summary, events } = run(lab, ["30s: power-off proxy01"]);
    const failover = www(summary).failovers[0]!;
    expect(failover).toMatchObject({ from: "proxy01", to: "proxy02", fault: "power-off proxy01", faultAtS: 30 });
    const lastAdvert = events.filter((x) => x.e.type === "carp.advert" && x.e.host === "proxy01" && x.e.vhid === 1 && x.e.t <= seconds(30)).at(-1)!.e.t;
    const master = events.find((x) => x.e.type === "carp.state" && x.e.host === "proxy02" && x.e.to === "MASTER" && x.e.t > seconds(30))!.e;
    // The backup re-arms its master-down timer when the advertisement arrives (one link latency after it is sent).
    expect(master.t - (lastAdvert + DEFAULT_LINK_LATENCY_US)).toBe(seconds(3) + Math.round((100 / 256) * 1e6));
    expect(failover.takeoverS).toBeCloseTo(toSeconds(master.t) - 30, 6);
    expect(summary.ok).toBe(true);
  });

  it("nginx stopped on proxy01: ifstated demotes it and proxy02 takes over; with preempt=0 on proxy02 it does not, and the summary says why", () => {
    const { summary } = run(lab, ["40s: service-stop proxy01 nginx"]);
    expect(www(summary).failovers.map((f) => `${f.from}->${f.to}`)).toEqual(["proxy01->proxy02"]);
    const noPreempt = run(lab, ["0s: sysctl proxy02 net.inet.carp.preempt=0", "40s: service-stop proxy01 nginx"]);
    expect(www(noPreempt.summary).failovers).toEqual([]);
    expect(noPreempt.summary.notes.join("\n")).toMatch(/proxy01 was demoted .* proxy02 has net\.inet\.carp\.preempt=0/);
  });

  it("is deterministic: same inputs, same events and summary", () => {
    const a = run(lab, ["30s: power-off proxy01", "60s: power-on proxy01"]);
    const b = run(lab, ["30s: power-off proxy01", "60s: power-on proxy01"]);
    expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
    expect(b.summary).toEqual(a.summary);
  });
});

describe("swarm", () => {
  it("1,000 seeded random fault schedules run without an exception (a failure names its seed)", () => {
    const labs = [referenceLab("14.2"), referenceLab("8.1")];
    for (let seed = 1; seed <= 1000; seed++) {
      const lab = labs[seed % 2]!;
      const schedule = randomSchedule(lab, new Rng(seed), seconds(90), 6);
      try {
        runSimulation(lab, { seed, durationUs: seconds(90), faults: schedule });
      } catch (e) {
        throw new Error(`swarm seed ${seed} (${lab.release}) failed: ${(e as Error).message}\nreproduce: randomSchedule(referenceLab("${lab.release}"), new Rng(${seed}), seconds(90), 6)`);
      }
    }
  });
});

describe("preempt off on the group", () => {
  it("proxy01 returning after a power-off stays BACKUP when preempt is off, takes www back when on", () => {
    const on = run(referenceLab(), ["30s: power-off proxy01", "60s: power-on proxy01"], 200);
    expect(www(on.summary).failovers.map((f) => `${f.from}->${f.to}`)).toEqual(["proxy01->proxy02", "proxy02->proxy01"]);
    const spec: any = referenceSpec();
    spec.carp[0].preempt = false;
    const off = run(resolveSpec(spec), ["30s: power-off proxy01", "60s: power-on proxy01"], 200);
    expect(www(off.summary).failovers.map((f) => `${f.from}->${f.to}`)).toEqual(["proxy01->proxy02"]);
  });
});

describe("partition", () => {
  it.each(["14.2", "8.1"] as const)("proxy01|proxy02 on %s: both MASTER, reported as split brain with start and end; heal resolves it", (release) => {
    const { summary, events } = run(referenceLab(release), ["30s: partition proxy01|proxy02", "60s: heal"], 120);
    const checker = summary.checkers.find((c) => c.checker === "one CARP master per vhid")!;
    expect(checker.ok).toBe(false);
    const www = checker.violations.find((v) => v.message.startsWith("split brain on www"))!;
    expect(www.startS).toBeGreaterThan(30);
    expect(www.startS).toBeLessThan(35);
    expect(www.endS).not.toBeNull();
    expect(www.endS!).toBeGreaterThanOrEqual(60);
    expect(www.endS!).toBeLessThan(62);
    const masters = events.filter((x) => x.e.type === "carp.state" && x.e.group === "www" && x.e.t > seconds(60)).map((x) => `${x.e.host}:${x.e.to}`);
    expect(masters).toContain("proxy02:BACKUP");
  });
});
