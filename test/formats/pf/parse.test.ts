// The pf.conf parser: every construct of the subset, errors with line:column, and the round trip
// parse(format(ast)) == ast on hand-written and randomly built rulesets.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PfRule, PfRuleset, PfStatement } from "../../../src/formats/pf/ast.js";
import { keepState, pfAddress, pfMacroInterface, pfRule, portEquals, portRange } from "../../../src/formats/pf/ast.js";
import { formatPf } from "../../../src/formats/pf/format.js";
import { parsePf, parsePfWithLines } from "../../../src/formats/pf/parse.js";

function parsed(text: string): PfRuleset {
  const r = parsePf(text);
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.errors)}`);
  return r.value;
}

function rules(text: string): PfRule[] {
  return parsed(text).statements.filter((s): s is PfRule => s.kind === "rule");
}

function firstError(text: string) {
  const r = parsePf(text);
  if (r.ok) throw new Error(`expected an error for:\n${text}`);
  return r.errors[0]!;
}

describe("parsePf: constructs", () => {
  it("reads macros, tables, set skip and set options", () => {
    const r = parsed([
      'ext_if = "lagg0"',
      "int_if = lagg1",
      'both = "{" $ext_if $int_if "}"',
      "table <app_hosts> const persist { 10.0.20.21, 10.0.20.22 10.0.40.0/24 ! 10.0.40.9 }",
      "table <empty> { }",
      "set skip on { lo0 $ext_if }",
      "set block-policy drop",
      "set limit states 10000",
    ].join("\n"));
    expect(r.statements).toStrictEqual([
      { kind: "macro", name: "ext_if", value: "lagg0" },
      { kind: "macro", name: "int_if", value: "lagg1" },
      { kind: "macro", name: "both", value: "{ lagg0 lagg1 }" },
      {
        kind: "table", name: "app_hosts", flags: ["const", "persist"], entries: [
          { kind: "address", address: "10.0.20.21", negated: false },
          { kind: "address", address: "10.0.20.22", negated: false },
          { kind: "address", address: "10.0.40.0", prefixLength: 24, negated: false },
          { kind: "address", address: "10.0.40.9", negated: true },
        ],
      },
      { kind: "table", name: "empty", flags: [], entries: [] },
      { kind: "set-skip", interfaces: [{ kind: "interface", name: "lo0", negated: false }, { kind: "macro", name: "ext_if", negated: false }] },
      { kind: "set", name: "block-policy", value: "drop" },
      { kind: "set", name: "limit", value: "states 10000" },
    ]);
  });

  it("reads the rule options: direction, log, quick, on, af, proto, from/to, ports, flags, icmp-type, state, label", () => {
    const [r] = rules('int_if = "lagg1"\nblock return in log quick on ! $int_if inet proto { tcp, udp } from ! <bad> port > 1023 to (lagg1) port { 22, 8080:8088, 1 >< 5, != 25 } flags S/SA keep state (no-sync, max 100) label "x y"');
    expect(r).toStrictEqual({
      kind: "rule", action: "block", blockPolicy: "return", direction: "in", log: true, quick: true,
      interfaces: [{ kind: "macro", name: "int_if", negated: true }], af: "inet", protocols: ["tcp", "udp"],
      from: { hosts: [{ kind: "table", name: "bad", negated: true }], ports: [{ kind: "unary", op: ">", port: 1023 }] },
      to: {
        hosts: [{ kind: "interface-address", interface: "lagg1", macro: false, negated: false }],
        ports: [portEquals(22), portRange(8080, 8088), { kind: "range", op: "><", from: 1, to: 5 }, { kind: "unary", op: "!=", port: 25 }],
      },
      flags: "S/SA", state: { kind: "keep", options: ["no-sync", "max 100"] }, label: "x y",
    });
  });

  it("reads `all`, a missing from/to, `port = N`, service names, self, icmp-type and the other state kinds", () => {
    const rs = rules([
      "block in log all",
      "pass out keep state",
      "pass in proto tcp to port = ssh modulate state",
      "pass in proto tcp from self to any port www synproxy state",
      "pass in inet proto icmp icmp-type echoreq no state",
    ].join("\n"));
    expect(rs[0]).toStrictEqual(pfRule({ action: "block", direction: "in", log: true }));
    expect(rs[1]).toStrictEqual(pfRule({ action: "pass", direction: "out", state: keepState() }));
    expect(rs[2]!.to).toStrictEqual({ hosts: [{ kind: "any" }], ports: [portEquals("ssh")] });
    expect(rs[2]!.state).toStrictEqual({ kind: "modulate", options: [] });
    expect(rs[3]!.from).toStrictEqual({ hosts: [{ kind: "self", negated: false }] });
    expect(rs[3]!.state!.kind).toBe("synproxy");
    expect(rs[4]).toMatchObject({ af: "inet", protocols: ["icmp"], icmpType: "echoreq", state: { kind: "no", options: [] } });
  });

  it("keeps whole-line comments as statements, drops trailing ones, joins continued lines and lists over lines", () => {
    const { ruleset, lines } = (() => {
      const r = parsePfWithLines("# first\n\npass in \\\n  proto tcp to port 22 # trailing\ntable <t> {\n  10.0.0.1,\n  10.0.0.2\n}\n");
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.value;
    })();
    expect(ruleset.statements.map((s) => s.kind)).toEqual(["comment", "rule", "table"]);
    expect(ruleset.statements[0]).toStrictEqual({ kind: "comment", text: "first" });
    expect(lines).toEqual([1, 3, 5]);
    expect(ruleset.statements[2]).toMatchObject({ kind: "table", entries: [{ address: "10.0.0.1" }, { address: "10.0.0.2" }] });
  });

  it("reads macros in host, port and interface positions", () => {
    const [r] = rules('hosts = "{ 10.0.0.1, 10.0.0.2 }"\nports = "{ 80, 443 }"\nifs = "{ em0 em1 }"\npass in on $ifs proto tcp from $hosts to ($ifs) port $ports');
    expect(r!.interfaces).toStrictEqual([pfMacroInterface("ifs")]);
    expect(r!.from.hosts).toStrictEqual([{ kind: "macro", name: "hosts", negated: false }]);
    expect(r!.to.hosts).toStrictEqual([{ kind: "interface-address", interface: "ifs", macro: true, negated: false }]);
    expect(r!.to.ports).toStrictEqual([{ kind: "macro", name: "ports" }]);
  });
});

describe("parsePf: errors carry line:column", () => {
  const cases: [string, string, number, number, RegExp][] = [
    ["unknown statement", "pass in all\nfrobnicate now\n", 2, 1, /expected a statement/],
    ["unsupported statement", "nat on em0 from any to any -> (em0)\n", 1, 1, /not part of the pf subset/],
    ["undefined macro", "pass in on $ext_if all\n", 1, 12, /macro 'ext_if' is not defined/],
    ["macro used before its definition", "pass on $x all\nx = \"em0\"\n", 1, 9, /macro 'x' is not defined/],
    ["macro value wrong for its place", 'x = "10.0.0.1"\npass on $x all\n', 2, 9, /macro 'x' = "10.0.0.1" is not valid here/],
    ["unterminated string", 'x = "lagg0\n', 1, 5, /unterminated quoted string/],
    ["invalid address", "pass in from 10.0.300.1 to any\n", 1, 14, /invalid IPv4 address '10.0.300.1'/],
    ["prefix too long", "pass in from 10.0.0.0/33 to any\n", 1, 14, /invalid prefix length \/33/],
    ["port out of range", "pass in proto tcp to any port 70000\n", 1, 31, /port 70000 is out of range/],
    ["reversed port range", "pass in proto tcp to any port 90:80\n", 1, 31, /reversed/],
    ["port without tcp/udp", "pass in proto icmp to any port 22\n", 1, 9, /port only applies to tcp\/udp/],
    ["icmp-type without proto icmp", "pass in proto tcp icmp-type echoreq\n", 1, 9, /icmp-type requires 'proto icmp'/],
    ["unknown protocol", "pass in proto tpc all\n", 1, 15, /unknown protocol 'tpc'/],
    ["keep without state", "pass in all keep\n", 1, 17, /expected 'state' after 'keep'/],
    ["option after a rule", "block in all\nset skip on lo0\n", 2, 1, /options \('set'\) must come before filter rules/],
    ["unterminated list", "pass in proto tcp to port { 22, 80\n", 1, 27, /unterminated '\{' list of ports/],
    ["table without <name>", "table app_hosts { 10.0.0.1 }\n", 1, 7, /expected <name> after 'table'/],
    ["unknown rule option", "pass in all bogus\n", 1, 13, /unknown rule option 'bogus'/],
    ["label not quoted", "pass in all label x\n", 1, 19, /expected a quoted label/],
    ["stray character", "pass in all ;\n", 1, 13, /unexpected character ";"/],
  ];
  for (const [name, text, line, column, message] of cases) {
    it(name, () => {
      const e = firstError(text);
      expect(e.message).toMatch(message);
      expect([e.line, e.column]).toEqual([line, column]);
    });
  }

  it("reports every bad line, recovering at the next one", () => {
    const r = parsePf("pass in all bogus\npass in all\nblock in from 1.2.3 to any\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.line)).toEqual([1, 3]);
  });

  it("never throws, whatever the input", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      const r = parsePf(text);
      expect(typeof r.ok).toBe("boolean");
    }), { numRuns: 300 });
  });
});

describe("formatPf / parsePf round trip", () => {
  it("prints a readable file that parses back to the same AST", () => {
    const text = [
      "# header",
      'int_if = "lagg1"',
      "table <app_hosts> const { 10.0.20.21, 10.0.20.22 }",
      "set skip on lo0",
      "block in log all",
      "pass out all keep state",
      "pass quick on em4 proto pfsync keep state (no-sync)",
      "pass in on $int_if proto tcp from <app_hosts> to any port 3306 keep state",
      'pass in proto { tcp, udp } from any port < 1024 to ! 10.0.0.0/8 port { 53, 1 <> 9 } flags any label "a \\"q\\""',
      "",
    ].join("\n");
    const ast = parsed(text);
    const printed = formatPf(ast);
    expect(printed).toContain("pass quick on em4 proto pfsync keep state (no-sync)\n");
    expect(printed).toContain("block in log all\n");
    expect(parsed(printed)).toStrictEqual(ast);
  });

  const name = fc.constantFrom("em0", "lagg1", "lo0");
  const address = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.option(fc.integer({ min: 8, max: 32 }), { nil: undefined }), fc.boolean())
    .map(([a, b, len, negated]) => pfAddress(len === undefined ? `${a}.0.${b}.1` : `${a}.0.${b}.0/${len}`, negated));
  const host = fc.oneof(address, fc.constantFrom("t1", "t2").map((n) => ({ kind: "table" as const, name: n, negated: false })));
  const port = fc.integer({ min: 1, max: 65535 });
  const ruleArb = fc.record({
    action: fc.constantFrom("pass" as const, "block" as const),
    direction: fc.option(fc.constantFrom("in" as const, "out" as const), { nil: undefined }),
    log: fc.boolean(),
    quick: fc.boolean(),
    interfaces: fc.option(fc.array(name.map((n) => ({ kind: "interface" as const, name: n, negated: false })), { minLength: 1, maxLength: 3 }), { nil: undefined }),
    tcp: fc.boolean(),
    from: fc.array(host, { minLength: 1, maxLength: 3 }),
    to: fc.array(host, { minLength: 1, maxLength: 2 }),
    ports: fc.option(fc.array(port, { minLength: 1, maxLength: 4 }), { nil: undefined }),
    state: fc.option(fc.constantFrom(keepState(), keepState("no-sync")), { nil: undefined }),
  }).map((r): PfRule => pfRule({
    action: r.action, direction: r.direction, log: r.log, quick: r.quick, interfaces: r.interfaces,
    protocols: r.tcp || r.ports ? ["tcp"] : undefined,
    from: { hosts: r.from }, to: r.ports ? { hosts: r.to, ports: r.ports.map(portEquals) } : { hosts: r.to }, state: r.state,
  }));

  it("holds for random rulesets built with the AST helpers", () => {
    fc.assert(fc.property(fc.array(ruleArb, { minLength: 1, maxLength: 8 }), (rs) => {
      const ast: PfRuleset = { statements: [{ kind: "comment", text: "random" } as PfStatement, ...rs] };
      expect(parsed(formatPf(ast))).toStrictEqual(ast);
    }), { numRuns: 200 });
  });
});
