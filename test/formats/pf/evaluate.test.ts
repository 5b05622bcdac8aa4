// evaluatePf: pf's last-match and quick semantics, skip, tables (with negation), macros, ports,
// protocols, interface groups and (interface) addresses.
import { describe, expect, it } from "vitest";
import type { PfRuleset } from "../../../src/formats/pf/ast.js";
import type { PfPacket } from "../../../src/formats/pf/evaluate.js";
import { evaluatePf, resolvePf } from "../../../src/formats/pf/evaluate.js";
import { parsePf } from "../../../src/formats/pf/parse.js";

function ruleset(text: string): PfRuleset {
  const r = parsePf(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const tcp = (src: string, dst: string, dstPort: number, iface = "em0", direction: "in" | "out" = "in"): PfPacket =>
  ({ direction, interface: iface, proto: "tcp", src, dst, dstPort });

describe("evaluatePf", () => {
  const rs = ruleset([
    'int_if = "em1"',
    'web = "{ 80, 443 }"',
    "table <clients> const { 10.0.0.0/24, ! 10.0.0.13 }",
    "set skip on lo0",
    "block in log all",
    "pass out all keep state",
    "pass in on $int_if proto tcp from <clients> to any port 3306 keep state",
    "pass in proto tcp from any to any port $web keep state",
    "block in quick proto tcp from 192.0.2.66 to any",
    "pass in proto tcp from 192.0.2.0/24 to any port 8000:8010",
    "pass in on lagg proto tcp to (lagg0) port 22",
    "pass in inet proto icmp icmp-type echoreq",
  ].join("\n"));

  it("blocks by default (the last matching rule is `block in log all`)", () => {
    const v = evaluatePf(rs, tcp("10.9.9.9", "10.0.0.1", 3306, "em1"));
    expect(v).toMatchObject({ action: "block", log: true, index: 4 });
  });

  it("passes 3306 from a table member on the right interface only", () => {
    expect(evaluatePf(rs, tcp("10.0.0.12", "10.0.0.1", 3306, "em1")).action).toBe("pass");
    expect(evaluatePf(rs, tcp("10.0.0.12", "10.0.0.1", 3306, "em0")).action).toBe("block");
    expect(evaluatePf(rs, tcp("10.0.0.13", "10.0.0.1", 3306, "em1")).action).toBe("block"); // negated entry
  });

  it("expands port macros and ranges", () => {
    expect(evaluatePf(rs, tcp("203.0.113.5", "10.0.0.1", 443)).action).toBe("pass");
    expect(evaluatePf(rs, tcp("203.0.113.5", "10.0.0.1", 444)).action).toBe("block");
    expect(evaluatePf(rs, tcp("192.0.2.7", "10.0.0.1", 8010)).action).toBe("pass");
    expect(evaluatePf(rs, tcp("192.0.2.7", "10.0.0.1", 8011)).action).toBe("block");
  });

  it("stops at a matching quick rule even when later rules would pass", () => {
    const v = evaluatePf(rs, tcp("192.0.2.66", "10.0.0.1", 80));
    expect(v).toMatchObject({ action: "block", quick: true, index: 8 });
  });

  it("does not filter skipped interfaces", () => {
    expect(evaluatePf(rs, tcp("10.9.9.9", "127.0.0.1", 3306, "lo0"))).toMatchObject({ action: "pass", skipped: true });
  });

  it("passes outbound traffic and matches icmp types", () => {
    expect(evaluatePf(rs, tcp("10.0.0.1", "8.8.8.8", 53, "em0", "out")).action).toBe("pass");
    expect(evaluatePf(rs, { direction: "in", interface: "em0", proto: "icmp", src: "1.1.1.1", dst: "10.0.0.1", icmpType: "echoreq" }).action).toBe("pass");
    expect(evaluatePf(rs, { direction: "in", interface: "em0", proto: "icmp", src: "1.1.1.1", dst: "10.0.0.1", icmpType: 0 }).action).toBe("block");
  });

  it("matches interface groups and (interface) addresses from the host context", () => {
    const ctx = { interfaceAddresses: { lagg0: ["10.0.5.1"], em0: ["10.0.6.1"] } };
    expect(evaluatePf(rs, tcp("10.9.9.9", "10.0.5.1", 22, "lagg0"), ctx).action).toBe("pass");
    expect(evaluatePf(rs, tcp("10.9.9.9", "10.0.6.1", 22, "lagg0"), ctx).action).toBe("block");
    expect(evaluatePf(rs, tcp("10.9.9.9", "10.0.5.1", 22, "em0"), ctx).action).toBe("block");
  });

  it("passes when no rule matches (pf's default)", () => {
    expect(evaluatePf(ruleset("block in proto udp all"), tcp("1.2.3.4", "5.6.7.8", 80))).toMatchObject({ action: "pass", skipped: false });
    expect(evaluatePf(ruleset("block in proto udp all"), tcp("1.2.3.4", "5.6.7.8", 80)).rule).toBeUndefined();
  });

  it("resolves tables and macros once", () => {
    const resolved = resolvePf(rs);
    expect(resolved.skip).toEqual(["lo0"]);
    expect(resolved.tables.get("clients")).toHaveLength(2);
    expect(evaluatePf(resolved, tcp("10.0.0.12", "10.0.0.1", 3306, "em1")).action).toBe("pass");
  });
});
