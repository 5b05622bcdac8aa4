// The discrete-event engine: a virtual clock in integer microseconds, the event queue, the seeded
// random numbers and the trace. Models schedule callbacks and emit trace events; nothing here reads
// the wall clock (pacing to it is the driver's job, see paced-driver.ts).

import { createHash, type Hash } from "node:crypto";
import { EventQueue, type Scheduled } from "./event-queue.js";
import { Rng } from "./rng.js";
import type { Micros } from "./time.js";

/** A trace event. `t` is the simulated time in microseconds. */
export interface TraceEvent {
  readonly t: Micros;
  readonly type: string;
  readonly [field: string]: unknown;
}

/** Protocol messages (CARP advertisements, ...) are shown with --events all and are not hashed. */
export type EventLevel = "state" | "protocol";

export type TraceListener = (event: TraceEvent, level: EventLevel) => void;

export interface Timer {
  cancel(): void;
  readonly time: Micros;
}

export class Engine {
  private nowUs: Micros = 0;
  private seq = 0;
  private readonly queue = new EventQueue();
  private readonly listeners: TraceListener[] = [];
  private readonly hash: Hash = createHash("sha256");
  private stateEvents = 0;
  private processed = 0;
  readonly random: Rng;

  constructor(readonly seed: number) {
    this.random = new Rng(seed);
  }

  get now(): Micros {
    return this.nowUs;
  }

  /** Events processed so far (for events-per-second figures). */
  get eventsProcessed(): number {
    return this.processed;
  }

  get stateEventCount(): number {
    return this.stateEvents;
  }

  /** Runs `run` at absolute time `time` (never in the past). */
  at(time: Micros, run: () => void): Timer {
    if (!Number.isInteger(time)) throw new Error(`event time must be whole microseconds, got ${time}`);
    const item: Scheduled = { time: Math.max(time, this.nowUs), seq: this.seq++, run, cancelled: false };
    this.queue.push(item);
    return { time: item.time, cancel: () => void (item.cancelled = true) };
  }

  /** Runs `run` after `delayUs` microseconds. */
  after(delayUs: Micros, run: () => void): Timer {
    return this.at(this.nowUs + Math.max(0, Math.round(delayUs)), run);
  }

  onEvent(listener: TraceListener): void {
    this.listeners.push(listener);
  }

  /** Records a state change (hashed) or a protocol message (level "protocol", not hashed). */
  emit(event: Omit<TraceEvent, "t">, level: EventLevel = "state"): void {
    const full = { t: this.nowUs, ...event } as TraceEvent;
    if (level === "state") {
      this.stateEvents++;
      this.hash.update(JSON.stringify(full));
      this.hash.update("\n");
    }
    for (const l of this.listeners) l(full, level);
  }

  /** The hash of every state event so far: equal traces, equal hashes. */
  traceHash(): string {
    return this.hash.copy().digest("hex").slice(0, 16);
  }

  /** Time of the next pending event, if any. */
  nextTime(): Micros | undefined {
    return this.queue.peek()?.time;
  }

  /** Runs the next event; false when none is pending. */
  step(): boolean {
    const item = this.queue.peek();
    if (!item) return false;
    this.queue.pop();
    this.nowUs = item.time;
    this.processed++;
    item.run();
    return true;
  }

  /** Runs every event up to and including `time`, then sets the clock to `time`. */
  runUntil(time: Micros): void {
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.time > time) break;
      this.step();
    }
    if (time > this.nowUs) this.nowUs = time;
  }
}
