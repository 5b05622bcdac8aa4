// The canonical text of a fault ("power-off proxy01") and of a scheduled one ("30s: power-off proxy01");
// parseFaultWithoutTime / parseFault read it back to an equal value.

import { formatDelayMs, formatTimeUs } from "./time-text.js";
import type { Fault, ScheduledFault } from "./types.js";

export function formatFault(fault: Fault): string {
  switch (fault.kind) {
    case "power-off":
    case "power-on":
    case "crash":
    case "reboot":
      return `${fault.kind} ${fault.host}`;
    case "nic-down":
    case "nic-up":
      return `${fault.kind} ${fault.host} ${fault.nic}`;
    case "lagg-down":
    case "lagg-up":
      return `${fault.kind} ${fault.host} ${fault.lagg}`;
    case "partition":
      return `partition ${fault.groups.map((g) => g.join(",")).join("|")}`;
    case "heal":
      return "heal";
    case "link-loss":
      return `link-loss ${fault.network} ${fault.percent}%`;
    case "link-delay":
      return `link-delay ${fault.network} ${formatDelayMs(fault.delayMs)}`;
    case "one-way-cut":
      return `${fault.restore ? "heal " : ""}one-way-cut ${fault.from}->${fault.to}`;
    case "service-stop":
    case "service-start":
    case "service-crash":
    case "service-hang":
      return `${fault.kind} ${fault.host} ${fault.service}`;
    case "sysctl":
      return `sysctl ${fault.host} ${fault.name}=${fault.value}`;
    case "carp-demote":
      return `carp-demote ${fault.host} ${fault.n}`;
    case "disk-fail":
    case "disk-replace":
      return `${fault.kind} ${fault.host} ${fault.disk}`;
    case "slow-disk":
      return `slow-disk ${fault.host} ${fault.disk} ${fault.factor}x`;
    case "pool-full":
    case "pool-free":
      return `${fault.kind} ${fault.host} ${fault.pool}`;
    case "replica-stop":
    case "replica-start":
    case "mysql-crash":
    case "storage-link-down":
    case "storage-link-up":
    case "storage-promote":
    case "storage-demote":
      return `${fault.kind} ${fault.host}`;
    case "storage-link-rate":
      return `storage-link-rate ${fault.host} ${fault.mbitPerS === null ? "full" : fault.mbitPerS}`;
  }
}

export function formatScheduledFault(scheduled: ScheduledFault): string {
  return `${formatTimeUs(scheduled.atUs)}: ${formatFault(scheduled.fault)}`;
}
