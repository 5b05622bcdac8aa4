// A per-second series for the console (requests/s, errors/s, p95 per second) in a fixed-size ring.

import { US_PER_S, type Micros } from "../engine/time.js";
import { LatencyHistogram } from "./latency-histogram.js";

export interface SecondPoint {
  /** Whole simulated second (floor of t / 1 s). */
  readonly second: number;
  readonly requests: number;
  readonly errors: number;
  /** p95 latency of that second's successful requests; undefined with none. */
  readonly p95Us: Micros | undefined;
}

/**
 * Keeps the last `capacity` closed seconds. Samples are recorded at their completion time, which the
 * engine keeps monotonic; a sample for an already closed second is counted in the open one.
 */
export class PerSecondSeries {
  private readonly seconds: Float64Array;
  private readonly requests: Float64Array;
  private readonly errors: Float64Array;
  private readonly p95s: Float64Array;
  private head = 0;
  private size = 0;
  private openSecond = 0;
  private openRequests = 0;
  private openErrors = 0;
  private readonly openLatency = new LatencyHistogram();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity must be a positive integer, got ${capacity}`);
    this.seconds = new Float64Array(capacity);
    this.requests = new Float64Array(capacity);
    this.errors = new Float64Array(capacity);
    this.p95s = new Float64Array(capacity);
  }

  /** One finished request at `timeUs`; `latencyUs` is recorded for successes only. */
  record(timeUs: Micros, ok: boolean, latencyUs?: Micros): void {
    this.advanceTo(timeUs);
    this.openRequests++;
    if (!ok) this.openErrors++;
    else if (latencyUs !== undefined) this.openLatency.record(latencyUs);
  }

  /** Closes every second before the one containing `timeUs` (empty seconds become zero points). */
  advanceTo(timeUs: Micros): void {
    const second = Math.floor(timeUs / US_PER_S);
    if (second <= this.openSecond) return;
    this.close();
    // Only the last `capacity` empty seconds can still be in the ring.
    const firstEmpty = Math.max(this.openSecond + 1, second - this.capacity);
    for (let s = firstEmpty; s < second; s++) this.push(s, 0, 0, NaN);
    this.openSecond = second;
  }

  /** Closed points, oldest first. */
  points(): SecondPoint[] {
    const out: SecondPoint[] = [];
    for (let k = 0; k < this.size; k++) {
      const i = (this.head - this.size + k + this.capacity) % this.capacity;
      const p95 = this.p95s[i]!;
      out.push({ second: this.seconds[i]!, requests: this.requests[i]!, errors: this.errors[i]!, p95Us: Number.isNaN(p95) ? undefined : p95 });
    }
    return out;
  }

  /** The newest closed point, if any. */
  latest(): SecondPoint | undefined {
    return this.points().at(-1);
  }

  private close(): void {
    this.push(this.openSecond, this.openRequests, this.openErrors, this.openLatency.quantile(0.95) ?? NaN);
    this.openRequests = 0;
    this.openErrors = 0;
    this.openLatency.reset();
  }

  private push(second: number, requests: number, errors: number, p95Us: number): void {
    const i = this.head;
    this.seconds[i] = second;
    this.requests[i] = requests;
    this.errors[i] = errors;
    this.p95s[i] = p95Us;
    this.head = (i + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }
}
