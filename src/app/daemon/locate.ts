// Finding things from wherever a command runs: the lab directory whose `.lab/` holds a running lab
// (the given --dir, else the nearest directory upwards with a .lab/daemon.json, else the working
// directory), and the bundled daemon program `lab up` starts.

import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EXIT, LabError } from "../errors.js";
import { DAEMON_FILE } from "./paths.js";
import { STATE_DIR } from "../secrets.js";

export const DAEMON_SCRIPT = "lab-daemon.js";

/** The lab directory for the lifecycle commands. `dir` may also name a lab file (its directory is used). */
export function findLabDir(cwd: string, dir?: string): string {
  if (dir !== undefined) {
    const path = resolve(cwd, dir);
    if (!existsSync(path)) throw new LabError(`--dir ${dir}: no such directory`, EXIT.io, "give the directory of the lab (where `lab up` ran), or its lab file");
    return statSync(path).isDirectory() ? path : dirname(path);
  }
  let at = resolve(cwd);
  for (;;) {
    if (existsSync(join(at, STATE_DIR, DAEMON_FILE))) return at;
    const up = dirname(at);
    if (up === at) return resolve(cwd);
    at = up;
  }
}

/** dist/lab-daemon.js, looked for upwards from this module (dist/chunks/ when bundled, src/app/daemon/ in development). */
export function findDaemonScript(from: string = import.meta.url): string {
  let at = dirname(fileURLToPath(from));
  for (;;) {
    for (const candidate of [join(at, DAEMON_SCRIPT), join(at, "dist", DAEMON_SCRIPT)]) if (existsSync(candidate)) return candidate;
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  throw new LabError(`${DAEMON_SCRIPT} is missing: the lab daemon cannot start`, EXIT.internal, "run `npm run build` (or `npm install`) in the project first");
}
