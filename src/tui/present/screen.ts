// The whole screen as data: every panel's rectangle and lines for a view, the UI state and a terminal
// size, plus the overlay (menu or help) when one is open. The console only copies this into widgets.

import type { ClusterView } from "../../sim/view.js";
import type { UiState } from "../ui-state.js";
import { fitLine, seg, type Line } from "../text/line.js";
import { backendLines } from "./backends.js";
import { dataLines } from "./data.js";
import { eventLogLines } from "./event-lines.js";
import type { EventEntry, EventFilter } from "./events.js";
import { failoverLines } from "./failover.js";
import { headerLine, messageLine, type SpeedShown } from "./header.js";
import { keyBarLine } from "./help.js";
import { hostDetailLines } from "./host-detail.js";
import { layoutFor, overlayRect, type PanelName, type Rect } from "./layout.js";
import { overlayContent } from "./overlay.js";
import { titleLine } from "./panel.js";
import { servicesLines } from "./services.js";
import { topologyLines } from "./topology.js";
import { trafficLines } from "./traffic.js";

/** The event log as the screen reads it (EventLog implements it). */
export interface EventSource {
  readonly size: number;
  newest(filter: EventFilter, limit: number): EventEntry[];
}

export interface ScreenInput {
  readonly view: ClusterView;
  readonly ui: UiState;
  readonly cols: number;
  readonly rows: number;
  readonly events: EventSource;
  readonly speed?: SpeedShown;
  readonly title?: string;
}

export interface PanelRender {
  readonly name: PanelName;
  readonly rect: Rect;
  readonly lines: readonly Line[];
}

export interface ScreenRender {
  readonly panels: readonly PanelRender[];
  readonly overlay?: { readonly rect: Rect; readonly title: string; readonly lines: readonly Line[] };
}

function panelLines(name: PanelName, input: ScreenInput, r: Rect): Line[] {
  const { view, ui } = input;
  switch (name) {
    case "header": {
      const small = input.cols < 80 || input.rows < 24 ? [seg(`  terminal ${input.cols}x${input.rows}: 80x24 or more shows everything`, { fg: "red" })] : [];
      return [[...headerLine(view, input.speed, input.title ?? "lab console"), ...small]];
    }
    case "topology": return topologyLines(view, ui.selectedHost, r.width, r.height);
    case "host": return hostDetailLines(view, ui.selectedHost, r.width, r.height);
    case "services": return servicesLines(view, ui.selectedHost, r.width, r.height);
    case "backends": return backendLines(view, r.width, r.height);
    case "data": return dataLines(view, r.width, r.height);
    case "traffic": return trafficLines(view.traffic, r.width, r.height);
    case "failover": {
      const rows = failoverLines(view, ui.lastFault, r.height, ui.failoversSeen);
      return rows.map((l, i) => [i === 0 ? titleLine("FAILOVER")[0]! : seg(" ".repeat(11)), seg(" "), ...l]);
    }
    case "events": return eventLogLines(input.events.newest(ui.filter, Math.max(0, r.height - 1)), ui.filter, input.events.size, r.width, r.height);
    // The lab's last answer replaces the key bar while it is shown.
    case "keys": return [ui.message ? messageLine(ui.message) : keyBarLine()];
  }
}

export function renderScreen(input: ScreenInput): ScreenRender {
  const layout = layoutFor(input.cols, input.rows);
  const panels: PanelRender[] = [];
  for (const name of Object.keys(layout) as PanelName[]) {
    const r = layout[name];
    if (!r || r.width <= 0 || r.height <= 0) continue;
    panels.push({ name, rect: r, lines: panelLines(name, input, r).slice(0, r.height).map((l) => fitLine(l, r.width)) });
  }
  const content = overlayContent(input.ui, input.view, Math.max(1, input.rows - 4));
  if (!content) return { panels };
  const rect = overlayRect(input.cols, input.rows, content);
  return { panels, overlay: { rect, title: content.title, lines: content.lines.map((l) => fitLine(l, rect.width - 2)) } };
}

/** Before the first view: a line saying the console waits for the lab, and why it may not answer. */
export function waitingScreen(cols: number, rows: number, message: { readonly text: string; readonly ok: boolean } | undefined): ScreenRender {
  const lines: Line[] = [titleLine("lab console", [seg("waiting for the lab to answer… (q quits)", { fg: "yellow" })])];
  if (message) lines.push(messageLine(message));
  return { panels: [{ name: "header", rect: { left: 0, top: 0, width: cols, height: Math.min(rows, lines.length) }, lines: lines.map((l) => fitLine(l, cols)) }] };
}
