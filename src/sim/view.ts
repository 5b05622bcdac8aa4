// A cluster view: everything `lab status` and the console show about a running lab at one instant,
// as plain JSON-able data. The simulator builds it from its models (clusterView in run.ts); a real
// backend will build the same shape from SSH commands. Presentation is a pure function of it.

import type { DbPairView, PoolView, StoragePairView } from "./services/types.js";

export interface HostView {
  readonly name: string;
  readonly role: string;
  readonly power: "off" | "booting" | "running";
  readonly nics: readonly { readonly name: string; readonly link: "up" | "down"; readonly lagg?: string }[];
  readonly laggs: readonly { readonly name: string; readonly protocol: string; readonly active: readonly string[]; readonly ports: readonly string[]; readonly up: boolean }[];
  readonly services: readonly { readonly name: string; readonly state: "stopped" | "starting" | "running" | "crashed" | "hung" }[];
  /** Disks the fault menu may offer (pool members). */
  readonly disks: readonly string[];
  readonly pools: readonly string[];
}

export interface VipView {
  readonly group: string;
  readonly vip: string;
  readonly vhid: number;
  /** The host the switch sends the VIP's traffic to (undefined: nobody answers ARP). */
  readonly owner?: string;
  readonly members: readonly { readonly host: string; readonly state: "INIT" | "BACKUP" | "MASTER" | "DOWN" }[];
}

export interface BackendHealthView {
  /** HAProxy's view of every Zope instance, per proxy. */
  readonly haproxy: readonly { readonly host: string; readonly servers: readonly { readonly name: string; readonly state: "UP" | "DOWN" }[] }[];
  /** Varnish's probe of its backend, per proxy. */
  readonly varnish: readonly { readonly host: string; readonly backend: string; readonly health: "healthy" | "sick"; readonly good: number; readonly window: number }[];
}

export interface TrafficPoint {
  /** Simulated second. */
  readonly s: number;
  readonly requests: number;
  readonly failed: number;
  readonly p95Ms?: number;
}

export interface TrafficView {
  readonly requestsPerS: number;
  readonly errorRatePercent: number;
  readonly p95Ms?: number;
  /** Availability since the start: successful / total, percent (undefined before any request). */
  readonly availabilityPercent?: number;
  readonly targetPercent: number;
  /** The last seconds, oldest first (at most 300). */
  readonly series: readonly TrafficPoint[];
  readonly failuresByCause: Readonly<Record<string, number>>;
}

export interface FailoverView {
  readonly group: string;
  readonly vip: string;
  readonly from: string | null;
  readonly to: string;
  readonly atS: number;
  readonly takeoverS?: number;
  readonly fault?: string;
  /** Requests that started between the fault and the takeover and failed. */
  readonly failedRequests?: number;
  /** False while requests of the window may still fail (clients give up up to a minute later): the count is so far. */
  readonly costFinal?: boolean;
}

export interface ClusterView {
  readonly lab: string;
  readonly release: string;
  /** Simulated time, seconds. */
  readonly timeS: number;
  readonly hosts: readonly HostView[];
  readonly vips: readonly VipView[];
  readonly backends: BackendHealthView;
  readonly databases: readonly DbPairView[];
  readonly storage: { readonly pools: readonly PoolView[]; readonly pairs: readonly StoragePairView[] };
  readonly traffic: TrafficView;
  readonly failovers: readonly FailoverView[];
  /** Every service of every running host is running, and every VIP has an owner. */
  readonly healthy: boolean;
}
