// How fast the simulated clock runs, as shown in the header: the lab's last answer to a speed command
// while it is fresh, otherwise measured from the clock's progress between polls (snapped to the
// answered speed when they agree), so a speed change made from another terminal shows too.

import type { SpeedShown } from "./present/header.js";

interface Sample {
  readonly wallMs: number;
  readonly timeS: number;
}

const WINDOW_MS = 2000;
const MIN_SPAN_MS = 500;
const ANSWER_FRESH_MS = 1500;
const MAX_SAMPLES = 32;

export class SpeedMeter {
  private readonly samples: Sample[] = [];
  private answer: { readonly speed: number; readonly paused: boolean; readonly atMs: number } | undefined;

  sample(wallMs: number, timeS: number): void {
    this.samples.push({ wallMs, timeS });
    while (this.samples.length > MAX_SAMPLES || (this.samples.length > 2 && wallMs - this.samples[0]!.wallMs > WINDOW_MS)) this.samples.shift();
  }

  answered(speed: number, paused: boolean, wallMs: number): void {
    this.answer = { speed, paused, atMs: wallMs };
  }

  shown(nowMs: number): SpeedShown | undefined {
    const a = this.answer;
    if (a && nowMs - a.atMs < ANSWER_FRESH_MS) return { speed: a.speed, paused: a.paused };
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last || last.wallMs - first.wallMs < MIN_SPAN_MS) return a ? { speed: a.speed, paused: a.paused } : undefined;
    const rate = ((last.timeS - first.timeS) * 1000) / (last.wallMs - first.wallMs);
    if (rate <= 0) return { speed: a?.speed ?? 0, paused: true };
    if (a && !a.paused && Math.abs(rate / a.speed - 1) < 0.2) return { speed: a.speed, paused: false };
    return { speed: rate, paused: false, measured: true };
  }
}
