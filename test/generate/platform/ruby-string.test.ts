// rubyString(): every value that reaches the Vagrantfile stays one Ruby string, whatever it holds.
import { describe, expect, it } from "vitest";
import { rubyString, rubyStringArray } from "../../../src/generate/vagrant/ruby-string.js";
import { describeWithTool, runTool } from "../../support/tools.js";

const HOSTILE = [
  "plain",
  'quote " and backslash \\',
  "interpolation #{`touch /tmp/pwned`} and #@ivar #$global",
  "newline\nsecond line\r\ttab",
  "control \u0000\u0001\u001b\u007f end",
  "unicode é ☃ 🐡",
  "lone surrogate \ud800 here",
  "`backticks` and $(sh) and 'single'",
  "end of string\" ; system(\"id\") ; \"",
];

describe("rubyString", () => {
  it("escapes what Ruby would read as the end of the string, an escape or an interpolation", () => {
    expect(rubyString('a"b')).toBe('"a\\"b"');
    expect(rubyString("a\\b")).toBe('"a\\\\b"');
    expect(rubyString("#{x}")).toBe('"\\#{x}"');
    expect(rubyString("a\nb")).toBe('"a\\nb"');
    expect(rubyString("\u0001")).toBe('"\\u{1}"');
    expect(rubyStringArray(["a", "#"])).toBe('["a", "\\#"]');
  });

  it("writes one line per string", () => {
    for (const s of HOSTILE) expect(rubyString(s)).not.toMatch(/[\n\r]/);
  });
});

describeWithTool("ruby", "rubyString read back by ruby", () => {
  it("round-trips every hostile value exactly (lone surrogates become U+FFFD)", () => {
    const program = HOSTILE.map((s) => `puts ${rubyString(s)}.unpack("U*").inspect`).join("\n");
    const r = runTool("ruby", ["-e", program]);
    expect(r.status, r.output).toBe(0);
    const expected = HOSTILE.map((s) => `[${[...s].map((c) => (/^[\ud800-\udfff]$/.test(c) ? "\ufffd" : c)).map((c) => c.codePointAt(0)).join(", ")}]`);
    expect(r.stdout.trim().split("\n")).toEqual(expected);
  });
});
