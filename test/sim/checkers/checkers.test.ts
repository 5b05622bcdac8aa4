// The checkers judge a trace from outside the models: fed synthetic events, they must flag exactly
// the faulty stretches.
import { describe, expect, it } from "vitest";
import { carpMasterChecker } from "../../../src/sim/checkers/carp-master.js";
import { laggChecker } from "../../../src/sim/checkers/lagg-consistent.js";
import { vipOwnedChecker } from "../../../src/sim/checkers/vip-owned.js";
import type { TraceEvent } from "../../../src/sim/engine/engine.js";
import { seconds } from "../../../src/sim/engine/time.js";
import { referenceLab } from "../../support/reference-lab.js";

const lab = referenceLab();
const carp = (s: number, host: string, from: string, to: string): TraceEvent => ({ t: seconds(s), type: "carp.state", host, iface: "lagg0", vhid: 1, vip: "203.0.113.10", group: "www", from, to, reason: "test" });

describe("one CARP master per vhid", () => {
  it("allows an overlap shorter than one advertisement interval", () => {
    const c = carpMasterChecker(lab);
    [carp(1, "proxy01", "BACKUP", "MASTER"), carp(10, "proxy02", "BACKUP", "MASTER"), carp(10.5, "proxy01", "MASTER", "BACKUP")].forEach((e) => c.observe(e));
    expect(c.finish(seconds(20)).ok).toBe(true);
  });

  it("reports a longer overlap as split brain with its start and end, and one open at the end", () => {
    const c = carpMasterChecker(lab);
    [carp(1, "proxy01", "BACKUP", "MASTER"), carp(10, "proxy02", "BACKUP", "MASTER"), carp(40, "proxy02", "MASTER", "BACKUP"), carp(50, "proxy02", "BACKUP", "MASTER")].forEach((e) => c.observe(e));
    const v = c.finish(seconds(60));
    expect(v.ok).toBe(false);
    expect(v.violations).toEqual([
      { startUs: seconds(10), endUs: seconds(40), message: "split brain on www: proxy01 and proxy02 were MASTER at once for 30 s" },
      { startUs: seconds(50), message: "split brain on www: proxy01 and proxy02 were MASTER at once for the rest of the run" },
    ]);
  });
});

describe("every VIP owned while a member is up", () => {
  const up = (s: number, host: string): TraceEvent => ({ t: seconds(s), type: "host.state", host, from: "booting", to: "running", reason: "boot" });
  const owner = (s: number, host: string | null): TraceEvent => ({ t: seconds(s), type: "arp.owner", group: "www", vip: "203.0.113.10", host, reason: "test" });
  it("accepts a takeover gap and flags a gap longer than a takeover", () => {
    const ok = vipOwnedChecker(lab);
    [up(0, "proxy01"), up(0, "proxy02"), carp(30, "proxy01", "INIT", "BACKUP"), owner(33, "proxy01"), owner(60, null), carp(60, "proxy02", "INIT", "BACKUP"), owner(63.4, "proxy02")].forEach((e) => ok.observe(e));
    expect(ok.finish(seconds(100)).violations.filter((v) => v.message.startsWith("www"))).toEqual([]);
    const bad = vipOwnedChecker(lab);
    [up(0, "proxy01"), carp(30, "proxy01", "INIT", "BACKUP"), owner(33, "proxy01"), owner(60, null), owner(90, "proxy01")].forEach((e) => bad.observe(e));
    expect(bad.finish(seconds(100)).violations.map((v) => v.message)).toContain("www VIP had no owner for 30 s while a member was up");
  });
});

describe("LAGG up exactly while a port is active", () => {
  const port = (s: number, p: string, to: string): TraceEvent => ({ t: seconds(s), type: "lagg.port", host: "db01", iface: "lagg1", port: p, from: to === "active" ? "inactive" : "active", to, reason: "test" });
  const lagg = (s: number, to: string): TraceEvent => ({ t: seconds(s), type: "lagg.state", host: "db01", iface: "lagg1", from: to === "up" ? "down" : "up", to, reason: "test" });
  it("accepts consistent changes and flags a lagg left up with no active port", () => {
    const ok = laggChecker();
    [port(1, "em2", "active"), lagg(1, "up"), port(5, "em2", "inactive"), lagg(5, "down")].forEach((e) => ok.observe(e));
    expect(ok.finish(seconds(10)).ok).toBe(true);
    const bad = laggChecker();
    [port(1, "em2", "active"), lagg(1, "up"), port(5, "em2", "inactive"), port(6, "em3", "inactive")].forEach((e) => bad.observe(e));
    expect(bad.finish(seconds(10)).violations.map((v) => v.message)).toContain("db01/lagg1 is up with 0 active port(s)");
  });
});
