// The narrow interface every way of running a lab implements: the simulator now, Vagrant and
// vm-bhyve later. The daemon behind `lab up` holds one Backend; the CLI and the console talk to the
// daemon, never to a backend directly.

import type { Fault } from "../faults/types.js";
import type { TraceEvent } from "../sim/engine/engine.js";
import type { ClusterView } from "../sim/view.js";

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

export interface Backend {
  readonly kind: "sim" | "vagrant" | "bhyve";
  /** Brings every host up; resolves once every service is healthy (progress per host on the way). */
  up(onProgress?: (p: UpProgress) => void): Promise<void>;
  /** Stops every host (the lab's state is kept for `up` again where the backend can). */
  down(): Promise<void>;
  status(): ClusterView;
  inject(fault: Fault): void;
  /** Undoes a fault (its inverse). */
  heal(fault: Fault): void;
  /** Runs a command on a host (the simulator answers the commands its hosts know). */
  exec(host: string, command: string): Promise<ExecResult>;
  /** Subscribes to events; returns the unsubscribe function. */
  events(listener: (e: BackendEvent) => void): () => void;
}
