// Shared vocabulary of the request-chain models: probe results, process states, request outcomes.

import type { Micros } from "../engine/time.js";

/** What one health check / probe saw: a 2xx answer, a refused connection, no answer in time, an HTTP error. */
export type ProbeResult = "ok" | "refused" | "timeout" | "http-error";

/** A service process as the chain sees it (hung = accepts connections and never answers). */
export type ProcessState = "running" | "starting" | "stopped" | "crashed" | "hung";

/** How a forwarded request ended at the next hop. */
export type HopOutcome = "ok" | "refused" | "timeout" | "reset" | "http-error";

/** Completion callback of an asynchronous request; `latencyUs` counts from submission. */
export type Done<R> = (result: R) => void;

export interface Served {
  readonly outcome: HopOutcome;
  readonly latencyUs: Micros;
  /** For "http-error": why the server answered an error page. */
  readonly cause?: string;
}
