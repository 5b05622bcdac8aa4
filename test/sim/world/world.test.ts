// The world's hosts: boot time and rc order (network, pf, pfsync, services, ifstated last), power
// off / crash / reboot, services and their states as the command layer sees them, the CommandTarget
// surface, refusal of unknown names, determinism.
import { describe, expect, it } from "vitest";
import { seconds, US_PER_S } from "../../../src/sim/engine/time.js";
import type { SimHost } from "../../../src/sim/world/world.js";
import { booted, referenceLab, simulate } from "./sim-support.js";

function recorder() {
  const calls: { t: number; host: string; call: string }[] = [];
  return {
    calls,
    daemons: (host: SimHost) => [{
      start: () => calls.push({ t: host.engine.now, host: host.hostName, call: "start" }),
      stop: () => calls.push({ t: host.engine.now, host: host.hostName, call: "stop" }),
      linkChanged: (iface: string) => calls.push({ t: host.engine.now, host: host.hostName, call: `link ${iface}` }),
    }],
  };
}

describe("boot and rc order", () => {
  it("boots in 20 s by default: network, pf, pfsync, services, ifstated last; CARP joins as INIT -> BACKUP", () => {
    const rec = recorder();
    const run = simulate(referenceLab(), { daemons: rec.daemons });
    run.world.start();
    run.runTo(19);
    const p1 = run.world.host("proxy01");
    expect(p1.state).toBe("booting");
    expect(rec.calls).toEqual([]);
    run.runTo(21);
    const t = (type: string, where: Record<string, unknown>) => run.of(type, { host: "proxy01", ...where })[0]!.t;
    const network = t("link.state", { iface: "em0", to: "up" });
    const carp = t("carp.state", { to: "BACKUP" });
    const pf = t("service.state", { service: "pf", to: "running" });
    const pfsync = t("pfsync.bulk", { phase: "start" });
    const starting = t("service.state", { service: "nginx", to: "starting" });
    const running = t("service.state", { service: "nginx", to: "running" });
    const ifstated = t("service.state", { service: "ifstated", to: "running" });
    const up = t("host.state", { to: "running" });
    expect(network).toBe(carp);
    expect(network < pf && pf < pfsync && pfsync < starting && starting < running && running < ifstated).toBe(true);
    expect(up).toBe(seconds(20));
    expect(ifstated).toBe(seconds(20));
    expect(rec.calls.filter((c) => c.host === "proxy01")).toEqual([{ t: seconds(20), host: "proxy01", call: "start" }]);
    expect(run.world.hosts().every((h) => h.state === "running")).toBe(true);
  });

  it("bootTimeUs is configurable", () => {
    const run = simulate(referenceLab(), { bootTimeUs: 5 * US_PER_S });
    run.world.start();
    run.runTo(10);
    expect(run.of("host.state", { host: "db01", to: "running" })[0]!.t).toBe(5 * US_PER_S);
    expect(run.world.vipOwner("mysql")).toBe("db01");
  });

  it("power off and crash stop everything at once: daemons, services, CARP (no advertisement), links", () => {
    const rec = recorder();
    const run = simulate(referenceLab(), { daemons: rec.daemons });
    run.world.start();
    run.at(40.5, () => run.world.crash("proxy01"));
    run.runTo(50);
    const p1 = run.world.host("proxy01");
    expect(p1.state).toBe("off");
    expect(rec.calls.filter((c) => c.host === "proxy01").map((c) => c.call)).toEqual(["start", "stop"]);
    expect(run.of("carp.advert", { host: "proxy01" }).filter((e) => e.t >= seconds(40.5))).toEqual([]);
    expect(run.of("service.state", { host: "proxy01", to: "stopped", reason: "crash" }).map((e) => e.service)).toEqual(["nginx", "varnish", "haproxy", "ifstated", "pf", "pfsync"]);
    expect(run.of("host.state", { host: "proxy01" }).at(-1)).toMatchObject({ from: "running", to: "off", reason: "crash" });
    expect(p1.linkState("lagg0")).toBe("down");
    expect(p1.portOpen(80)).toBe(false);
    expect(run.world.carpView().find((v) => v.host === "proxy01")!.state).toBe("INIT");
  });

  it("reboot: off, booting, running again after the boot time", () => {
    const run = booted();
    run.at(41, () => run.world.reboot("app01"));
    run.runTo(80);
    expect(run.of("host.state", { host: "app01" }).filter((e) => e.t >= seconds(41)).map((e) => [e.t / US_PER_S, e.to])).toEqual([[41, "off"], [41, "booting"], [61, "running"]]);
    expect(run.world.vipOwner("solr")).toBe("app01");
  });

  it("tells the daemons about link changes, after the change", () => {
    const rec = recorder();
    const run = simulate(referenceLab(), { daemons: rec.daemons });
    run.world.start();
    run.at(40, () => run.world.setLaggLinks("proxy01", "lagg1", false));
    run.runTo(41);
    expect(rec.calls.filter((c) => c.host === "proxy01" && c.call.startsWith("link")).map((c) => c.call)).toEqual(["link em2", "link em3", "link lagg1"]);
  });
});

