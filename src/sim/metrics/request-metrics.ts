// Everything measured about requests: totals, latency histograms per kind, failures by cause, a series.

import type { Micros } from "../engine/time.js";
import { LabelCounters } from "./label-counters.js";
import { LatencyHistogram } from "./latency-histogram.js";
import { PerSecondSeries } from "./per-second-series.js";

export type RequestKind = "page" | "registration";

/** What the verdict reads (RequestMetrics is one). */
export interface MetricsView {
  readonly total: number;
  readonly successful: number;
  readonly pageLatency: LatencyHistogram;
  readonly registrationLatency: LatencyHistogram;
}

/** Latency histograms hold successful requests only; failures are counted by cause. */
export class RequestMetrics implements MetricsView {
  total = 0;
  successful = 0;
  readonly pageLatency = new LatencyHistogram();
  readonly registrationLatency = new LatencyHistogram();
  readonly failures = new LabelCounters();
  readonly series: PerSecondSeries;

  constructor(options: { readonly seriesCapacityS?: number } = {}) {
    this.series = new PerSecondSeries(options.seriesCapacityS ?? 300);
  }

  get failed(): number {
    return this.total - this.successful;
  }

  recordSuccess(kind: RequestKind, timeUs: Micros, latencyUs: Micros): void {
    this.total++;
    this.successful++;
    (kind === "page" ? this.pageLatency : this.registrationLatency).record(latencyUs);
    this.series.record(timeUs, true, latencyUs);
  }

  recordFailure(timeUs: Micros, cause: string): void {
    this.total++;
    this.failures.add(cause);
    this.series.record(timeUs, false);
  }

  /** Adds another run's totals, histograms and failures (the series stays this run's own). */
  merge(other: RequestMetrics): void {
    this.total += other.total;
    this.successful += other.successful;
    this.pageLatency.merge(other.pageLatency);
    this.registrationLatency.merge(other.registrationLatency);
    this.failures.merge(other.failures);
  }
}
