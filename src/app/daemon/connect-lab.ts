// How the lifecycle commands reach the running lab: find it, detect and clean a stale daemon state,
// and otherwise fail with exit 5 and what to do (start one; where the session record of the last one is).

import { existsSync } from "node:fs";
import { relative } from "node:path";
import { EXIT, LabError } from "../errors.js";
import { readSession } from "../session/read.js";
import type { DaemonClient } from "./client.js";
import { cleanStale, inspectDaemon, processAlive } from "./inspect.js";
import { findLabDir } from "./locate.js";
import { labPaths, type LabPaths } from "./paths.js";
import type { DaemonStatus } from "./protocol.js";
import { waitForListening } from "./start.js";
import type { DaemonRecord } from "./state-file.js";

export interface RunningLab {
  readonly paths: LabPaths;
  readonly record: DaemonRecord;
  readonly client: DaemonClient;
  readonly status: DaemonStatus;
}

/** "its session record is intact: .lab/session.jsonl (12 lines, up to t=83.2 s); ..." or undefined when there is none. */
export function describeSessionRecord(paths: LabPaths, cwd: string): string | undefined {
  if (!existsSync(paths.sessionFile)) return undefined;
  const shown = relative(cwd, paths.sessionFile) || paths.sessionFile;
  try {
    const s = readSession(paths.sessionFile, shown);
    const last = s.lines.at(-1);
    const ended = last?.op === "down" ? "ended by `lab down`" : "ends where the daemon stopped";
    return `the session record is intact: ${shown} (${s.lines.length} command${s.lines.length === 1 ? "" : "s"}, up to t=${(last?.tUs ?? 0) / 1e6} s, ${ended}); \`lab replay ${shown}\` re-runs it`;
  } catch (e) {
    return `a session record is at ${shown} but cannot be read: ${(e as Error).message}`;
  }
}

/** Connects to the lab running for `cwd` (or --dir); LabError(EXIT.noLab) when there is none. */
export async function connectToLab(cwd: string, dir?: string): Promise<RunningLab> {
  const paths = labPaths(findLabDir(cwd, dir));
  const state = await inspectDaemon(paths);
  const where = relative(cwd, paths.labDir) || ".";
  const session = describeSessionRecord(paths, cwd);
  switch (state.kind) {
    case "running":
      return { paths, record: state.record, client: state.client, status: state.status };
    case "starting": {
      const client = await waitForListening(paths, state.record.socket, state.record.pid, processAlive, 10_000);
      const status = await client.request("ping");
      return { paths, record: state.record, client, status };
    }
    case "stale": {
      cleanStale(paths, state.record);
      const log = existsSync(paths.logFile) ? `its log: ${relative(cwd, paths.logFile) || paths.logFile}` : undefined;
      throw new LabError(`${state.reason}; its stale state (daemon.json, socket) was cleaned`, EXIT.noLab,
        [session, log, "`lab up` starts a new lab"].filter(Boolean).join("; "));
    }
    case "none":
      throw new LabError(`no lab is running in ${where === "." ? "this directory" : where}`, EXIT.noLab,
        [session, "start one with `lab up` (here, or give --dir DIR of the lab)"].filter(Boolean).join("; "));
  }
}
