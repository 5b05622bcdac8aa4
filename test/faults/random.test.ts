// Random schedules for the swarm: same seed, same schedule; always valid for the lab (both releases);
// every kind appears; most damage is healed; sysctl heals restore the boot value; text round-trips.
import { describe, expect, it } from "vitest";
import {
  FAULT_KINDS, findSysctl, formatScheduledFault, isRepair, parseFault, randomSchedule, validateSchedule, type ScheduledFault,
} from "../../src/faults/index.js";
import { Rng } from "../../src/sim/engine/rng.js";
import { referenceLab } from "../support/reference-lab.js";

const lab14 = referenceLab("14.2");
const lab81 = referenceLab("8.1");
const DURATION_US = 300_000_000;

function schedule(seed: number, lab = lab14, count = 20, durationUs = DURATION_US): ScheduledFault[] {
  return randomSchedule(lab, new Rng(seed), durationUs, count);
}

describe("randomSchedule", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    expect(schedule(42)).toEqual(schedule(42));
    expect(schedule(42).map(formatScheduledFault)).not.toEqual(schedule(43).map(formatScheduledFault));
  });

  it("is valid, sorted and inside the run for 1,000 seeds on both releases", () => {
    for (const lab of [lab14, lab81]) {
      for (let seed = 1; seed <= 1000; seed++) {
        const s = schedule(seed, lab, 1 + (seed % 30));
        const problems = validateSchedule(s, lab, DURATION_US);
        if (problems.length) throw new Error(`seed ${seed} (${lab.release}): ${JSON.stringify(problems[0])}\n${s.map(formatScheduledFault).join("\n")}`);
        for (let i = 1; i < s.length; i++) expect(s[i]!.atUs).toBeGreaterThanOrEqual(s[i - 1]!.atUs);
        for (const f of s) expect(f.atUs >= 0 && f.atUs < DURATION_US && Number.isSafeInteger(f.atUs)).toBe(true);
      }
    }
  });

  it("injects exactly `count` faults, every kind of damage in turn, and mostly heals them", () => {
    const s = schedule(7, lab14, 220);
    const damage = s.filter((f) => !isRepair(f.fault));
    const damageKinds = new Set(damage.map((f) => f.fault.kind));
    expect(damageKinds.size).toBe(22);
    // 220 draws from a deck of 22 kinds: each kind exactly 10 times (a sysctl draw may fall back to carp-demote).
    const perKind = new Map<string, number>();
    for (const f of damage) perKind.set(f.fault.kind, (perKind.get(f.fault.kind) ?? 0) + 1);
    expect(perKind.get("power-off")).toBe(10);
    expect(s.length - damage.length).toBeGreaterThan(0.6 * 220);
    expect(s.length - damage.length).toBeLessThan(220);
  });

  it("mixes every one of the 32 kinds over a long schedule", () => {
    const kinds = new Set(schedule(3, lab14, 400, 3_600_000_000).map((f) => f.fault.kind));
    expect([...FAULT_KINDS].filter((k) => !kinds.has(k))).toEqual([]);
  });

  it("never overlaps writes of a non-additive sysctl, and heals it back to the value the lab boots with", () => {
    let healed = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const lab = seed % 2 ? lab14 : lab81;
      const byKey = new Map<string, number[]>();
      for (const { fault } of schedule(seed, lab, 40)) {
        if (fault.kind !== "sysctl" || findSysctl(fault.name)!.additive) continue;
        const key = `${fault.host} ${fault.name}`;
        byKey.set(key, [...(byKey.get(key) ?? []), fault.value]);
      }
      for (const [key, values] of byKey) {
        const [hostName, name] = key.split(" ") as [string, string];
        const host = lab.hosts.find((h) => h.name === hostName)!;
        const boot = name === "net.inet.carp.preempt" ? (host.carpPreempt ? 1 : 0) : findSysctl(name)!.defaultValue;
        // damage (not the boot value), heal (the boot value), damage, heal, ...
        expect([key, values.map((v, i) => (i % 2 === 0 ? v !== boot : v === boot))]).toEqual([key, values.map(() => true)]);
        healed += Math.floor(values.length / 2);
      }
    }
    expect(healed).toBeGreaterThan(50);
  });

  it("round-trips through the text form", () => {
    for (let seed = 1; seed <= 100; seed++) {
      for (const f of schedule(seed, lab14, 25)) {
        expect(parseFault(formatScheduledFault(f))).toEqual({ ok: true, value: f });
      }
    }
  });

  it("returns nothing for an empty run or count", () => {
    expect(schedule(1, lab14, 0)).toEqual([]);
    expect(schedule(1, lab14, 5, 0)).toEqual([]);
  });
});
