// HAProxy: health checks take a dead/hung Zope out after fall*inter and back after rise*inter;
// stickiness, redispatch, maxconn queueing and 503 without servers.
import { describe, expect, it } from "vitest";
import { seconds, US_PER_MS } from "../../../src/sim/engine/time.js";
import { HealthCounter } from "../../../src/sim/chain/health-counter.js";
import type { HaproxyResult } from "../../../src/sim/chain/haproxy-backend.js";
import { buildRig } from "./chain-support.js";

const INTER_US = 2000 * US_PER_MS;

describe("HAProxy health counter", () => {
  it("starts UP at health=rise (first failure = DOWN), then needs fall failures / rise successes", () => {
    const fresh = new HealthCounter(2, 3);
    expect(fresh.state).toBe("UP");
    expect(fresh.record(false)).toBe("DOWN");

    const c = new HealthCounter(2, 3);
    c.record(true);
    expect(c.health).toBe(4);
    expect([c.record(false), c.record(false)]).toEqual([undefined, undefined]);
    expect(c.record(true)).toBeUndefined(); // one success resets to full health
    expect([c.record(false), c.record(false), c.record(false)]).toEqual([undefined, undefined, "DOWN"]);
    expect(c.record(true)).toBeUndefined();
    expect(c.record(true)).toBe("UP");
  });
});

