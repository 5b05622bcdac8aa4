// The narrow interface every way of running a lab implements: the simulator now, Vagrant and
// vm-bhyve later. The daemon behind `lab up` holds one Backend; the CLI and the console talk to the
// daemon, never to a backend directly.

import type { Fault } from "../faults/types.js";
import type { TraceEvent } from "../sim/engine/engine.js";
import type { ClusterView } from "../sim/view.js";

/** The backends `lab up --backend` accepts (Vagrant and vm-bhyve will join the simulator). */
export const BACKEND_KINDS = ["sim"] as const;
export type BackendKind = (typeof BACKEND_KINDS)[number];

export interface BackendEvent {
  /** Simulated (or, for real backends, lab) time in microseconds. */
  readonly t: number;
  readonly event: TraceEvent;
}

export interface UpProgress {
  readonly host: string;
  readonly stage: "booting" | "booted" | "services-up";
  readonly t: number;
}

export interface ExecResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where the lab is in its own time: what a session record stamps on every command. */
export interface BackendPosition {
  /** Lab time in microseconds (simulated time for the simulator). */
  readonly tUs: number;
  /** Events processed so far: with tUs, the exact point a deterministic replay must reach. */
  readonly events: number;
  /** Hash of the trace so far (deterministic backends only). */
  readonly traceHash?: string;
}

export type SpeedCommand = "pause" | "resume" | "step" | `${number}x`;

export interface PaceState {
  readonly speed: number;
  readonly paused: boolean;
}

/** Backends with their own clock (the simulator) can be sped up, paused and single-stepped. */
export interface Pacing {
  state(): PaceState;
  /** Applies the command; throws a RangeError naming the valid range or state when it cannot. */
  apply(command: SpeedCommand): PaceState;
}

export interface Backend {
  readonly kind: "sim" | "vagrant" | "bhyve";
  /** Brings every host up; resolves once every service is healthy (progress per host on the way). */
  up(onProgress?: (p: UpProgress) => void): Promise<void>;
  /** Stops every host (the lab's state is kept for `up` again where the backend can). */
  down(): Promise<void>;
  status(): ClusterView;
  inject(fault: Fault): void;
  /** Undoes a fault (its inverse) and returns the fault it applied to do so. */
  heal(fault: Fault): Fault;
  /** Runs a command on a host (the simulator answers the commands its hosts know). */
  exec(host: string, command: string): Promise<ExecResult>;
  /** Subscribes to events; returns the unsubscribe function. */
  events(listener: (e: BackendEvent) => void): () => void;
  position(): BackendPosition;
  /** Present when the backend's clock can be paced (`lab speed`). */
  readonly pacing?: Pacing;
}
