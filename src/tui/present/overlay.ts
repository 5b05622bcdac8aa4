// The overlay box's content: a menu (the chosen entry highlighted, a window that follows it) or the
// help screen, with the title of the box.

import type { ClusterView } from "../../sim/view.js";
import type { UiState } from "../ui-state.js";
import { fitLine, seg, widthOf, type Line } from "../text/line.js";
import { helpLines } from "./help.js";
import { menuEntries } from "./menu-entries.js";
import type { MenuKind } from "./menu.js";
import { windowOf } from "./panel.js";

export interface OverlayContent {
  readonly title: string;
  readonly lines: readonly Line[];
  /** Content size it would like (the box adds its border). */
  readonly width: number;
  readonly height: number;
}

const MENU_TITLE: Readonly<Record<MenuKind, (state: UiState) => string>> = {
  fault: (s) => `inject a fault on ${s.selectedHost ?? "?"} (Enter: do it, Esc: close)`,
  heal: () => "heal a fault in force (Enter: undo it, Esc: close)",
  filter: () => "filter the event log (Enter: apply, Esc: close)",
};

/** The overlay for the state, fitted into `maxHeight` content rows; undefined when none is open. */
export function overlayContent(state: UiState, view: ClusterView, maxHeight: number): OverlayContent | undefined {
  if (state.overlay.kind === "none") return undefined;
  if (state.overlay.kind === "help") {
    const lines = helpLines();
    const width = Math.max(...lines.map(widthOf));
    return { title: "keys (Esc closes)", lines: windowOf(lines, maxHeight), width, height: Math.min(maxHeight, lines.length) };
  }
  const entries = menuEntries(state, view, state.overlay.menu);
  const index = Math.min(state.overlay.index, entries.length - 1);
  const width = Math.max(40, ...entries.map((e) => widthOf(e.label) + 2));
  const rows = entries.map((e, i): Line => (i === index ? [seg("▶ ", { fg: "yellow", bold: true }), ...fitLine(e.label, width - 2, { pad: true }).map((s) => ({ ...s, inverse: true }))] : [seg("  "), ...e.label]));
  const title = MENU_TITLE[state.overlay.menu](state);
  return { title, lines: windowOf(rows, maxHeight, index), width: Math.max(width, title.length + 2), height: Math.min(maxHeight, rows.length) };
}
