// The help screen and the key bar, generated from the keybinding table.

import { KEYMAP, keyLabel, type KeyBinding, type Scope } from "../keymap.js";
import { seg, type Line } from "../text/line.js";

const SCOPE_TITLE: Readonly<Record<Scope, string>> = { main: "Main screen", menu: "In a menu (and on this help)", help: "On this help" };

export function helpLines(keymap: readonly KeyBinding[] = KEYMAP): Line[] {
  const rows: Line[] = [];
  for (const scope of ["main", "menu", "help"] as const) {
    // Each binding is listed once, under the first scope it works in.
    const shown = keymap.filter((b) => b.scopes[0] === scope);
    if (shown.length === 0) continue;
    if (rows.length > 0) rows.push([]);
    rows.push([seg(SCOPE_TITLE[scope], { bold: true })]);
    for (const b of shown) rows.push([seg(`  ${b.keys.map(keyLabel).join(" ").padEnd(14)}`, { fg: "cyan", bold: true }), seg(b.help)]);
  }
  return rows;
}

/** The bottom line of the main screen: the bindings that have a bar text. */
export function keyBarLine(keymap: readonly KeyBinding[] = KEYMAP): Line {
  return keymap.filter((b) => b.bar !== undefined).flatMap((b, i): Line => {
    const [key, ...rest] = (b.bar ?? "").split(" ");
    return [seg(i > 0 ? "  " : ""), seg(key ?? "", { fg: "cyan", bold: true }), seg(` ${rest.join(" ")}`)];
  });
}
