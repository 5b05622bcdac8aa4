// Trace events for people: a severity (info, warning, error), a kind to filter on (carp, link,
// service, ...), the hosts they concern and one line of text.

import type { BackendEvent } from "../../backends/backend.js";
import type { TraceEvent } from "../../sim/engine/engine.js";

export const SEVERITIES = ["info", "warning", "error"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const EVENT_KINDS = ["host", "service", "link", "carp", "fault", "web", "mysql", "zfs", "pf", "ifstated", "other"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface EventEntry {
  readonly tS: number;
  readonly type: string;
  readonly severity: Severity;
  readonly kind: EventKind;
  readonly hosts: readonly string[];
  readonly text: string;
}

const KIND_OF_PREFIX: Readonly<Record<string, EventKind>> = {
  host: "host", service: "service", link: "link", lagg: "link", carp: "carp", arp: "carp", fault: "fault",
  haproxy: "web", varnish: "web", nginx: "web", mysql: "mysql", zfs: "zfs", pf: "pf", pfsync: "pf",
  ifstated: "ifstated", hook: "ifstated", sysctl: "ifstated", syslog: "ifstated",
};

const BAD_STATES = new Set(["off", "crashed", "hung", "stopped", "down", "DOWN", "sick", "FAULTED", "UNAVAIL", "DEGRADED", "REMOVED", "OFFLINE", "INIT"]);
const ERROR_TYPES = new Set(["ifstated.error", "mysql.lost", "mysql.errant"]);
const WARNING_TYPES = new Set(["fault.inject", "carp.state", "carp.demotion", "pf.block", "mysql.promote", "mysql.fence", "mysql.readonly", "zfs.resilver"]);

export function kindOf(type: string): EventKind {
  return KIND_OF_PREFIX[type.split(".")[0] ?? ""] ?? "other";
}

export function severityOf(e: TraceEvent): Severity {
  if (ERROR_TYPES.has(e.type)) return "error";
  if (typeof e.to === "string" && BAD_STATES.has(e.to)) return "error";
  if (e.type === "arp.owner") return e.host === null ? "error" : "warning";
  if (e.type === "hook.run") return e.status === 0 ? "info" : "warning";
  return WARNING_TYPES.has(e.type) ? "warning" : "info";
}

/**
 * The hosts an event concerns: its `host` field, or the host names in a fault's text (every word
 * after the kind while the lab's host names are not known yet).
 */
export function hostsOf(e: TraceEvent, knownHosts: readonly string[]): string[] {
  if (typeof e.host === "string") return [e.host];
  if (typeof e.fault !== "string") return [];
  const words = e.fault.split(/[\s,|]+|->/).filter((w) => w !== "");
  return knownHosts.length === 0 ? words.slice(1) : knownHosts.filter((h) => words.includes(h));
}

const SKIPPED = new Set(["t", "type", "host", "from", "to", "reason"]);

function valueText(v: unknown): string {
  if (v === null) return "none";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** One line: host, the event's own fields, the change (from -> to) and its reason. */
export function eventText(e: TraceEvent): string {
  if (e.type === "fault.inject") return `fault: ${valueText(e.fault)}`;
  if (e.type === "fault.heal") return `heal: ${valueText(e.fault)}`;
  if (e.type === "arp.owner") return `${valueText(e.group)} ${valueText(e.vip)} answered by ${valueText(e.host)}${e.reason ? ` (${valueText(e.reason)})` : ""}`;
  if (e.type === "carp.state") return `${valueText(e.host)} ${valueText(e.group)} vhid ${valueText(e.vhid)} ${valueText(e.from)} -> ${valueText(e.to)}${e.reason ? ` (${valueText(e.reason)})` : ""}`;
  const parts: string[] = [];
  if (typeof e.host === "string") parts.push(e.host);
  for (const [key, v] of Object.entries(e)) {
    if (SKIPPED.has(key) || v === undefined || v === "") continue;
    parts.push(typeof v === "string" ? v : `${key}=${valueText(v)}`);
  }
  if ("to" in e) parts.push("from" in e ? `${valueText(e.from)} -> ${valueText(e.to)}` : `-> ${valueText(e.to)}`);
  const reason = e.reason === undefined || e.reason === "" ? "" : ` (${valueText(e.reason)})`;
  return `${parts.join(" ")}${reason}`;
}

export function entryOf(e: BackendEvent, knownHosts: readonly string[]): EventEntry {
  return { tS: e.t / 1e6, type: e.event.type, severity: severityOf(e.event), kind: kindOf(e.event.type), hosts: hostsOf(e.event, knownHosts), text: eventText(e.event) };
}

export interface EventFilter {
  readonly minSeverity: Severity;
  readonly host?: string;
  readonly kind?: EventKind;
}

export const NO_FILTER: EventFilter = { minSeverity: "info" };

export function matchesFilter(entry: EventEntry, filter: EventFilter): boolean {
  if (SEVERITIES.indexOf(entry.severity) < SEVERITIES.indexOf(filter.minSeverity)) return false;
  if (filter.host !== undefined && !entry.hosts.includes(filter.host)) return false;
  return filter.kind === undefined || entry.kind === filter.kind;
}

export function describeFilter(filter: EventFilter): string {
  const severity = filter.minSeverity === "info" ? "all severities" : filter.minSeverity === "warning" ? "warnings and errors" : "errors only";
  return `${filter.host ?? "every host"}, ${filter.kind ?? "every kind"}, ${severity}`;
}
