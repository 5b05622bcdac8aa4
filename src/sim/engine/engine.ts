// The discrete-event engine: a virtual clock in integer microseconds, the event queue, the seeded
// random numbers and the trace. Models schedule callbacks and emit trace events; nothing here reads
// the wall clock (pacing to it is the driver's job, see paced-driver.ts).

import { createHash, type Hash } from "node:crypto";
import { EventQueue, Scheduled } from "./event-queue.js";
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
  /** Listeners that also want protocol messages: with none, a protocol emit costs nothing. */
  private protocolListeners = 0;
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
    const item = new Scheduled(time > this.nowUs ? time : this.nowUs, this.seq++, run);
    this.queue.push(item);
    return item;
  }

  /** Runs `run` after `delayUs` microseconds. */
  after(delayUs: Micros, run: () => void): Timer {
    return this.at(this.nowUs + Math.max(0, Math.round(delayUs)), run);
  }

  /** Does any listener take protocol messages? When not, callers may skip building them. */
  get tracesProtocol(): boolean {
    return this.protocolListeners !== 0;
  }

  /** Calls `listener` with every event; with `{ protocol: false }` only with state events. */
  onEvent(listener: TraceListener, options: { readonly protocol?: boolean } = {}): void {
    if (options.protocol === false) {
      this.listeners.push((event, level) => {
        if (level === "state") listener(event, level);
      });
    } else {
      this.listeners.push(listener);
      this.protocolListeners++;
    }
  }

  /** Records a state change (hashed) or a protocol message (level "protocol", not hashed). */
  emit(event: Omit<TraceEvent, "t">, level: EventLevel = "state"): void {
    if (level !== "state" && this.protocolListeners === 0) return;
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
    const queue = this.queue;
    for (;;) {
      const next = queue.peek();
      if (next === undefined || next.time > time) break;
      queue.pop();
      this.nowUs = next.time;
      this.processed++;
      next.run();
    }
    if (time > this.nowUs) this.nowUs = time;
  }
}
