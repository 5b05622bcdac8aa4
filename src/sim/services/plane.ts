// The services plane: the request chain, MySQL pairs and ZFS storage wired into a simulated world,
// driven by the lab's traffic once the cluster has booted. It carries out the data faults (disks,
// pools, replicas, storage links, promotion) for the world and gives the summary and the cluster
// view their services part.

import type { ResolvedLab } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import { toSeconds, type Micros } from "../engine/time.js";
import { RequestMetrics } from "../metrics/request-metrics.js";
import { verdict, type Verdict } from "../metrics/verdict.js";
import { TrafficGenerator } from "../traffic/traffic-generator.js";
import type { DataFaultTarget, World } from "../world/world.js";
import type { TrafficView } from "../view.js";
import { DatabasePlane } from "./database.js";
import { FailureTimeline } from "./failure-timeline.js";
import { StoragePlane } from "./storage.js";
import type { DbPairSummary, PlaneContext, StorageSummary } from "./types.js";
import { WebChain } from "./web-chain.js";

export interface TrafficSetting {
  /** Multiplies the profile's peak rates (load tests, benchmarks). */
  readonly rateScale?: number;
  /** Every hour at the peak rate instead of the daily curve. */
  readonly flat?: boolean;
  /** Hour of day when the traffic starts (default: the busiest hour of the curve). */
  readonly startHour?: number;
}

export interface PlaneOptions {
  /** false: the network only (hosts, CARP, pf, pfsync, ifstated): no services plane, no traffic. */
  readonly services?: false;
  /** false: no client traffic (the services still run, health checks and replication go on). */
  readonly traffic?: TrafficSetting | false;
  /** Overrides every MySQL pair's semi-sync setting (scenarios compare async and semi-sync). */
  readonly semiSync?: boolean;
}

export interface LatencySummary {
  readonly samples: number;
  readonly p50S: number | null;
  readonly p95S: number | null;
  readonly p99S: number | null;
}

export interface RequestSummary {
  /** When the traffic started (the cluster booted and CARP settled), seconds. */
  readonly trafficStartS: number | null;
  readonly total: number;
  readonly successful: number;
  readonly failed: number;
  readonly availabilityPercent: number | null;
  readonly failuresByCause: Readonly<Record<string, number>>;
  readonly page: LatencySummary;
  readonly registration: LatencySummary;
}

export interface ServicesSummary {
  readonly requests: RequestSummary;
  readonly verdict: Verdict;
  readonly databases: readonly DbPairSummary[];
  readonly storage: StorageSummary;
}

/** The busiest hour of the daily curve: a drill starts at the peak unless told otherwise. */
function peakHour(curve: readonly number[]): number {
  let best = 0;
  curve.forEach((v, i) => {
    if (v > (curve[best] ?? -Infinity)) best = i;
  });
  return best;
}

function latencyOf(h: { readonly count: number; quantile(q: number): Micros | undefined }): LatencySummary {
  const q = (p: number): number | null => {
    const v = h.quantile(p);
    return v === undefined ? null : Math.round(toSeconds(v) * 1e6) / 1e6;
  };
  return { samples: h.count, p50S: q(0.5), p95S: q(0.95), p99S: q(0.99) };
}

export class ServicesPlane implements DataFaultTarget {
  readonly metrics = new RequestMetrics();
  readonly failures = new FailureTimeline();
  readonly db: DatabasePlane | undefined;
  readonly storage: StoragePlane | undefined;
  readonly web: WebChain | undefined;
  private trafficStartUs: Micros | undefined;
  private readonly engine: Engine;
  private readonly lab: ResolvedLab;

  constructor(ctx: PlaneContext, private readonly options: PlaneOptions = {}) {
    this.engine = ctx.engine;
    this.lab = ctx.lab;
    this.db = ctx.lab.mysql.length ? new DatabasePlane(ctx, options.semiSync === undefined ? {} : { semiSync: options.semiSync }) : undefined;
    this.storage = ctx.lab.storage.length ? new StoragePlane(ctx) : undefined;
    this.web = ctx.lab.chains.length ? new WebChain(ctx, this.metrics, this.failures, this.db, this.storage) : undefined;
    if (this.web && options.traffic !== false) this.startTrafficAfterBoot(ctx.world, ctx.lab);
  }

