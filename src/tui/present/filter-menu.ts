// The event filter menu: severity, the selected host or every host, one kind or every kind; the
// entries in force are ticked.

import { seg, type Line } from "../text/line.js";
import { EVENT_KINDS, NO_FILTER, type EventFilter, type Severity } from "./events.js";
import type { MenuEntry } from "./menu.js";

function entry(text: string, ticked: boolean, filter: EventFilter): MenuEntry {
  const label: Line = [seg(ticked ? "✓ " : "  ", { fg: "green" }), seg(text)];
  return { label, effect: { kind: "filter", filter } };
}

function withoutHost(f: EventFilter): EventFilter {
  return f.kind === undefined ? { minSeverity: f.minSeverity } : { minSeverity: f.minSeverity, kind: f.kind };
}

function withoutKind(f: EventFilter): EventFilter {
  return f.host === undefined ? { minSeverity: f.minSeverity } : { minSeverity: f.minSeverity, host: f.host };
}

export function filterMenuEntries(current: EventFilter, selectedHost: string | undefined): MenuEntry[] {
  const severity = (s: Severity, text: string) => entry(text, current.minSeverity === s, { ...current, minSeverity: s });
  const entries: MenuEntry[] = [
    entry("every event (clear the filter)", false, NO_FILTER),
    severity("info", "all severities"),
    severity("warning", "warnings and errors"),
    severity("error", "errors only"),
    entry("every host", current.host === undefined, withoutHost(current)),
  ];
  if (selectedHost !== undefined) entries.push(entry(`only ${selectedHost}`, current.host === selectedHost, { ...current, host: selectedHost }));
  entries.push(entry("every kind", current.kind === undefined, withoutKind(current)));
  for (const kind of EVENT_KINDS) entries.push(entry(`only ${kind} events`, current.kind === kind, { ...current, kind }));
  return entries;
}