describe("HAProxy backend in front of the Zope instances", () => {
  it("uses the model's check values", () => {
    const rig = buildRig();
    expect(rig.haproxy.config).toMatchObject({ interMs: 2000, rise: 2, fall: 3, maxconnPerServer: 2, cookie: "SERVERID", redispatch: true });
  });

  it("a crashed Zope leaves the rotation after fall*inter (+/- inter) and returns after rise*inter", () => {
    const rig = buildRig(7);
    rig.engine.runUntil(seconds(60));
    expect(rig.events).toEqual([]);
    rig.setState("app01_8083", "crashed");
    rig.engine.runUntil(seconds(70));
    const down = rig.events.find((e) => e["server"] === "app01_8083" && e["to"] === "DOWN")!;
    expect(down).toMatchObject({ host: "proxy01", from: "UP", reason: "Layer4 connection problem: Connection refused" });
    const downAfter = down.t - seconds(60);
    expect(downAfter).toBeGreaterThanOrEqual(3 * INTER_US - INTER_US);
    expect(downAfter).toBeLessThanOrEqual(3 * INTER_US + INTER_US);
    expect(rig.haproxy.upServers).not.toContain("app01_8083");
    expect(rig.haproxy.upServers).toHaveLength(17);
    const routed: HaproxyResult[] = [];
    for (let i = 0; i < 50; i++) rig.haproxy.request({}, (r) => routed.push(r));
    rig.engine.runUntil(seconds(80) - 1);
    expect(routed.filter((r) => r.status === 200)).toHaveLength(50);
    expect(routed.map((r) => r.server)).not.toContain("app01_8083");

    rig.setState("app01_8083", "running");
    rig.engine.runUntil(seconds(100));
    const up = rig.events.find((e) => e["server"] === "app01_8083" && e["to"] === "UP")!;
    const upAfter = up.t - seconds(80);
    expect(upAfter).toBeGreaterThanOrEqual(2 * INTER_US - INTER_US);
    expect(upAfter).toBeLessThanOrEqual(2 * INTER_US + INTER_US);
    expect(rig.events.filter((e) => e["server"] === "app01_8083")).toHaveLength(2);
  });

  it("a hung Zope (accepts, never answers) is DOWN after fall checks that each wait for inter", () => {
    const rig = buildRig(3);
    rig.engine.runUntil(seconds(60));
    rig.setState("app02_8080", "hung");
    rig.engine.runUntil(seconds(90));
    const down = rig.events.find((e) => e["server"] === "app02_8080")!;
    expect(down["reason"]).toBe("Layer7 timeout");
    // No `timeout check`: each check times out after inter, the next starts inter later.
    const downAfter = down.t - seconds(60);
    expect(downAfter).toBeGreaterThan(2 * 2 * INTER_US);
    expect(downAfter).toBeLessThanOrEqual(3 * 2 * INTER_US + INTER_US);
  });

  it("keeps a sticky session on its server, and serves it elsewhere (new cookie) when that server is DOWN", () => {
    const rig = buildRig(11);
    rig.engine.runUntil(seconds(10));
    const results: HaproxyResult[] = [];
    rig.haproxy.request({}, (r) => results.push(r));
    rig.engine.runUntil(seconds(40));
    const first = results[0]!;
    expect(first.status).toBe(200);
    const cookie = first.setCookie!;
    for (let i = 0; i < 5; i++) rig.haproxy.request({ cookie }, (r) => results.push(r));
    rig.engine.runUntil(seconds(70));
    expect(results.slice(1).map((r) => [r.status, r.server, r.setCookie])).toEqual(Array(5).fill([200, cookie, undefined]));

    rig.setState(cookie, "crashed");
    rig.engine.runUntil(seconds(85));
    expect(rig.haproxy.state(cookie)).toBe("DOWN");
    rig.haproxy.request({ cookie }, (r) => results.push(r));
    rig.engine.runUntil(seconds(120));
    const moved = results.at(-1)!;
    expect(moved.status).toBe(200);
    expect(moved.server).not.toBe(cookie);
    expect(moved.setCookie).toBe(moved.server);
  });

  it("redispatches the last retry when the sticky server refuses before the checks noticed", () => {
    const rig = buildRig(5);
    rig.engine.runUntil(seconds(10));
    rig.states.set("app01_8080", "crashed"); // the checks have not seen it yet
    const results: HaproxyResult[] = [];
    rig.haproxy.request({ cookie: "app01_8080" }, (r) => results.push(r));
    rig.engine.runUntil(seconds(13.5));
    expect(rig.haproxy.state("app01_8080")).toBe("UP");
    rig.engine.runUntil(seconds(60));
    expect(results).toHaveLength(1);
    expect(results[0]!.status).toBe(200);
    expect(results[0]!.server).not.toBe("app01_8080");
    // retries 3, 1 s turn-around each before the retry.
    expect(results[0]!.latencyUs).toBeGreaterThanOrEqual(seconds(3));
  });

  it("answers 503 at once when no server is UP", () => {
    const rig = buildRig(2, { serverLimit: 2 });
    rig.engine.runUntil(seconds(5));
    rig.setState("app01_8080", "crashed");
    rig.setState("app01_8081", "stopped");
    rig.engine.runUntil(seconds(20));
    expect(rig.haproxy.upServers).toEqual([]);
    expect(rig.haproxy.probeFrontend()).toBe("http-error");
    const results: HaproxyResult[] = [];
    rig.haproxy.request({}, (r) => results.push(r));
    expect(results).toEqual([{ status: 503, latencyUs: 0, queueUs: 0, cause: "no server available" }]);
  });

  it("queues beyond maxconn per server and times the queue out after 30 s", () => {
    const rig = buildRig(9, { serverLimit: 1, serviceTimeMs: 5_000 });
    rig.engine.runUntil(seconds(1));
    const results: HaproxyResult[] = [];
    for (let i = 0; i < 40; i++) rig.haproxy.request({}, (r) => results.push(r));
    expect(rig.haproxy.queued).toBe(38);
    rig.engine.runUntil(seconds(200));
    expect(results).toHaveLength(40);
    const served = results.filter((r) => r.status === 200);
    const timedOut = results.filter((r) => r.cause === "queue timeout");
    expect(served.length + timedOut.length + results.filter((r) => r.status === 504).length).toBe(40);
    expect(timedOut.length).toBeGreaterThan(20);
    for (const r of timedOut) expect(r.latencyUs).toBe(seconds(30));
    expect(served.some((r) => r.queueUs > 0)).toBe(true);
    expect(Math.max(...[...rig.zopes.values()].map((z) => z.busyThreads))).toBeLessThanOrEqual(2);
  });
});
