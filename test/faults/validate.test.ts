// Validation against the reference lab: unknown names are refused with the valid ones listed (and a
// did-you-mean), numbers must be in range, sysctls must exist on the release and on the host.
import { describe, expect, it } from "vitest";
import { parseFault, validateFault, validateSchedule, type Fault } from "../../src/faults/index.js";
import { referenceLab } from "../support/reference-lab.js";

const lab14 = referenceLab("14.2");
const lab81 = referenceLab("8.1");
const HOSTS = "proxy01, proxy02, app01, app02, db01, db02, stor01, stor02";

function faultOf(text: string): Fault {
  const r = parseFault(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.fault;
}

function problems(text: string, lab = lab14) {
  return validateFault(faultOf(text), lab).map((p) => ({ pointer: p.pointer, message: p.message, hint: p.hint }));
}

function messages(text: string, lab = lab14): string[] {
  return validateFault(faultOf(text), lab).map((p) => p.message);
}

describe("validateFault", () => {
  it.each([
    "power-off proxy01", "power-on stor02", "crash db01", "reboot app01", "nic-down proxy01 em4", "nic-up db02 em3",
    "lagg-down db01 lagg1", "lagg-up stor01 lagg0", "partition proxy01,app01|proxy02", "heal", "link-loss public 30%",
    "link-loss pfsync 100%", "link-delay app 200ms", "one-way-cut proxy01->proxy02", "service-stop proxy01 nginx",
    "service-start proxy01 nginx", "service-crash db01 mysql", "service-hang app02 solr", "service-stop stor01 nfs",
    "sysctl proxy02 net.inet.carp.preempt=0", "sysctl proxy01 net.inet.carp.demotion=-240",
    "sysctl proxy01 net.pfsync.carp_demotion_factor=0", "carp-demote proxy01 240", "carp-demote db02 -240",
  ])("accepts %s", (text) => {
    expect(validateFault(faultOf(text), lab14)).toEqual([]);
  });

  it("refuses an unknown host with a did-you-mean and the valid hosts", () => {
    expect(problems("power-off proxy03")).toEqual([{
      pointer: "/host",
      message: `unknown host "proxy03": did you mean "proxy01"? Valid: ${HOSTS}`,
      hint: "check the spelling; `lab show` lists the lab's hosts, networks, interfaces and services",
    }]);
    expect(messages("crash webserver")).toEqual([`unknown host "webserver": valid: ${HOSTS}`]);
  });

  it("refuses a NIC that is not the host's, and points a LAGG name at lagg-down", () => {
    expect(messages("nic-down proxy01 em9")).toEqual(['unknown NIC "em9" on proxy01: did you mean "em0"? Valid: em0, em1, em2, em3, em4']);
    expect(messages("nic-down db01 em4")).toEqual(['unknown NIC "em4" on db01: did you mean "em0"? Valid: em0, em1, em2, em3']);
    expect(problems("nic-down proxy01 lagg0")).toEqual([{
      pointer: "/nic",
      message: 'unknown NIC "lagg0" on proxy01: valid: em0, em1, em2, em3, em4',
      hint: 'lagg0 is a LAGG: use "lagg-down proxy01 lagg0"',
    }]);
  });

  it("refuses a LAGG that is not the host's", () => {
    expect(messages("lagg-down stor01 lagg1")).toEqual(['unknown LAGG "lagg1" on stor01: did you mean "lagg0"? Valid: lagg0']);
    expect(problems("lagg-down db01 em0")[0]!.hint).toBe('em0 is a NIC: use "nic-down db01 em0"');
  });

  it("refuses a service the host does not run and says where it runs", () => {
    expect(problems("service-stop proxy01 mysql")).toEqual([{
      pointer: "/service",
      message: 'unknown service "mysql" on proxy01: valid: nginx, varnish, haproxy, ifstated, pf, pfsync',
      hint: "mysql runs on db01, db02",
    }]);
    expect(messages("service-crash proxy01 ngnix")).toEqual(['unknown service "ngnix" on proxy01: did you mean "nginx"? Valid: nginx, varnish, haproxy, ifstated, pf, pfsync']);
  });

  it("refuses an unknown network and out-of-range numbers", () => {
    expect(messages("link-loss pub 30%")).toEqual(['unknown network "pub": did you mean "db"? Valid: public, app, db, storage, pfsync']);
    expect(messages("link-loss public 130%")).toEqual(["link-loss 130% is outside 0-100%"]);
    expect(messages("link-delay app 61s")).toEqual(["link-delay 61000 ms is outside 0-60000 ms"]);
    expect(validateFault({ kind: "link-delay", network: "app", delayMs: 0.0001 }, lab14).map((p) => p.message)).toEqual(["link-delay 0.0001 ms is finer than a microsecond"]);
    expect(validateFault({ kind: "link-loss", network: "app", percent: Number.NaN }, lab14).map((p) => p.pointer)).toEqual(["/percent"]);
    expect(messages("carp-demote proxy01 5000")).toEqual(["carp-demote 5000 is outside -1000 to 1000"]);
  });

  it("checks partitions: two or more non-empty, disjoint groups of known hosts", () => {
    expect(messages("partition proxy01|proxy01,app01")).toEqual(["proxy01 is in partition groups 1 and 2"]);
    expect(problems("partition proxy01|proxy9")).toEqual([{
      pointer: "/groups/1/0",
      message: `unknown host "proxy9": did you mean "proxy01"? Valid: ${HOSTS}`,
      hint: "check the spelling; `lab show` lists the lab's hosts, networks, interfaces and services",
    }]);
    expect(validateFault({ kind: "partition", groups: [["proxy01"], []] }, lab14).map((p) => [p.pointer, p.message])).toEqual([["/groups/1", "partition group 2 is empty"]]);
    expect(validateFault({ kind: "partition", groups: [["proxy01"]] }, lab14).map((p) => p.message)).toEqual(["a partition needs at least two groups, got 1"]);
  });

  it("refuses a one-way cut from a host to itself or to an unknown host", () => {
    expect(messages("one-way-cut proxy01->proxy01")).toEqual(["one-way-cut from proxy01 to itself"]);
    expect(messages("one-way-cut proxy01->proxy3")).toEqual([`unknown host "proxy3": did you mean "proxy01"? Valid: ${HOSTS}`]);
  });

  it("accepts only the release's sysctls, in range, on hosts that have them", () => {
    expect(problems("sysctl proxy01 net.inet.carp.preemt=1")).toEqual([{
      pointer: "/name",
      message: 'unknown sysctl "net.inet.carp.preemt" on FreeBSD 14.2: did you mean "net.inet.carp.preempt"? Valid: net.inet.carp.allow, net.inet.carp.preempt, net.inet.carp.log, net.inet.carp.dscp, net.inet.carp.demotion, net.inet.carp.ifdown_demotion_factor, net.inet.carp.senderr_demotion_factor, net.pfsync.carp_demotion_factor',
      hint: "a fault may write the carp(4) and pfsync(4) sysctls of FreeBSD 14.2 listed here",
    }]);
    expect(problems("sysctl proxy01 net.inet.carp.demotion=240", lab81)).toEqual([{
      pointer: "/name",
      message: 'unknown sysctl "net.inet.carp.demotion" on FreeBSD 8.1: valid: net.inet.carp.allow, net.inet.carp.preempt, net.inet.carp.log, net.inet.carp.arpbalance',
      hint: 'net.inet.carp.demotion exists on FreeBSD 14.2, not on 8.1; use "carp-demote proxy01 N"',
    }]);
    expect(messages("sysctl proxy01 net.inet.carp.arpbalance=1", lab81)).toEqual([]);
    expect(messages("sysctl proxy01 net.inet.carp.arpbalance=1")[0]).toMatch(/^unknown sysctl "net.inet.carp.arpbalance" on FreeBSD 14.2/);
    expect(messages("sysctl proxy01 net.inet.carp.preempt=2")).toEqual(["net.inet.carp.preempt=2 is outside 0 to 1"]);
    expect(problems("sysctl stor01 net.inet.carp.preempt=1")).toEqual([{
      pointer: "/host",
      message: "stor01 is in no CARP group, so net.inet.carp.preempt does nothing there",
      hint: "CARP hosts: proxy01, proxy02, app01, app02, db01, db02",
    }]);
    expect(messages("sysctl db01 net.pfsync.carp_demotion_factor=0")).toEqual(["db01 does not run pfsync, so it has no net.pfsync.carp_demotion_factor"]);
    expect(messages("carp-demote stor02 240")).toEqual(["stor02 is in no CARP group, so carp-demote does nothing there"]);
  });
});

describe("data faults", () => {
  it("accepts disks, pools, MySQL and storage hosts of the lab", () => {
    for (const t of ["disk-fail stor01 da3", "slow-disk stor02 da0 10x", "pool-full stor01 tank", "replica-stop db02", "mysql-crash db01",
      "storage-link-down stor02", "storage-link-rate stor01 10", "storage-promote stor02", "disk-fail stor01 ada2"]) {
      expect([t, messages(t)]).toEqual([t, []]);
    }
  });

  it("names the valid disks, pools and hosts", () => {
    expect(messages("disk-fail stor01 da9")[0]).toMatch(/^unknown disk "da9" on stor01: did you mean "da0"\? Valid: ada0, ada1, da0, da1/);
    expect(messages("disk-fail stor01 data3")).toEqual([]);
    expect(messages("disk-fail proxy01 da0")[0]).toMatch(/^unknown disk "da0" on proxy01/);
    expect(messages("pool-full stor01 tnak")).toEqual(['unknown pool "tnak" on stor01: did you mean "tank"? Valid: zroot, tank']);
    expect(messages("replica-stop app01")).toEqual(["app01 runs no MySQL of a replication pair"]);
    expect(messages("storage-link-down proxy01")).toEqual(["proxy01 has no interface on a storage network"]);
    expect(messages("storage-promote db02")).toEqual(["db02 is in no storage pair"]);
  });
});

describe("untyped input", () => {
  it("refuses a kind outside the vocabulary (a fault read from JSON)", () => {
    const fault = JSON.parse('{"kind":"power-of","host":"proxy01"}') as Fault;
    expect(validateFault(fault, lab14).map((p) => [p.pointer, p.message])).toEqual([
      ["/kind", 'unknown fault kind "power-of": did you mean "power-off"? Valid: power-off, power-on, crash, reboot, nic-down, nic-up, lagg-down, lagg-up, partition, heal, link-loss, link-delay, one-way-cut, service-stop, service-start, service-crash, service-hang, sysctl, carp-demote, disk-fail, disk-replace, slow-disk, pool-full, pool-free, replica-stop, replica-start, mysql-crash, storage-link-down, storage-link-up, storage-link-rate, storage-promote, storage-demote'],
    ]);
  });
});

describe("validateSchedule", () => {
  it("prefixes problems with the entry and bounds the times", () => {
    const schedule = [
      { atUs: 0, fault: faultOf("power-off proxy01") },
      { atUs: 5_000_000, fault: faultOf("nic-down proxy01 em7") },
      { atUs: 200_000_000, fault: faultOf("heal") },
      { atUs: -1, fault: faultOf("heal") },
    ];
    expect(validateSchedule(schedule, lab14, 120_000_000).map((p) => [p.pointer, p.message])).toEqual([
      ["/1/fault/nic", 'unknown NIC "em7" on proxy01: did you mean "em0"? Valid: em0, em1, em2, em3, em4'],
      ["/2/atUs", "time 200000000 us is after the end of the run (120000000 us)"],
      ["/3/atUs", "time -1 us is not a whole number of microseconds >= 0"],
    ]);
  });
});