  // Clients arrive once every host has booted and CARP had time to elect its masters, like users
  // arriving at a site that is up: the boot itself is not an outage.
  private startTrafficAfterBoot(world: World, lab: ResolvedLab): void {
    const advbase = Math.max(1, ...lab.carp.map((g) => g.advbase));
    const settleUs = (4 * advbase + 1) * 1_000_000;
    const booted = new Set<string>();
    const stop = world.watch((change) => {
      if (change.type !== "power" || change.to !== "running" || this.trafficStartUs !== undefined) return;
      booted.add(change.host);
      if (booted.size < lab.hosts.length) return;
      this.trafficStartUs = this.engine.now + settleUs;
      this.engine.at(this.trafficStartUs, () => this.startTraffic());
      stop();
    });
  }

  private startTraffic(): void {
    const setting = this.options.traffic || {};
    const web = this.web!;
    const startHour = setting.startHour ?? peakHour(this.lab.traffic.dailyCurve);
    new TrafficGenerator(this.engine, this.lab.traffic, {
      onRequest: (r) => web.handle(r),
      startHour,
      ...(setting.flat === undefined ? {} : { flat: setting.flat }),
      ...(setting.rateScale === undefined ? {} : { rateScale: setting.rateScale }),
    }).start();
  }

  // --- DataFaultTarget ------------------------------------------------------------------------------

  failDisk(host: string, disk: string): void { this.storagePlane().failDisk(host, disk); }
  replaceDisk(host: string, disk: string): void { this.storagePlane().replaceDisk(host, disk); }
  setDiskSlow(host: string, disk: string, factor: number): void { this.storagePlane().setDiskSlow(host, disk, factor); }
  setPoolFull(host: string, pool: string, full: boolean): void { this.storagePlane().setPoolFull(host, pool, full); }
  setStorageLinks(host: string, up: boolean): void { this.storagePlane().setStorageLinks(host, up); }
  setStorageLinkRate(host: string, mbitPerS: number | null): void { this.storagePlane().setStorageLinkRate(host, mbitPerS); }
  storagePromote(host: string, promote: boolean): void { this.storagePlane().storagePromote(host, promote); }

  setReplica(host: string, running: boolean): void {
    if (!this.db) throw new Error(`lab ${this.lab.name} has no MySQL pair: replica-stop/start need one`);
    this.db.setReplica(host, running);
  }

  private storagePlane(): StoragePlane {
    if (!this.storage) throw new Error(`lab ${this.lab.name} has no storage pair: disk, pool and storage faults need one`);
    return this.storage;
  }

  // --- views ------------------------------------------------------------------------------------

  trafficView(): TrafficView {
    this.metrics.series.advanceTo(this.engine.now);
    const points = this.metrics.series.points();
    const last = points[points.length - 1];
    const m = this.metrics;
    const series = points.slice(-300).map((p) => ({
      s: p.second, requests: p.requests, failed: p.errors,
      ...(p.p95Us === undefined ? {} : { p95Ms: Math.round(p.p95Us / 100) / 10 }),
    }));
    return {
      requestsPerS: last?.requests ?? 0,
      errorRatePercent: last && last.requests ? (100 * last.errors) / last.requests : 0,
      ...(last?.p95Us === undefined ? {} : { p95Ms: Math.round(last.p95Us / 100) / 10 }),
      ...(m.total ? { availabilityPercent: (100 * m.successful) / m.total } : {}),
      targetPercent: this.lab.requirements.uptimePercent,
      series,
      failuresByCause: m.failures.toJSON(),
    };
  }

  /** The services part of a run without the plane (network only). */
  static emptySummary(lab: ResolvedLab): ServicesSummary {
    const m = new RequestMetrics();
    return {
      requests: { trafficStartS: null, total: 0, successful: 0, failed: 0, availabilityPercent: null, failuresByCause: {}, page: latencyOf(m.pageLatency), registration: latencyOf(m.registrationLatency) },
      verdict: verdict(lab.requirements, m),
      databases: [],
      storage: { pools: [], pairs: [], exportFailures: {} },
    };
  }

  summary(): ServicesSummary {
    const m = this.metrics;
    const requests: RequestSummary = {
      trafficStartS: this.trafficStartUs === undefined ? null : toSeconds(this.trafficStartUs),
      total: m.total,
      successful: m.successful,
      failed: m.failed,
      availabilityPercent: m.total ? Math.round((1e6 * m.successful) / m.total) / 1e4 : null,
      failuresByCause: m.failures.toJSON(),
      page: latencyOf(m.pageLatency),
      registration: latencyOf(m.registrationLatency),
    };
    return {
      requests,
      verdict: verdict(this.lab.requirements, m),
      databases: this.db?.summary() ?? [],
      storage: this.storage?.summary() ?? { pools: [], pairs: [], exportFailures: {} },
    };
  }
}