describe("services and the command target", () => {
  it("portOpen follows the service state: a hung service still accepts (nc -z), stopped and crashed do not", () => {
    const run = booted();
    const p1 = run.world.host("proxy01");
    expect(p1.portOpen(80)).toBe(true);
    expect(p1.portOpen(3180, "127.0.0.1")).toBe(true);
    expect(p1.portOpen(8080)).toBe(false);
    run.world.setService("proxy01", "varnish", "hung");
    expect(p1.portOpen(3180)).toBe(true);
    run.world.setService("proxy01", "varnish", "crashed");
    expect(p1.portOpen(3180)).toBe(false);
    run.world.setService("proxy01", "varnish", "running");
    expect(p1.portOpen(3180)).toBe(true);
    expect(run.of("service.state", { host: "proxy01", service: "varnish" }).slice(-3).map((e) => e.to)).toEqual(["hung", "crashed", "running"]);
  });

  it("a service bound to a CARP VIP answers on the VIP where its host is MASTER", () => {
    const run = booted();
    expect(run.world.host("app01").portOpen(6080, "10.0.20.20")).toBe(true);
    expect(run.world.host("app01").portOpen(6080)).toBe(false);
    // app02 is BACKUP: its check of the VIP goes over the wire to app01
    expect(run.world.host("app02").portOpen(6080, "10.0.20.20")).toBe(true);
    run.world.setService("app01", "solr", "stopped");
    expect(run.world.host("app02").portOpen(6080, "10.0.20.20")).toBe(false);
  });

  it("stopping the ifstated service stops the daemons; starting it starts them", () => {
    const rec = recorder();
    const run = simulate(referenceLab(), { daemons: rec.daemons });
    run.world.start();
    run.runTo(40);
    run.world.setService("db01", "ifstated", "stopped");
    run.world.setService("db01", "ifstated", "running");
    expect(rec.calls.filter((c) => c.host === "db01").map((c) => c.call)).toEqual(["start", "stop", "start"]);
  });

  it("pf and pfsync as services: pf stopped filters nothing; pfsync stopped during a bulk update cancels its demotion", () => {
    const run = booted();
    expect(run.world.connect("proxy01", "10.0.20.31", 3306).ok).toBe(false);
    run.world.setService("db01", "pf", "stopped");
    expect(run.world.connect("proxy01", "10.0.20.31", 3306).ok).toBe(true);
    run.world.setService("db01", "pf", "running");
    expect(run.world.connect("proxy01", "10.0.20.31", 3306).ok).toBe(false);

    run.world.setNicLink("proxy02", "em4", false);
    run.world.reboot("proxy01");
    run.runTo(65);
    expect(run.world.host("proxy01").readSysctl("net.inet.carp.demotion")).toBe(240);
    run.world.setService("proxy01", "pfsync", "stopped");
    expect(run.world.host("proxy01").readSysctl("net.inet.carp.demotion")).toBe(0);
    expect(run.of("pfsync.bulk", { host: "proxy01" }).at(-1)!.reason).toBe("pfsync bulk cancelled");
  });

  it("sysctl: demotion adds, others set, unknown names are refused; every write is a trace event", () => {
    const run = booted();
    const h = run.world.host("db02");
    expect(h.sysctl("net.inet.carp.demotion", 100)).toBe(true);
    expect(h.sysctl("net.inet.carp.demotion", 20)).toBe(true);
    expect(h.readSysctl("net.inet.carp.demotion")).toBe(120);
    expect(h.sysctl("net.inet.carp.preempt", 0)).toBe(true);
    expect(h.readSysctl("net.inet.carp.preempt")).toBe(0);
    expect(h.sysctl("kern.hostname", 1)).toBe(false);
    expect(h.readSysctl("kern.hostname")).toBeUndefined();
    expect(run.of("sysctl", { host: "db02" }).filter((e) => e.t > seconds(30)).map((e) => [e.name, e.value])).toEqual([
      ["net.inet.carp.demotion", 100], ["net.inet.carp.demotion", 20], ["net.inet.carp.preempt", 0],
    ]);
  });

  it("link states as ifstated sees them, and ifconfig IF down on a LAGG puts its vhid in INIT", () => {
    const run = booted();
    const db = run.world.host("db01");
    expect(db.linkState("lagg1")).toBe("up");
    expect(db.linkState("em2")).toBe("up");
    expect(db.linkState("carp0")).toBeUndefined();
    expect(db.carpState("lagg1", 3)).toBe("MASTER");
    expect(db.setInterfaceAdmin("lagg1", false)).toBe(true);
    expect(db.linkState("lagg1")).toBe("down");
    expect(db.carpState("lagg1", 3)).toBe("INIT");
    expect(db.setInterfaceAdmin("nope0", false)).toBe(false);
  });

  it("runHook records the run and emits hook.run; a registered hook decides the status", () => {
    const run = booted();
    const db = run.world.host("db02");
    expect(db.runHook("mysql-promote")).toBe(0);
    db.setHook("mysql-fence", () => 3);
    expect(db.runHook("mysql-fence")).toBe(3);
    expect(db.hookRuns.map((r) => [r.name, r.status])).toEqual([["mysql-promote", 0], ["mysql-fence", 3]]);
    expect(run.of("hook.run").map((e) => [e.host, e.hook, e.status])).toEqual([["db02", "mysql-promote", 0], ["db02", "mysql-fence", 3]]);
  });

  it("reads the generated files of each host", () => {
    const run = booted();
    expect(run.world.host("proxy01").file("/usr/local/etc/ifstated.conf")).toMatch(/^state primary \{/m);
    expect(run.world.host("stor01").file("/usr/local/etc/ifstated.conf")).toBeUndefined();
  });
});

describe("faults name real things", () => {
  it("refuses unknown hosts, NICs, LAGGs, services, networks and groups with the valid names", () => {
    const run = booted();
    const w = run.world;
    expect(() => w.powerOff("proxy9")).toThrow(/unknown host proxy9; hosts: app01, app02, db01/);
    expect(() => w.setNicLink("proxy01", "em9", false)).toThrow(/proxy01 has no NIC em9; NICs: em0, em1, em2, em3, em4/);
    expect(() => w.setLaggLinks("stor01", "lagg1", false)).toThrow(/stor01 has no LAGG lagg1; LAGGs: lagg0/);
    expect(() => w.setService("db01", "nginx", "stopped")).toThrow(/db01 runs no service nginx; services: ifstated, mysql/);
    expect(() => w.setLinkLoss("wan", 5)).toThrow(/unknown network wan; networks: app, db, pfsync, public, storage/);
    expect(() => w.setLinkLoss("public", 101)).toThrow(RangeError);
    expect(() => w.vipOwner("nfs")).toThrow(/unknown CARP group nfs; groups: mysql, solr, www/);
    expect(() => w.partition([["proxy01"], ["nobody"]])).toThrow(/unknown host nobody/);
    expect(() => w.sysctl("proxy01", "kern.maxfiles", 1)).toThrow(/unknown sysctl kern.maxfiles on FreeBSD 14.2; known: .*net.inet.carp.demotion/);
  });

  it("faults given while a host boots act once its kernel (sysctl, demotion) or its services (service faults) are up", () => {
    const run = simulate(referenceLab());
    run.world.start();
    run.world.sysctl("proxy02", "net.inet.carp.preempt", 0);
    run.world.setService("proxy01", "nginx", "stopped");
    run.runTo(30);
    // rc's sysctl.conf said preempt=1 at netif; the fault's 0 came right after it
    expect(run.world.host("proxy02").readSysctl("net.inet.carp.preempt")).toBe(0);
    expect(run.of("sysctl", { host: "proxy02", name: "net.inet.carp.preempt" }).map((e) => e.value)).toEqual([1, 0]);
    expect(run.world.host("proxy01").services.get("nginx")!.state).toBe("stopped");
    expect(run.of("service.state", { host: "proxy01", service: "nginx" }).map((e) => e.to)).toEqual(["starting", "running", "stopped"]);
  });

  it("a reboot restores what rc.conf and sysctl.conf configure (advskew, preempt, demotion)", () => {
    const run = booted();
    const p2 = run.world.host("proxy02");
    p2.setAdvskew("lagg0", 1, 7);
    p2.sysctl("net.inet.carp.demotion", 50);
    p2.sysctl("net.inet.carp.preempt", 0);
    run.at(41, () => run.world.reboot("proxy02"));
    run.runTo(70);
    expect(p2.carp.vifs[0]!.advskew).toBe(100);
    expect(p2.readSysctl("net.inet.carp.demotion")).toBe(0);
    expect(p2.readSysctl("net.inet.carp.preempt")).toBe(1);
  });

  it("faults on a powered-off host are harmless", () => {
    const run = booted();
    run.world.powerOff("db02");
    expect(() => run.world.setService("db02", "mysql", "running")).not.toThrow();
    expect(run.world.host("db02").services.get("mysql")!.state).toBe("stopped");
    expect(run.world.host("db02").sysctl("net.inet.carp.demotion", 10)).toBe(false);
  });
});

describe("determinism", () => {
  const scenario = (seed: number) => {
    const run = simulate(referenceLab(), {}, seed);
    run.world.start();
    run.at(35, () => run.world.setLinkLoss("public", 40));
    run.at(50, () => run.world.powerOff("proxy01"));
    run.at(70, () => run.world.powerOn("proxy01"));
    run.runTo(200);
    return run.engine.traceHash();
  };

  it("the same seed gives the same trace; loss draws from the seeded RNG", () => {
    expect(scenario(7)).toBe(scenario(7));
    const hashes = new Set([1, 2, 3, 4, 5].map(scenario));
    expect(hashes.size).toBeGreaterThan(1);
  });
});
