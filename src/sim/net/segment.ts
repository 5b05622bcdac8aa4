// An L2 segment (one per lab network, a switch): the latency every frame takes, and the faults on it:
// frame loss in percent and extra one-way delay.

import type { Rng } from "../engine/rng.js";
import type { Micros } from "../engine/time.js";

export const DEFAULT_LINK_LATENCY_US = 100;

export class Segment {
  lossPercent = 0;
  extraDelayUs: Micros = 0;

  constructor(readonly name: string, readonly latencyUs: Micros = DEFAULT_LINK_LATENCY_US) {}

  /** How long a frame sent now takes to arrive. */
  transitUs(): Micros {
    return this.latencyUs + this.extraDelayUs;
  }

  /** Draws from the seeded RNG only when loss is configured, so a lossless run's draws do not shift. */
  drops(random: Rng): boolean {
    return this.lossPercent > 0 && (this.lossPercent >= 100 || random.chance(this.lossPercent / 100));
  }
}
