// The ifstated.conf parser: every construct, ifstated's equal precedence of && and ||, the checks
// ifstated makes (macros, states, set-state placement), errors with line:column, and the round trip.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { IfstatedConfig, IfstatedExpr } from "../../../src/formats/ifstated/ast.js";
import { and, external, initialState, link, macroRef, not, or, run, setState, state, statesOf, when } from "../../../src/formats/ifstated/ast.js";
import { formatIfstated, formatIfstatedExpr } from "../../../src/formats/ifstated/format.js";
import { expandIfstatedMacros, parseIfstated, parseIfstatedExpression } from "../../../src/formats/ifstated/parse.js";

function parsed(text: string): IfstatedConfig {
  const r = parseIfstated(text);
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.errors)}`);
  return r.value;
}

function expr(text: string): IfstatedExpr {
  const r = parseIfstatedExpression(text);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function firstError(text: string) {
  const r = parseIfstated(text);
  if (r.ok) throw new Error(`expected an error for:\n${text}`);
  return r.errors[0]!;
}

const TEMPLATE = `# proxies
init-state primary
web_ok   = '( "/usr/local/libexec/chk 80" every 5 && "/usr/local/libexec/chk 3180" every 5 )'
links_ok = "( lagg0.link.up && lagg1.link.up )"
if carp0.link.down
	run "logger backup"
