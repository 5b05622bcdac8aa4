// Varnish in front of one probed backend: cache hits, misses and passes to the backend, and grace
// (stale objects served while the backend is sick).

import type { Engine } from "../engine/engine.js";
import { seconds, type Micros } from "../engine/time.js";
import type { Done, ProbeResult } from "./types.js";
import { VarnishProbe, type VarnishProbeConfig } from "./varnish-probe.js";

export interface VarnishCacheConfig {
  readonly probe: VarnishProbeConfig;
  /** beresp.grace of the generated VCL (the model's graceS). */
  readonly graceS: number;
  /** Share of cacheable requests answered from a fresh object. */
  readonly hitRatio: number;
  /** Share of the remaining cacheable requests whose object is stale but within grace. */
  readonly staleRatio: number;
  /** Time to answer from memory. */
  readonly hitLatencyUs: Micros;
  /** first_byte_timeout of the generated VCL. */
  readonly firstByteTimeoutS: number;
  /**
   * Answer hits (and grace deliveries) at once with their latency instead of an event
   * `hitLatencyUs` later: the caller accounts the time (the traffic path, where most requests hit).
   */
  readonly inlineHits?: boolean;
}

export interface VarnishRequest {
  /** False for POSTs, login/registration URLs and logged-in users: the VCL passes them. */
  readonly cacheable: boolean;
  /** What the request is, handed to the backend fetch (Varnish itself ignores it). */
  readonly payload?: unknown;
}

export type VarnishDelivery = "hit" | "grace" | "miss" | "pass" | "error";

export interface VarnishResult {
  readonly status: number;
  readonly delivery: VarnishDelivery;
  readonly latencyUs: Micros;
  readonly cause?: string;
}

/** Fetches from the backend (HAProxy) and reports its HTTP status; 0 = no connection or no first byte in time. */
export type VarnishFetch = (timeoutUs: Micros, done: Done<{ readonly status: number; readonly latencyUs: Micros; readonly cause?: string }>, payload: unknown) => void;

export class VarnishCache {
  readonly probe: VarnishProbe;
  private sickSinceUs: Micros | undefined;

  constructor(
    private readonly engine: Engine,
    readonly config: VarnishCacheConfig,
    probeBackend: () => ProbeResult,
    private readonly fetch: VarnishFetch,
  ) {
    this.probe = new VarnishProbe(engine, config.probe, probeBackend, (to) => {
      this.sickSinceUs = to === "sick" ? engine.now : undefined;
    });
    if (!this.probe.healthy) this.sickSinceUs = engine.now;
  }

  /** One client request. */
  request(request: VarnishRequest, done: Done<VarnishResult>): void {
    const answered = this.lookup(request);
    if (answered === undefined) this.fetchMiss(request, done);
    else if (answered.status !== 200 || this.config.inlineHits) done(answered);
    else this.engine.after(this.config.hitLatencyUs, () => done(answered));
  }

  /**
   * What Varnish answers from memory: a fresh object (hit), a stale one while the backend is sick
   * (grace), or "503 backend sick"; undefined when the request must go to the backend (fetchMiss
   * next, with the same request). Answers are shared objects: nothing is allocated for a hit.
   */
  lookup(request: VarnishRequest): VarnishResult | undefined {
    const rng = this.engine.random;
    if (request.cacheable && rng.chance(this.config.hitRatio)) return this.hit;
    if (!this.probe.healthy) {
      // The VCL keeps req.grace at the object's full beresp.grace when the backend is sick: a stale
      // object is served as long as it expired less than graceS ago (bounded by the sick period).
      const now = this.engine.now;
      const sickForUs = now - (this.sickSinceUs ?? now);
      if (request.cacheable && sickForUs < seconds(this.config.graceS) && rng.chance(this.config.staleRatio)) return this.grace;
      return SICK;
    }
    return undefined;
  }

  /** A miss (or a pass): fetched from the backend. */
  fetchMiss(request: VarnishRequest, done: Done<VarnishResult>): void {
    const start = this.engine.now;
    const delivery: VarnishDelivery = request.cacheable ? "miss" : "pass";
    this.fetch(seconds(this.config.firstByteTimeoutS), (r) => {
      const latencyUs = this.engine.now - start;
      // Varnish delivers the backend's own status (a 503 from HAProxy stays a 503 with its cause);
      // only a failed fetch becomes Varnish's "503 Backend fetch failed".
      if (r.status === 0) done({ status: 503, delivery: "error", latencyUs, cause: "backend fetch failed" });
      else done(r.cause === undefined ? { status: r.status, delivery, latencyUs } : { status: r.status, delivery, latencyUs, cause: r.cause });
    }, request.payload);
  }

  private get hit(): VarnishResult {
    return (this.hitResult ??= { status: 200, delivery: "hit", latencyUs: this.config.hitLatencyUs });
  }

  private get grace(): VarnishResult {
    return (this.graceResult ??= { status: 200, delivery: "grace", latencyUs: this.config.hitLatencyUs });
  }

  private hitResult: VarnishResult | undefined;
  private graceResult: VarnishResult | undefined;
}

const SICK: VarnishResult = { status: 503, delivery: "error", latencyUs: 0, cause: "backend sick" };
