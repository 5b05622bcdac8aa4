// The session record `.lab/session.jsonl`: a header line (lab identity, seed, release, backend), then
// one line per command with the lab's position when it was applied (simulated time, events processed,
// trace hash after it). Each line goes to the file as it happens (one write per line), so a daemon that
// crashes leaves every line before the crash intact; `lab replay` re-runs it.

import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { BackendPosition } from "../../backends/index.js";

export const SESSION_FORMAT = "lab-session";
export const SESSION_VERSION = 1;

export interface SessionHeader {
  readonly type: typeof SESSION_FORMAT;
  readonly version: typeof SESSION_VERSION;
  readonly lab: {
    readonly name: string;
    /** labIdentity(lab).hash: the resolved lab without secrets. */
    readonly hash: string;
    /** Absolute path of the lab file when recorded; null for the built-in reference lab. */
    readonly file: string | null;
    readonly display: string;
  };
  readonly seed: number;
  readonly release: string;
  readonly backend: string;
  /** Wall-clock start, ISO 8601, for people. */
  readonly started: string;
}

export type SessionOp =
  /** The boot finished: the lab was healthy and CARP settled. */
  | { readonly op: "up" }
  | { readonly op: "fault"; readonly fault: string }
  /** `of`: the fault the user asked to heal (absent for "heal" alone); `fault`: what was applied. */
  | { readonly op: "heal"; readonly of?: string; readonly fault: string }
  | { readonly op: "exec"; readonly host: string; readonly command: string; readonly status: number }
  | { readonly op: "speed"; readonly command: string; readonly speed: number; readonly paused: boolean }
  /** The daemon stopped: the record's end. */
  | { readonly op: "down"; readonly reason: string };

export type SessionLine = SessionOp & {
  readonly tUs: number;
  /** Events processed when the op was applied (with tUs, the exact point: see advanceTo). */
  readonly n: number;
  /** Trace hash right after the op. */
  readonly hash?: string;
};

/** Appends to a session record, one write per line. */
export class SessionRecorder {
  private fd: number | undefined;

  /** Starts a new record at `path` (a previous one moves to `previousPath`) and writes the header. */
  constructor(readonly path: string, header: SessionHeader, previousPath?: string) {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    if (previousPath && existsSync(path)) renameSync(path, previousPath);
    this.fd = openSync(path, "w", 0o600);
    this.write(header);
  }

  record(position: BackendPosition, op: SessionOp): SessionLine {
    const line: SessionLine = { tUs: position.tUs, n: position.events, ...op, ...(position.traceHash ? { hash: position.traceHash } : {}) };
    this.write(line);
    return line;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private write(value: object): void {
    if (this.fd === undefined) throw new Error(`session record ${this.path} is closed`);
    writeSync(this.fd, JSON.stringify(value) + "\n");
  }
}
