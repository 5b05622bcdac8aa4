// The traffic generator: seeded determinism, arrival rates within 4 sigma of the profile, the daily
// curve's shape, sessions and think times, and a bounded engine queue over a simulated day.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ResolvedTraffic } from "../../../src/model/types.js";
import { Engine } from "../../../src/sim/engine/engine.js";
import { seconds, toSeconds } from "../../../src/sim/engine/time.js";
import { normalizeCurve, US_PER_HOUR } from "../../../src/sim/traffic/daily-curve.js";
import { TrafficGenerator, type TrafficOptions, type TrafficRequest } from "../../../src/sim/traffic/traffic-generator.js";
import { referenceLab } from "../../support/reference-lab.js";

const profile = referenceLab().traffic;

function within4Sigma(observed: number, expected: number): void {
  expect(Math.abs(observed - expected), `${observed} vs ${expected}`).toBeLessThanOrEqual(4 * Math.sqrt(expected));
}

function runTraffic(seed: number, untilUs: number, p: ResolvedTraffic, options: Omit<TrafficOptions, "onRequest"> = {}) {
  const engine = new Engine(seed);
  const requests: TrafficRequest[] = [];
  const gen = new TrafficGenerator(engine, p, { ...options, onRequest: (r) => requests.push(r) }).start();
  engine.runUntil(untilUs);
  return { engine, gen, requests };
}

// The engine does not expose its queue size; read it for the memory check.
function engineQueueSize(engine: Engine): number {
  return (engine as unknown as { queue: { size: number } }).queue.size;
}

describe("traffic generator", () => {
  it("is deterministic for a seed and different for another", () => {
    const digest = (seed: number) =>
      createHash("sha256").update(JSON.stringify(runTraffic(seed, seconds(600), profile, { flat: true }).requests)).digest("hex");
    expect(digest(42)).toBe(digest(42));
    expect(digest(42)).not.toBe(digest(43));
  });

  it("draws its traffic from its own Rng: other models' draws do not change it", () => {
    const a = runTraffic(5, seconds(600), profile, { flat: true }).requests;
    const engine = new Engine(5);
    const b: TrafficRequest[] = [];
    new TrafficGenerator(engine, profile, { flat: true, onRequest: (r) => (b.push(r), engine.random.float()) }).start();
    engine.runUntil(seconds(600));
    expect(b).toEqual(a);
  });

  it("matches the profile's session and registration rates over a simulated hour (+/- 4 sigma)", () => {
    const p = { ...profile, registrationsPerHour: 3600 };
    const { requests } = runTraffic(7, US_PER_HOUR, p, { flat: true });
    const sessions = new Set(requests.filter((r) => r.kind === "page").map((r) => r.sessionId)).size;
    within4Sigma(sessions, p.peakSessionsPerS * 3600);
    within4Sigma(requests.filter((r) => r.kind === "registration").length, 3600);
    expect(requests.filter((r) => r.kind === "registration").every((r) => r.userId > p.registeredUsers)).toBe(true);
  });

  it("gives sessions pageViewsPerSession pages on average, spaced by the documented think time", () => {
    const engine = new Engine(11);
    const last = new Map<number, number>();
    const lastIndex = new Map<number, number>();
    const gaps: number[] = [];
    const gen = new TrafficGenerator(engine, profile, {
      flat: true,
      untilUs: US_PER_HOUR,
      onRequest: (r) => {
        if (r.kind !== "page") return;
        const prev = last.get(r.sessionId);
        if (prev !== undefined) gaps.push(r.timeUs - prev);
        expect(r.pageIndex).toBe(prev === undefined ? 0 : lastIndex.get(r.sessionId)! + 1);
        lastIndex.set(r.sessionId, r.pageIndex);
        last.set(r.sessionId, r.timeUs);
      },
    }).start();
    engine.runUntil(2 * US_PER_HOUR);
    const c = gen.counts;
    expect(c.sessionsActive).toBe(0);
    // Geometric pages per session: variance m(m-1) = 30 for m = 6.
    const perSession = c.pageViews / c.sessionsStarted;
    expect(Math.abs(perSession - 6)).toBeLessThanOrEqual(4 * Math.sqrt(30 / c.sessionsStarted));
    const meanGapS = toSeconds(gaps.reduce((a, b) => a + b, 0) / gaps.length);
    expect(Math.abs(meanGapS - 30)).toBeLessThanOrEqual((4 * 30) / Math.sqrt(gaps.length));
  });

  it("shapes hourly session counts by the daily curve (each hour +/- 4 sigma)", () => {
    const { requests } = runTraffic(3, 24 * US_PER_HOUR, profile);
    const firstPage = requests.filter((r) => r.kind === "page" && r.pageIndex === 0);
    const perHour = Array.from({ length: 24 }, () => 0);
    for (const r of firstPage) perHour[Math.floor(r.timeUs / US_PER_HOUR)]!++;
    const curve = normalizeCurve(profile.dailyCurve);
    curve.forEach((c, h) => within4Sigma(perHour[h]!, profile.peakSessionsPerS * 3600 * c));
    expect(perHour[12]!).toBeGreaterThan(8 * perHour[3]!);
  });

  it("starts the curve at startHour and draws cache hits at the profile's ratio", () => {
    const { requests } = runTraffic(9, US_PER_HOUR, profile, { startHour: 3 });
    const sessions = requests.filter((r) => r.kind === "page" && r.pageIndex === 0).length;
    within4Sigma(sessions, profile.peakSessionsPerS * 3600 * normalizeCurve(profile.dailyCurve)[3]!);
    const pages = requests.filter((r) => r.kind === "page");
    const hitRatio = pages.filter((r) => r.cacheHit).length / pages.length;
    const sd = Math.sqrt((profile.cacheHitRatio * (1 - profile.cacheHitRatio)) / pages.length);
    expect(Math.abs(hitRatio - profile.cacheHitRatio)).toBeLessThanOrEqual(4 * sd);
  });

  it("keeps the engine queue bounded over a simulated day and drains after untilUs", () => {
    const engine = new Engine(1);
    let requests = 0;
    const gen = new TrafficGenerator(engine, profile, { untilUs: 24 * US_PER_HOUR, rateScale: 5, onRequest: () => requests++ }).start();
    let maxQueue = 0;
    for (let minute = 1; minute <= 24 * 60; minute++) {
      engine.runUntil(seconds(minute * 60));
      const size = engineQueueSize(engine);
      expect(size).toBe(gen.counts.pendingEvents);
      maxQueue = Math.max(maxQueue, size);
    }
    // Little's law at the peak: 10 sessions/s x 5 think times x 30 s = 1,500 open sessions.
    expect(requests).toBeGreaterThan(1_000_000);
    expect(maxQueue).toBeLessThan(2_500);
    engine.runUntil(48 * US_PER_HOUR);
    expect(gen.counts.pendingEvents).toBe(0);
    expect(engineQueueSize(engine)).toBe(0);
  });

  it("stops: no more requests after stop()", () => {
    const engine = new Engine(2);
    let requests = 0;
    const gen = new TrafficGenerator(engine, profile, { flat: true, onRequest: () => requests++ }).start();
    engine.runUntil(seconds(600));
    gen.stop();
    const before = requests;
    engine.runUntil(seconds(6000));
    expect(requests).toBe(before);
    expect(gen.counts.sessionsActive).toBe(0);
  });
});
