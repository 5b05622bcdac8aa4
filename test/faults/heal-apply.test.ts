// Inverses (every fault can be healed) and applyFault (each fault becomes the right FaultTarget call),
// checked together on a fake target that keeps state: a fault followed by its inverse restores it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyFault, inverseOf, isRepair, parseFault, type Fault, type FaultTarget, type ServiceFaultState } from "../../src/faults/index.js";
import { arbitraryFault } from "./arbitraries.js";

function faultOf(text: string): Fault {
  const r = parseFault(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.fault;
}

type Call = [string, ...unknown[]];

/** Records every call, and keeps the state that the calls change. */
class FakeTarget implements FaultTarget {
  readonly calls: Call[] = [];
  readonly state = new Map<string, unknown>();
  private record(call: Call, key?: string, value?: unknown): void {
    this.calls.push(call);
    if (key !== undefined) this.state.set(key, value);
  }
  powerOff(host: string) { this.record(["powerOff", host], `power ${host}`, "off"); }
  powerOn(host: string) { this.record(["powerOn", host], `power ${host}`, "on"); }
  crash(host: string) { this.record(["crash", host], `power ${host}`, "off"); }
  reboot(host: string) { this.record(["reboot", host], `power ${host}`, "on"); }
  setNicLink(host: string, nic: string, up: boolean) { this.record(["setNicLink", host, nic, up], `nic ${host} ${nic}`, up); }
  setLaggLinks(host: string, lagg: string, up: boolean) { this.record(["setLaggLinks", host, lagg, up], `lagg ${host} ${lagg}`, up); }
  partition(groups: readonly (readonly string[])[]) { this.record(["partition", groups], "partition", groups); }
  healPartition() { this.record(["healPartition"], "partition", null); }
  setLinkLoss(network: string, percent: number) { this.record(["setLinkLoss", network, percent], `loss ${network}`, percent); }
  setLinkDelay(network: string, delayMs: number) { this.record(["setLinkDelay", network, delayMs], `delay ${network}`, delayMs); }
  setOneWayCut(from: string, to: string, cut: boolean) { this.record(["setOneWayCut", from, to, cut], `cut ${from} ${to}`, cut); }
  setService(host: string, service: string, state: ServiceFaultState) { this.record(["setService", host, service, state], `service ${host} ${service}`, state); }
  sysctl(host: string, name: string, value: number) {
    const key = `sysctl ${host} ${name}`;
    const additive = name === "net.inet.carp.demotion";
    this.record(["sysctl", host, name, value], key, additive ? ((this.state.get(key) as number | undefined) ?? 0) + value : value);
  }
  carpDemote(host: string, n: number) {
    const key = `demotion ${host}`;
    this.record(["carpDemote", host, n], key, ((this.state.get(key) as number | undefined) ?? 0) + n);
  }
  failDisk(host: string, disk: string) { this.record(["failDisk", host, disk], `disk ${host} ${disk}`, "failed"); }
  replaceDisk(host: string, disk: string) { this.record(["replaceDisk", host, disk], `disk ${host} ${disk}`, "online"); }
  setDiskSlow(host: string, disk: string, factor: number) { this.record(["setDiskSlow", host, disk, factor], `slow ${host} ${disk}`, factor); }
  setPoolFull(host: string, pool: string, full: boolean) { this.record(["setPoolFull", host, pool, full], `full ${host} ${pool}`, full); }
  setReplica(host: string, running: boolean) { this.record(["setReplica", host, running], `replica ${host}`, running); }
  setStorageLinks(host: string, up: boolean) { this.record(["setStorageLinks", host, up], `storage-link ${host}`, up); }
  setStorageLinkRate(host: string, mbitPerS: number | null) { this.record(["setStorageLinkRate", host, mbitPerS], `rate ${host}`, mbitPerS); }
  storagePromote(host: string, promote: boolean) { this.record(["storagePromote", host, promote], `promoted ${host}`, promote); }
}

describe("applyFault", () => {
  it.each<[string, Call]>([
    ["power-off proxy01", ["powerOff", "proxy01"]],
    ["power-on proxy01", ["powerOn", "proxy01"]],
    ["crash db01", ["crash", "db01"]],
    ["reboot app01", ["reboot", "app01"]],
    ["nic-down proxy01 em0", ["setNicLink", "proxy01", "em0", false]],
    ["nic-up proxy01 em0", ["setNicLink", "proxy01", "em0", true]],
    ["lagg-down db01 lagg1", ["setLaggLinks", "db01", "lagg1", false]],
    ["lagg-up db01 lagg1", ["setLaggLinks", "db01", "lagg1", true]],
    ["partition proxy01,app01|proxy02", ["partition", [["proxy01", "app01"], ["proxy02"]]]],
    ["heal", ["healPartition"]],
    ["link-loss public 30%", ["setLinkLoss", "public", 30]],
    ["link-delay app 200ms", ["setLinkDelay", "app", 200]],
    ["one-way-cut proxy01->proxy02", ["setOneWayCut", "proxy01", "proxy02", true]],
    ["heal one-way-cut proxy01->proxy02", ["setOneWayCut", "proxy01", "proxy02", false]],
    ["service-stop proxy01 nginx", ["setService", "proxy01", "nginx", "stopped"]],
    ["service-start proxy01 nginx", ["setService", "proxy01", "nginx", "running"]],
    ["service-crash db01 mysql", ["setService", "db01", "mysql", "crashed"]],
    ["service-hang proxy01 haproxy", ["setService", "proxy01", "haproxy", "hung"]],
    ["sysctl proxy02 net.inet.carp.preempt=0", ["sysctl", "proxy02", "net.inet.carp.preempt", 0]],
    ["carp-demote proxy01 240", ["carpDemote", "proxy01", 240]],
    ["disk-fail stor01 da3", ["failDisk", "stor01", "da3"]],
    ["disk-replace stor01 da3", ["replaceDisk", "stor01", "da3"]],
    ["slow-disk stor01 da2 20x", ["setDiskSlow", "stor01", "da2", 20]],
    ["pool-full stor01 tank", ["setPoolFull", "stor01", "tank", true]],
    ["pool-free stor01 tank", ["setPoolFull", "stor01", "tank", false]],
    ["replica-stop db02", ["setReplica", "db02", false]],
    ["replica-start db02", ["setReplica", "db02", true]],
    ["mysql-crash db01", ["setService", "db01", "mysql", "crashed"]],
    ["storage-link-down stor02", ["setStorageLinks", "stor02", false]],
    ["storage-link-up stor02", ["setStorageLinks", "stor02", true]],
    ["storage-link-rate stor01 10", ["setStorageLinkRate", "stor01", 10]],
    ["storage-link-rate stor01 full", ["setStorageLinkRate", "stor01", null]],
    ["storage-promote stor02", ["storagePromote", "stor02", true]],
    ["storage-demote stor02", ["storagePromote", "stor02", false]],
  ])("%s calls %j", (text, call) => {
    const target = new FakeTarget();
    applyFault(faultOf(text), target);
    expect(target.calls).toEqual([call]);
  });
});

describe("inverseOf", () => {
  it.each([
    ["power-off proxy01", "power-on proxy01"],
    ["power-on proxy01", "power-off proxy01"],
    ["crash db01", "power-on db01"],
    ["reboot app01", "power-on app01"],
    ["nic-down proxy01 em0", "nic-up proxy01 em0"],
    ["nic-up proxy01 em0", "nic-down proxy01 em0"],
    ["lagg-down db01 lagg1", "lagg-up db01 lagg1"],
    ["lagg-up db01 lagg1", "lagg-down db01 lagg1"],
    ["partition proxy01|proxy02", "heal"],
    ["heal", "heal"],
    ["link-loss public 30%", "link-loss public 0%"],
    ["link-delay app 200ms", "link-delay app 0ms"],
    ["one-way-cut proxy01->proxy02", "heal one-way-cut proxy01->proxy02"],
    ["heal one-way-cut proxy01->proxy02", "one-way-cut proxy01->proxy02"],
    ["service-stop proxy01 nginx", "service-start proxy01 nginx"],
    ["service-crash proxy01 nginx", "service-start proxy01 nginx"],
    ["service-hang proxy01 nginx", "service-start proxy01 nginx"],
    ["service-start proxy01 nginx", "service-stop proxy01 nginx"],
    ["sysctl proxy01 net.inet.carp.demotion=240", "sysctl proxy01 net.inet.carp.demotion=-240"],
    ["carp-demote proxy01 240", "carp-demote proxy01 -240"],
    ["carp-demote proxy01 -50", "carp-demote proxy01 50"],
    ["disk-fail stor01 da3", "disk-replace stor01 da3"],
    ["slow-disk stor01 da2 20x", "slow-disk stor01 da2 1x"],
    ["pool-full stor01 tank", "pool-free stor01 tank"],
    ["replica-stop db02", "replica-start db02"],
    ["mysql-crash db01", "service-start db01 mysql"],
    ["storage-link-down stor02", "storage-link-up stor02"],
    ["storage-link-rate stor01 10Mbit/s", "storage-link-rate stor01 full"],
    ["storage-promote stor02", "storage-demote stor02"],
  ])("%s -> %s", (text, inverse) => {
    expect(inverseOf(faultOf(text))).toEqual(faultOf(inverse));
  });

  it("restores a non-additive sysctl to the value the caller read, else FreeBSD's default", () => {
    const fault = faultOf("sysctl proxy02 net.inet.carp.preempt=0");
    expect(inverseOf(fault, { sysctlBefore: 1 })).toEqual(faultOf("sysctl proxy02 net.inet.carp.preempt=1"));
    expect(inverseOf(fault)).toEqual(faultOf("sysctl proxy02 net.inet.carp.preempt=0"));
    expect(inverseOf(faultOf("sysctl proxy02 net.inet.carp.allow=0"))).toEqual(faultOf("sysctl proxy02 net.inet.carp.allow=1"));
    expect(inverseOf(faultOf("sysctl proxy01 net.inet.carp.demotion=240"), { sysctlBefore: 7 })).toEqual(faultOf("sysctl proxy01 net.inet.carp.demotion=-240"));
  });

  it("tells repairs from damage", () => {
    const repairs = ["power-on a", "nic-up a em0", "lagg-up a lagg0", "heal", "link-loss n 0%", "link-delay n 0ms", "heal one-way-cut a->b",
      "service-start a nginx", "carp-demote a -240", "sysctl a net.inet.carp.demotion=-240", "disk-replace a da0", "slow-disk a da0 1x",
      "pool-free a tank", "replica-start a", "storage-link-up a", "storage-link-rate a full", "storage-demote a"];
    const damage = ["power-off a", "crash a", "reboot a", "nic-down a em0", "lagg-down a lagg0", "partition a|b", "link-loss n 1%",
      "link-delay n 1ms", "one-way-cut a->b", "service-stop a nginx", "service-crash a nginx", "service-hang a nginx",
      "carp-demote a 240", "sysctl a net.inet.carp.demotion=240", "sysctl a net.inet.carp.preempt=0", "disk-fail a da0", "slow-disk a da0 2x",
      "pool-full a tank", "replica-stop a", "mysql-crash a", "storage-link-down a", "storage-link-rate a 10", "storage-promote a"];
    expect(repairs.filter((t) => !isRepair(faultOf(t)))).toEqual([]);
    expect(damage.filter((t) => isRepair(faultOf(t)))).toEqual([]);
  });

  it("a fault followed by its inverse leaves a healthy lab healthy (sysctl value supplied)", () => {
    const healthy = (key: string): unknown =>
      key.startsWith("power") ? "on"
      : key.startsWith("nic") || key.startsWith("lagg") ? true
      : key === "partition" ? null
      : key.startsWith("loss") || key.startsWith("delay") || key.startsWith("demotion") || key.endsWith("demotion") ? 0
      : key.startsWith("cut") ? false
      : key.startsWith("service") ? "running"
      : key.startsWith("disk") ? "online"
      : key.startsWith("full") || key.startsWith("promoted") ? false
      : key.startsWith("replica") || key.startsWith("storage-link") ? true
      : key.startsWith("rate") ? null
      : 1;
    fc.assert(
      fc.property(arbitraryFault, (fault) => {
        if (isRepair(fault)) return; // the inverse of a repair is damage
        const t = new FakeTarget();
        applyFault(fault, t);
        const key = [...t.state.keys()][0];
        expect(key).toBeDefined();
        if (key?.endsWith("demotion")) t.state.set(key, fault.kind === "sysctl" ? fault.value : 0); // started from 0
        applyFault(inverseOf(fault, { sysctlBefore: 1 }), t);
        for (const [k, v] of t.state) expect([k, v]).toEqual([k, healthy(k)]);
      }),
      { numRuns: 1000 },
    );
  });
});
