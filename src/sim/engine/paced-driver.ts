// Runs an engine paced to a wall clock at a speed factor (0.1x-1000x), with pause, resume and
// single-step. The wall clock is injected: the app layer passes the real one, tests a fake.

import type { Engine } from "./engine.js";
import { type Micros, US_PER_MS } from "./time.js";

export interface WallClock {
  nowMs(): number;
  setTimeout(run: () => void, ms: number): { clear(): void };
}

export const MIN_SPEED = 0.1;
export const MAX_SPEED = 1000;
const TICK_MS = 50;

export class PacedDriver {
  private running = false;
  private speedFactor: number;
  private anchorWallMs = 0;
  private anchorSimUs: Micros = 0;
  private timer: { clear(): void } | undefined;

  constructor(private readonly engine: Engine, private readonly clock: WallClock, options: { speed?: number; until?: Micros } = {}) {
    this.speedFactor = checkSpeed(options.speed ?? 1);
    this.until = options.until;
  }

  private readonly until: Micros | undefined;

  get speed(): number {
    return this.speedFactor;
  }

  get paused(): boolean {
    return !this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.anchor();
    this.schedule();
  }

  pause(): void {
    if (!this.running) return;
    this.advance();
    this.running = false;
    this.timer?.clear();
    this.timer = undefined;
  }

  resume(): void {
    this.start();
  }

  setSpeed(speed: number): void {
    if (this.running) this.advance();
    this.speedFactor = checkSpeed(speed);
    this.anchor();
  }

  /** While paused: runs exactly the next event (the clock jumps to it). */
  stepOnce(): boolean {
    if (this.running) return false;
    return this.engine.step();
  }

  private anchor(): void {
    this.anchorWallMs = this.clock.nowMs();
    this.anchorSimUs = this.engine.now;
  }

  private advance(): void {
    const elapsedMs = this.clock.nowMs() - this.anchorWallMs;
    let target = this.anchorSimUs + Math.floor(elapsedMs * US_PER_MS * this.speedFactor);
    if (this.until !== undefined) target = Math.min(target, this.until);
    if (target > this.engine.now) this.engine.runUntil(target);
  }

  private schedule(): void {
    this.timer = this.clock.setTimeout(() => {
      if (!this.running) return;
      this.advance();
      if (this.until !== undefined && this.engine.now >= this.until) {
        this.running = false;
        return;
      }
      this.schedule();
    }, TICK_MS);
  }
}

function checkSpeed(speed: number): number {
  if (!(speed >= MIN_SPEED && speed <= MAX_SPEED)) throw new RangeError(`speed ${speed} is outside ${MIN_SPEED}x-${MAX_SPEED}x`);
  return speed;
}
