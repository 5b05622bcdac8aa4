// The GENERATED ifstated.conf of db01, both releases: becoming CARP MASTER runs the promote hook once,
// losing it runs the fence hook once (14.x: carp-state.sh every 1 s; 8.1: carp0.link.up at once).
import { describe, expect, it } from "vitest";
import { SCRIPT } from "../../../src/generate/paths.js";
import type { Release } from "../../../src/model/types.js";
import type { CarpState } from "../../../src/sim/host-api.js";
import type { FakeTarget } from "../commands/fake-target.js";
import { backupDb, generatedIfstated, rig, secondsOf } from "./harness.js";

const setCarp = (release: Release, t: FakeTarget, state: CarpState) =>
  release === "8.1" ? t.setCarp("carp0", undefined, state) : t.setCarp("lagg1", 3, state);

describe.each(["14.2", "8.1"] as const)("db01 ifstated.conf, FreeBSD %s", (release) => {
  const setup = () => rig(generatedIfstated(release, "db01"), "db01", backupDb(release));
  // 14.x notices within the 1 s period of carp-state.sh; 8.1 on the carp0 link message itself
  const latencyS = release === "8.1" ? 0 : 1;

  it("starts BACKUP: startup -> backup, fenced once", () => {
    const r = setup();
    r.at(2, () => r.daemon.start());
    r.at(30);
    expect(r.events("ifstated.state").map((e) => [e.from, e.to])).toEqual([[null, "startup"], ["startup", "backup"]]);
    expect(r.target.hooks).toEqual(["mysql-fence"]);
    expect(r.runs()).toEqual([SCRIPT.mysqlFence]);
  });

  it("becoming MASTER promotes once; staying MASTER does not re-run it; losing MASTER fences", () => {
    const r = setup();
    r.at(2, () => r.daemon.start());
    r.at(10.3, () => setCarp(release, r.target, "MASTER"));
    r.at(45);
    const promote = r.events("ifstated.run").find((e) => e.command === SCRIPT.mysqlPromote)!;
    expect(promote).toMatchObject({ host: "db01", status: 0 });
    expect(secondsOf(promote)).toBeGreaterThanOrEqual(10.3);
    expect(secondsOf(promote) - 10.3).toBeLessThanOrEqual(latencyS);
    expect(r.target.hooks).toEqual(["mysql-fence", "mysql-promote"]);
    expect(r.daemon.currentState).toBe("master");
    r.at(50.6, () => setCarp(release, r.target, "BACKUP"));
    r.at(90);
    const fences = r.events("ifstated.run").filter((e) => e.command === SCRIPT.mysqlFence);
    expect(fences).toHaveLength(2);
    expect(secondsOf(fences[1]!) - 50.6).toBeLessThanOrEqual(latencyS);
    expect(r.target.hooks).toEqual(["mysql-fence", "mysql-promote", "mysql-fence"]);
    expect(r.events("ifstated.state").map((e) => e.to)).toEqual(["startup", "backup", "master", "backup"]);
  });

  it("starts MASTER: promoted at once, never fenced", () => {
    const r = rig(generatedIfstated(release, "db01"), "db01", (t) => {
      backupDb(release)(t);
      setCarp(release, t, "MASTER");
    });
    r.at(0, () => r.daemon.start());
    r.at(20);
    expect(r.target.hooks).toEqual(["mysql-promote"]);
  });

  it("INIT (link lost) counts as not MASTER: fenced", () => {
    const r = setup();
    setCarp(release, r.target, "MASTER");
    r.at(0, () => r.daemon.start());
    r.at(5, () => setCarp(release, r.target, "INIT"));
    r.at(10);
    expect(r.target.hooks).toEqual(["mysql-promote", "mysql-fence"]);
  });

  it("mysqld down on the MASTER: demoted within the 1 s check; back, it follows CARP afresh and stays demoted", () => {
    const r = rig(generatedIfstated(release, "db01"), "db01", (t) => {
      backupDb(release)(t);
      setCarp(release, t, "MASTER");
    });
    r.at(0, () => r.daemon.start());
    r.at(12.4, () => r.target.close("3306"));
    r.at(30);
    const demote = release === "8.1" ? "ifconfig carp0 advskew 240" : "sysctl net.inet.carp.demotion=240";
    const down = r.events("ifstated.run").find((e) => e.command === demote)!;
    expect(down).toBeDefined();
    expect(secondsOf(down) - 12.4).toBeGreaterThan(0);
    expect(secondsOf(down) - 12.4).toBeLessThanOrEqual(1);
    expect(r.daemon.currentState).toBe("mysqld_down");
    r.at(40.1, () => {
      r.target.open("3306");
      setCarp(release, r.target, "BACKUP"); // the peer took the VIP meanwhile
    });
    r.at(50);
    const back = r.events("ifstated.state").find((e) => e.from === "mysqld_down")!;
    expect(secondsOf(back) - 40.1).toBeLessThanOrEqual(1);
    expect(r.events("ifstated.state").map((e) => e.to)).toEqual(["startup", "master", "mysqld_down", "startup", "backup"]);
    // Nothing undoes the demotion: failing back is the operator's call.
    expect(r.runs().filter((c) => /demotion=-|advskew 0/.test(c))).toEqual([]);
    expect(r.target.hooks.at(-1)).toBe("mysql-fence");
  });

  it("a failing hook is traced with its status and does not stop the state change", () => {
    const r = setup();
    r.target.hookStatus = 1;
    r.at(0, () => r.daemon.start());
    r.at(3, () => setCarp(release, r.target, "MASTER"));
    r.at(8);
    expect(r.events("ifstated.run").map((e) => [e.command, e.status])).toEqual([
      [SCRIPT.mysqlFence, 1],
      [SCRIPT.mysqlPromote, 1],
    ]);
    expect(r.daemon.currentState).toBe("master");
  });
});

describe("db01 14.2: a MASTER flap shorter than the check period", () => {
  it("is not seen (the test samples every second), as with the real daemon", () => {
    const r = rig(generatedIfstated("14.2", "db01"), "db01", backupDb("14.2"));
    r.at(0, () => r.daemon.start());
    r.at(3.2, () => r.target.setCarp("lagg1", 3, "MASTER"));
    r.at(3.7, () => r.target.setCarp("lagg1", 3, "BACKUP"));
    r.at(10);
    expect(r.target.hooks).toEqual(["mysql-fence"]);
  });
});
