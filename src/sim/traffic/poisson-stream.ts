// A non-homogeneous Poisson arrival stream by thinning, scheduled lazily: one engine event pending at a time.

import type { Engine, Timer } from "../engine/engine.js";
import type { Rng } from "../engine/rng.js";
import { US_PER_S, type Micros } from "../engine/time.js";

/** Draws an exponential gap in µs for a rate per second. */
export function drawExponentialUs(rng: Rng, ratePerS: number): number {
  return (-Math.log(1 - rng.float()) / ratePerS) * US_PER_S;
}

/**
 * Candidates arrive at the peak rate; each is kept with probability rate(t) / peak (Lewis-Shedler
 * thinning). Rejected candidates are drawn in a loop, not scheduled, so quiet hours cost no events.
 */
export class PoissonStream {
  private clockUs: number;
  private timer: Timer | undefined;
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    private readonly rng: Rng,
    private readonly peakPerS: number,
    /** Relative rate in [0, 1] at a time. */
    private readonly relativeRateAt: (timeUs: Micros) => number,
    private readonly untilUs: Micros,
    private readonly onArrival: () => void,
  ) {
    this.clockUs = engine.now;
  }

  /** Is an arrival scheduled on the engine? (0 or 1 events.) */
  get pending(): number {
    return this.timer === undefined ? 0 : 1;
  }

  start(): void {
    this.scheduleNext();
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private scheduleNext(): void {
    this.timer = undefined;
    if (this.stopped || !(this.peakPerS > 0)) return;
    for (;;) {
      this.clockUs += drawExponentialUs(this.rng, this.peakPerS);
      if (this.clockUs > this.untilUs) return;
      const keep = this.relativeRateAt(this.clockUs);
      if (keep >= 1 || (keep > 0 && this.rng.float() < keep)) break;
    }
    this.timer = this.engine.at(Math.round(this.clockUs), () => {
      this.onArrival();
      this.scheduleNext();
    });
  }
}
