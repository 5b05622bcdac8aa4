// The path of one member's advertisements to one peer: frames arrive in the order they were sent (a
// switch does not reorder a sender's frames, so a shorter delay set later cannot overtake), through
// one pre-bound arrival callback and a small queue, so a periodic advertisement allocates no closure.

import type { Engine } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";

export class AdvertLink {
  /** advbase, advskew pairs in flight. */
  private readonly inFlight: number[] = [];
  private head = 0;
  private lastArrivalUs: Micros = -1;

  constructor(
    private readonly engine: Engine,
    /** Runs at arrival with the advertisement's values. */
    private readonly arrive: (advbase: number, advskew: number) => void,
  ) {}

  send(transitUs: Micros, advbase: number, advskew: number): void {
    const arrival = Math.max(this.engine.now + transitUs, this.lastArrivalUs);
    this.lastArrivalUs = arrival;
    this.inFlight.push(advbase, advskew);
    this.engine.at(arrival, this.onArrival);
  }

  private readonly onArrival = (): void => {
    const q = this.inFlight;
    const advbase = q[this.head]!;
    const advskew = q[this.head + 1]!;
    this.head += 2;
    if (this.head === q.length) {
      q.length = 0;
      this.head = 0;
    }
    this.arrive(advbase, advskew);
  };
}
