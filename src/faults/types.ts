// The fault vocabulary: everything a user, an instructor or a swarm test can do to a lab, as typed,
// JSON-serialisable data (one discriminated union, `kind` first). Shared by every backend.

import type { ServiceFaultState } from "./target.js";

export const FAULT_KINDS = [
  "power-off", "power-on", "crash", "reboot",
  "nic-down", "nic-up", "lagg-down", "lagg-up",
  "partition", "heal", "link-loss", "link-delay", "one-way-cut",
  "service-stop", "service-start", "service-crash", "service-hang",
  "sysctl", "carp-demote",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

interface HostField { readonly host: string }
interface ServiceFields { readonly host: string; readonly service: string }

/** The fields of each kind besides `kind`. */
export interface FaultFields {
  "power-off": HostField;
  "power-on": HostField;
  /** No clean shutdown: services die, links drop at once. */
  crash: HostField;
  reboot: HostField;
  "nic-down": { readonly host: string; readonly nic: string };
  "nic-up": { readonly host: string; readonly nic: string };
  /** All ports of the LAGG lose link. */
  "lagg-down": { readonly host: string; readonly lagg: string };
  "lagg-up": { readonly host: string; readonly lagg: string };
  /** Hosts in different groups stop hearing each other; hosts in no group still talk to all. */
  partition: { readonly groups: readonly (readonly string[])[] };
  /** Removes every partition. */
  heal: Record<never, never>;
  /** Frame loss on a network segment, 0-100 %. */
  "link-loss": { readonly network: string; readonly percent: number };
  /** Extra one-way latency on a network segment. */
  "link-delay": { readonly network: string; readonly delayMs: number };
  /** Frames from `from` to `to` are dropped; with `restore: true` they flow again. */
  "one-way-cut": { readonly from: string; readonly to: string; readonly restore?: true };
  "service-stop": ServiceFields;
  "service-start": ServiceFields;
  "service-crash": ServiceFields;
  "service-hang": ServiceFields;
  /** `sysctl NAME=VALUE` on the host (net.inet.carp.demotion adds the value). */
  sysctl: { readonly host: string; readonly name: string; readonly value: number };
  /** Adds N to the host's CARP demotion (negative N removes it). */
  "carp-demote": { readonly host: string; readonly n: number };
}

export type FaultOf<K extends FaultKind> = { readonly kind: K } & FaultFields[K];

export type Fault = { [K in FaultKind]: FaultOf<K> }[FaultKind];

/** A fault and when it happens, in microseconds of simulated (or drill) time. */
export interface ScheduledFault {
  readonly atUs: number;
  readonly fault: Fault;
}

export type ServiceFaultKind = "service-stop" | "service-start" | "service-crash" | "service-hang";

/** The state each service fault leaves the service in. */
export const SERVICE_FAULT_STATE: Readonly<Record<ServiceFaultKind, ServiceFaultState>> = {
  "service-stop": "stopped",
  "service-start": "running",
  "service-crash": "crashed",
  "service-hang": "hung",
};

export function isFaultKind(word: string): word is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(word);
}
