// Every fault has an inverse that undoes it, so any injected fault can be healed.

import { findSysctl } from "./sysctls.js";
import type { Fault } from "./types.js";

export interface HealContext {
  /** The value a non-additive sysctl had before the fault (read it from the host before injecting). */
  readonly sysctlBefore?: number;
}

/**
 * The fault that undoes `fault`. Repairs invert to the damage (power-on -> power-off), so a drill
 * can replay either way; "heal" (all partitions) has nothing to restore and inverts to itself.
 * A non-additive sysctl goes back to `context.sysctlBefore`, or FreeBSD's default without it.
 */
export function inverseOf(fault: Fault, context: HealContext = {}): Fault {
  switch (fault.kind) {
    case "power-off":
    case "crash":
    case "reboot":
      return { kind: "power-on", host: fault.host };
    case "power-on":
      return { kind: "power-off", host: fault.host };
    case "nic-down":
      return { kind: "nic-up", host: fault.host, nic: fault.nic };
    case "nic-up":
      return { kind: "nic-down", host: fault.host, nic: fault.nic };
    case "lagg-down":
      return { kind: "lagg-up", host: fault.host, lagg: fault.lagg };
    case "lagg-up":
      return { kind: "lagg-down", host: fault.host, lagg: fault.lagg };
    case "partition":
    case "heal":
      return { kind: "heal" };
    case "link-loss":
      return { kind: "link-loss", network: fault.network, percent: 0 };
    case "link-delay":
      return { kind: "link-delay", network: fault.network, delayMs: 0 };
    case "one-way-cut":
      return fault.restore ? { kind: "one-way-cut", from: fault.from, to: fault.to } : { kind: "one-way-cut", from: fault.from, to: fault.to, restore: true };
    case "service-stop":
    case "service-crash":
    case "service-hang":
      return { kind: "service-start", host: fault.host, service: fault.service };
    case "service-start":
      return { kind: "service-stop", host: fault.host, service: fault.service };
    case "sysctl": {
      const info = findSysctl(fault.name);
      const value = info?.additive ? 0 - fault.value : (context.sysctlBefore ?? info?.defaultValue ?? 0);
      return { kind: "sysctl", host: fault.host, name: fault.name, value };
    }
    case "carp-demote":
      return { kind: "carp-demote", host: fault.host, n: 0 - fault.n };
    case "disk-fail":
      return { kind: "disk-replace", host: fault.host, disk: fault.disk };
    case "disk-replace":
      return { kind: "disk-fail", host: fault.host, disk: fault.disk };
    case "slow-disk":
      return { kind: "slow-disk", host: fault.host, disk: fault.disk, factor: 1 };
    case "pool-full":
      return { kind: "pool-free", host: fault.host, pool: fault.pool };
    case "pool-free":
      return { kind: "pool-full", host: fault.host, pool: fault.pool };
    case "replica-stop":
      return { kind: "replica-start", host: fault.host };
    case "replica-start":
      return { kind: "replica-stop", host: fault.host };
    case "mysql-crash":
      return { kind: "service-start", host: fault.host, service: "mysql" };
    case "storage-link-down":
      return { kind: "storage-link-up", host: fault.host };
    case "storage-link-up":
      return { kind: "storage-link-down", host: fault.host };
    case "storage-link-rate":
      return { kind: "storage-link-rate", host: fault.host, mbitPerS: null };
    case "storage-promote":
      return { kind: "storage-demote", host: fault.host };
    case "storage-demote":
      return { kind: "storage-promote", host: fault.host };
  }
}

/** Does this fault repair something rather than break it? (For "fault.heal" vs "fault.inject" events.) */
export function isRepair(fault: Fault): boolean {
  switch (fault.kind) {
    case "power-on":
    case "nic-up":
    case "lagg-up":
    case "heal":
    case "service-start":
    case "disk-replace":
    case "pool-free":
    case "replica-start":
    case "storage-link-up":
    case "storage-demote":
      return true;
    case "slow-disk":
      return fault.factor === 1;
    case "storage-link-rate":
      return fault.mbitPerS === null;
    case "link-loss":
      return fault.percent === 0;
    case "link-delay":
      return fault.delayMs === 0;
    case "one-way-cut":
      return fault.restore === true;
    case "carp-demote":
      return fault.n < 0;
    case "sysctl":
      return (findSysctl(fault.name)?.additive ?? false) && fault.value < 0;
    default:
      return false;
  }
}
