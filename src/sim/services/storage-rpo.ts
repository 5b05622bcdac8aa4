// The largest RPO of a storage pair, exactly and without sampling: RPO = now - creation time of the
// newest snapshot on the replica grows linearly between changes of that snapshot, so its maximum is
// reached just before a change or now. Counted from the first successful replication (steady state).

import type { Micros } from "../engine/time.js";

export class RpoTracker {
  private newestUs: Micros | undefined;
  private maxUs: Micros | undefined;
  private started = false;

  /** The replica's newest snapshot is now the one created at `createdUs` (undefined: none). */
  update(nowUs: Micros, createdUs: Micros | undefined): void {
    this.sample(nowUs);
    this.newestUs = createdUs;
  }

  /** Steady state begins (the first replication finished). */
  start(): void {
    this.started = true;
  }

  /** Largest RPO since the start, up to `nowUs` (undefined before the start). */
  maxRpoUs(nowUs: Micros): Micros | undefined {
    if (!this.started) return undefined;
    const current = this.newestUs === undefined ? undefined : nowUs - this.newestUs;
    if (current === undefined) return this.maxUs;
    return Math.max(this.maxUs ?? 0, current);
  }

  private sample(nowUs: Micros): void {
    if (!this.started || this.newestUs === undefined) return;
    this.maxUs = Math.max(this.maxUs ?? 0, nowUs - this.newestUs);
  }
}
