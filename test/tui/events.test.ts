import { describe, expect, it } from "vitest";
import { EventLog } from "../../src/tui/event-log.js";
import { entryOf, eventText, kindOf, matchesFilter, severityOf, type EventEntry } from "../../src/tui/present/events.js";
import { eventLogLines } from "../../src/tui/present/event-lines.js";
import { plainOf } from "../../src/tui/text/line.js";

const HOSTS = ["proxy01", "proxy02", "db01"];

describe("event log", () => {
  it("gives each event a severity, a kind and a line of text", () => {
    const carp = { t: 3_390_000, type: "carp.state", host: "proxy02", iface: "lagg0", vhid: 1, vip: "203.0.113.10", group: "www", from: "BACKUP", to: "MASTER", reason: "master down" };
    expect([severityOf(carp), kindOf(carp.type), eventText(carp)]).toEqual(["warning", "carp", "proxy02 www vhid 1 BACKUP -> MASTER (master down)"]);
    const off = { t: 0, type: "host.state", host: "proxy01", from: "running", to: "off", reason: "power-off" };
    expect([severityOf(off), kindOf(off.type), eventText(off)]).toEqual(["error", "host", "proxy01 running -> off (power-off)"]);
    const port = { t: 0, type: "lagg.port", host: "db01", iface: "lagg0", port: "em0", from: "active", to: "down", reason: "link down" };
    expect([severityOf(port), kindOf(port.type), eventText(port)]).toEqual(["error", "link", "db01 lagg0 em0 active -> down (link down)"]);
    expect(severityOf({ t: 0, type: "service.state", host: "a", service: "nginx", from: "starting", to: "running" })).toBe("info");
    expect(severityOf({ t: 0, type: "arp.owner", group: "www", host: null })).toBe("error");
    expect(eventText({ t: 0, type: "arp.owner", group: "www", vip: "203.0.113.10", host: "proxy02", reason: "gratuitous ARP" })).toBe("www 203.0.113.10 answered by proxy02 (gratuitous ARP)");
    expect(kindOf("haproxy.server")).toBe("web");
    expect(kindOf("something.new")).toBe("other");
  });

  it("finds the hosts of a fault in its text", () => {
    const e = entryOf({ t: 2_000_000, event: { t: 2_000_000, type: "fault.inject", fault: "one-way-cut proxy01->proxy02" } }, HOSTS);
    expect(e).toMatchObject({ tS: 2, severity: "warning", kind: "fault", hosts: ["proxy01", "proxy02"], text: "fault: one-way-cut proxy01->proxy02" });
  });

  it("keeps a fixed number of events and returns the newest that pass the filter, oldest first", () => {
    const log = new EventLog(5);
    for (let i = 0; i < 12; i++) log.push({ tS: i, type: "x.y", severity: i % 3 === 0 ? "error" : "info", kind: "other", hosts: [i % 2 ? "a" : "b"], text: `e${i}` });
    expect(log.size).toBe(5);
    expect(log.newest({ minSeverity: "info" }, 3).map((e) => e.text)).toEqual(["e9", "e10", "e11"]);
    expect(log.newest({ minSeverity: "error" }, 10).map((e) => e.text)).toEqual(["e9"]);
    expect(log.newest({ minSeverity: "info", host: "a" }, 10).map((e) => e.text)).toEqual(["e7", "e9", "e11"]);
  });

  it("filters by host, kind and severity", () => {
    const e: EventEntry = { tS: 1, type: "carp.state", severity: "warning", kind: "carp", hosts: ["proxy02"], text: "" };
    expect(matchesFilter(e, { minSeverity: "info" })).toBe(true);
    expect(matchesFilter(e, { minSeverity: "warning", host: "proxy02", kind: "carp" })).toBe(true);
    expect(matchesFilter(e, { minSeverity: "error" })).toBe(false);
    expect(matchesFilter(e, { minSeverity: "info", host: "proxy01" })).toBe(false);
    expect(matchesFilter(e, { minSeverity: "info", kind: "link" })).toBe(false);
  });

  it("shows the newest events at the bottom, with the filter in the title", () => {
    const entries = [1, 2, 3].map((i): EventEntry => ({ tS: i, type: "host.state", severity: "error", kind: "host", hosts: [], text: `t${i}` }));
    const lines = eventLogLines(entries, { minSeverity: "error", host: "db01" }, 42, 60, 3).map(plainOf);
    expect(lines[0]).toContain("db01, every kind, errors only · 42 kept");
    expect(lines.slice(1)).toEqual([expect.stringContaining("t2"), expect.stringContaining("t3")]);
  });
});
