// The text form: every kind parses, the canonical text round-trips, malformed text gets exact
// messages with the column of the problem and a hint naming the valid form.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  FAULT_KINDS, formatFault, formatScheduledFault, parseDurationText, parseFault, parseFaultWithoutTime, parseSchedule,
  type Fault,
} from "../../src/faults/index.js";
import { arbitraryFault, arbitraryScheduledFault } from "./arbitraries.js";

function parsed(text: string) {
  const r = parseFault(text);
  if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.error)}`);
  return r.value;
}

function failure(text: string) {
  const r = parseFault(text);
  if (r.ok) throw new Error(`${text} parsed as ${JSON.stringify(r.value)}`);
  return r.error;
}

const EXAMPLES: readonly [string, number, Fault][] = [
  ["30s: power-off proxy01", 30_000_000, { kind: "power-off", host: "proxy01" }],
  ["2m: power-on proxy01", 120_000_000, { kind: "power-on", host: "proxy01" }],
  ["1.5s: crash db01", 1_500_000, { kind: "crash", host: "db01" }],
  ["500ms: reboot app01", 500_000, { kind: "reboot", host: "app01" }],
  ["1m30s: nic-down proxy01 em0", 90_000_000, { kind: "nic-down", host: "proxy01", nic: "em0" }],
  ["1h: nic-up proxy01 em0", 3_600_000_000, { kind: "nic-up", host: "proxy01", nic: "em0" }],
  ["45s: lagg-down db01 lagg1", 45_000_000, { kind: "lagg-down", host: "db01", lagg: "lagg1" }],
  ["90: lagg-up db01 lagg1", 90_000_000, { kind: "lagg-up", host: "db01", lagg: "lagg1" }],
  ["60s: partition proxy01|proxy02", 60_000_000, { kind: "partition", groups: [["proxy01"], ["proxy02"]] }],
  ["60s: partition proxy01,app01|proxy02", 60_000_000, { kind: "partition", groups: [["proxy01", "app01"], ["proxy02"]] }],
  ["90s: heal", 90_000_000, { kind: "heal" }],
  ["10s: link-loss public 30%", 10_000_000, { kind: "link-loss", network: "public", percent: 30 }],
  ["10s: link-delay app 200ms", 10_000_000, { kind: "link-delay", network: "app", delayMs: 200 }],
  ["5s: one-way-cut proxy01->proxy02", 5_000_000, { kind: "one-way-cut", from: "proxy01", to: "proxy02" }],
  ["20s: service-stop proxy01 nginx", 20_000_000, { kind: "service-stop", host: "proxy01", service: "nginx" }],
  ["40s: service-start proxy01 nginx", 40_000_000, { kind: "service-start", host: "proxy01", service: "nginx" }],
  ["20s: service-crash db01 mysql", 20_000_000, { kind: "service-crash", host: "db01", service: "mysql" }],
  ["20s: service-hang proxy01 haproxy", 20_000_000, { kind: "service-hang", host: "proxy01", service: "haproxy" }],
  ["0s: sysctl proxy02 net.inet.carp.preempt=0", 0, { kind: "sysctl", host: "proxy02", name: "net.inet.carp.preempt", value: 0 }],
  ["30s: carp-demote proxy01 240", 30_000_000, { kind: "carp-demote", host: "proxy01", n: 240 }],
  ["10m: disk-fail stor01 da3", 600_000_000, { kind: "disk-fail", host: "stor01", disk: "da3" }],
  ["20m: disk-replace stor01 da3", 1_200_000_000, { kind: "disk-replace", host: "stor01", disk: "da3" }],
  ["5m: slow-disk stor01 da2 20x", 300_000_000, { kind: "slow-disk", host: "stor01", disk: "da2", factor: 20 }],
  ["5m: pool-full stor01 tank", 300_000_000, { kind: "pool-full", host: "stor01", pool: "tank" }],
  ["10m: pool-free stor01 tank", 600_000_000, { kind: "pool-free", host: "stor01", pool: "tank" }],
  ["1m: replica-stop db02", 60_000_000, { kind: "replica-stop", host: "db02" }],
  ["5m: replica-start db02", 300_000_000, { kind: "replica-start", host: "db02" }],
  ["2m: mysql-crash db01", 120_000_000, { kind: "mysql-crash", host: "db01" }],
  ["5m: storage-link-down stor02", 300_000_000, { kind: "storage-link-down", host: "stor02" }],
  ["10m: storage-link-up stor02", 600_000_000, { kind: "storage-link-up", host: "stor02" }],
  ["5m: storage-link-rate stor01 10", 300_000_000, { kind: "storage-link-rate", host: "stor01", mbitPerS: 10 }],
  ["6m: storage-link-rate stor01 full", 360_000_000, { kind: "storage-link-rate", host: "stor01", mbitPerS: null }],
  ["12m: storage-promote stor02", 720_000_000, { kind: "storage-promote", host: "stor02" }],
  ["40m: storage-demote stor02", 2_400_000_000, { kind: "storage-demote", host: "stor02" }],
];

describe("parseFault", () => {
  it.each(EXAMPLES)("%s", (text, atUs, fault) => {
    expect(parsed(text)).toEqual({ atUs, fault });
  });

  it("covers every kind in the examples", () => {
    expect(new Set(EXAMPLES.map(([, , f]) => f.kind))).toEqual(new Set(FAULT_KINDS));
  });

  it("applies a fault without a time at 0 and tolerates blanks", () => {
    expect(parsed("power-off proxy01")).toEqual({ atUs: 0, fault: { kind: "power-off", host: "proxy01" } });
    expect(parsed("  2m :  partition proxy01 , app01 | proxy02  ")).toEqual({
      atUs: 120_000_000,
      fault: { kind: "partition", groups: [["proxy01", "app01"], ["proxy02"]] },
    });
    expect(parsed("1s: one-way-cut proxy01 -> proxy02").fault).toEqual({ kind: "one-way-cut", from: "proxy01", to: "proxy02" });
    expect(parsed("sysctl proxy02 net.inet.carp.demotion = -240").fault).toEqual({ kind: "sysctl", host: "proxy02", name: "net.inet.carp.demotion", value: -240 });
  });

  it("reads the time forms", () => {
    const at = (time: string) => parsed(`${time}: heal`).atUs;
    expect([at("30s"), at("1.5s"), at("500ms"), at("2m"), at("1h"), at("1m30s"), at("45"), at("2.25"), at("250us"), at("1h30m"), at("2s500ms")]).toEqual([
      30_000_000, 1_500_000, 500_000, 120_000_000, 3_600_000_000, 90_000_000, 45_000_000, 2_250_000, 250, 5_400_000_000, 2_500_000,
    ]);
  });

  it("reads other spellings of values", () => {
    expect(parsed("link-loss public 30").fault).toEqual({ kind: "link-loss", network: "public", percent: 30 });
    expect(parsed("link-loss public 2.5%").fault).toEqual({ kind: "link-loss", network: "public", percent: 2.5 });
    expect(parsed("link-delay app 1.5s").fault).toEqual({ kind: "link-delay", network: "app", delayMs: 1500 });
    expect(parsed("link-delay app 250us").fault).toEqual({ kind: "link-delay", network: "app", delayMs: 0.25 });
    expect(parsed("carp-demote proxy01 -240").fault).toEqual({ kind: "carp-demote", host: "proxy01", n: -240 });
    expect(parsed("carp-demote proxy01 +50").fault).toEqual({ kind: "carp-demote", host: "proxy01", n: 50 });
  });

  it("heals a named fault with its inverse", () => {
    const heal = (text: string) => parsed(`2m: heal ${text}`).fault;
    expect(heal("power-off proxy01")).toEqual({ kind: "power-on", host: "proxy01" });
    expect(heal("crash db01")).toEqual({ kind: "power-on", host: "db01" });
    expect(heal("nic-down proxy01 em0")).toEqual({ kind: "nic-up", host: "proxy01", nic: "em0" });
    expect(heal("lagg-down db01 lagg1")).toEqual({ kind: "lagg-up", host: "db01", lagg: "lagg1" });
    expect(heal("partition proxy01|proxy02")).toEqual({ kind: "heal" });
    expect(heal("link-loss public 30%")).toEqual({ kind: "link-loss", network: "public", percent: 0 });
    expect(heal("link-delay app 200ms")).toEqual({ kind: "link-delay", network: "app", delayMs: 0 });
    expect(heal("one-way-cut proxy01->proxy02")).toEqual({ kind: "one-way-cut", from: "proxy01", to: "proxy02", restore: true });
    expect(heal("service-hang proxy01 haproxy")).toEqual({ kind: "service-start", host: "proxy01", service: "haproxy" });
    expect(heal("sysctl proxy01 net.inet.carp.demotion=240")).toEqual({ kind: "sysctl", host: "proxy01", name: "net.inet.carp.demotion", value: -240 });
    expect(heal("carp-demote proxy01 240")).toEqual({ kind: "carp-demote", host: "proxy01", n: -240 });
  });

  it("parses a fault without a time and refuses one with a time", () => {
    expect(parseFaultWithoutTime("reboot app01")).toEqual({ ok: true, value: { kind: "reboot", host: "app01" } });
    expect(parseFaultWithoutTime("30s: reboot app01")).toEqual({
      ok: false,
      error: { message: "a time is not expected here", column: 4, hint: 'write the fault alone, e.g. "power-off proxy01"' },
    });
  });
});

describe("formatFault round trip", () => {
  it("gives the canonical text of the examples", () => {
    expect(EXAMPLES.map(([text]) => formatScheduledFault(parsed(text)))).toEqual([
      "30s: power-off proxy01", "2m: power-on proxy01", "1.5s: crash db01", "500ms: reboot app01",
      "1m30s: nic-down proxy01 em0", "1h: nic-up proxy01 em0", "45s: lagg-down db01 lagg1", "1m30s: lagg-up db01 lagg1",
      "1m: partition proxy01|proxy02", "1m: partition proxy01,app01|proxy02", "1m30s: heal", "10s: link-loss public 30%",
      "10s: link-delay app 200ms", "5s: one-way-cut proxy01->proxy02", "20s: service-stop proxy01 nginx",
      "40s: service-start proxy01 nginx", "20s: service-crash db01 mysql", "20s: service-hang proxy01 haproxy",
      "0s: sysctl proxy02 net.inet.carp.preempt=0", "30s: carp-demote proxy01 240",
      "10m: disk-fail stor01 da3", "20m: disk-replace stor01 da3", "5m: slow-disk stor01 da2 20x", "5m: pool-full stor01 tank",
      "10m: pool-free stor01 tank", "1m: replica-stop db02", "5m: replica-start db02", "2m: mysql-crash db01", "5m: storage-link-down stor02",
      "10m: storage-link-up stor02", "5m: storage-link-rate stor01 10", "6m: storage-link-rate stor01 full", "12m: storage-promote stor02",
      "40m: storage-demote stor02",
    ]);
    expect(formatFault({ kind: "one-way-cut", from: "a", to: "b", restore: true })).toBe("heal one-way-cut a->b");
    expect(formatFault({ kind: "link-delay", network: "app", delayMs: 0.25 })).toBe("link-delay app 0.25ms");
  });

  it("parse(format(f)) deep-equals f for any fault, and it survives JSON", () => {
    fc.assert(
      fc.property(arbitraryFault, (fault) => {
        expect(parseFaultWithoutTime(formatFault(fault))).toEqual({ ok: true, value: fault });
        expect(parsed(formatFault(fault))).toEqual({ atUs: 0, fault });
        expect(JSON.parse(JSON.stringify(fault))).toEqual(fault);
      }),
      { numRuns: 2000 },
    );
  });

  it("parse(format(s)) deep-equals s for any scheduled fault", () => {
    fc.assert(
      fc.property(arbitraryScheduledFault, (scheduled) => {
        expect(parsed(formatScheduledFault(scheduled))).toEqual(scheduled);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("malformed faults", () => {
  const FORM = (usage: string, example: string) => `usage: ${usage}, e.g. "${example}"`;
  const TIME = "write a time as 30s, 1.5s, 500ms, 2m, 1h, 1m30s or plain seconds";
  const CASES: readonly [string, string, number, string][] = [
    ["", "empty fault", 1, "FORMS"],
    ["   ", "empty fault", 1, "FORMS"],
    ["30s power-off proxy01", 'missing ":" after the time "30s"', 4, 'write TIME: FAULT, e.g. "30s: power-off proxy01"'],
    ["30x: power-off proxy01", 'bad time "30x"', 1, TIME],
    ["1m1h: heal", 'units out of order in time "1m1h"', 1, "largest unit first, each once: 1h30m, 1m30s, 2s500ms"],
    ["1.0000001s: heal", 'time "1.0000001s" is finer than a microsecond', 1, TIME],
    [": heal", 'missing time before ":"', 1, TIME],
    ["30s:", 'missing fault after "30s:"', 5, "FORMS"],
    ["30s: power-of proxy01", 'unknown fault "power-of": did you mean "power-off"?', 6, "FORMS"],
    ["30s: explode proxy01", 'unknown fault "explode"', 6, "FORMS"],
    ["power-off", "power-off needs a host", 11, FORM("power-off HOST", "30s: power-off proxy01")],
    ["power-off proxy01 proxy02", 'unexpected "proxy02" after power-off proxy01', 19, FORM("power-off HOST", "30s: power-off proxy01")],
    ["power-off Proxy01", 'bad host name "Proxy01"', 11, 'a host name is lower-case letters, digits and "-", starting with a letter'],
    ["nic-down proxy01", "nic-down needs a NIC", 18, FORM("nic-down HOST NIC", "1m30s: nic-down proxy01 em0")],
    ["nic-down proxy01 eth-0", 'bad NIC name "eth-0"', 18, "a FreeBSD interface name such as em0 or vtnet1"],
    ["lagg-up db01", "lagg-up needs a LAGG", 14, FORM("lagg-up HOST LAGG", "90s: lagg-up db01 lagg1")],
    ["service-stop proxy01", "service-stop needs a service", 22, FORM("service-stop HOST SERVICE", "20s: service-stop proxy01 nginx")],
    ["partition", "partition needs groups of hosts", 11, FORM("partition HOST[,HOST...]|HOST[,HOST...][|...]", "60s: partition proxy01,app01|proxy02")],
    ["partition proxy01,proxy02", 'partition needs at least two groups separated by "|"', 11, FORM("partition HOST[,HOST...]|HOST[,HOST...][|...]", "60s: partition proxy01,app01|proxy02")],
    ["partition proxy01||proxy02", "empty group in partition", 19, FORM("partition HOST[,HOST...]|HOST[,HOST...][|...]", "60s: partition proxy01,app01|proxy02")],
    ["partition proxy01,|proxy02", "empty host name in partition group", 19, FORM("partition HOST[,HOST...]|HOST[,HOST...][|...]", "60s: partition proxy01,app01|proxy02")],
    ["partition proxy01|Proxy02", 'bad host name "Proxy02"', 19, 'a host name is lower-case letters, digits and "-", starting with a letter'],
    ["link-loss public", "link-loss needs a percentage", 18, FORM("link-loss NETWORK PERCENT%", "10s: link-loss public 30%")],
    ["link-loss public 30x", 'bad percentage "30x"', 18, "write a percentage as 30% or 2.5%"],
    ["link-delay app 200", 'delay "200" needs a unit', 16, "write a delay with its unit: 200ms, 1.5s, 250us"],
    ["link-delay app fast", 'bad delay "fast"', 16, "write a delay with its unit: 200ms, 1.5s, 250us"],
    ["one-way-cut proxy01", 'one-way-cut needs FROM->TO, got "proxy01"', 13, FORM("one-way-cut FROM->TO", "5s: one-way-cut proxy01->proxy02")],
    ["one-way-cut proxy01->", 'missing host after "->"', 22, FORM("one-way-cut FROM->TO", "5s: one-way-cut proxy01->proxy02")],
    ["one-way-cut ->proxy02", 'missing host before "->"', 13, FORM("one-way-cut FROM->TO", "5s: one-way-cut proxy01->proxy02")],
    ["sysctl proxy02", "sysctl needs NAME=VALUE", 16, FORM("sysctl HOST NAME=VALUE", "0s: sysctl proxy02 net.inet.carp.preempt=0")],
    ["sysctl proxy02 net.inet.carp.preempt", 'sysctl needs NAME=VALUE, got "net.inet.carp.preempt"', 16, FORM("sysctl HOST NAME=VALUE", "0s: sysctl proxy02 net.inet.carp.preempt=0")],
    ["sysctl proxy02 net.inet.carp.preempt=yes", 'bad sysctl value "yes"', 38, "an integer, e.g. net.inet.carp.preempt=0 or net.inet.carp.demotion=-240"],
    ["sysctl proxy02 preempt=1", 'bad sysctl name "preempt"', 16, "a dotted sysctl name such as net.inet.carp.preempt"],
    ["carp-demote proxy01", "carp-demote needs a demotion N", 21, FORM("carp-demote HOST N", "30s: carp-demote proxy01 240")],
    ["carp-demote proxy01 lots", 'bad demotion "lots"', 21, "an integer added to net.inet.carp.demotion, e.g. 240 or -240"],
    ["heal heal", '"heal" cannot be healed', 6, 'write "heal" alone to heal partitions, or "heal FAULT" to undo that fault, e.g. "heal power-off proxy01"'],
    ["heal power-on proxy01", '"power-on proxy01" is a repair, not a fault to heal', 6, 'write "heal" alone to heal partitions, or "heal FAULT" to undo that fault, e.g. "heal power-off proxy01"'],
    ["heal sysctl proxy02 net.inet.carp.preempt=0", 'cannot heal "sysctl proxy02 net.inet.carp.preempt=0": the value before it is unknown', 6, 'write the value to restore instead, e.g. "sysctl proxy02 net.inet.carp.preempt=1"'],
    ["heal power-of proxy01", 'unknown fault "power-of": did you mean "power-off"?', 6, "FORMS"],
  ];

  it.each(CASES)("%j -> %s (column %d)", (text, message, column, hint) => {
    const error = failure(text);
    expect(error.message).toBe(message);
    expect(error.column).toBe(column);
    if (hint === "FORMS") {
      expect(error.hint).toMatch(/^write \[TIME:\] FAULT, FAULT one of: power-off HOST; power-on HOST; .*; sysctl HOST NAME=VALUE; carp-demote HOST N; disk-fail HOST DISK; .*; storage-demote HOST$/);
    } else expect(error.hint).toBe(hint);
  });

  it("names every valid form after an unknown fault", () => {
    const hint = failure("explode proxy01").hint;
    for (const kind of FAULT_KINDS) expect(hint).toContain(kind);
  });
});

describe("parseSchedule and parseDurationText", () => {
  it("sorts by time, keeping the order of same-time faults", () => {
    const r = parseSchedule(["1m: power-on proxy01", "30s: power-off proxy01", "30s: heal", "service-stop proxy01 nginx"]);
    expect(r.ok && r.value.map(formatScheduledFault)).toEqual(["0s: service-stop proxy01 nginx", "30s: power-off proxy01", "30s: heal", "1m: power-on proxy01"]);
  });

  it("reports every malformed text with its index", () => {
    const r = parseSchedule(["30s: heal", "30s: explode", "nic-down proxy01"]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.index, e.error.message])).toEqual([[1, 'unknown fault "explode"'], [2, "nic-down needs a NIC"]]);
  });

  it("reads run lengths", () => {
    expect(["120s", "5m", "24h", "1m30s", "300", " 2m ", "5x", ""].map(parseDurationText)).toEqual([
      120_000_000, 300_000_000, 86_400_000_000, 90_000_000, 300_000_000, 120_000_000, undefined, undefined,
    ]);
  });
});
