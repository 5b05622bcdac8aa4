// The event log panel: a title with the filter in force, then the newest matching events, oldest at
// the top, each coloured by severity.

import { seg, type Color, type Line } from "../text/line.js";
import { describeFilter, type EventEntry, type EventFilter, type Severity } from "./events.js";
import { pad, panelOf, titleLine } from "./panel.js";
import { stampOf } from "./time.js";

const SEVERITY_COLOR: Readonly<Record<Severity, Color | undefined>> = { info: undefined, warning: "yellow", error: "red" };

export function eventLine(e: EventEntry): Line {
  const color = SEVERITY_COLOR[e.severity];
  return [seg(stampOf(e.tS).padStart(10), { fg: "gray" }), seg(" "), seg(`${pad(e.type, 15)} `, { fg: color ?? "cyan" }), seg(e.text, { fg: color, bold: e.severity === "error" })];
}

/** `entries` are the newest matching events, oldest first (EventLog.newest). */
export function eventLogLines(entries: readonly EventEntry[], filter: EventFilter, total: number, width: number, height: number): Line[] {
  const title = titleLine("EVENTS", [seg(`${describeFilter(filter)} · ${total} kept · e filters`, { fg: "gray" })]);
  const rows = entries.length > 0 ? entries.map(eventLine) : [[seg("no events match the filter", { fg: "gray" })]];
  return panelOf(title, rows, width, height, rows.length - 1);
}
