// pf runs the generated /etc/pf.conf of each host: MySQL (3306) on the db hosts is reachable from
// the app hosts only; blocked connections are pf.block trace events naming the deciding rule.
import { describe, expect, it } from "vitest";
import type { Release } from "../../../src/model/types.js";
import { booted, seconds } from "../world/sim-support.js";

const releases: Release[] = ["14.2", "8.1"];

describe.each(releases)("pf on %s", (release) => {
  it("3306 on the mysql VIP and on db01: blocked from a proxy, passed from an app host", () => {
    const run = booted(release);
    for (const target of ["10.0.20.30", "10.0.20.31"]) {
      const fromProxy = run.world.connect("proxy01", target, 3306);
      expect(fromProxy.ok).toBe(false);
      expect(fromProxy.blockedBy).toEqual({ host: "db01", rule: "block in log all" });
      const fromApp = run.world.connect("app01", target, 3306);
      expect(fromApp, target).toMatchObject({ ok: true, host: "db01" });
      expect(run.world.connect("app02", target, 3306).ok).toBe(true);
    }
    const blocks = run.of("pf.block");
    expect(blocks.map((e) => [e.host, e.iface, e.proto, e.src, e.dst, e.port, e.rule])).toEqual([
      ["db01", "lagg1", "tcp", "10.0.20.11", "10.0.20.30", 3306, "block in log all"],
      ["db01", "lagg1", "tcp", "10.0.20.11", "10.0.20.31", 3306, "block in log all"],
    ]);
    expect(blocks[0]!.t).toBe(seconds(40));
  });

  it("the replication peer reaches 3306 over the db network; the app hosts do not reach the public VIP", () => {
    const run = booted(release);
    expect(run.world.connect("db02", "10.0.30.31", 3306).ok).toBe(true);
    expect(run.world.connect("app01", "10.0.30.31", 3306).reason).toMatch(/no route to 10.0.30.31: app01 has no interface on the db network/);
    expect(run.world.connect("app01", "203.0.113.10", 80).reason).toMatch(/no interface on the public network/);
  });

  it("follows the VIP: after a failover the mysql VIP is db02's, and refused when MySQL is stopped", () => {
    const run = booted(release);
    run.at(40.5, () => run.world.powerOff("db01"));
    run.runTo(45);
    expect(run.world.connect("app01", "10.0.20.30", 3306)).toMatchObject({ ok: true, host: "db02" });
    run.world.setService("db02", "mysql", "stopped");
    expect(run.world.connect("app01", "10.0.20.30", 3306).reason).toMatch(/connection refused: nothing listens on 10.0.20.30:3306 on db02/);
    run.world.setService("db02", "mysql", "hung");
    expect(run.world.connect("app01", "10.0.20.30", 3306)).toMatchObject({ ok: true, hung: true });
    expect(run.world.connect("app01", "10.0.20.31", 3306).reason).toMatch(/host unreachable: db01/);
  });

  it("partitions and one-way cuts stop connections", () => {
    const run = booted(release);
    run.world.setOneWayCut("db01", "app01", true);
    expect(run.world.connect("app01", "10.0.20.31", 3306).reason).toMatch(/no answer: one-way cut from db01 to app01/);
    run.world.setOneWayCut("db01", "app01", false);
    run.world.partition([["app01"], ["db01", "db02"]]);
    expect(run.world.connect("app01", "10.0.20.31", 3306).reason).toMatch(/partitioned/);
    expect(run.world.connect("app02", "10.0.20.31", 3306).ok).toBe(true);
  });
});
