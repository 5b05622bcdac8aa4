// Brings an engine to an exact point of a past run: a simulated time and a count of processed
// events. A paced run can stop between two events of the same instant (a single step), so time alone
// does not say where it was; the pair does. A replay that cannot reach the pair has diverged.

import type { Engine } from "../../sim/engine/engine.js";
import type { Micros } from "../../sim/engine/time.js";

export class DivergenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DivergenceError";
  }
}

/** Runs `engine` until it is at `tUs` with exactly `events` events processed; throws DivergenceError when that point does not exist. */
export function advanceTo(engine: Engine, tUs: Micros, events: number): void {
  const where = `t=${tUs} µs after ${events} events`;
  if (engine.now > tUs || engine.eventsProcessed > events) {
    throw new DivergenceError(`cannot go back to ${where}: the run is already at t=${engine.now} µs after ${engine.eventsProcessed} events`);
  }
  // Every event before tUs ran in the recorded run (its clock reached tUs).
  if (tUs > 0) engine.runUntil(tUs - 1);
  // Then the events of the instant tUs itself, one by one, up to the recorded count.
  while (engine.eventsProcessed < events) {
    const next = engine.nextTime();
    if (next === undefined || next > tUs) break;
    engine.step();
  }
  // The recorded run's clock moved on to tUs with nothing due in between: runUntil only moves the clock.
  if (engine.eventsProcessed === events && engine.now < tUs) engine.runUntil(tUs);
  if (engine.eventsProcessed !== events || engine.now !== tUs) {
    throw new DivergenceError(`the run does not pass through ${where}: it is at t=${engine.now} µs after ${engine.eventsProcessed} events`);
  }
}
