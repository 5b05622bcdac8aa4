// A log-bucketed latency histogram (HDR-style): fixed memory, <= 1 % relative error from 1 µs to 1 h.

import type { Micros } from "../engine/time.js";

/** Each bucket spans [GROWTH^i, GROWTH^(i+1)) µs. */
export const BUCKET_GROWTH = 1.02;
export const LOWEST_US = 1;
export const HIGHEST_US = 3_600_000_000;
/**
 * Relative error bound of `quantile`: the answer is the bucket's geometric midpoint, at most
 * sqrt(1.02) - 1 ≈ 0.995 % away from any value in the bucket (for values in [LOWEST_US, HIGHEST_US]).
 */
export const RELATIVE_ERROR = Math.sqrt(BUCKET_GROWTH) - 1;

const LOG_GROWTH = Math.log(BUCKET_GROWTH);
export const BUCKET_COUNT = Math.ceil(Math.log(HIGHEST_US / LOWEST_US) / LOG_GROWTH) + 1;

/** Anything that answers quantiles (the verdict reads only this). */
export interface QuantileSource {
  readonly count: number;
  quantile(q: number): Micros | undefined;
}

export class LatencyHistogram implements QuantileSource {
  private readonly counts = new Float64Array(BUCKET_COUNT);
  private n = 0;
  private sumUs = 0;
  private minUs = Infinity;
  private maxUs = -Infinity;

  get count(): number {
    return this.n;
  }

  get min(): Micros | undefined {
    return this.n === 0 ? undefined : this.minUs;
  }

  get max(): Micros | undefined {
    return this.n === 0 ? undefined : this.maxUs;
  }

  /** Exact mean (the sum is kept, not bucketed). */
  get mean(): Micros | undefined {
    return this.n === 0 ? undefined : this.sumUs / this.n;
  }

  record(latencyUs: Micros): void {
    const v = Math.max(0, latencyUs);
    this.counts[bucketOf(v)]! += 1;
    this.n++;
    this.sumUs += v;
    if (v < this.minUs) this.minUs = v;
    if (v > this.maxUs) this.maxUs = v;
  }

  /**
   * The nearest-rank q-quantile (the ceil(q*count)-th smallest value), within RELATIVE_ERROR of the
   * exact one; clamped to the exact min and max, and the first and last ranks are exact.
   */
  quantile(q: number): Micros | undefined {
    if (this.n === 0) return undefined;
    if (!(q >= 0 && q <= 1)) throw new Error(`quantile must be in [0, 1], got ${q}`);
    const rank = Math.max(1, Math.ceil(q * this.n));
    if (rank === 1) return this.minUs;
    if (rank >= this.n) return this.maxUs;
    let seen = 0;
    for (let i = 0; i < BUCKET_COUNT; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.maxUs, Math.max(this.minUs, midpointOf(i)));
    }
    return this.maxUs;
  }

  /** Adds `other`'s samples to this histogram. */
  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKET_COUNT; i++) this.counts[i]! += other.counts[i]!;
    this.n += other.n;
    this.sumUs += other.sumUs;
    this.minUs = Math.min(this.minUs, other.minUs);
    this.maxUs = Math.max(this.maxUs, other.maxUs);
  }

  reset(): void {
    if (this.n === 0) return;
    this.counts.fill(0);
    this.n = 0;
    this.sumUs = 0;
    this.minUs = Infinity;
    this.maxUs = -Infinity;
  }
}

// Values below 1 µs share the first bucket, values above 1 h the last (min/max stay exact).
function bucketOf(valueUs: number): number {
  if (valueUs <= LOWEST_US) return 0;
  const i = Math.floor(Math.log(valueUs / LOWEST_US) / LOG_GROWTH);
  return i >= BUCKET_COUNT ? BUCKET_COUNT - 1 : i;
}

function midpointOf(bucket: number): number {
  return LOWEST_US * BUCKET_GROWTH ** (bucket + 0.5);
}
