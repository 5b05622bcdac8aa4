// Checkers watch the trace from outside the models (they never look inside them): each reads events
// as they happen and gives a verdict at the end.

import type { TraceEvent } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";

export interface Violation {
  readonly startUs: Micros;
  /** undefined while still open at the end of the run. */
  readonly endUs?: Micros;
  readonly message: string;
}

export interface Verdict {
  readonly checker: string;
  readonly ok: boolean;
  readonly violations: readonly Violation[];
}

export interface Checker {
  readonly name: string;
  observe(event: TraceEvent): void;
  finish(endUs: Micros): Verdict;
}
