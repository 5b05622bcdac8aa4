// The console's colour for every state it shows: green is healthy, yellow degraded or in between,
// red broken, gray off or unknown.

import type { HostView, VipView } from "../../sim/view.js";
import type { DbServerView, PoolView } from "../../sim/services/types.js";
import type { Color } from "../text/line.js";

export type HostHealth = "up" | "degraded" | "booting" | "off";

type ServiceState = HostView["services"][number]["state"];
type CarpState = VipView["members"][number]["state"];

/** A host's overall state: off, booting, up (every service running, every link up) or degraded. */
export function hostHealthOf(host: HostView): HostHealth {
  if (host.power === "off") return "off";
  if (host.power === "booting") return "booting";
  const servicesOk = host.services.every((s) => s.state === "running");
  const linksOk = host.nics.every((n) => n.link === "up") && host.laggs.every((l) => l.up);
  return servicesOk && linksOk ? "up" : "degraded";
}

export const HOST_COLOR: Readonly<Record<HostHealth, Color>> = { up: "green", degraded: "yellow", booting: "cyan", off: "red" };

export const SERVICE_COLOR: Readonly<Record<ServiceState, Color>> = {
  running: "green", starting: "cyan", stopped: "red", crashed: "red", hung: "magenta",
};

export const CARP_COLOR: Readonly<Record<CarpState, Color>> = { MASTER: "green", BACKUP: "blue", INIT: "yellow", DOWN: "red" };

export function linkColor(up: boolean): Color {
  return up ? "green" : "red";
}

export function poolColor(state: PoolView["state"]): Color {
  if (state === "ONLINE") return "green";
  return state === "DEGRADED" ? "yellow" : "red";
}

export function dbRoleColor(role: DbServerView["role"]): Color {
  switch (role) {
    case "source": return "green";
    case "replica": return "blue";
    case "fenced": return "yellow";
    case "down": return "red";
  }
}

/** Replication thread state: Yes is fine, Connecting on the way, No broken. */
export function threadColor(state: "Yes" | "No" | "Connecting" | undefined): Color {
  if (state === "Yes") return "green";
  return state === "Connecting" ? "yellow" : "red";
}
