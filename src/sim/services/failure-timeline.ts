// When failed requests started, in 10 ms buckets over the last 10 minutes (fixed memory): a
// failover's cost is the number of requests that started between the fault and the takeover.

import type { Micros } from "../engine/time.js";

export const BUCKET_US: Micros = 10_000;
export const SPAN_US: Micros = 600_000_000;
const BUCKETS = SPAN_US / BUCKET_US;

export class FailureTimeline {
  private readonly counts = new Int32Array(BUCKETS);
  /** The absolute bucket index each slot holds (slots are reused as time moves on). */
  private readonly slots = new Float64Array(BUCKETS).fill(-1);

  record(startUs: Micros): void {
    const bucket = Math.floor(startUs / BUCKET_US);
    const slot = bucket % BUCKETS;
    if (this.slots[slot] !== bucket) {
      this.slots[slot] = bucket;
      this.counts[slot] = 0;
    }
    this.counts[slot]!++;
  }

  /** Failed requests that started in [fromUs, toUs] (to the bucket; older than 10 minutes are gone). */
  count(fromUs: Micros, toUs: Micros): number {
    let n = 0;
    const first = Math.floor(fromUs / BUCKET_US);
    const last = Math.floor(toUs / BUCKET_US);
    for (let b = Math.max(first, last - BUCKETS + 1); b <= last; b++) {
      const slot = b % BUCKETS;
      if (this.slots[slot] === b) n += this.counts[slot]!;
    }
    return n;
  }
}
