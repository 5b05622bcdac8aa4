// What the console needs from a running lab: the cluster view, the event stream and the commands.
// The CLI connects it to the daemon's socket; tests give the console a fake. Widgets never call it
// directly: the console's controller does, and hands views to the pure presentation functions.

import type { BackendEvent } from "../backends/backend.js";
import type { ClusterView } from "../sim/view.js";

export interface CommandAnswer {
  readonly ok: boolean;
  /** What happened, or what was wrong and how to fix it. */
  readonly message: string;
}

export type SpeedCommand = "pause" | "resume" | "step" | `${number}x`;

export interface ConsoleSource {
  /** The lab now (the console polls it at most 10 times a second). */
  view(): Promise<ClusterView>;
  /** Live events; returns the unsubscribe function. */
  events(listener: (e: BackendEvent) => void): () => void;
  /** A fault in its text form ("power-off proxy01"). */
  inject(faultText: string): Promise<CommandAnswer>;
  /** Undo a fault ("power-off proxy01" -> power-on), in its text form. */
  heal(faultText: string): Promise<CommandAnswer>;
  speed(command: SpeedCommand): Promise<CommandAnswer & { readonly speed: number; readonly paused: boolean }>;
  /** The console quits; the lab keeps running. */
  close(): void;
}
