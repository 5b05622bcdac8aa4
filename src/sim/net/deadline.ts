// A re-armable one-shot timer (a kernel callout): set() moves the deadline, clear() stops it. Moving
// a deadline later keeps the pending engine event and re-arms lazily when it fires, so a timer reset
// on every received frame (CARP's master-down timer) costs one queue entry per expiry, not per frame.

import type { Engine, Timer } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";

export class Deadline {
  private timer: Timer | undefined;
  private target: Micros = -1;

  constructor(private readonly engine: Engine, private readonly fire: () => void) {}

  get armed(): boolean {
    return this.target >= 0;
  }

  /** The absolute time it fires at, or -1 when stopped. */
  get time(): Micros {
    return this.target;
  }

  set(time: Micros): void {
    this.target = time;
    if (this.timer && this.timer.time <= time) return;
    this.timer?.cancel();
    this.timer = this.engine.at(time, this.onTimer);
  }

  after(delayUs: Micros): void {
    this.set(this.engine.now + delayUs);
  }

  clear(): void {
    this.target = -1;
    this.timer?.cancel();
    this.timer = undefined;
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    if (this.target < 0) return;
    if (this.target > this.engine.now) {
      this.timer = this.engine.at(this.target, this.onTimer);
      return;
    }
    this.target = -1;
    this.fire();
  };
}
