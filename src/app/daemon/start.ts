// `lab up`'s side of starting a daemon: claim daemon.json (exclusively: one daemon per lab
// directory), spawn the bundled daemon detached (it outlives this process; its output goes to
// .lab/daemon.log), wait for its socket, then follow the boot progress to the healthy lab.

import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import type { UpProgress } from "../../backends/index.js";
import type { ClusterView } from "../../sim/view.js";
import { EXIT, LabError } from "../errors.js";
import { ConnectionError, DaemonClient, DaemonError } from "./client.js";
import { findDaemonScript } from "./locate.js";
import type { LabPaths } from "./paths.js";
import type { DaemonArgs } from "./run-daemon.js";
import { writeDaemonRecord, type DaemonRecord } from "./state-file.js";

export interface StartHooks {
  readonly onSpawned?: (pid: number) => void;
  readonly onProgress?: (p: UpProgress) => void;
}

/** How long `lab up` waits for a new daemon to listen before giving up. */
export const LISTEN_TIMEOUT_MS = 30_000;
const POLL_MS = 15;

/** The last lines of the daemon's log, for an error message. */
export function logTail(paths: LabPaths, lines = 5): string {
  try {
    return readFileSync(paths.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Claims daemon.json and spawns the daemon; returns the record written (pid = the daemon's). */
export function spawnDaemon(paths: LabPaths, args: DaemonArgs, record: Omit<DaemonRecord, "pid" | "phase">): DaemonRecord {
  mkdirSync(paths.stateDir, { recursive: true, mode: 0o700 });
  try {
    // The claim: written before the daemon exists, with our pid, so two `lab up` cannot both spawn one.
    writeDaemonRecord(paths.daemonFile, { ...record, pid: process.pid, phase: "starting" }, { exclusive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") {
      throw new LabError(`another \`lab up\` is starting a lab in ${paths.labDir}`, EXIT.alreadyUp, "wait for it, then `lab status`");
    }
    throw e;
  }
  const log = openSync(paths.logFile, "w", 0o600);
  let pid: number | undefined;
  try {
    const child = spawn(process.execPath, [findDaemonScript(), JSON.stringify(args)], {
      cwd: paths.labDir, detached: true, stdio: ["ignore", log, log],
    });
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(log);
  }
  if (pid === undefined) throw new LabError(`cannot start the lab daemon (${process.execPath})`, EXIT.internal, `see ${paths.logFile}`);
  const spawned: DaemonRecord = { ...record, pid, phase: "starting" };
  writeDaemonRecord(paths.daemonFile, spawned, { exclusive: false });
  return spawned;
}

/** Waits until the daemon with `pid` listens on `socket`; fails with its log when it exits first. */
export async function waitForListening(paths: LabPaths, socket: string, pid: number, alive: (pid: number) => boolean, timeoutMs = LISTEN_TIMEOUT_MS): Promise<DaemonClient> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await DaemonClient.connect(socket, 1000);
    } catch (e) {
      if (!(e instanceof ConnectionError)) throw e;
    }
    if (!alive(pid)) {
      throw new LabError(`the lab daemon (pid ${pid}) exited while starting:\n${logTail(paths)}`, EXIT.internal, `its log: ${paths.logFile}`);
    }
    if (Date.now() > deadline) {
      throw new LabError(`the lab daemon (pid ${pid}) is not listening on ${socket} after ${timeoutMs / 1000} s`, EXIT.internal,
        `see ${paths.logFile}; \`lab destroy\` removes its state`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Follows the boot to the healthy lab (progress replayed from the start when attaching late). */
export async function followBoot(client: DaemonClient, onProgress?: (p: UpProgress) => void): Promise<ClusterView> {
  try {
    const result = await client.stream("progress", {}, (line) => {
      if (line.stream === "progress") onProgress?.(line.progress);
    });
    return result.view;
  } catch (e) {
    if (e instanceof DaemonError) throw new LabError(e.message, EXIT.internal, e.error.hint ?? "see .lab/daemon.log");
    throw e;
  }
}
