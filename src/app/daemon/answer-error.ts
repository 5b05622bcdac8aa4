// Turns what the daemon answered (or the connection's failure) into the LabError a command reports:
// a refused fault is a usage error (exit 3) with its pointer and hint; a daemon that went away
// mid-request means no lab is running any more (exit 5).

import { EXIT, LabError } from "../errors.js";
import { ConnectionError, DaemonError } from "./client.js";

export function labErrorOf(e: unknown): unknown {
  if (e instanceof DaemonError) {
    const { code, message, hint, pointer } = e.error;
    const where = pointer ? ` (at ${pointer})` : "";
    const exit = code === "failed" ? EXIT.internal : EXIT.usage;
    return new LabError(`${message}${where}`, exit, hint ?? (code === "failed" ? "see .lab/daemon.log" : undefined));
  }
  if (e instanceof ConnectionError) {
    return new LabError(`lost the lab daemon: ${e.message}`, EXIT.noLab, "`lab status` tells whether it is still running");
  }
  return e;
}

/** Runs a request, rethrowing its failure as labErrorOf does. */
export async function ask<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (e) {
    throw labErrorOf(e);
  }
}
