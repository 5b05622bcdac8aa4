// One resilver on the engine: the bytes to rebuild at a rate that follows the vdev (a slow disk slows
// it, an exported pool stops it: OpenZFS keeps the scan position and resumes after import).

import type { Engine, Timer } from "../engine/engine.js";
import { seconds, US_PER_S, type Micros } from "../engine/time.js";

export class Resilver {
  readonly startUs: Micros;
  /** Projected total duration at the current rate (the actual one once finished). */
  durationUs: Micros;
  private doneBytes = 0;
  private progressUs: Micros;
  private rateBytesPerS = 0;
  private timer: Timer | undefined;

  constructor(
    private readonly engine: Engine,
    /** The device being rebuilt, as zpool status shows it. */
    readonly disk: string,
    readonly bytes: number,
    rateBytesPerS: number,
    private readonly onDone: () => void,
  ) {
    this.startUs = engine.now;
    this.progressUs = engine.now;
    this.durationUs = 0;
    this.setRate(rateBytesPerS);
  }

  get rate(): number {
    return this.rateBytesPerS;
  }

  /** Bytes rebuilt so far and the time left at the current rate (undefined while stopped). */
  progress(nowUs: Micros = this.engine.now): { readonly doneBytes: number; readonly leftUs: Micros | undefined } {
    const done = Math.min(this.bytes, this.doneBytes + (this.rateBytesPerS * (nowUs - this.progressUs)) / US_PER_S);
    const left = this.bytes - done;
    return { doneBytes: done, leftUs: this.rateBytesPerS > 0 ? seconds(left / this.rateBytesPerS) : left > 0 ? undefined : 0 };
  }

  /** Continues at `rateBytesPerS` from now (0 stops it until the next call). */
  setRate(rateBytesPerS: number): void {
    const now = this.engine.now;
    this.doneBytes = this.progress(now).doneBytes;
    this.progressUs = now;
    this.rateBytesPerS = rateBytesPerS;
    this.timer?.cancel();
    this.timer = undefined;
    if (rateBytesPerS <= 0) return;
    const leftUs = seconds((this.bytes - this.doneBytes) / rateBytesPerS);
    this.durationUs = now - this.startUs + leftUs;
    this.timer = this.engine.after(leftUs, () => {
      this.timer = undefined;
      this.doneBytes = this.bytes;
      this.durationUs = this.engine.now - this.startUs;
      this.onDone();
    });
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
