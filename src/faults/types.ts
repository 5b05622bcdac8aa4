// The fault vocabulary: everything a user, an instructor or a swarm test can do to a lab, as typed,
// JSON-serialisable data (one discriminated union, `kind` first). Shared by every backend.

import type { ServiceFaultState } from "./target.js";

export const FAULT_KINDS = [
  "power-off", "power-on", "crash", "reboot",
  "nic-down", "nic-up", "lagg-down", "lagg-up",
  "partition", "heal", "link-loss", "link-delay", "one-way-cut",
  "service-stop", "service-start", "service-crash", "service-hang",
  "sysctl", "carp-demote",
  "disk-fail", "disk-replace", "slow-disk", "pool-full", "pool-free",
  "replica-stop", "replica-start", "mysql-crash",
  "storage-link-down", "storage-link-up", "storage-link-rate", "storage-promote", "storage-demote",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

interface HostField { readonly host: string }
interface ServiceFields { readonly host: string; readonly service: string }
interface DiskFields { readonly host: string; readonly disk: string }
interface PoolFields { readonly host: string; readonly pool: string }

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
  /** A disk of a ZFS pool fails (FAULTED, "too many errors"). */
  "disk-fail": DiskFields;
  /** `zpool replace POOL DISK` with a new disk: resilver, then ONLINE. */
  "disk-replace": DiskFields;
  /** A disk answers `factor` times slower than normal (1 = normal again). */
  "slow-disk": DiskFields & { readonly factor: number };
  /** The pool runs out of space: writes fail with ENOSPC (and snapshots cannot be taken). */
  "pool-full": PoolFields;
  "pool-free": PoolFields;
  /** `STOP REPLICA` / `START REPLICA` on a MySQL replica. */
  "replica-stop": HostField;
  "replica-start": HostField;
  /** mysqld dies without a clean shutdown (its inverse is `service-start HOST mysql`). */
  "mysql-crash": HostField;
  /** Every port of the host on a storage network loses link (NFS, iSCSI and replication traffic). */
  "storage-link-down": HostField;
  "storage-link-up": HostField;
  /** The host's storage link runs at `mbitPerS` Mbit/s; null = its full rate again. */
  "storage-link-rate": { readonly host: string; readonly mbitPerS: number | null };
  /** Makes a storage replica the primary (the exports move to it; writes since its newest snapshot are lost). */
  "storage-promote": HostField;
  /** Undoes storage-promote: the host becomes the replica again and the other member the primary. */
  "storage-demote": HostField;
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
