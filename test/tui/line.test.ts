import { describe, expect, it } from "vitest";
import { fitLine, plainOf, seg, tagsOf, widthOf, wrapTokens } from "../../src/tui/text/line.js";

describe("styled lines", () => {
  it("fits a line to a width: cut with an ellipsis, padded on request, styles kept", () => {
    const l = [seg("proxy01 ", { fg: "green" }), seg("MASTER", { fg: "green", bold: true })];
    expect(plainOf(fitLine(l, 10))).toBe("proxy01 M…");
    expect(fitLine(l, 10)[1]).toEqual({ text: "M", fg: "green", bold: true });
    expect(plainOf(fitLine(l, 20, { pad: true }))).toBe("proxy01 MASTER      ");
    expect(fitLine(l, 14)).toBe(l);
    expect(fitLine(l, 0)).toEqual([]);
  });

  it("wraps whole tokens, indenting the continuation lines", () => {
    const tokens = ["nginx", "varnish", "haproxy", "ifstated"].map((t) => [seg(t)]);
    const lines = wrapTokens(tokens, 16, "  ");
    expect(lines.map(plainOf)).toEqual(["nginx varnish", "  haproxy", "  ifstated"]);
    for (const l of lines) expect(widthOf(l)).toBeLessThanOrEqual(16);
  });

  it("writes blessed tags and escapes braces in text", () => {
    expect(tagsOf([seg("a{b}", { fg: "red", bold: true })])).toBe("{bold}{red-fg}a{open}b{close}{/red-fg}{/bold}");
    expect(tagsOf([seg("x", { inverse: true })])).toBe("{inverse}x{/inverse}");
  });
});
