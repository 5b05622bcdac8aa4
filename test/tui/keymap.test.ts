import { describe, expect, it } from "vitest";
import { actionFor, KEYMAP, keyLabel, type KeyBinding } from "../../src/tui/keymap.js";
import { helpLines, keyBarLine } from "../../src/tui/present/help.js";
import { plainOf, widthOf } from "../../src/tui/text/line.js";

describe("keybinding table", () => {
  it("never binds one key to two actions in the same scope", () => {
    for (const scope of ["main", "menu", "help"] as const) {
      const keys = KEYMAP.filter((b) => b.scopes.includes(scope)).flatMap((b) => b.keys);
      expect(keys.filter((k, i) => keys.indexOf(k) !== i), scope).toEqual([]);
    }
  });

  it("dispatches by scope: the same key moves the host on the main screen and the entry in a menu", () => {
    expect(actionFor("down", "main")).toBe("host-next");
    expect(actionFor("down", "menu")).toBe("menu-down");
    expect(actionFor("q", "main")).toBe("quit");
    expect(actionFor("q", "menu")).toBe("close");
    expect(actionFor("C-c", "help")).toBe("quit");
    expect(actionFor("x", "main")).toBeUndefined();
  });

  it("generates the help screen from the table: every binding, its keys and its text", () => {
    const help = helpLines().map(plainOf);
    for (const b of KEYMAP) {
      expect(help.some((l) => l.includes(b.help) && l.includes(b.keys.map(keyLabel).join(" "))), b.action).toBe(true);
    }
    const custom: KeyBinding[] = [{ keys: ["z"], action: "quit", scopes: ["main"], help: "leave now", bar: "z leave" }];
    expect(helpLines(custom).map(plainOf)).toEqual(["Main screen", "  z             leave now"]);
    expect(plainOf(keyBarLine(custom))).toBe("z leave");
  });

  it("has a key bar that fits 80 columns and names quit and help", () => {
    const bar = keyBarLine();
    expect(widthOf(bar)).toBeLessThanOrEqual(80);
    expect(plainOf(bar)).toContain("q quit");
    expect(plainOf(bar)).toContain("? help");
  });
});