state primary {
    if ! $web_ok || ! $links_ok {
        run "sysctl net.inet.carp.demotion=240"
        set-state demoted
    }
}
state demoted {
    init {
        run "logger -t ifstated demoted"
    }
    init run 'logger "twice"'
    if $web_ok && $links_ok
    {
        run "sysctl net.inet.carp.demotion=-240"
        set-state primary
    }
}
`;

describe("parseIfstated: constructs", () => {
  it("reads comments, init-state, macros, global actions, states with init blocks and bodies", () => {
    const c = parsed(TEMPLATE);
    expect(c.entries.map((e) => e.kind)).toEqual(["comment", "init-state", "macro", "macro", "action", "state", "state"]);
    expect(c.entries[3]).toStrictEqual({ kind: "macro", name: "links_ok", value: "( lagg0.link.up && lagg1.link.up )" });
    expect(c.entries[4]).toStrictEqual({ kind: "action", action: when(link("carp0", "down"), run("logger backup")) });
    const states = statesOf(c);
    expect(states.get("primary")).toStrictEqual(state("primary", [
      when(or(not(macroRef("web_ok")), not(macroRef("links_ok"))), run("sysctl net.inet.carp.demotion=240"), setState("demoted")),
    ]));
    expect(states.get("demoted")!.init).toStrictEqual([run("logger -t ifstated demoted"), run('logger "twice"')]);
    expect(initialState(c)).toBe("primary");
  });

  it("reads link tests (up, down, unknown) and external tests", () => {
    expect(expr("em0.link.up")).toStrictEqual(link("em0", "up"));
    expect(expr("lagg1.link.down")).toStrictEqual(link("lagg1", "down"));
    expect(expr("carp0.link.unknown")).toStrictEqual(link("carp0", "unknown"));
    expect(expr('"/usr/local/libexec/lab/carp-state.sh lagg1 3" every 1')).toStrictEqual(external("/usr/local/libexec/lab/carp-state.sh lagg1 3", 1));
    expect(expr("'ping -c1 10.0.0.1' every 10")).toStrictEqual(external("ping -c1 10.0.0.1", 10));
  });

  it("gives && and || equal precedence, left to right, and ! the tightest binding, as ifstated's yacc grammar does", () => {
    const [a, b, c] = [link("a0"), link("b0"), link("c0")];
    expect(expr("a0.link.up || b0.link.up && c0.link.up")).toStrictEqual(and(or(a, b), c));
    expect(expr("a0.link.up && b0.link.up || c0.link.up")).toStrictEqual(or(and(a, b), c));
    expect(expr("a0.link.up || (b0.link.up && c0.link.up)")).toStrictEqual(or(a, and(b, c)));
    expect(expr("! a0.link.up && b0.link.up")).toStrictEqual(and(not(a), b));
    expect(expr("! (a0.link.up && b0.link.up)")).toStrictEqual(not(and(a, b)));
    expect(expr("! ! a0.link.up")).toStrictEqual(not(not(a)));
  });

  it("expands macros into the expressions they stand for", () => {
    const c = expandIfstatedMacros(parsed(TEMPLATE));
    const primary = statesOf(c).get("primary")!;
    const cond = (primary.body[0] as { condition: IfstatedExpr }).condition;
    expect(cond).toStrictEqual(or(
      not(and(external("/usr/local/libexec/chk 80", 5), external("/usr/local/libexec/chk 3180", 5))),
      not(and(link("lagg0"), link("lagg1"))),
    ));
  });

  it("accepts a single action without braces, quoted names and line continuations", () => {
    const c = parsed('state "up" {\n\tif em0.link.up \\\n\t\tset-state "up"\n}\n');
    expect(c.entries[0]).toStrictEqual(state("up", [when(link("em0"), setState("up"))]));
  });
});

describe("parseIfstated: errors carry line:column", () => {
  const cases: [string, string, number, number, RegExp][] = [
    ["undefined macro", "state a {\n\tif $nope { \n\t\trun \"x\"\n\t}\n}\n", 2, 5, /macro 'nope' not defined/],
    ["macro that is not one term", 'ok = "a0.link.up && b0.link.up"\nstate a {\n\tif ! $ok\n\t\trun "x"\n}\n', 3, 7, /not one term.*wrap the value in \( \)/],
    ["set-state outside a state", "set-state a\nstate a {\n\trun \"x\"\n}\n", 1, 1, /set-state must be used inside a state/],
    ["set-state to an undeclared state", "state a {\n\tif em0.link.up\n\t\tset-state b\n}\n", 3, 13, /state 'b' is not declared/],
    ["init-state naming no state", "init-state nowhere\nstate a {\n\trun \"x\"\n}\n", 1, 12, /state 'nowhere' is not declared/],
    ["a state declared twice", "state a {\n\trun \"x\"\n}\nstate a {\n\trun \"y\"\n}\n", 4, 7, /state a already exists/],
    ["an empty state", "state a {\n}\n", 2, 1, /state 'a' is empty/],
    ["two actions on one line in a block", "state a {\n\tinit { run \"logger x\" }\n}\n", 2, 24, /each action in a block on its own line/],
    ["bad link state", "state a {\n\tif em0.link.sideways\n\t\trun \"x\"\n}\n", 2, 14, /expected up, down or unknown/],
    ["every without a number", "state a {\n\tif \"true\" every often\n\t\trun \"x\"\n}\n", 2, 18, /expected a number of seconds/],
    ["every 0", "state a {\n\tif \"true\" every 0\n\t\trun \"x\"\n}\n", 2, 18, /invalid interval: 0/],
    ["unbalanced parenthesis", "state a {\n\tif (em0.link.up\n\t\trun \"x\"\n}\n", 2, 17, /expected '\)' to close the '\(' at 2:5/],
    ["unterminated block", "state a {\n\trun \"x\"\n", 1, 9, /unterminated '\{' of state 'a'/],
    ["init outside a state", "init {\n\trun \"x\"\n}\n", 1, 1, /'init' is only allowed inside a state/],
    ["unterminated string", 'state a {\n\trun "x\n}\n', 2, 6, /end of file while parsing quoted string/],
    ["keyword as a name", "state up {\n\trun \"x\"\n}\n", 1, 7, /expected a state name after 'state', found 'up'/],
    ["stray character", "state a {\n\trun \"x\" ; \n}\n", 2, 10, /unexpected character ";"/],
  ];
  for (const [name, text, line, column, message] of cases) {
    it(name, () => {
      const e = firstError(text);
      expect(e.message).toMatch(message);
      expect([e.line, e.column]).toEqual([line, column]);
    });
  }

  it("never throws, whatever the input", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      expect(typeof parseIfstated(text).ok).toBe("boolean");
    }), { numRuns: 300 });
  });
});

describe("formatIfstated / parseIfstated round trip", () => {
  it("prints a readable file that parses back to the same AST", () => {
    const c = parsed(TEMPLATE);
    const printed = formatIfstated(c);
    expect(printed).toContain("\tinit {\n\t\trun \"logger -t ifstated demoted\"\n\t\trun 'logger \"twice\"'\n\t}\n");
    expect(parsed(printed)).toStrictEqual(c);
  });

  it("parenthesizes exactly where ifstated would regroup", () => {
    const [a, b, c] = [link("a0"), link("b0"), link("c0")];
    expect(formatIfstatedExpr(or(a, and(b, c)))).toBe("a0.link.up || (b0.link.up && c0.link.up)");
    expect(formatIfstatedExpr(and(or(a, b), c))).toBe("(a0.link.up || b0.link.up) && c0.link.up");
    expect(formatIfstatedExpr(and(and(a, b), c))).toBe("a0.link.up && b0.link.up && c0.link.up");
    expect(formatIfstatedExpr(not(or(a, b)))).toBe("! (a0.link.up || b0.link.up)");
  });

  const leaf = fc.oneof(
    fc.tuple(fc.constantFrom("em0", "lagg1", "carp0"), fc.constantFrom("up" as const, "down" as const, "unknown" as const)).map(([i, s]) => link(i, s)),
    fc.tuple(fc.constantFrom("check 80", 'say "hi"', "it's", "a\\b"), fc.integer({ min: 1, max: 3600 })).map(([c, n]) => external(c, n)),
  );
  const exprArb: fc.Arbitrary<IfstatedExpr> = fc.letrec<{ e: IfstatedExpr }>((tie) => ({
    e: fc.oneof({ depthSize: "small", withCrossShrink: true },
      leaf,
      tie("e").map(not),
      fc.tuple(tie("e"), tie("e")).map(([l, r]) => and(l, r)),
      fc.tuple(tie("e"), tie("e")).map(([l, r]) => or(l, r))),
  })).e;

  it("holds for random expressions (any nesting of !, && and ||)", () => {
    fc.assert(fc.property(exprArb, (e) => {
      const c: IfstatedConfig = { entries: [{ kind: "init-state", state: "s" }, state("s", [when(e, run("x"), setState("s"))], [run("y")])] };
      expect(parsed(formatIfstated(c))).toStrictEqual(c);
    }), { numRuns: 300 });
  });
});
